"""A lean closed-loop HTTP/1.1 load generator: N keep-alive connections over loopback,
each sending its own prepared request again as soon as the answer is in.

Written with asyncio streams and no HTTP library, so on a 2-core machine the client
costs far less CPU than the server it measures (run() reports how much it used).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    set_cookies: list[str]
    body: bytes


@dataclass
class LoadResult:
    requests: int
    seconds: float
    latencies_ms: list[float]
    unexpected: dict[int, int] = field(default_factory=dict)
    client_cpu_share: float = 0.0  # of one core, during the measured window

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None

    async def exchange(self, raw: bytes) -> Response:
        """Send one request; reconnect once if the server had closed the idle connection."""
        for attempt in (0, 1):
            if self.writer is None:
                await self.open()
            try:
                self.writer.write(raw)
                return await self._read()
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    async def _read(self) -> Response:
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers: dict[str, str] = {}
        cookies: list[str] = []
        for line in lines[1:]:
            if not line:
                continue
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                cookies.append(value)
            headers[name] = value
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = await self._read_chunked()
        else:
            body = await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            self.close()
        return Response(status, headers, cookies, body)

    async def _read_chunked(self) -> bytes:
        parts = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)


def request_bytes(
    method: str,
    path: str,
    host: str,
    *,
    body: bytes = b"",
    cookie: str = "",
    content_type: str = "application/x-www-form-urlencoded",
) -> bytes:
    lines = [
        f"{method} {path} HTTP/1.1",
        f"Host: {host}",
        "Connection: keep-alive",
        "Accept-Language: nl",
        "User-Agent: popflow-bench",
    ]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    if method != "GET":
        lines += [f"Content-Type: {content_type}", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


# A client's setup: given its connection, return the request it will repeat.
Setup = Callable[[Connection], Awaitable[bytes]]


async def _client(
    conn: Connection,
    setup: Setup,
    expected: int,
    warm_until: float,
    stop_at: float,
    latencies: list[float],
    unexpected: dict[int, int],
) -> None:
    raw = await setup(conn)
    clock = time.perf_counter
    while True:
        started = clock()
        if started >= stop_at:
            break
        response = await conn.exchange(raw)
        ended = clock()
        if started >= warm_until and ended <= stop_at:
            latencies.append((ended - started) * 1000)
            if response.status != expected:
                unexpected[response.status] = unexpected.get(response.status, 0) + 1
    conn.close()


async def _run(
    host: str,
    port: int,
    setups: list[Setup],
    expected: int,
    warmup: float,
    seconds: float,
    on_measure_start: Callable[[], None] | None,
) -> LoadResult:
    conns = [Connection(host, port) for _ in setups]
    latencies: list[float] = []
    unexpected: dict[int, int] = {}
    start = time.perf_counter()
    warm_until, stop_at = start + warmup, start + warmup + seconds
    tasks = [
        asyncio.create_task(_client(c, s, expected, warm_until, stop_at, latencies, unexpected))
        for c, s in zip(conns, setups, strict=True)
    ]
    await asyncio.sleep(max(0.0, warm_until - time.perf_counter()))
    if on_measure_start:
        on_measure_start()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    await asyncio.gather(*tasks)
    cpu = time.process_time() - cpu0
    wall = time.perf_counter() - wall0
    return LoadResult(len(latencies), seconds, latencies, unexpected, cpu / wall if wall else 0.0)


def run(
    host: str,
    port: int,
    setups: list[Setup],
    *,
    expected: int,
    warmup: float,
    seconds: float,
    on_measure_start: Callable[[], None] | None = None,
) -> LoadResult:
    """Each setup makes one client; requests that start after the warm-up and finish
    before the end count, so every client is busy for the whole measured window."""
    return asyncio.run(_run(host, port, setups, expected, warmup, seconds, on_measure_start))
