"""What the mail renderer builds once and reuses gives the same results as building it anew:
the same link tokens (old links keep working), the same dates, the same pages, and a
second mail of one POP in one session reads nothing the first did not."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes

import pytest
from babel.dates import format_date as babel_format_date
from itsdangerous import TimestampSigner, URLSafeSerializer, URLSafeTimedSerializer
from sqlalchemy import create_engine, event
from sqlalchemy.orm import sessionmaker

import notifier.compose as compose_module
from notifier.compose import MailContext, _env, compose
from notifier.render import render_mail
from shared.config import Config
from shared.db import UnitOfWork
from shared.localtime import format_date, format_until, format_when
from shared.models import Meeting, OutboxMail, Person, Pop, Round
from shared.models.base import Base
from shared.models.meetings import Attendee
from shared.tokens import (
    FEED_SALT,
    SALT,
    LinkInvalid,
    make_feed_token,
    make_link_token,
    read_feed_token,
    read_link_token,
)


@pytest.fixture
def fixed_clock(monkeypatch):
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: 1_777_777_777)


def test_link_tokens_are_the_bytes_a_fresh_serializer_makes(fixed_clock):
    for secret in ("bench", "another secret"):
        for ids in ((1, 2, 0), (123456, 654321, 7)):
            fresh = URLSafeTimedSerializer(secret, salt=SALT).dumps(list(ids))
            assert make_link_token(secret, *ids) == fresh


def test_a_link_made_the_old_way_still_verifies():
    old = URLSafeTimedSerializer("bench", salt=SALT).dumps([5, 9, 2])
    claim = read_link_token("bench", old, 3600)
    assert (claim.person_id, claim.pop_id, claim.epoch) == (5, 9, 2)
    assert read_link_token("bench", make_link_token("bench", 5, 9, 2), 3600) == claim


def test_a_compressed_link_opens_like_any_other(fixed_clock):
    """Ids that zlib can shrink (repeated digits) make itsdangerous write a compressed
    payload (a leading "."), by its public dumps as links are made now; such a link opens,
    and so does one of ordinary ids written the same way."""
    ids = [1111111111, 1111111111, 1]
    compressed = URLSafeTimedSerializer("bench", salt=SALT).dumps(ids)
    assert compressed.startswith(".")
    new = make_link_token("bench", *ids)
    for token in (compressed, new):
        claim = read_link_token("bench", token, 3600)
        assert [claim.person_id, claim.pop_id, claim.epoch] == ids


def test_a_link_of_another_secret_is_refused_after_the_cache_holds_both():
    make_link_token("bench", 1, 1, 0)
    with pytest.raises(LinkInvalid):
        read_link_token("other", make_link_token("bench", 1, 1, 0), 3600)


def test_feed_tokens_are_unchanged():
    assert make_feed_token("bench", 4, 1) == URLSafeSerializer("bench", salt=FEED_SALT).dumps([4, 1])
    assert read_feed_token("bench", URLSafeSerializer("bench", salt=FEED_SALT).dumps([4, 1])) == (4, 1, 0)
    # Replaced by its owner: another URL, and the epoch read back.
    assert make_feed_token("bench", 4, 1, 2) != make_feed_token("bench", 4, 1)
    assert read_feed_token("bench", make_feed_token("bench", 4, 1, 2)) == (4, 1, 2)


@pytest.mark.parametrize("lang, locale", [("nl", "nl_NL"), ("en", "en_GB"), ("fr", "nl_NL")])
def test_dates_read_as_babel_writes_them(lang, locale):
    for day in (date(2026, 12, 8), date(2027, 1, 1), date(2028, 2, 29)):
        assert format_date(day, lang) == babel_format_date(day, "EEEE d MMMM y", locale=locale)
        assert format_date(day, lang) == format_date(day, lang)  # the remembered text
    moment = datetime(2026, 12, 8, 23, 30, tzinfo=UTC)
    assert format_date(moment, lang) == babel_format_date(moment, "EEEE d MMMM y", locale=locale)


def test_when_is_in_the_readers_zone_and_language():
    moment = datetime(2026, 12, 8, 23, 30, tzinfo=UTC)
    assert format_when(moment, "nl", "Europe/Amsterdam") == "woensdag 9 december 2026 om 00:30"
    assert format_when(moment, "en", "America/New_York") == "Tuesday 8 December 2026 at 18:30"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_compiled_layouts_render_as_freshly_loaded_ones(lang, monkeypatch):
    ctx = MailContext(
        kind="invitation",
        language=lang,
        role="employee",
        recipient_name="Zoë <b>",
        employee_name="Zoë",
        manager_name="Jan & Co",
        location="Café “De Hoek”",
        link="https://pop.example/p/x?a=1&b=2",
        answer_url="https://pop.example/a",
    )
    kept = compose(ctx)
    assert compose(ctx) == kept
    monkeypatch.setattr(compose_module, "_template", lambda name: _env().get_template(name))
    assert compose(ctx) == kept
    assert "Zoë &lt;b&gt;" in kept.html and "Zoë <b>" in kept.text


# -- a group of mails in one session ---------------------------------------------------------------


@pytest.fixture
def uow():
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with UnitOfWork(sessionmaker(engine, expire_on_commit=False), publisher=None) as work:
        yield work
    engine.dispose()


def _seed(uow: UnitOfWork) -> list[OutboxMail]:
    s = uow.session
    manager = Person(name="Jan de Vries", email="jan@example.nl")
    employee = Person(name="Zoë Müller", email="zoe@example.nl", language="en")
    rnd = Round(name="Ronde 2027", meetings_from=date(2027, 1, 4), meetings_until=date(2027, 2, 26))
    s.add_all([manager, employee, rnd])
    s.flush()
    pop = Pop(round_id=rnd.id, employee_id=employee.id, manager_id=manager.id)
    s.add(pop)
    s.flush()
    start = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)
    meeting = Meeting(
        pop_id=pop.id,
        round_id=rnd.id,
        uid="pop-1@example.nl",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        location="Kamer 2.14",
    )
    meeting.attendees = [
        Attendee(person_id=employee.id, role="employee"),
        Attendee(person_id=manager.id, role="manager"),
    ]
    s.add(meeting)
    s.flush()
    mails = [
        OutboxMail(
            dedupe_key=f"inv:{who}",
            pop_id=pop.id,
            kind="invitation",
            recipient_id=who,
            data={"meeting_id": meeting.id, "sequence": 0},
        )
        for who in (employee.id, manager.id)
    ]
    s.add_all(mails)
    s.commit()
    ids = [m.id for m in mails]
    s.expunge_all()  # as the worker starts: only the claimed rows in the session
    return [s.get(OutboxMail, i) for i in ids]


def test_the_second_mail_of_a_pop_reads_nothing_and_renders_the_same(uow, fixed_clock):
    config = Config(
        database_url="sqlite://", secret_key="k", base_url="https://pop.example", mail_from="pop@example.nl"
    )
    first, second = _seed(uow)
    now = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    statements: list[str] = []
    event.listen(
        uow.session.get_bind(), "before_cursor_execute", lambda conn, cursor, sql, *rest: statements.append(sql)
    )

    rendered = render_mail(uow, first, config, now)
    reads_first = len(statements)
    again = render_mail(uow, second, config, now)
    # The POP with both people, its round and the meeting with its attendees; how long its
    # links work (notifier/link_life.py: the last meeting and the plan period), once per POP;
    # HR's own mail openings (notifier/openings.py), once per session.
    assert reads_first == 3
    assert len(statements) == reads_first  # all of it still in the session
    assert rendered.recipient == ("Zoë Müller", "zoe@example.nl")
    assert again.recipient == ("Jan de Vries", "jan@example.nl")

    # The same mails as from a session that read everything anew.
    uow.session.info.clear()
    uow.session.expunge_all()
    fresh = render_mail(uow, uow.session.get(OutboxMail, second.id), config, now)
    one = again.build("<a.1@example.nl>").as_bytes()
    other = fresh.build("<a.1@example.nl>").as_bytes()
    assert _without_varying(one) == _without_varying(other)


def test_a_meeting_that_is_gone_leaves_the_mail_without_calendar(uow):
    config = Config(
        database_url="sqlite://", secret_key="k", base_url="https://pop.example", mail_from="pop@example.nl"
    )
    first, _ = _seed(uow)
    first.data = {"meeting_id": 999, "sequence": 0}
    rendered = render_mail(uow, first, config, datetime(2026, 12, 1, 8, 0, tzinfo=UTC))
    raw = rendered.build("<a.1@example.nl>").as_bytes()
    assert rendered.recipient == ("Zoë Müller", "zoe@example.nl")
    assert b"text/calendar" not in raw and b"Dear Zo" in _decoded_text(raw)


def _decoded_text(raw: bytes) -> bytes:
    message = message_from_bytes(raw)
    return b"".join(
        part.get_payload(decode=True) or b"" for part in message.walk() if part.get_content_type() == "text/plain"
    )


def _without_varying(raw: bytes) -> list[bytes]:
    """Date and MIME boundaries differ per build; everything else must be equal."""
    return [
        line
        for line in raw.split(b"\r\n")
        if not line.startswith((b"Date:", b"--", b"Content-Type: multipart")) and b"boundary=" not in line
    ]


def test_a_meeting_end_is_its_time_or_the_whole_moment_on_another_day():
    start = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    assert format_until(start, start + timedelta(hours=1), "nl", "Europe/Amsterdam") == "–11:00"
    assert (
        format_until(start, start + timedelta(hours=15), "en", "Europe/Amsterdam")
        == " – Wednesday 9 December 2026 at 01:00"
    )
