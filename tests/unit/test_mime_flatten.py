"""mime_flatten writes the bytes the standard library's generator writes (what emails sent)."""

from __future__ import annotations

from email.policy import compat32

from hypothesis import given, settings
from hypothesis import strategies as st

from notifier import mime_flatten
from notifier.mime import build_message

CALENDAR = b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nSUMMARY:Caf\xc3\xa9 \xe2\x80\x93 x\r\nEND:VCALENDAR\r\n"
WORDS = st.lists(
    st.sampled_from(list("abcAZ09 .,;:=-_\"'()<>@\t\n\r") + ["é", "–", "Ï", "😀", "From ", "\n.\n"])
    | st.text(max_size=30),
    max_size=40,
).map("".join)
NAME = st.text(st.sampled_from(list("abc XYZ,.\"'()<>@;:") + ["é", "Ï"]), max_size=60)


def generator_bytes(tree: object) -> bytes:
    """The same tree through emails' own path: BytesGenerator, CRLF, no From mangling.
    The boundaries mime_flatten chose are on the tree by now, so both use the same."""
    return tree.as_bytes(linesep="\r\n")  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None)
@given(
    subject=WORDS.map(lambda s: s.replace("\n", " ").replace("\r", " ")),
    text=WORDS.filter(str.strip),
    html=WORDS,
    name=NAME,
    sender=NAME,
    calendar=st.sampled_from([None, CALENDAR]),
    method=st.sampled_from(["REQUEST", "CANCEL"]),
    language=st.sampled_from(["nl", "en"]),
    pdf=st.sampled_from([None, b"%PDF-1.4 \x00\xff" * 40, b"x\n"]),
)
def test_invite_tree_bytes_equal_generator(
    subject: str,
    text: str,
    html: str,
    name: str,
    sender: str,
    calendar: bytes | None,
    method: str,
    language: str,
    pdf: bytes | None,
) -> None:
    message = build_message(
        subject=subject,
        text=text,
        html=html,
        mail_from=(sender, "pop@popflow.example.nl"),
        mail_to=(name, "anais@example.nl"),
        message_id="<pop-42.7f3a@popflow.example.nl>",
        calendar=calendar,
        calendar_method=method,
        language=language,
        attachments=[("ontwikkelplan-7.pdf", pdf, "application/pdf")] if pdf is not None else None,
    )
    tree = message.build_message()
    fast = mime_flatten.flatten(tree)
    assert fast == generator_bytes(tree)


@settings(max_examples=1000, deadline=None)
@given(
    name=st.sampled_from(["Subject", "To", "From", "Content-Language", "X-Long-Header-Name-For-Tests"]),
    value=st.text(st.sampled_from(list('ab ;,\t=-"') + ["é"]), max_size=90)
    | st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=60, max_size=85),
)
def test_header_equals_compat32_fold(name: str, value: str) -> None:
    expected = compat32.clone(linesep="\r\n").fold_binary(name, value)
    assert mime_flatten._header(name, value).encode("ascii", "surrogateescape") == expected


def test_boundary_avoids_the_text() -> None:
    text = "--" + "=" * 15
    boundary = mime_flatten._boundary(text)
    assert boundary.startswith("=" * 15) and boundary.endswith("==")
    assert f"--{boundary}" not in text


def test_message_as_bytes_is_the_fast_path() -> None:
    message = build_message(
        subject="Uitnodiging",
        text="Beste Anaïs,\n",
        html="<p>Beste</p>",
        mail_from=("POP", "pop@popflow.example.nl"),
        mail_to=("Anaïs", "a@example.nl"),
        message_id="<pop-1.a@popflow.example.nl>",
        calendar=CALENDAR,
    )
    raw = message.as_bytes()
    assert raw.count(b"\r\n--=" * 1) >= 5 and b"\nMessage-ID: <pop-1.a@popflow.example.nl>\r\n" in raw
