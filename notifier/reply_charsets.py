"""Which charsets a calendar reply is decoded from: the ones mail programs send, no others.

iCalendar is UTF-8 (RFC 5545 §3.1.4), but a mail part may be labelled otherwise. Python
knows many more codecs than mail uses, and not all of them cost time in line with the
input: its punycode decoder is quadratic (a 256 KiB part: seconds of CPU, a 1 MB one:
a minute). So a label is looked up in this module's own table, never handed to
`codecs.lookup` (that also keeps every unknown name a sender invents forever, in the
codec cache). A label outside the table is read as UTF-8, bad bytes replaced: a reply
is mostly ASCII, so its answer is still read. Every codec here is linear in its input
(tests/unit/test_reply_charsets.py measures each at the calendar-size cap).
"""

from __future__ import annotations

import re

# Label, reduced to its letters and digits ("ISO_8859-1" and "iso8859-1" alike) -> codec.
_CODECS = {
    "utf8": "utf-8",
    "usascii": "ascii",
    "ascii": "ascii",
    "utf16": "utf-16",
    "utf16le": "utf-16-le",
    "utf16be": "utf-16-be",
    "utf32": "utf-32",
    "utf32le": "utf-32-le",
    "utf32be": "utf-32-be",
    "latin1": "iso8859-1",
    "latin2": "iso8859-2",
    "latin9": "iso8859-15",
    "koi8r": "koi8-r",
    "koi8u": "koi8-u",
    "gb2312": "gb2312",
    "gbk": "gbk",
    "xgbk": "gbk",
    "cp936": "gbk",
    "gb18030": "gb18030",
    "big5": "big5",
    "big5hkscs": "big5hkscs",
    "cp950": "cp950",
    "shiftjis": "shift_jis",
    "sjis": "shift_jis",
    "xsjis": "shift_jis",
    "mskanji": "cp932",
    "cp932": "cp932",
    "windows31j": "cp932",
    "eucjp": "euc_jp",
    "xeucjp": "euc_jp",
    "euckr": "euc_kr",
    "cp949": "cp949",
    "ksc56011987": "cp949",  # what Outlook calls Korean (Microsoft's superset of EUC-KR)
    "iso2022jp": "iso2022_jp",
    "iso2022kr": "iso2022_kr",
    "tis620": "tis-620",
    "windows874": "cp874",
    "cp874": "cp874",
}
_ISO_8859 = re.compile(r"iso8859(1[0-6]|[1-9])")  # iso-8859-1 … -16 (there is no -12)
_WINDOWS = re.compile(r"(?:windows|cp)125([0-8])")  # windows-1250 … -1258
MAX_LABEL_CHARS = 40


def codec_for(label: str | None) -> str | None:
    """The codec for a charset label mail programs use; None for any other label."""
    if not label or len(label) > MAX_LABEL_CHARS:
        return None
    name = "".join(char for char in label.lower() if char.isascii() and char.isalnum())
    if name in _CODECS:
        return _CODECS[name]
    if (match := _ISO_8859.fullmatch(name)) and match.group(1) != "12":
        return f"iso8859-{match.group(1)}"
    if match := _WINDOWS.fullmatch(name):
        return f"cp125{match.group(1)}"
    return None


def as_utf8(payload: bytes, label: str | None) -> bytes:
    """The payload as UTF-8: recoded from a charset in the table, read as UTF-8 otherwise."""
    codec = codec_for(label)
    if codec not in (None, "utf-8", "ascii"):
        return payload.decode(codec, errors="replace").encode("utf-8")
    return payload.decode("utf-8", errors="replace").encode("utf-8")
