"""A small threaded HTTP server on 127.0.0.1 that the stand-ins share: start/stop from Python, record requests
without secrets, count concurrency, and inject network faults (reset, stall, streamed bodies).

Stopping must be quick and leak no threads even while a response is stalled or streaming: every wait checks
`stopping`, and stop() shuts down the sockets of open connections so blocked reads return at once.
"""

from __future__ import annotations

import selectors
import socket
import socketserver
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self
from urllib.parse import urlsplit

from wizard.standins.exchange import ClientGone, Exchange, RecordedRequest

LOCALHOST = "127.0.0.1"
_SECRET_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})
_MAX_BODY = 10 * 1024 * 1024  # request bodies the stand-ins accept; larger ones are refused with 413


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like the real services
    timeout = 30  # an idle keep-alive connection does not hold a thread for ever
    server_version = "Standin"
    sys_version = ""
    server: _Server
    abandoned = False

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; without NODELAY, Nagle + delayed ACK add ~40 ms each.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def __getattr__(self, name: str) -> object:
        # do_GET, do_POST, ... all go to one dispatcher; the stand-in decides what a method means.
        if name.startswith("do_"):
            return self._dispatch
        raise AttributeError(name)

    def _dispatch(self) -> None:
        owner = self.server.owner
        headers = {k.lower(): v for k, v in self.headers.items() if k.lower() not in _SECRET_HEADERS}
        parts = urlsplit(self.path)
        record = RecordedRequest(
            method=self.command, path=parts.path, query=parts.query, headers=headers,
            authorization_present="Authorization" in self.headers,
        )
        owner._begin(record)
        try:
            body = self._read_body(record)
            if body is None:
                return
            exchange = Exchange(self, record, body, self.server.stopping)
            try:
                owner.handle(exchange)
                if not exchange.answered:
                    exchange.respond(500)
            except ClientGone:
                pass
            except Exception as exc:
                owner._note_error(exc)
                if not exchange.answered:
                    exchange.respond(500)
        finally:
            owner._end(record)

    def _read_body(self, record: RecordedRequest) -> bytes | None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > _MAX_BODY:
            record.status = 413 if length > 0 else 400
            self.send_response(record.status)
            self.send_header("Content-Length", "0")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            return None
        record.body_size = length
        return self.rfile.read(length) if length else b""

    def finish(self) -> None:
        if self.abandoned:
            return
        try:
            super().finish()
        except OSError:
            pass

    def log_message(self, format: str, *args: object) -> None:
        """Silent: request lines could carry data, and tests want quiet output."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # StandinServer.stop() joins the handler threads itself, with a deadline
    allow_reuse_address = True
    request_queue_size = 128  # the default 5 makes bursts of parallel connects wait for SYN retries

    def __init__(self, owner: StandinServer) -> None:
        self.owner = owner
        self.stopping = threading.Event()
        self.connections: set[socket.socket] = set()
        self.handler_threads: set[threading.Thread] = set()
        self.lock = threading.Lock()
        super().__init__((LOCALHOST, 0), _Handler)
        self._wake_reader, self._wake_writer = socket.socketpair()

    def accept_loop(self) -> None:
        """Like serve_forever, but woken at once by stop() instead of polling every half second."""
        with selectors.DefaultSelector() as selector:
            selector.register(self.socket, selectors.EVENT_READ)
            selector.register(self._wake_reader, selectors.EVENT_READ)
            while not self.stopping.is_set():
                for key, _ in selector.select():
                    if key.fileobj is self.socket and not self.stopping.is_set():
                        self._handle_request_noblock()

    def wake(self) -> None:
        self._wake_writer.send(b"x")

    def server_close(self) -> None:
        super().server_close()
        self._wake_reader.close()
        self._wake_writer.close()

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls getfqdn(), a reverse DNS lookup that can take seconds; skip it.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def process_request(self, request: socket.socket, client_address: tuple[str, int]) -> None:  # type: ignore[override]
        thread = threading.Thread(
            target=self._serve_connection, args=(request, client_address),
            name=f"{self.owner.name}-connection", daemon=True,
        )
        with self.lock:
            self.connections.add(request)
            self.handler_threads.add(thread)
        thread.start()

    def _serve_connection(self, request: socket.socket, client_address: tuple[str, int]) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            with self.lock:
                self.connections.discard(request)
                self.handler_threads.discard(threading.current_thread())

    def handle_error(self, request: object, client_address: object) -> None:
        """Client hang-ups are normal for a stand-in; anything else is kept for the tests to see."""
        exc = sys.exc_info()[1]
        if exc is not None and not isinstance(exc, OSError):
            self.owner._note_error(exc)


class StandinServer:
    """Base of the stand-ins. Subclasses implement handle(exchange) and may set `base_path`."""

    name = "standin"
    base_path = ""

    def __init__(self) -> None:
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Condition()
        self._requests: list[RecordedRequest] = []
        self._in_flight = 0
        self._max_in_flight = 0
        self.errors: list[BaseException] = []  # unexpected exceptions inside the stand-in; tests assert empty

    # -- lifecycle -------------------------------------------------------------------------------------------
    def start(self) -> Self:
        """Bind a free port on 127.0.0.1 and return once it accepts connections."""
        if self._server is not None:
            raise RuntimeError(f"{self.name} is already running")
        self._server = _Server(self)
        self._thread = threading.Thread(target=self._server.accept_loop, name=f"{self.name}-accept", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Shut down, cut open connections (stalled ones too) and join every thread, within `timeout`."""
        server, self._server = self._server, None
        if server is None:
            return
        server.stopping.set()
        server.wake()
        deadline = time.monotonic() + timeout
        if self._thread is not None:
            self._thread.join(max(0.0, deadline - time.monotonic()))
        with server.lock:
            connections = list(server.connections)
            threads = list(server.handler_threads)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        server.server_close()
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    @property
    def running(self) -> bool:
        return self._server is not None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- addresses ---------------------------------------------------------------------------------------------
    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError(f"{self.name} is not running")
        return int(self._server.server_address[1])

    @property
    def root_url(self) -> str:
        return f"http://{LOCALHOST}:{self.port}"

    @property
    def base_url(self) -> str:
        return self.root_url + self.base_path

    # -- recording ---------------------------------------------------------------------------------------------
    @property
    def requests(self) -> list[RecordedRequest]:
        """A copy of every request received so far, oldest first (see wait_idle)."""
        with self._lock:
            return list(self._requests)

    @property
    def in_flight(self) -> int:
        with self._lock:
            return self._in_flight

    @property
    def max_in_flight(self) -> int:
        """The most requests that were being handled at the same moment."""
        with self._lock:
            return self._max_in_flight

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()
            self._max_in_flight = self._in_flight

    def _begin(self, record: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(record)
            self._in_flight += 1
            self._max_in_flight = max(self._max_in_flight, self._in_flight)

    def _end(self, record: RecordedRequest) -> None:
        with self._lock:
            self._in_flight -= 1
            record.finished = time.monotonic()
            self._lock.notify_all()

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until no request is being handled. A client has its response a moment before the handler ends,
        so tests call this before reading `requests` or `in_flight`."""
        with self._lock:
            return self._lock.wait_for(lambda: self._in_flight == 0, timeout)

    def _note_error(self, exc: BaseException) -> None:
        with self._lock:
            self.errors.append(exc)

    # -- to implement ------------------------------------------------------------------------------------------
    def handle(self, exchange: Exchange) -> None:
        raise NotImplementedError
