"""A local SMTP server (aiosmtpd) that keeps every mail as an .eml file.

Used by `popflow run` (development: mails appear under var/mail and at /dev/mail)
and by the tests, which talk real SMTP to it. It can be told to refuse mail, to
rehearse a broken mail server.
"""

from __future__ import annotations

import errno
import itertools
import os
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller


class MailSink:
    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.refuse_with: str | None = None  # e.g. "451 try later" or "550 no such user"
        self._counter = itertools.count(1)
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        if self.refuse_with:
            return self.refuse_with
        with self._lock:
            # The pid: two demos side by side may share one mail folder.
            name = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{next(self._counter):05d}.eml"
        target = self.directory / name
        tmp = target.with_suffix(".part")
        tmp.write_bytes(envelope.original_content or envelope.content)
        tmp.rename(target)  # readers never see half a mail
        return "250 Message accepted for delivery"

    def files(self) -> list[Path]:
        return sorted(self.directory.glob("*.eml"))


def start_sink(directory: Path, host: str = "127.0.0.1", port: int = 0) -> tuple[Controller, MailSink]:
    """Start the sink in a thread; port 0 picks a free port (controller.port tells which).
    A given port that is taken raises OSError."""
    sink = MailSink(directory)
    for attempt in range(1 if port else 5):
        controller = Controller(sink, hostname=host, port=port or _free_port(host), ready_timeout=10)
        try:
            controller.start()
            return controller, sink
        except OSError as error:
            # A free port can be taken by another process (a parallel test) before we bind it.
            if port or error.errno != errno.EADDRINUSE or attempt == 4:
                raise
    raise AssertionError("unreachable")


def start_sink_preferring(directory: Path, host: str, port: int) -> tuple[Controller, MailSink]:
    """On `port` if it is free, else on any free port: a second demo beside the first."""
    try:
        return start_sink(directory, host=host, port=port)
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        return start_sink(directory, host=host)


def _free_port(host: str) -> int:
    import socket

    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]
