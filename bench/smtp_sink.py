"""A counting SMTP sink for the benchmarks, run as its own process.

It accepts every mail, keeps nothing but counts (so disk speed is not measured), and
on SIGTERM prints one JSON line: messages, calendar parts, distinct Message-IDs and
the time of the first and last accepted mail. Both P1 and its floor send to it, so
the sink's own cost is in both figures alike.

    python bench/smtp_sink.py PORT
"""

from __future__ import annotations

import asyncio
import json
import re
import signal
import sys
import time

from aiosmtpd.smtp import SMTP

MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


class Counter:
    def __init__(self) -> None:
        self.messages = 0
        self.calendar = 0
        self.ids: set[bytes] = set()
        self.first = self.last = 0.0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        body = envelope.original_content or envelope.content
        now = time.time()
        self.first = self.first or now
        self.last = now
        self.messages += 1
        if b"text/calendar" in body:
            self.calendar += 1
        found = MESSAGE_ID.search(body)
        if found:
            self.ids.add(found.group(1))
        return "250 OK"

    def report(self) -> dict:
        return {
            "messages": self.messages,
            "calendar": self.calendar,
            "distinct_ids": len(self.ids),
            "first": self.first,
            "last": self.last,
        }


def main(port: int) -> None:
    counter = Counter()
    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(
        loop.create_server(
            lambda: SMTP(counter, hostname="bench-sink", enable_SMTPUTF8=True, data_size_limit=None),
            host="127.0.0.1",
            port=port,
        )
    )
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    loop.add_signal_handler(signal.SIGINT, loop.stop)
    print("ready", flush=True)
    loop.run_forever()
    server.close()
    print(json.dumps(counter.report()), flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]))
