"""Reading hostile mail: it gives answers, none, or `Unusable`, never another error, and
the work stays linear in the mail's size (caps are checked before any parser runs)."""

from __future__ import annotations

import time
import tracemalloc
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings

from notifier.replies import MAX_CALENDAR_BYTES, MAX_MESSAGE_BYTES, Unusable, replies_in
from tests.hostile_replies import (
    EXOTIC_CHARSETS,
    _calendar,
    _event,
    calendar_mail,
    exotic_charset,
    hostile_mails,
    long_headers,
    many_attendees,
    many_events,
    many_properties,
    nested_multiparts,
    oversized,
    rfc2231_charsets,
    samples,
)

NOW = datetime(2027, 3, 15, 9, 0, tzinfo=UTC)
UID = "abc-123@popflow"


def _read(raw: bytes):
    try:
        return replies_in(raw, NOW)
    except Unusable as refused:
        return refused


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile_mails(UID))
def test_a_hostile_mail_gives_answers_none_or_unusable_and_quickly(raw):
    started = time.process_time()
    result = _read(raw)
    assert isinstance(result, (list, Unusable))
    assert time.process_time() - started < 2.0
    for answer in result if isinstance(result, list) else []:  # what is read is within bounds
        assert 0 < len(answer.uid) <= 200 and answer.uid.isprintable()
        assert 0 <= answer.sequence < 2**31 and answer.stamp <= NOW and answer.stamp.tzinfo is not None
        assert "@" in answer.attendee and answer.attendee.isprintable()


@pytest.mark.parametrize("name", sorted(samples(UID)))
def test_each_hostile_class_is_unusable_or_yields_no_usable_answer(name):
    result = _read(samples(UID)[name])
    # Or an answer for nobody: a mail without one clear From address.
    assert isinstance(result, Unusable) or all(answer.sender == "" for answer in result), result


def test_work_stays_linear_deep_nesting_is_refused_before_parsing():
    for build in (
        lambda n: nested_multiparts(n),
        lambda n: nested_multiparts(n, "message"),
        lambda n: many_events(UID, n),
        lambda n: many_attendees(UID, n),
        lambda n: many_properties(UID, n),
        lambda n: long_headers("from", n * 3),
        lambda n: long_headers("encoded-from", n * 3),
        lambda n: long_headers("parameters", n * 3),
        lambda n: long_headers("parts", n * 3),
    ):
        raw = build(20000)
        started = time.process_time()
        result = _read(raw)
        assert time.process_time() - started < 0.5
        assert isinstance(result, Unusable) or result[0].sender == ""  # a From of thousands: nobody
    raw = oversized()
    started = time.process_time()
    assert isinstance(_read(raw), Unusable) and len(raw) > MAX_MESSAGE_BYTES
    assert time.process_time() - started < 0.5


def test_a_shallow_nesting_and_a_few_events_are_still_read():
    assert _read(nested_multiparts(3)) != [] and not isinstance(_read(nested_multiparts(3)), Unusable)
    assert len(_read(many_events(UID, 5))) == 5


def test_a_bad_vevent_is_skipped_and_the_good_one_beside_it_counts():
    raw = calendar_mail(
        _calendar(_event("bad@x", sequence="abc") + _event("stamp@x", stamp="2027zz") + _event(UID, sequence="2"))
    )
    (answer,) = _read(raw)
    assert (answer.uid, answer.sequence) == (UID, 2)


def test_a_dtstamp_in_the_future_counts_as_the_time_the_reply_arrived():
    (answer,) = _read(calendar_mail(_calendar(_event(UID, stamp="20991231T235959Z"))))
    assert answer.stamp == NOW
    (earlier,) = _read(calendar_mail(_calendar(_event(UID, stamp="20270314T120000Z"))))
    assert earlier.stamp == datetime(2027, 3, 14, 12, 0, tzinfo=UTC)


def test_an_unknown_charset_is_read_as_utf8_and_a_known_one_recoded():
    (answer,) = _read(calendar_mail(_calendar(_event(UID)), charset="x-klingon"))
    assert answer.uid == UID
    (latin,) = _read(
        calendar_mail(
            _calendar(_event(UID)).replace("PRODID:-//hostile//EN", "PRODID:caf\u00e9"), charset="latin-1"
        ).replace("caf\u00e9".encode(), "caf\u00e9".encode("latin-1"))
    )
    assert latin.uid == UID


def test_a_mail_without_one_clear_sender_answers_for_nobody():
    two = calendar_mail(_calendar(_event(UID)), sender="marieke@voorbeeld.nl, jan@voorbeeld.nl")
    assert _read(two)[0].sender == ""
    none = calendar_mail(_calendar(_event(UID))).replace(b"From: marieke@voorbeeld.nl\r\n", b"")
    assert _read(none)[0].sender == ""


@pytest.mark.parametrize("charset", EXOTIC_CHARSETS)
def test_a_calendar_in_a_codec_mail_does_not_use_costs_linear_time_and_its_answer_still_counts(charset):
    """punycode's decoder is quadratic: this part at the cap took seconds, four times it a minute."""
    for raw in (
        exotic_charset(charset),
        exotic_charset(charset, MAX_CALENDAR_BYTES * 4),
        exotic_charset(charset, MAX_CALENDAR_BYTES * 7),
    ):  # near the 2 MiB mail cap
        started = time.process_time()
        assert isinstance(_read(raw), Unusable)  # not a calendar, or over the cap before decoding
        assert time.process_time() - started < 1.0
    started = time.process_time()
    (answer,) = _read(exotic_charset(charset, MAX_CALENDAR_BYTES - 1024, uid=UID))  # read as UTF-8
    assert time.process_time() - started < 1.0
    assert (answer.uid, answer.sender) == (UID, "marieke@voorbeeld.nl")


def test_rfc2231_file_names_and_charsets_are_not_decoded_with_the_senders_codec():
    """190 file names near the header cap in punycode took 13 times as long as in UTF-8."""

    def fastest(raw: bytes) -> float:
        times = []
        for _ in range(3):
            started = time.process_time()
            (answer,) = _read(raw)
            times.append(time.process_time() - started)
            assert answer.uid == "rfc@x"
        return min(times)

    assert fastest(rfc2231_charsets("punycode", 190)) < 3 * fastest(rfc2231_charsets("utf-8", 190))


def test_unknown_charset_names_leave_nothing_behind():
    """The codec registry keeps every name it was asked for: a sender's invented ones would
    fill the memory of `popflow inbound`, kilobytes a mail, forever."""

    def mail(number: int) -> bytes:
        label = f"x-{number}-" + "k" * 1500
        attachments = "".join(
            f"--q\r\nContent-Disposition: attachment; filename*={label}''a{i}.txt\r\n\r\nx\r\n" for i in range(6)
        )
        calendar = f"--q\r\nContent-Type: text/calendar; charset={label}\r\n\r\n" + _calendar(_event(UID))
        return (
            f"From: marieke@voorbeeld.nl\r\nContent-Type: multipart/mixed; boundary=q\r\n\r\n{attachments}"
            f"{calendar}--q--\r\n"
        ).encode()

    for number in range(5):  # warm up: imports, the parser's own caches
        assert _read(mail(number))[0].uid == UID
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        for number in range(5, 105):
            _read(mail(number))
        grown = sum(stat.size_diff for stat in tracemalloc.take_snapshot().compare_to(before, "filename"))
    finally:
        tracemalloc.stop()
    assert grown < 100_000, grown  # 100 mails with 7 names of 1.5 KB: 300 KB more when they were kept
