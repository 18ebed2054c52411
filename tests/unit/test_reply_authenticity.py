"""Which Authentication-Results are believed, and what must have passed for the From domain."""

from __future__ import annotations

import email
import email.policy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notifier.authenticity import AuthPolicy, trusted_results, unauthenticated
from shared.config import Config

MX = "mx.zorggroep.nl"
DMARC = AuthPolicy("dmarc", frozenset({MX}))
DKIM = AuthPolicy("dkim", frozenset({MX}))


def _mail(*headers: str, sender: str = "jan@voorbeeld.nl") -> email.message.Message:
    """Headers top to bottom as delivered; the sender's own start below the first Received."""
    text = "".join(h + "\r\n" for h in headers) + f"From: {sender}\r\nSubject: Geaccepteerd\r\n\r\nJa.\r\n"
    return email.message_from_bytes(text.encode(), policy=email.policy.compat32)  # as parse_mail


def _ar(results: str, authserv_id: str = MX) -> str:
    return f"Authentication-Results: {authserv_id}; {results}"


RECEIVED = "Received: from mail.voorbeeld.nl by mx.zorggroep.nl; Mon, 15 Mar 2027 09:00:00 +0100"
INTERNAL_HOP = "Received: from mx.zorggroep.nl by imap.zorggroep.nl with LMTP"
DMARC_ONE_HOP = AuthPolicy("dmarc", frozenset({MX}), internal_hops=1)


def test_dmarc_pass_for_the_from_domain_from_the_trusted_server_counts():
    message = _mail(_ar("dkim=pass header.d=voorbeeld.nl; dmarc=pass (p=reject) header.from=voorbeeld.nl"), RECEIVED)
    assert unauthenticated(message, "jan@voorbeeld.nl", DMARC) == ""
    assert unauthenticated(message, "jan@voorbeeld.nl", DKIM) == ""


def test_results_of_another_server_or_for_another_domain_do_not_count():
    other_server = _mail(_ar("dmarc=pass header.from=voorbeeld.nl", "mx.elders.nl"), RECEIVED)
    assert unauthenticated(other_server, "jan@voorbeeld.nl", DMARC) == "unauthenticated"
    other_domain = _mail(_ar("dmarc=pass header.from=elders.nl; dkim=pass header.d=elders.nl"), RECEIVED)
    assert unauthenticated(other_domain, "jan@voorbeeld.nl", DMARC) == "unauthenticated"
    assert unauthenticated(other_domain, "jan@voorbeeld.nl", DKIM) == "unauthenticated"
    failed = _mail(_ar("dkim=fail header.d=voorbeeld.nl; dmarc=fail header.from=voorbeeld.nl"), RECEIVED)
    assert unauthenticated(failed, "jan@voorbeeld.nl", DMARC) == "unauthenticated"
    assert unauthenticated(_mail(RECEIVED), "jan@voorbeeld.nl", DMARC) == "unauthenticated"


def test_dkim_of_a_parent_domain_aligns_and_spf_alone_is_not_enough_for_dkim():
    parent = _mail(_ar("dkim=pass header.d=voorbeeld.nl; spf=pass smtp.mailfrom=voorbeeld.nl"), RECEIVED)
    assert unauthenticated(parent, "jan@zorg.voorbeeld.nl", DKIM) == ""
    lookalike = _mail(_ar("dkim=pass header.d=oorbeeld.nl"), RECEIVED)
    assert unauthenticated(lookalike, "jan@voorbeeld.nl", DKIM) == "unauthenticated"
    spf_only = _mail(_ar("spf=pass smtp.mailfrom=voorbeeld.nl"), RECEIVED)
    assert unauthenticated(spf_only, "jan@voorbeeld.nl", DKIM) == "unauthenticated"


def test_a_copy_of_the_servers_id_written_by_the_sender_below_its_received_is_not_read():
    forged = _ar("dmarc=pass header.from=voorbeeld.nl; dkim=pass header.d=voorbeeld.nl")
    message = _mail(_ar("dmarc=fail header.from=voorbeeld.nl"), RECEIVED, forged)
    assert unauthenticated(message, "jan@voorbeeld.nl", DMARC) == "unauthenticated"
    # Two milters (OpenDKIM, OpenDMARC) each add one above the Received: both are read.
    both = _mail(_ar("dmarc=pass header.from=voorbeeld.nl"), _ar("dkim=pass header.d=voorbeeld.nl"), RECEIVED)
    assert len(trusted_results(both, frozenset({MX}))) == 2
    # An internal hop's Received above the server's block: counted in INBOUND_INTERNAL_HOPS.
    hop = _mail(INTERNAL_HOP, _ar("dmarc=pass header.from=voorbeeld.nl"), RECEIVED, forged)
    assert unauthenticated(hop, "jan@voorbeeld.nl", DMARC_ONE_HOP) == ""
    assert unauthenticated(hop, "jan@voorbeeld.nl", DMARC) == "unauthenticated"  # not counted: nothing believed


def test_a_copy_below_the_servers_received_is_not_read_when_the_server_wrote_none():
    """The review's example: the server's DMARC milter was down, so it wrote no results and
    removed no forged ones; the sender's copy sits right below the server's Received."""
    forged = _ar("dmarc=pass header.from=voorbeeld.nl; dkim=pass header.d=voorbeeld.nl")
    sender_hop = "Received: from localhost by evil.example"
    message = _mail(RECEIVED, forged, sender_hop)
    assert trusted_results(message, frozenset({MX})) == []
    assert unauthenticated(message, "jan@voorbeeld.nl", DMARC) == "unauthenticated"
    assert unauthenticated(message, "jan@voorbeeld.nl", DKIM) == "unauthenticated"
    # The same behind one internal hop, with INBOUND_INTERNAL_HOPS=1.
    behind = _mail(INTERNAL_HOP, RECEIVED, forged, sender_hop)
    assert unauthenticated(behind, "jan@voorbeeld.nl", DMARC_ONE_HOP) == "unauthenticated"
    # And a forged copy above the sender's own Received lines, far down: the same.
    deep = _mail(RECEIVED, sender_hop, "Received: from a by b", forged)
    assert unauthenticated(deep, "jan@voorbeeld.nl", DMARC) == "unauthenticated"


_PASS = _ar("dmarc=pass header.from=voorbeeld.nl; dkim=pass header.d=voorbeeld.nl")
_FIELDS = {
    "pass": _PASS,
    "fail": _ar("dmarc=fail header.from=voorbeeld.nl"),
    "other": "X-Spam-Score: 0.1",
    "elsewhere": _ar("dmarc=pass header.from=voorbeeld.nl", "mx.elders.nl"),
    "received": "Received: from a.example by b.example",
}


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=0, max_value=3),
    st.lists(st.sampled_from(sorted(_FIELDS)), max_size=6),
    st.lists(st.sampled_from(sorted(_FIELDS)), max_size=8),
    st.data(),
)
def test_only_what_the_organisations_servers_wrote_is_believed(hops, ours, senders, data):
    """Headers top to bottom: the internal hops' Received lines and the server's results in
    any order, the server's Received, then anything a sender wrote, forged results too."""
    ours = [field for field in ours if field != "received"]
    top = ours + ["received"] * hops
    top = data.draw(st.permutations(top))
    message = _mail(*[_FIELDS[f] for f in top], RECEIVED, *[_FIELDS[f] for f in senders])
    policy = AuthPolicy("dmarc", frozenset({MX}), internal_hops=hops)
    assert (unauthenticated(message, "jan@voorbeeld.nl", policy) == "") == ("pass" in top)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=300))
def test_an_unreadable_header_believes_nothing_and_never_fails(value):
    message = _mail("Authentication-Results: " + " ".join(value.split()), RECEIVED)
    assert unauthenticated(message, "jan@voorbeeld.nl", DMARC) in ("", "unauthenticated")
    assert unauthenticated(message, "", DMARC) == "unauthenticated"


def test_off_checks_nothing_and_the_policy_comes_from_the_configuration():
    assert unauthenticated(_mail(), "jan@voorbeeld.nl", AuthPolicy("off")) == ""
    policy = AuthPolicy.of(
        Config.from_env(
            {
                "INBOUND_REQUIRE_AUTH": "dkim",
                "INBOUND_INTERNAL_HOPS": "2",
                "INBOUND_AUTHSERV_ID": "MX1.zorggroep.nl, mx2.zorggroep.nl",
            }
        )
    )
    assert policy == AuthPolicy("dkim", frozenset({"mx1.zorggroep.nl", "mx2.zorggroep.nl"}), internal_hops=2)
    assert AuthPolicy.of(Config()).internal_hops == 0
    for wrong in ("-1", "11", "een"):
        with pytest.raises(ValueError):
            Config.from_env({"INBOUND_INTERNAL_HOPS": wrong})
    assert policy.workable and not AuthPolicy.of(Config()).workable and Config().inbound_require_auth == "dmarc"


def test_popflow_inbound_does_not_start_when_no_reply_could_ever_pass():
    from click.testing import CliRunner

    from popflow.cli import main

    result = CliRunner().invoke(
        main,
        ["inbound", "--port", "0"],
        env={
            "INBOUND_REQUIRE_AUTH": "dmarc",
            "INBOUND_AUTHSERV_ID": "",
            "SECRET_KEY": "a-test-secret-of-at-least-32-chars",
        },
    )
    assert result.exit_code == 2
    assert "INBOUND_AUTHSERV_ID" in result.output and "docs/security-inbound.md" in result.output
