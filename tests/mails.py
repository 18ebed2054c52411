"""Reading what the SMTP sink received, as a person's mail program would."""

from __future__ import annotations

import email
import email.policy
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import icalendar

LINK = re.compile(r"https?://[^\s\"<>]+/p/[A-Za-z0-9_\-.]+(?:/[a-z]+(?:/[0-9]+)?)?")


@dataclass(frozen=True)
class Mail:
    path: Path
    to: str
    subject: str
    language: str
    message_id: str
    text: str
    html: str
    calendar_raw: bytes | None
    calendar_method_param: str | None
    attachments: tuple[str, ...]

    @property
    def calendar(self) -> icalendar.Calendar | None:
        return icalendar.Calendar.from_ical(self.calendar_raw) if self.calendar_raw else None

    def attachment(self, filename: str) -> bytes:
        msg = email.message_from_bytes(self.path.read_bytes(), policy=email.policy.default)
        found = [p.get_payload(decode=True) for p in msg.walk() if p.is_attachment() and p.get_filename() == filename]
        assert found, f"no attachment {filename!r} in {self.subject!r}"
        return found[0]

    @property
    def link(self) -> str:
        found = LINK.findall(self.text)
        assert found, f"no personal link in {self.subject!r}"
        return found[0]

    @property
    def link_path(self) -> str:
        return "/" + self.link.split("/", 3)[3]

    @property
    def home_path(self) -> str:
        """The person's POP page the link belongs to (/p/<token>), whatever page it opens."""
        return "/".join(self.link_path.split("/")[:3])


def read_mail(path: Path) -> Mail:
    stat = path.stat()
    return _parsed(path, stat.st_ino, stat.st_mtime_ns, stat.st_size)


# The sink writes each mail once, under a name of its own; tests read a folder again and
# again as mail comes in, and parsing with the default policy is what such a test spends
# its time on. The file's inode, time and size are in the key: a file written anew is read anew.
@functools.lru_cache(maxsize=4096)
def _parsed(path: Path, inode: int, mtime_ns: int, size: int) -> Mail:
    msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    calendar = None
    method = None
    for part in msg.walk():
        if part.get_content_type() == "text/calendar":
            calendar = part.get_payload(decode=True)
            method = part.get_param("method")
    attachments = tuple(p.get_filename() for p in msg.walk() if p.is_attachment())
    return Mail(
        path=path,
        to=str(msg["to"]),
        subject=str(msg["subject"]),
        language=str(msg["content-language"]),
        message_id=str(msg["message-id"]),
        text=text,
        html=html,
        calendar_raw=calendar,
        calendar_method_param=method,
        attachments=attachments,
    )


def all_mail(directory: Path) -> list[Mail]:
    return [read_mail(p) for p in sorted(Path(directory).glob("*.eml"))]


def mail_to(directory: Path, address: str) -> list[Mail]:
    return [m for m in all_mail(directory) if address in m.to]
