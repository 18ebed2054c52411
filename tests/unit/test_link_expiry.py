"""A personal link says until when it works, judged by the service's clock; the link of a
calendar item and the feed's secret are no personal link (and the other way round)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.tokens import (
    LinkClaim,
    LinkExpired,
    LinkInvalid,
    make_calendar_token,
    make_feed_token,
    make_link_token,
    read_calendar_token,
    read_feed_token,
    read_link_token,
)

SECRET = "geheim"
ids = st.integers(min_value=1, max_value=2**40)
moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))


@settings(max_examples=60, deadline=None)
@given(ids, ids, st.integers(0, 1000), moments, st.integers(-(10**8), 10**8))
def test_a_link_works_until_the_moment_it_names_by_the_clock_it_is_given(person, pop, epoch, until, seconds):
    token = make_link_token(SECRET, person, pop, epoch, until)
    now = until + timedelta(seconds=seconds)
    if now.timestamp() <= int(until.timestamp()):
        claim = read_link_token(SECRET, token, 60, now=now)  # max age plays no part: the link names its end
        assert (claim.person_id, claim.pop_id, claim.epoch) == (person, pop, epoch)
    else:
        with pytest.raises(LinkExpired) as expired:
            read_link_token(SECRET, token, 10**9, now=now)
        assert expired.value.claim.person_id == person  # so the page can offer a fresh one


@settings(max_examples=40, deadline=None)
@given(ids, ids, st.integers(0, 1000), moments)
def test_no_kind_of_token_opens_another_kind(person, pop, epoch, until):
    link = make_link_token(SECRET, person, pop, epoch, until)
    calendar = make_calendar_token(SECRET, person, pop)
    feed = make_feed_token(SECRET, person, epoch, 1)
    for token in (calendar, feed):
        with pytest.raises(LinkInvalid):
            read_link_token(SECRET, token, 10**9, now=until)
    for token in (link, feed):
        with pytest.raises(LinkInvalid):
            read_calendar_token(SECRET, token)
    for token in (link, calendar):
        with pytest.raises(LinkInvalid):
            read_feed_token(SECRET, token)
    assert read_calendar_token(SECRET, calendar) == (person, pop)
    assert read_feed_token(SECRET, feed) == (person, epoch, 1)


def test_a_link_mailed_before_the_serializer_change_still_opens():
    # Written by the code before issue 18 (its own payload writer, b968414): a mailbox
    # holds such links until the day they name.
    issued = "WzcsNDIsMyw0MDcwOTA4ODAwXQ.axFv4Q.JQAGxxwCzlFlKWPHnzPgl-fOUAM"
    claim = read_link_token("a-secret-key-of-at-least-32-characters!", issued, max_age_seconds=60)
    assert claim == LinkClaim(person_id=7, pop_id=42, epoch=3)


def test_a_new_link_has_the_same_form_as_one_mailed_before():
    # The payload of three small numbers is never compressed (no leading "."): same length.
    until = datetime(2099, 1, 1, tzinfo=UTC)
    token = make_link_token("a-secret-key-of-at-least-32-characters!", 7, 42, 3, until)
    assert token.split(".")[0] == "WzcsNDIsMyw0MDcwOTA4ODAwXQ"
