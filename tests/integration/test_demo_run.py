"""`popflow run` as a developer uses it: two demos side by side (the second one's mail sink
takes a free port and says which), one access-log line per request without the token of a
personal link, and Ctrl-C stopping everything without a traceback."""

from __future__ import annotations

import os
import re
import signal
import smtplib
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path

from tests.integration.test_cli_beside_run import free_port

SINK_LINE = re.compile(r"Mail goes to the local sink on smtp://127\.0\.0\.1:(\d+)")


class Demo:
    def __init__(self, var: Path, log_path: Path) -> None:
        self.port = free_port()
        self.log_path = log_path
        env = {key: value for key, value in os.environ.items() if key not in ("SMTP_URL", "DATABASE_URL", "BASE_URL")}
        env.update(POPFLOW_VAR=str(var), PORT=str(self.port), PYTHONUNBUFFERED="1")
        with open(log_path, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "popflow.cli", "run"], env=env, stdout=log, stderr=subprocess.STDOUT
            )

    @property
    def output(self) -> str:
        return self.log_path.read_text()

    def wait_until_serving(self, timeout: float = 60) -> int:
        """The demo's mail sink port, once the web app answers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"popflow run ended:\n{self.output}"
            found = SINK_LINE.search(self.output)
            if found and self.get("/healthz")[0] == 200:
                return int(found.group(1))
            time.sleep(0.2)
        raise AssertionError(f"popflow run did not start:\n{self.output}")

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, ""
        except OSError:
            return 0, ""

    def interrupt(self) -> int:
        """Ctrl-C: the exit code, once the process has ended."""
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=30)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@contextmanager
def demos(tmp_path: Path, count: int):
    """`count` demos started at once on one ./var, as `PORT=… make run` twice in one checkout."""
    started = [Demo(tmp_path / "var", tmp_path / f"run{n}.log") for n in range(count)]
    try:
        yield started
    finally:
        for demo in started:
            demo.kill()


def _send_mail(port: int, to: str) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "test@popflow.test", to, "side by side"
    message.set_content("hallo")
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        smtp.send_message(message)


def test_two_demos_side_by_side_each_have_a_mail_sink_and_say_where(tmp_path):
    with demos(tmp_path, 2) as (first, second):
        ports = [first.wait_until_serving(), second.wait_until_serving()]
        assert ports[0] != ports[1], "both demos' mail sinks say the same port"
        assert all(demo.get("/hr/login")[0] == 200 for demo in (first, second))
        for port in ports:
            _send_mail(port, f"to-{port}@popflow.test")
        mail_dir = tmp_path / "var" / "mail"
        deadline = time.monotonic() + 10
        while len(list(mail_dir.glob("*.eml"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        kept = sorted(path.read_text() for path in mail_dir.glob("*.eml"))
        assert len(kept) == 2 and all(f"to-{port}@popflow.test" in "".join(kept) for port in ports)


def test_each_request_is_one_log_line_without_the_token_and_ctrl_c_stops_cleanly(tmp_path):
    token = "Zx9SecretLinkToken4242"
    with demos(tmp_path, 1) as (demo,):
        demo.wait_until_serving()
        # A first page of a demo started beside the whole suite can take seconds: waited for.
        assert demo.get(f"/p/{token}")[0] == 404
        assert demo.get("/hr/login?next=/hr")[0] == 200
        deadline = time.monotonic() + 10
        # The line is written once the response is out, so it may follow the client's read.
        while (
            demo.output.count("popflow.access: GET /p") + demo.output.count("GET /hr/login") < 2
            and time.monotonic() < deadline
        ):
            time.sleep(0.1)
        assert re.search(r"popflow\.access: GET /p/\*\*\* 404 \d+ ms", demo.output), demo.output
        assert re.search(r"popflow\.access: GET /hr/login\?next=/hr 200 \d+ ms", demo.output), demo.output
        assert token not in demo.output

        code = demo.interrupt()
        assert code in (0, 130), f"exit code {code}:\n{demo.output}"
        assert "Traceback" not in demo.output, demo.output
        assert "popflow stopped." in demo.output
