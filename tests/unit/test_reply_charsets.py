"""The charsets a calendar reply is decoded from: the ones mail programs send, each one
linear in its input; any other label is read as UTF-8 and never reaches a decoder."""

from __future__ import annotations

import codecs
import os
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notifier.replies import MAX_CALENDAR_BYTES
from notifier.reply_charsets import _CODECS, as_utf8, codec_for
from tests.hostile_replies import EXOTIC_CHARSETS

MAIL_LABELS = [
    "UTF-8",
    "utf8",
    "US-ASCII",
    "ISO-8859-1",
    "iso_8859-15",
    "ISO-8859-16",
    "latin1",
    "Windows-1252",
    "windows-1250",
    "cp1258",
    "UTF-16",
    "utf-16le",
    "UTF-32BE",
    "KOI8-R",
    "koi8-u",
    "GB2312",
    "GBK",
    "GB18030",
    "Big5",
    "Big5-HKSCS",
    "Shift_JIS",
    "x-sjis",
    "windows-31j",
    "EUC-JP",
    "EUC-KR",
    "ks_c_5601-1987",
    "ISO-2022-JP",
    "TIS-620",
    "windows-874",
]
# The shapes that cost decoders most: plain text, escapes, lead bytes, random bytes.
SHAPES = {
    "plain": b"x" * MAX_CALENDAR_BYTES,
    "random": os.urandom(MAX_CALENDAR_BYTES),
    "punycode": b"x" * (MAX_CALENDAR_BYTES // 2) + b"-" + b"ba" * (MAX_CALENDAR_BYTES // 4 - 1),
    "escapes": b"\x1b$B" * (MAX_CALENDAR_BYTES // 3),
    "lead bytes": b"\x81\x40" * (MAX_CALENDAR_BYTES // 2),
    "utf-7 shifts": b"+AAAA" * (MAX_CALENDAR_BYTES // 5),
    "backslashes": b"\\u00e9\\N{" * (MAX_CALENDAR_BYTES // 9),
}


@pytest.mark.parametrize("label", MAIL_LABELS)
def test_the_charsets_mail_programs_send_are_decoded(label):
    codec = codec_for(label)
    assert codec and codecs.lookup(codec)  # a codec Python has
    text = "Geaccepteerd: café"
    encoded = text.encode(codec, errors="replace")
    assert as_utf8(encoded, label).decode("utf-8") == encoded.decode(codec, errors="replace")


@pytest.mark.parametrize(
    "codec", sorted(set(_CODECS.values()) | {f"iso8859-{n}" for n in (2, 10, 16)} | {f"cp125{n}" for n in range(9)})
)
def test_every_codec_in_the_table_is_linear_at_the_calendar_size_cap(codec):
    """Generous: a linear decoder takes milliseconds here; punycode took seconds."""
    for shape, payload in SHAPES.items():
        started = time.process_time()
        as_utf8(payload, codec)
        assert time.process_time() - started < 0.5, (codec, shape)


@pytest.mark.parametrize(
    "label",
    EXOTIC_CHARSETS + ("utf_7", "PUNYCODE", "iso-8859-12", "iso8859-17", "cp1259", "utf-8" + "x" * 50, "", None),
)
def test_a_codec_mail_does_not_use_is_read_as_utf8_in_linear_time(label):
    assert codec_for(label) is None
    started = time.process_time()
    assert as_utf8(SHAPES["punycode"], label) == SHAPES["punycode"]
    assert time.process_time() - started < 0.5
    assert as_utf8("café ✓".encode(), label).decode() == "café ✓"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60), st.binary(max_size=500))
def test_any_label_gives_utf8_and_never_an_error(label, payload):
    codec = codec_for(label)
    assert codec is None or codec in set(_CODECS.values()) or codec.startswith(("iso8859-", "cp125"))
    as_utf8(payload, label).decode("utf-8")  # strict: what comes out is UTF-8
