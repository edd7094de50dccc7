"""One request to a stand-in and the ways to answer it: respond, stream, stall, reset. The stand-ins'
handlers only ever see an Exchange; the threaded server that makes them is in server.py."""

from __future__ import annotations

import select
import socket
import struct
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit


@dataclass
class RecordedRequest:
    """One request as the stand-in saw it. Holds no secret: Authorization is reduced to present/valid."""

    method: str
    path: str
    query: str
    headers: dict[str, str]  # names in lower case; never Authorization or Cookie
    authorization_present: bool
    authorization_valid: bool | None = None  # None: the stand-in did not judge it (e.g. a fault came first)
    body_size: int = 0
    status: int | None = None  # None: no response was sent (connection reset, dropped, stalled)
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None


class ClientGone(Exception):
    """The client closed the connection while the stand-in was answering."""


class Exchange:
    """One request and the ways to answer it. Handlers of the stand-ins only ever see this."""

    def __init__(self, handler: BaseHTTPRequestHandler, record: RecordedRequest, body: bytes,
                 stopping: threading.Event) -> None:
        self._handler = handler
        self.record = record
        self.method = handler.command
        parts = urlsplit(handler.path)
        self.path = parts.path
        self.query = parts.query
        self.headers = handler.headers
        self.body = body
        self.answered = False
        self.stopping = stopping

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    def respond(self, status: int, body: bytes = b"", headers: Iterable[tuple[str, str]] = ()) -> None:
        """Send a complete response with an exact Content-Length."""
        self._start(status, headers, len(body))
        self._write(body)

    def stream(self, status: int, headers: Iterable[tuple[str, str]], chunks: Iterator[bytes], length: int) -> None:
        """Send `length` bytes from `chunks` without holding them in memory; stops early on stop() or hang-up."""
        self._start(status, headers, length)
        for chunk in chunks:
            if self.stopping.is_set():
                self._abandon()
                return
            self._write(chunk)

    def stall(self, status: int, headers: Iterable[tuple[str, str]], length: int, first_bytes: bytes = b"") -> None:
        """Send the headers (and maybe a few bytes), then nothing more until the client leaves or stop()."""
        self._start(status, headers, length)
        self._write(first_bytes)
        self.record.status = None  # the response never completes
        sock = self._handler.connection
        while not self.stopping.wait(0.05):
            readable, _, _ = select.select([sock], [], [], 0)
            if readable and not peek(sock):
                break
        self._abandon()

    def reset(self) -> None:
        """Close the connection with a TCP reset and no response, as a failing load balancer would."""
        sock = self._handler.connection
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        self._abandon()

    def wait(self, seconds: float) -> bool:
        """Sleep `seconds` unless the server stops first; True when it is stopping."""
        return self.stopping.wait(seconds) if seconds > 0 else self.stopping.is_set()

    def _start(self, status: int, headers: Iterable[tuple[str, str]], length: int) -> None:
        if self.answered:
            raise RuntimeError("response already started")
        self.answered = True
        self.record.status = status
        handler = self._handler
        handler.send_response(status)
        for name, value in headers:
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(length))
        handler.end_headers()

    def _write(self, data: bytes) -> None:
        if not data:
            self._flush()
            return
        try:
            self._handler.wfile.write(data)
            self._handler.wfile.flush()
        except OSError as exc:
            self._abandon()
            raise ClientGone from exc

    def _flush(self) -> None:
        try:
            self._handler.wfile.flush()
        except OSError as exc:
            self._abandon()
            raise ClientGone from exc

    def _abandon(self) -> None:
        self.answered = True
        self._handler.close_connection = True
        self._handler.abandoned = True  # type: ignore[attr-defined]
        try:
            self._handler.connection.close()
        except OSError:
            pass


def peek(sock: socket.socket) -> bool:
    """False when the peer has closed the connection."""
    try:
        return bool(sock.recv(1, socket.MSG_PEEK))
    except (BlockingIOError, InterruptedError):
        return True
    except OSError:
        return False
