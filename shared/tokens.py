"""Personal links: signed (unguessable), expiring, bound to one person and one POP,
revocable by raising the person's link_epoch.

A link says until when it works (valid_until, in the service's own time, shared/clock.py),
so a mail's link can last as long as what the mail is about, and a clock moved ahead (a
demo's /dev/clock, a test) moves expiry with it. A link without it (written before, or
by a caller that names no end) carries only itsdangerous' signing time, which is the wall
clock's: it works link_max_age_days from then, by the wall clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

SALT = "popflow-personal-link"


@dataclass(frozen=True)
class LinkClaim:
    person_id: int
    pop_id: int
    epoch: int


class LinkExpired(Exception):
    """The link was real but is too old; the person may ask for a fresh one."""

    def __init__(self, claim: LinkClaim | None) -> None:
        super().__init__("link expired")
        self.claim = claim


class LinkInvalid(Exception):
    pass


# A serializer holds only the key and the salt (no state between calls), so one per
# secret serves every link.
@lru_cache(maxsize=8)
def _link_serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=SALT)


def make_link_token(secret: str, person_id: int, pop_id: int, epoch: int, valid_until: datetime | None = None) -> str:
    """valid_until: the last moment the link works, by the service's clock; None for a link
    that works link_max_age_days from now (the time it was signed)."""
    claim = [person_id, pop_id, epoch] + ([int(valid_until.timestamp())] if valid_until is not None else [])
    return _link_serializer(secret).dumps(claim)


def read_link_token(secret: str, token: str, max_age_seconds: int, now: datetime | None = None) -> LinkClaim:
    """The claim of a real link; LinkExpired once `now` (the service's clock) is past it."""
    try:
        claim = _link_serializer(secret).loads(token)
        if not isinstance(claim, list) or len(claim) not in (3, 4):
            raise ValueError("not a link")
        person_id, pop_id, epoch = (int(part) for part in claim[:3])
        found = LinkClaim(person_id, pop_id, epoch)
        if len(claim) == 3:  # itsdangerous judges its own timestamp by its own clock
            _link_serializer(secret).loads(token, max_age=max_age_seconds)
    except SignatureExpired as exc:
        raise LinkExpired(found) from exc
    except (BadSignature, ValueError, TypeError) as exc:
        raise LinkInvalid(str(exc)) from exc
    if len(claim) == 4 and (now or datetime.now(UTC)).timestamp() > int(claim[3]):
        raise LinkExpired(found)
    return found


FEED_SALT = "popflow-calendar-feed"


@lru_cache(maxsize=8)
def _feed_serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=FEED_SALT)


def make_feed_token(secret: str, person_id: int, epoch: int, feed_epoch: int = 0) -> str:
    """The secret of a person's calendar feed: no expiry (calendar programs keep the URL),
    revoked with the personal links (link_epoch), or alone by its owner (feed_epoch). Until
    it is first replaced, the URL is the one from before feed epochs (subscriptions keep it)."""
    return _feed_serializer(secret).dumps([person_id, epoch] + ([feed_epoch] if feed_epoch else []))


def read_feed_token(secret: str, token: str) -> tuple[int, int, int]:
    """(person id, link epoch, feed epoch); a feed URL from before feed epochs has epoch 0."""
    try:
        person_id, epoch, *feed_epoch = _feed_serializer(secret).loads(token)
        if len(feed_epoch) > 1:
            raise ValueError("not a feed")
        return int(person_id), int(epoch), int(feed_epoch[0]) if feed_epoch else 0
    except (BadSignature, ValueError, TypeError) as exc:
        raise LinkInvalid(str(exc)) from exc


CALENDAR_SALT = "popflow-calendar-item"


@lru_cache(maxsize=8)
def _calendar_serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=CALENDAR_SALT)


def make_calendar_token(secret: str, person_id: int, pop_id: int) -> str:
    """What the link in a calendar item carries: no credential. It opens nothing; it only
    lets the page mail a fresh personal link to the attendee's own address, so a copied,
    shared or synced calendar item gives its reader nothing. Signed, so that nobody can
    make one for every person and flood their mailboxes."""
    return _calendar_serializer(secret).dumps([person_id, pop_id])


def read_calendar_token(secret: str, token: str) -> tuple[int, int]:
    try:
        person_id, pop_id = _calendar_serializer(secret).loads(token)
        return int(person_id), int(pop_id)
    except (BadSignature, ValueError, TypeError) as exc:
        raise LinkInvalid(str(exc)) from exc
