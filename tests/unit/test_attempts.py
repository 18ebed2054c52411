"""A failed attempt's reason: short, one line, never a secret; and HR's words for each kind."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.failed_mails import why_text
from intake.i18n import translate
from notifier.attempts import backoff, reason_of
from shared.config import Config
from shared.models import OutboxMail

CONFIG = Config(smtp_url="smtp://popflow:s3cr%40t-wachtwoord@mail.example:587", secret_key="sleutel-" + "x" * 24)
SECRETS = ("s3cr@t-wachtwoord", "s3cr%40t-wachtwoord", CONFIG.secret_key)


@settings(max_examples=60, deadline=None)
@given(
    before=st.text(max_size=400),
    secret=st.sampled_from(SECRETS),
    after=st.text(max_size=400),
    where=st.sampled_from(["render:", "send:"]),
)
def test_a_reason_is_one_short_line_without_secrets(before, secret, after, where):
    reason = reason_of(where, RuntimeError(before + secret + after), CONFIG)
    assert reason.startswith(f"{where} RuntimeError: ")
    assert len(reason) <= 300 and "\n" not in reason and "\r" not in reason
    assert not any(s in reason for s in SECRETS)


@pytest.mark.parametrize(
    "error, dutch, english",
    [
        ("render: ValueError: Invalid isoformat string", "kon niet worden opgesteld", "could not be put together"),
        ("send: UnicodeEncodeError: 'ascii' codec can't encode", "bevat tekens", "contains characters"),
        (
            "send: BadHeaderError: Header values can't contain newlines",
            "kon niet worden verstuurd",
            "could not be sent",
        ),
        ("550 5.1.1 No such user", "weigert deze e-mail", "refuses this e-mail"),
        ("535 5.7.8 Authentication credentials invalid", "kan niet inloggen", "cannot log in"),
        ("451 4.3.0 Mailbox temporarily unavailable", "12 keer niet aan", "12 times"),
        ("no answer from the SMTP server", "12 keer niet bereikbaar", "12 times"),
        ("worker: stopped during every attempt", "stopte bij elke poging", "stopped during every attempt"),
    ],
)
def test_hr_reads_why_a_mail_failed_in_their_language(error, dutch, english):
    from flask import Flask, g

    mail = OutboxMail(last_error=error, attempts=12)
    with Flask(__name__).test_request_context():
        for lang, expected in (("nl", dutch), ("en", english)):
            g.lang = lang
            assert expected in why_text(mail), (lang, why_text(mail))
    assert translate("Opnieuw versturen", "en") == "Send again"


def test_retries_wait_mail_retry_seconds_then_twice_as_long_each_time_up_to_an_hour():
    assert [backoff(n, 30).total_seconds() for n in range(1, 9)] == [30, 60, 120, 240, 480, 960, 1920, 3600]
    assert [backoff(n, 2).total_seconds() for n in range(1, 5)] == [2, 4, 8, 16]
    assert Config.from_env({"MAIL_RETRY_SECONDS": "2"}).mail_retry_seconds == 2
    for nonsense in ("0", "-5"):  # no wait at all would retry a mail as fast as the worker runs
        with pytest.raises(ValueError, match="MAIL_RETRY_SECONDS"):
            Config.from_env({"MAIL_RETRY_SECONDS": nonsense})
