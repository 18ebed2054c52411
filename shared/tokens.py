"""Personal links: signed (unguessable), expiring, bound to one person and one POP,
revocable by raising the person's link_epoch."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from itsdangerous import BadSignature, SignatureExpired, Signer, URLSafeSerializer, URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode
from itsdangerous.url_safe import URLSafeSerializerMixin

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


class _LinkSerializer(URLSafeTimedSerializer):
    """Writes the payload uncompressed. itsdangerous tries zlib on every payload and keeps
    the result only when shorter; three small numbers never are, and the attempt cost 54 of
    a link's 78 µs (every mail carries one). Reading is itsdangerous' own, so links
    written either way (a leading "." marks a compressed one) read the same."""

    def dump_payload(self, obj) -> bytes:
        return base64_encode(super(URLSafeSerializerMixin, self).dump_payload(obj))


# Serializers and signers hold only the key and the salt (no state between calls), so one
# per secret serves every link; building them for every link cost a third of the link's time.
@lru_cache(maxsize=8)
def _link_serializer(secret: str) -> URLSafeTimedSerializer:
    return _LinkSerializer(secret, salt=SALT)


@lru_cache(maxsize=8)
def _link_signer(secret: str) -> Signer:
    return _link_serializer(secret).make_signer()


def make_link_token(secret: str, person_id: int, pop_id: int, epoch: int) -> str:
    # What serializer.dumps does (payload, then a new signer's sign), with the signer
    # made once: the same bytes, a fresh timestamp per call.
    payload = _link_serializer(secret).dump_payload([person_id, pop_id, epoch])
    return _link_signer(secret).sign(payload).decode("utf-8")


def read_link_token(secret: str, token: str, max_age_seconds: int) -> LinkClaim:
    serializer = _link_serializer(secret)
    try:
        person_id, pop_id, epoch = serializer.loads(token, max_age=max_age_seconds)
    except SignatureExpired as exc:
        payload = exc.payload
        claim = None
        if payload is not None:
            try:
                person_id, pop_id, epoch = serializer.load_payload(payload)
                claim = LinkClaim(int(person_id), int(pop_id), int(epoch))
            except (BadSignature, ValueError, TypeError):
                claim = None
        raise LinkExpired(claim) from exc
    except (BadSignature, ValueError, TypeError) as exc:
        raise LinkInvalid(str(exc)) from exc
    return LinkClaim(int(person_id), int(pop_id), int(epoch))


FEED_SALT = "popflow-calendar-feed"


@lru_cache(maxsize=8)
def _feed_serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=FEED_SALT)


def make_feed_token(secret: str, person_id: int, epoch: int) -> str:
    """The secret of a person's calendar feed: no expiry (calendar programs keep the URL),
    revoked like the personal links by raising link_epoch."""
    return _feed_serializer(secret).dumps([person_id, epoch])


def read_feed_token(secret: str, token: str) -> tuple[int, int]:
    try:
        person_id, epoch = _feed_serializer(secret).loads(token)
        return int(person_id), int(epoch)
    except (BadSignature, ValueError, TypeError) as exc:
        raise LinkInvalid(str(exc)) from exc
