"""A MIME tree written to bytes as ``email.generator.BytesGenerator`` writes it, faster.

``emails`` sends ``message.as_bytes()``, which runs the standard library's generator
(compat32 policy, CRLF, no ``From`` mangling). Per invitation that generator cost
more CPU than everything else in building the mail: a sub-generator and buffer per
part, a regular expression compiled per boundary, and ``email.header.Header`` folding
for every header, even short ASCII ones that come out unchanged. ``flatten`` writes
the same bytes for the trees ``notifier.mime`` builds (multiparts, and parts whose
payload is ASCII text, e.g. base64) and hands anything else to the generator.

The one allowed difference is the choice of boundaries, which are random anyway:
like the generator it draws ``'=' * 15 + <19 digits> + '=='`` and adds ``.N`` while
the text contains it, but it rejects a candidate on any occurrence of ``--<boundary>``
(the generator only on whole lines), so it never uses one the generator would refuse.
tests/unit/test_mime_flatten.py compares the two byte for byte.
"""

from __future__ import annotations

import random
import re
import sys
from email.generator import BytesGenerator
from email.message import Message
from email.policy import compat32
from io import BytesIO
from typing import cast

__all__ = ["flatten"]

_NL = "\r\n"
_POLICY = compat32.clone(linesep=_NL)
_MAX_LINE = 78  # compat32's max_line_length: longer headers are folded by email.header
_WIDTH = len(repr(sys.maxsize - 1))  # the generator's boundary digits
_NEWLINE = re.compile(r"\r\n|\r|\n")  # the generator's NLCRE
# Printable ASCII without trailing blank: the header is written as it is (see _header).
_PLAIN_HEADER = re.compile(r"[\x20-\x7e]*[\x21-\x7e]")
_SURROGATES = re.compile("[\udc80-\udcff]")  # bytes smuggled into str: the generator's case


class _Unsupported(Exception):
    """A tree this writer does not cover; the standard generator writes it."""


def flatten(msg: Message) -> bytes:
    """``msg`` as ``BytesGenerator(mangle_from_=False).flatten(msg, linesep='\\r\\n')``."""
    try:
        return _part(msg).encode("ascii", "surrogateescape")  # 8-bit header bytes stay bytes
    except _Unsupported:
        out = BytesIO()
        BytesGenerator(out, mangle_from_=False).flatten(msg, linesep=_NL)
        return out.getvalue()


def _part(msg: Message) -> str:
    if msg.policy is not compat32:  # pragma: no cover - our parts never set another policy
        raise _Unsupported
    # Like the generator: the body first, since a multipart sets its boundary header.
    body = _multipart(msg) if msg.get_content_maintype() == "multipart" else _leaf(msg)
    return "".join(_header(name, value) for name, value in msg.items()) + _NL + body


def _leaf(msg: Message) -> str:
    payload = msg.get_payload()  # not decoded: the text the generator writes
    if payload is None:
        return ""
    if not isinstance(payload, str) or not payload.isascii() or _SURROGATES.search(payload):
        raise _Unsupported
    return _NEWLINE.sub(_NL, payload)  # the generator's _write_lines


def _multipart(msg: Message) -> str:
    subparts = msg.get_payload()
    if msg.get_content_subtype() == "signed" or not isinstance(subparts, list):
        raise _Unsupported
    # cast: a multipart's payload is the list of its parts (typeshed types it for any message).
    texts = [_part(part) for part in cast(list[Message], subparts)]
    boundary = msg.get_boundary()
    if not boundary:
        boundary = _boundary(_NL.join(texts))
        msg.set_boundary(boundary)  # changes the Content-Type header, written after this
    out = []
    if msg.preamble is not None:
        out += [_NEWLINE.sub(_NL, msg.preamble), _NL]
    out.append(f"--{boundary}{_NL}")
    out.append(f"{_NL}--{boundary}{_NL}".join(texts))
    out.append(f"{_NL}--{boundary}--{_NL}")
    if msg.epilogue is not None:
        out.append(_NEWLINE.sub(_NL, msg.epilogue))
    return "".join(out)


def _boundary(text: str) -> str:
    base = "=" * 15 + f"{random.randrange(sys.maxsize):0{_WIDTH}d}" + "=="
    boundary, counter = base, 0
    while f"--{boundary}" in text:
        boundary, counter = f"{base}.{counter}", counter + 1
    return boundary


def _header(name: str, value: object) -> str:
    """``compat32.fold_binary(name, value)``. A short header of printable ASCII without
    trailing blanks comes out of ``email.header`` unchanged, so it is written directly."""
    if not isinstance(value, str):  # a Header (items() makes one of 8-bit text): the generator's case
        raise _Unsupported
    if len(name) + 2 + len(value) <= _MAX_LINE and _PLAIN_HEADER.fullmatch(value):
        return f"{name}: {value}{_NL}"
    return _POLICY.fold_binary(name, value).decode("ascii", "surrogateescape")
