"""A hostile HTTP/1.1 server on 127.0.0.1: every request gets the answer of one fault mode.

Written on raw sockets, not on http.server, so it can do what a well-behaved server never does: reset a
connection halfway, stall, trickle, send a body with no end, a 2 MB header, or a few KB that inflate to
gigabytes. Each connection carries one request and one answer (Connection: close), so a mode sees every
request the wizard makes, in whatever order it makes them.
"""

from __future__ import annotations

import gzip
import json
import select
import socket
import struct
import threading
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from wizard.core.getconnectors.definitions import ADMINISTRATIONS_CONNECTOR, load_definitions

BASE_PATH = "/ProfitRestServices"
ENVID = "O12345AA"
HUGE_BODY_BYTES = 11 * 1024 * 1024  # just above the token test's 10 MB cap
BOMB_BYTES = 256 * 1024 * 1024  # what a bomb inflates to

Mode = Callable[["Connection", str], None]


class Connection:
    """One accepted socket and the ways a mode can answer on it; every write gives up once the client left."""

    def __init__(self, sock: socket.socket, stopping: threading.Event, headers: dict[str, str] | None = None) -> None:
        self.sock = sock
        self.stopping = stopping
        self.headers = headers or {}  # the request's, names in lower case

    def send(self, data: bytes) -> bool:
        try:
            self.sock.sendall(data)
            return True
        except OSError:
            return False

    def head(self, status: int, headers: Sequence[tuple[str, str | bytes]] = (), reason: str = "X") -> bytes:
        """A response head; header values may be bytes, to send what no well-behaved server would."""
        lines = [f"HTTP/1.1 {status} {reason}".encode(), b"Connection: close"]
        for name, value in headers:
            lines.append(name.encode() + b": " + (value if isinstance(value, bytes) else value.encode()))
        return b"\r\n".join(lines) + b"\r\n\r\n"

    def respond(self, status: int, body: bytes = b"", headers: Sequence[tuple[str, str | bytes]] = (),
                content_type: str = "application/json; charset=utf-8") -> None:
        all_headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *headers]
        self.send(self.head(status, all_headers) + body)

    def json(self, value: Any, status: int = 200) -> None:
        self.respond(status, json.dumps(value).encode())

    def client_gone(self, wait: float) -> bool:
        """Wait up to `wait` seconds; True once the client has closed the connection (or the server stops)."""
        if self.stopping.wait(wait):
            return True
        readable, _, _ = select.select([self.sock], [], [], 0)
        if not readable:
            return False
        try:
            return not self.sock.recv(1, socket.MSG_PEEK)
        except OSError:
            return True

    def reset(self) -> None:
        """Close with a TCP reset, as a failing load balancer does."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()


# -- well-formed answers, for the endpoints a mode does not spoil ----------------------------------------------

@cache
def _definitions() -> dict[str, Any]:
    return {d.external_name: d for d in load_definitions()}


def metainfo(**info: str) -> dict[str, Any]:
    facts = {"envid": ENVID, "appName": "Finstack", "group": "AuthorizationGroup 101 (12345.FINSTACK)",
             "tokenExpiry": "0", **info}
    connectors = [{"id": name, "description": name} for name in _definitions()]
    return {"updateConnectors": [], "getConnectors": connectors, "info": facts}


def good_answer(conn: Connection, endpoint: str) -> None:
    """What AFAS answers for a working App connector, administrations 1;2;3."""
    kind, _, name = endpoint.partition("/")
    if endpoint == "metainfo":
        conn.json(metainfo())
    elif kind == "metainfo" and name.startswith("get/") and name[4:] in _definitions():
        conn.json({"name": name[4:], "fields": [{"id": alias} for alias in _definitions()[name[4:]].aliases]})
    elif kind == "connectors" and name == ADMINISTRATIONS_CONNECTOR:
        conn.json({"skip": 0, "take": 100, "rows": [{"AdministrationId": i} for i in (1, 2, 3)]})
    elif kind == "connectors" and name in _definitions():
        conn.json({"skip": 0, "take": 1, "rows": []})
    else:
        conn.respond(404)


def spoil(matches: Callable[[str], bool], bad: Mode) -> Mode:
    """A mode that answers `bad` where `matches(endpoint)`, and well everywhere else."""
    def mode(conn: Connection, endpoint: str) -> None:
        (bad if matches(endpoint) else good_answer)(conn, endpoint)
    return mode


def send_json_body(raw: bytes, status: int = 200, headers: Sequence[tuple[str, str | bytes]] = ()) -> Mode:
    return lambda conn, endpoint: conn.respond(status, raw, headers)


# -- bombs ---------------------------------------------------------------------------------------------------

@cache
def gzip_bomb() -> bytes:
    """About 250 KB that inflate to 256 MB of zeros."""
    return gzip.compress(bytes(BOMB_BYTES), 9)


@cache
def nested_gzip_bomb() -> bytes:
    """About 1 KB that inflates to the 250 KB bomb, which inflates to 256 MB (Content-Encoding: gzip, gzip)."""
    return gzip.compress(gzip_bomb(), 9)


class HostileServer:
    """Serve `mode` on 127.0.0.1 until stop(). Use as a context manager."""

    def __init__(self, mode: Mode) -> None:
        self.mode = mode
        self.stopping = threading.Event()
        self.endpoints: list[str] = []  # what was asked, in order
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._threads: list[threading.Thread] = []
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}{BASE_PATH}"

    def __enter__(self) -> HostileServer:
        thread = threading.Thread(target=self._accept, name="hostile-accept", daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self._listener.close()
        with self._lock:
            for sock in self._open:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        for thread in list(self._threads):
            thread.join(5)

    def _accept(self) -> None:
        self._listener.settimeout(0.05)  # closing a listener does not wake accept(): poll `stopping` instead
        while not self.stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            sock.settimeout(None)
            thread = threading.Thread(target=self._serve, args=(sock,), name="hostile-conn", daemon=True)
            with self._lock:
                self._open.add(sock)
                self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket) -> None:
        try:
            request = _read_request(sock)
            if request is not None:
                endpoint, headers = request
                with self._lock:
                    self.endpoints.append(endpoint)
                self.mode(Connection(sock, self.stopping, headers), endpoint)
        except OSError:
            pass  # the client went away: that is its right
        finally:
            with self._lock:
                self._open.discard(sock)
            try:
                sock.close()
            except OSError:
                pass


def _read_request(sock: socket.socket) -> tuple[str, dict[str, str]] | None:
    """The path below /ProfitRestServices of the request on `sock` (the query left out), and its headers."""
    sock.settimeout(10)
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = sock.recv(4096)
        if not chunk:
            return None
        data += chunk
    sock.settimeout(None)
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in head[1:])}
    path = head[0].split(" ", 2)[1].split("?", 1)[0]
    return (path[len(BASE_PATH):].strip("/") if path.startswith(BASE_PATH) else path), headers
