"""Is a reply really from its From domain? Read what the receiving mail server found.

Popflow does not check DKIM or SPF itself: the mail server that took the mail from the
internet did, and wrote its findings into an `Authentication-Results` header (RFC 8601).
Anybody can write such a header into a mail, so only some are believed:

- only those whose authserv-id is the receiving server's own (INBOUND_AUTHSERV_ID, a
  comma-separated list when several MX hosts share the work). That server must remove
  headers carrying its id from incoming mail (RFC 8601 §5); docs/security-inbound.md.
- only those above the Received header of the hop that took the mail from the internet
  (§7.1: that server adds its results above the headers the mail came with, and those
  begin right below its Received line). That is the first Received header, or the one
  after INBOUND_INTERNAL_HOPS of them when the mail passed internal servers after the
  check (an LMTP delivery into the IMAP mailbox adds one). Below it a sender may have
  written anything: a copy of the server's id there is never read, also not when the
  server wrote no results of its own (its DMARC milter was down, say).

INBOUND_REQUIRE_AUTH says what must have passed for the domain of the one From address:
"dmarc" (dmarc=pass for that domain), "dkim" (a valid DKIM signature of that domain or
a parent of it: relaxed alignment), or "off" (only the attendee and From checks).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from email.message import Message

import authres

log = logging.getLogger(__name__)

# The receiving server's block is near the top; a longer header is no server's.
MAX_FIELDS_LOOKED_AT = 100
MAX_HEADER_CHARS = 4096


@dataclass(frozen=True)
class AuthPolicy:
    require: str = "dmarc"
    authserv_ids: frozenset[str] = frozenset()
    internal_hops: int = 0

    @classmethod
    def of(cls, config) -> AuthPolicy:
        ids = frozenset(part.strip().lower() for part in config.inbound_authserv_id.split(",") if part.strip())
        return cls(require=config.inbound_require_auth, authserv_ids=ids, internal_hops=config.inbound_internal_hops)

    @property
    def workable(self) -> bool:
        """False when a check is asked for but no server is trusted: nothing could pass."""
        return self.require == "off" or bool(self.authserv_ids)


def unauthenticated(message: Message, sender: str, policy: AuthPolicy) -> str:
    """'' when the reply may count; otherwise why not (for the log and the outcome)."""
    if policy.require == "off":
        return ""
    domain = sender.rpartition("@")[2]
    if not domain:
        return "unauthenticated"
    results = trusted_results(message, policy.authserv_ids, policy.internal_hops)
    passed = _dmarc_passed if policy.require == "dmarc" else _dkim_passed
    if any(passed(result, domain) for result in results):
        return ""
    log.info("reply from %r not authenticated by %s (%s trusted results)", sender, policy.require, len(results))
    return "unauthenticated"


def trusted_results(message: Message, authserv_ids: frozenset[str], internal_hops: int = 0) -> list:
    """The results of the Authentication-Results headers from a trusted server, above the
    Received header of the hop that took the mail from outside (after `internal_hops`)."""
    found: list = []
    received = 0
    for position, (name, value) in enumerate(message.raw_items()):  # top to bottom, as received
        lowered = name.lower()
        if position >= MAX_FIELDS_LOOKED_AT:
            break
        if lowered == "received":
            received += 1
            if received > internal_hops:
                break  # below this, the headers came from outside: whatever was found or not
            continue
        if lowered != "authentication-results" or len(str(value)) > MAX_HEADER_CHARS:
            continue
        try:
            header = authres.AuthenticationResultsHeader.parse_value(" ".join(str(value).split()))
        except Exception:  # hostile text trips the parser in many ways: then it believes nothing
            continue
        if (header.authserv_id or "").lower() in authserv_ids:
            found.append(header)
    return [result for header in found for result in header.results]


def _dmarc_passed(result, domain: str) -> bool:
    if (result.method or "").lower() != "dmarc" or (result.result or "").lower() != "pass":
        return False
    said = _property(result, "header", "from")
    return said is None or said == domain  # without header.from it is about the one From


def _dkim_passed(result, domain: str) -> bool:
    if (result.method or "").lower() != "dkim" or (result.result or "").lower() != "pass":
        return False
    signer = _property(result, "header", "d") or (_property(result, "header", "i") or "").rpartition("@")[2]
    return bool(signer) and (domain == signer or domain.endswith("." + signer))


def _property(result, kind: str, name: str) -> str | None:
    for prop in result.properties or []:
        if (prop.type or "").lower() == kind and (prop.name or "").lower() == name:
            return str(prop.value or "").strip().lower()
    return None
