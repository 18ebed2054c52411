"""Reading hostile mail: it gives answers, none, or `Unusable`, never another error, and
the work stays linear in the mail's size (caps are checked before any parser runs)."""
from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings

from notifier.replies import MAX_MESSAGE_BYTES, Unusable, replies_in
from tests.hostile_replies import (
    _calendar, _event, calendar_mail, hostile_mails, many_attendees, many_events, many_properties, long_headers,
    nested_multiparts, oversized, samples)

NOW = datetime(2027, 3, 15, 9, 0, tzinfo=timezone.utc)
UID = "abc-123@popflow"


def _read(raw: bytes):
    try:
        return replies_in(raw, NOW)
    except Unusable as refused:
        return refused


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile_mails(UID))
def test_a_hostile_mail_gives_answers_none_or_unusable_and_quickly(raw):
    started = time.perf_counter()
    result = _read(raw)
    assert isinstance(result, (list, Unusable))
    assert time.perf_counter() - started < 2.0
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
    for build in (lambda n: nested_multiparts(n), lambda n: nested_multiparts(n, "message"),
                  lambda n: many_events(UID, n), lambda n: many_attendees(UID, n),
                  lambda n: many_properties(UID, n), lambda n: long_headers("from", n * 3),
                  lambda n: long_headers("encoded-from", n * 3), lambda n: long_headers("parameters", n * 3),
                  lambda n: long_headers("parts", n * 3)):
        raw = build(20000)
        started = time.perf_counter()
        result = _read(raw)
        assert time.perf_counter() - started < 0.5
        assert isinstance(result, Unusable) or result[0].sender == ""  # a From of thousands: nobody
    raw = oversized()
    started = time.perf_counter()
    assert isinstance(_read(raw), Unusable) and len(raw) > MAX_MESSAGE_BYTES
    assert time.perf_counter() - started < 0.5


def test_a_shallow_nesting_and_a_few_events_are_still_read():
    assert _read(nested_multiparts(3)) != [] and not isinstance(_read(nested_multiparts(3)), Unusable)
    assert len(_read(many_events(UID, 5))) == 5


def test_a_bad_vevent_is_skipped_and_the_good_one_beside_it_counts():
    raw = calendar_mail(_calendar(_event("bad@x", sequence="abc") + _event("stamp@x", stamp="2027zz")
                                  + _event(UID, sequence="2")))
    answer, = _read(raw)
    assert (answer.uid, answer.sequence) == (UID, 2)


def test_a_dtstamp_in_the_future_counts_as_the_time_the_reply_arrived():
    answer, = _read(calendar_mail(_calendar(_event(UID, stamp="20991231T235959Z"))))
    assert answer.stamp == NOW
    earlier, = _read(calendar_mail(_calendar(_event(UID, stamp="20270314T120000Z"))))
    assert earlier.stamp == datetime(2027, 3, 14, 12, 0, tzinfo=timezone.utc)


def test_an_unknown_charset_is_read_as_utf8_and_a_known_one_recoded():
    answer, = _read(calendar_mail(_calendar(_event(UID)), charset="x-klingon"))
    assert answer.uid == UID
    latin, = _read(calendar_mail(_calendar(_event(UID)).replace("PRODID:-//hostile//EN", "PRODID:caf\u00e9"),
                                 charset="latin-1").replace("caf\u00e9".encode(), "caf\u00e9".encode("latin-1")))
    assert latin.uid == UID


def test_a_mail_without_one_clear_sender_answers_for_nobody():
    two = calendar_mail(_calendar(_event(UID)), sender="marieke@voorbeeld.nl, jan@voorbeeld.nl")
    assert _read(two)[0].sender == ""
    none = calendar_mail(_calendar(_event(UID))).replace(b"From: marieke@voorbeeld.nl\r\n", b"")
    assert _read(none)[0].sender == ""
