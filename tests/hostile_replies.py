"""Mails a careless or hostile sender can put in the reply mailbox: random bytes, a
calendar with thousands of VEVENTs or ATTENDEEs, MIME nested deep, charsets nobody
knows or whose decoder is slow (punycode's is quadratic), SEQUENCE and DTSTAMP values
that are no number or no moment, a mail over the size cap. Each class as a hypothesis
strategy, and one fixed sample of each."""

from __future__ import annotations

from hypothesis import strategies as st

from notifier.replies import MAX_CALENDAR_BYTES, MAX_MESSAGE_BYTES

# Codecs Python has and mail does not use; some cost more than linear time (punycode).
EXOTIC_CHARSETS = (
    "punycode",
    "idna",
    "utf-7",
    "unicode_escape",
    "raw_unicode_escape",
    "hz",
    "rot13",
    "base64",
    "uu",
    "zlib",
    "x-klingon",
)

HEAD = "From: {sender}\r\nTo: pop@popflow.test\r\nSubject: Geaccepteerd\r\nMIME-Version: 1.0\r\n"


def _calendar(events: str) -> str:
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hostile//EN\r\nMETHOD:REPLY\r\n{events}END:VCALENDAR\r\n"


def _event(
    uid: str,
    sequence: str = "0",
    stamp: str = "20270315T080000Z",
    attendees: int = 1,
    sender: str = "marieke@voorbeeld.nl",
) -> str:
    # DELEGATED: a real PARTSTAT popflow does not record, so a hostile mail never changes an answer
    lines = "".join(f"ATTENDEE;PARTSTAT=DELEGATED:mailto:{sender}\r\n" for _ in range(attendees))
    return f"BEGIN:VEVENT\r\nUID:{uid}\r\nSEQUENCE:{sequence}\r\nDTSTAMP:{stamp}\r\n{lines}END:VEVENT\r\n"


def calendar_mail(
    calendar: str, sender: str = "marieke@voorbeeld.nl", charset: str = "utf-8", encoding: str = "8bit"
) -> bytes:
    body = (
        HEAD.format(sender=sender) + f'Content-Type: text/calendar; method=REPLY; charset="{charset}"\r\n'
        f"Content-Transfer-Encoding: {encoding}\r\n\r\n" + calendar
    )
    return body.encode("utf-8", errors="surrogateescape")


def many_events(uid: str, count: int) -> bytes:
    return calendar_mail(_calendar("".join(_event(f"{uid}-{i}" if i else uid) for i in range(count))))


def many_attendees(uid: str, count: int) -> bytes:
    return calendar_mail(_calendar(_event(uid, attendees=count)))


def many_properties(uid: str, count: int) -> bytes:
    extra = "".join(f"X-PROP-{i}:v\r\n" for i in range(count))
    return calendar_mail(_calendar(_event(uid).replace("END:VEVENT", extra + "END:VEVENT")))


def nested_multiparts(depth: int, kind: str = "multipart") -> bytes:
    """`depth` levels of multipart/mixed (or message/rfc822) around one calendar part."""
    inner = "Content-Type: text/calendar; method=REPLY\r\n\r\n" + _calendar(_event("deep@x"))
    opening, closing = [], []
    for level in range(depth):
        if kind == "multipart":
            opening.append(f'Content-Type: multipart/mixed; boundary="b{level}"\r\n\r\n--b{level}\r\n')
            closing.append(f"\r\n--b{level}--\r\n")
        else:
            opening.append(f"Content-Type: message/rfc822\r\n\r\n{HEAD.format(sender='x@voorbeeld.nl')}")
    body = "".join(opening) + inner + "".join(reversed(closing))
    return (HEAD.format(sender="marieke@voorbeeld.nl") + body).encode()


def long_headers(kind: str, count: int) -> bytes:
    """Headers whose parsing grows faster than their length in the standard library."""
    calendar = _calendar(_event("hdr@x"))
    if kind == "from":
        head = "From: " + '"a" <a@voorbeeld.nl>, ' * count + "\r\n"
    elif kind == "encoded-from":
        head = "From: " + "=?x-unknown?q?abc?= " * count + "<marieke@voorbeeld.nl>\r\n"
    elif kind == "parameters":
        head = (
            "From: marieke@voorbeeld.nl\r\nContent-Type: multipart/mixed; "
            + "a=b;\r\n " * count
            + 'boundary="q"\r\n\r\n--q\r\nContent-Type: text/calendar\r\n\r\n'
            + calendar
            + "--q--\r\n"
        )
        return head.encode()
    else:  # many parts
        body = "".join("--q\r\n\r\nx\r\n" for _ in range(count))
        return (
            HEAD.format(sender="marieke@voorbeeld.nl")
            + 'Content-Type: multipart/mixed; boundary="q"\r\n\r\n'
            + body
            + "--q--\r\n"
        ).encode()
    return (head + "Content-Type: text/calendar; method=REPLY\r\n\r\n" + calendar).encode()


def exotic_charset(charset: str, size: int = MAX_CALENDAR_BYTES - 1024, uid: str | None = None) -> bytes:
    """A calendar part of about `size` bytes labelled `charset`: punycode's worst case (many
    plain characters, '-', then as many digits), or with `uid` a reply padded to that size."""
    if uid is None:
        return calendar_mail("x" * (size // 2) + "-" + "ba" * (size // 4), charset=charset)
    padding = "X-PAD:" + "ab" * (size // 2) + "\r\n"
    return calendar_mail(_calendar(_event(uid).replace("END:VEVENT", padding + "END:VEVENT")), charset=charset)


def rfc2231_charsets(charset: str, parts: int, sender: str = "marieke@voorbeeld.nl", label: bool = True) -> bytes:
    """Parts whose file names are RFC 2231 text in `charset`, each near the header cap (the
    standard library's get_filename() decodes those with that codec), and a calendar whose
    charset label is such text too (`label`)."""
    slow = "x" * 2000 + "-" + "ba" * 900
    body = "".join(
        f"--q\r\nContent-Disposition: attachment; filename*={charset}''{slow}{i}\r\n\r\nx\r\n" for i in range(parts)
    )
    labelled = f"; charset*={charset}''utf-8" if label else ""
    calendar = f"--q\r\nContent-Type: text/calendar{labelled}\r\n\r\n" + _calendar(_event("rfc@x"))
    return (
        HEAD.format(sender=sender)
        + 'Content-Type: multipart/mixed; boundary="q"\r\n\r\n'
        + body
        + calendar
        + "--q--\r\n"
    ).encode()


def oversized() -> bytes:
    return calendar_mail(_calendar(_event("big@x")) + "X-PAD:" + "a" * MAX_MESSAGE_BYTES + "\r\n")


def hostile_mails(uid: str) -> st.SearchStrategy[bytes]:
    """`uid`: a real meeting's UID, so a hostile VEVENT names something that exists."""
    odd_values = st.sampled_from(["abc", "-1", "99999999999999999999", "1e9", "", "٣", "0x10", "2147483648"])
    odd_stamps = st.sampled_from(
        [
            "2027zz",
            "",
            "99999999T999999Z",
            "20270230T250000Z",
            "TZID=Mars/Olympus:2027",
            "00010101T000000Z",
            "2027-03-15",
        ]
    )
    charsets = st.sampled_from(["x-klingon", "utf-7", "utf-16", "latin-1", "iso-2022-jp", "\u00e9\u00e9", "utf-8"])
    return st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=2000).map(lambda text: text.encode("utf-8", errors="surrogatepass")),
        st.integers(min_value=50, max_value=4000).map(lambda n: many_events(uid, n)),
        st.integers(min_value=50, max_value=4000).map(lambda n: many_attendees(uid, n)),
        st.integers(min_value=100, max_value=20000).map(lambda n: many_properties(uid, n)),
        st.integers(min_value=5, max_value=3000).map(nested_multiparts),
        st.builds(
            long_headers,
            st.sampled_from(["from", "encoded-from", "parameters", "parts"]),
            st.integers(min_value=1, max_value=60000),
        ),
        st.integers(min_value=5, max_value=3000).map(lambda n: nested_multiparts(n, "message")),
        st.builds(lambda seq: calendar_mail(_calendar(_event(uid, sequence=seq))), odd_values),
        st.builds(lambda stamp: calendar_mail(_calendar(_event(uid, stamp=stamp))), odd_stamps),
        st.builds(
            lambda cs, text: calendar_mail(_calendar(_event(uid)) + text, charset=cs), charsets, st.text(max_size=200)
        ),
        st.builds(
            lambda enc: calendar_mail(_calendar(_event(uid)), encoding=enc),
            st.sampled_from(["base64", "quoted-printable", "x-uuencode", "7bit", "bogus"]),
        ),
        st.builds(lambda junk: calendar_mail(_calendar(junk)), st.text(max_size=500)),
        st.builds(
            lambda cs, size, real: exotic_charset(cs, size, uid if real else None),
            st.sampled_from(EXOTIC_CHARSETS),
            st.integers(min_value=1000, max_value=MAX_CALENDAR_BYTES * 2),
            st.booleans(),
        ),
        st.builds(rfc2231_charsets, st.sampled_from(EXOTIC_CHARSETS), st.integers(min_value=1, max_value=250)),
    )


def samples(uid: str) -> dict[str, bytes]:
    """One of each class, for the IMAP poller (a mailbox holds a few, not hundreds)."""
    return {
        "random bytes": bytes(range(256)) * 4,
        "thousands of VEVENTs": many_events(uid, 3000),
        "thousands of ATTENDEEs": many_attendees(uid, 3000),
        "thousands of properties": many_properties(uid, 20000),
        "deep MIME": nested_multiparts(100),  # pymap, the test IMAP server, cannot store much deeper
        "deep message/rfc822": nested_multiparts(100, "message"),
        "a From of 3,000 addresses": long_headers("from", 3000),
        "a Content-Type of 3,000 parameters": long_headers("parameters", 3000),
        "3,000 MIME parts": long_headers("parts", 3000),
        "bad SEQUENCE": calendar_mail(_calendar(_event(uid, sequence="abc"))),
        "bad DTSTAMP": calendar_mail(_calendar(_event(uid, stamp="2027zz"))),
        "unknown charset": calendar_mail(_calendar(_event(uid)) + "\u00e9", charset="x-klingon"),
        "unreadable calendar": calendar_mail("BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\n"),
        "punycode calendar at the size cap": exotic_charset("punycode"),
        # pymap, the test IMAP server, fails on a Content-Type with charset*=punycode''…
        "punycode file names in 190 parts": rfc2231_charsets("punycode", 190, sender="nobody", label=False),
        "oversized": oversized(),
    }
