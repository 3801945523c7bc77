"""A small HTTP/1.1 keep-alive client on asyncio streams: the load generator's wire.

Why not a library: the load generator shares this 2-core machine with the system under
test, so every cycle it spends is taken from the servers. This client does only what the
benchmark needs (Content-Length and chunked bodies, keep-alive, a bounded pool) and
nothing else, and it adds no dependency.

gunicorn closes a keep-alive connection after ``keepalive`` seconds of idleness (2 s by
default). A connection idle for longer than ``MAX_IDLE_SECONDS`` is replaced before use;
if a reused connection is found closed before any byte of the answer arrived, the
request is sent once more on a fresh one (nothing was processed: the server closes idle
connections only between requests).
"""

from __future__ import annotations

import asyncio
import json as jsonlib
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_IDLE_SECONDS = 1.5


class HttpError(Exception):
    """The request did not get an answer (connection refused or reset, timeout, bad framing)."""


@dataclass
class Response:
    status: int
    body: bytes
    keep_alive: bool = True

    def json(self):
        return jsonlib.loads(self.body) if self.body else None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class Connection:
    def __init__(self, host: str, port: int):
        self.host = host
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.used = 0
        self.last_used = 0.0

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port, limit=2 ** 22)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None

    async def exchange(self, request: bytes) -> Response:
        assert self.reader is not None and self.writer is not None
        self.writer.write(request)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
            raise HttpError(f"bad status line {lines[0]!r}")
        status = int(parts[1])
        length = -1
        chunked = False
        keep_alive = parts[0] == "HTTP/1.1"
        for line in lines[1:]:
            if not line:
                continue
            name, _, value = line.partition(":")
            name = name.strip().lower()
            value = value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif name == "connection":
                keep_alive = value.lower() != "close"
        if chunked:
            body = bytearray()
            while True:
                size_line = await self.reader.readuntil(b"\r\n")
                size = int(size_line.split(b";", 1)[0].strip(), 16)
                if size == 0:
                    await self.reader.readuntil(b"\r\n")  # trailers (none) and the last CRLF
                    break
                body += await self.reader.readexactly(size)
                await self.reader.readexactly(2)
            data = bytes(body)
        elif length >= 0:
            data = await self.reader.readexactly(length) if length else b""
        else:
            data = await self.reader.read()  # until the server closes
            keep_alive = False
        self.used += 1
        self.last_used = time.monotonic()
        return Response(status, data, keep_alive)


class Client:
    """A pool of at most ``max_connections`` keep-alive connections to one server."""

    def __init__(self, base_url: str, max_connections: int = 64, timeout: float = 10.0):
        split = urlsplit(base_url)
        self.host = split.hostname or "127.0.0.1"
        self.port = split.port or 80
        self.host_header = f"{self.host}:{self.port}"
        self.timeout = timeout
        self.max_connections = max_connections
        self._idle: list[Connection] = []
        self._slots = asyncio.Semaphore(max_connections)
        self.opened = 0

    def _render(self, method: str, path: str, headers: dict[str, str] | None, body: bytes | None) -> bytes:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host_header}", "Accept: application/json"]
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        if body is not None:
            lines.append("Content-Type: application/json")
            lines.append(f"Content-Length: {len(body)}")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        return head + body if body else head

    async def _connection(self) -> Connection:
        now = time.monotonic()
        while self._idle:
            conn = self._idle.pop()
            if now - conn.last_used < MAX_IDLE_SECONDS:
                return conn
            conn.close()
        conn = Connection(self.host, self.port)
        await conn.open()
        self.opened += 1
        return conn

    async def request(self, method: str, path: str, *, headers: dict[str, str] | None = None,
                      json=None) -> Response:
        body = jsonlib.dumps(json, separators=(",", ":")).encode() if json is not None else None
        raw = self._render(method, path, headers, body)
        async with self._slots:
            try:
                return await asyncio.wait_for(self._send(raw), self.timeout)
            except TimeoutError:
                raise HttpError(f"timeout after {self.timeout}s") from None

    async def _send(self, raw: bytes) -> Response:
        for attempt in (1, 2):
            conn = await self._connection()
            reused = conn.used > 0
            try:
                response = await conn.exchange(raw)
            except (ConnectionError, asyncio.IncompleteReadError, OSError) as error:
                conn.close()
                # Closed while idle, before the request reached the application: send again once.
                nothing_read = isinstance(error, ConnectionError) or (
                    isinstance(error, asyncio.IncompleteReadError) and not error.partial)
                if attempt == 1 and reused and nothing_read:
                    continue
                raise HttpError(f"{type(error).__name__}: {error}") from None
            except BaseException:
                conn.close()
                raise
            if response.keep_alive:
                self._idle.append(conn)
            else:
                conn.close()
            return response
        raise HttpError("unreachable")

    async def close(self) -> None:
        for conn in self._idle:
            conn.close()
        self._idle.clear()
