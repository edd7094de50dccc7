"""Real proxies on 127.0.0.1 for the tests: an HTTP forward proxy (CONNECT tunnels and absolute-form requests)
and a SOCKS5 proxy (CONNECT only; no authentication, or user name and password).

They resolve names from a table the test gives them, never through DNS, so a name that does not exist on this
computer (12345.rest.afas.online) can lead to a local server, and a name missing from the table fails as a
real proxy fails a name it cannot resolve (Squid's 503 ERR_DNS_FAIL; SOCKS reply 4, host unreachable). Each
records what it was asked, with the headers it was sent, so a test can say what went through it and what not.
One asyncio loop in one thread serves every connection.
"""

from __future__ import annotations

import asyncio
import base64
import ipaddress
import socket
import struct
import threading
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

Address = tuple[str, int]
Serve = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@dataclass(frozen=True)
class Seen:
    """One request a proxy received: CONNECT host:port, GET http://…, or SOCKS CONNECT (method "SOCKS")."""

    method: str
    target: str  # host:port, or the absolute URL
    headers: dict[str, str] = field(default_factory=dict)  # names in lower case


class LoopServer:
    """A TCP server on 127.0.0.1 run by an asyncio loop in its own thread."""

    def __init__(self, names: Mapping[str, Address] | None) -> None:
        self.names = dict(names or {})
        self.seen: list[Seen] = []
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"test-{type(self).__name__}", daemon=True)
        self._server: asyncio.Server | None = None

    def __enter__(self) -> LoopServer:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError(f"{type(self).__name__} did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(quietly(self._serve), "127.0.0.1", 0, **self.server_options()))
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()
        self._server.close()
        stop_loop_tasks(self._loop)

    def server_options(self) -> dict[str, object]:
        """More arguments for asyncio.start_server (a TLS server adds its context)."""
        return {}

    def where(self, host: str, port: int) -> Address | None:
        """The table's address for host:port; an IP address stands for itself; None: the name is unknown."""
        try:
            ipaddress.ip_address(host.strip("[]"))
            return host.strip("[]"), port
        except ValueError:
            return self.names.get(f"{host.lower()}:{port}") or self.names.get(host.lower())

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        raise NotImplementedError

    @staticmethod
    async def tunnel(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, address: Address,
                     first: bytes = b"") -> None:
        """Pass bytes both ways between the client and `address` until either side closes."""
        up_reader, up_writer = await asyncio.open_connection(*address)
        up_writer.write(first)

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            try:
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            except OSError:
                pass
            finally:
                sink.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))


class HttpProxy(LoopServer):
    """An HTTP forward proxy. `answer`: a status it gives every request instead (403: it refuses the CONNECT,
    502/503: it fails). `credentials`: (user, password) it wants in Proxy-Authorization, else 407."""

    def __init__(self, names: Mapping[str, Address] | None = None, *, answer: int | None = None,
                 credentials: tuple[str, str] | None = None) -> None:
        super().__init__(names)
        self.answer = answer
        self.credentials = credentials

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError):
            writer.close()
            return
        request_line, *header_lines = head.decode("latin-1").split("\r\n")
        method, target, _ = request_line.split(" ", 2)
        headers = {name.strip().lower(): value.strip() for name, _, value in
                   (line.partition(":") for line in header_lines if line)}
        self.seen.append(Seen(method, target, headers))
        refusal = self._refusal(headers)
        if refusal is not None:
            await self._reply(writer, *refusal)
            return
        if method == "CONNECT":
            host, _, port = target.rpartition(":")
            address = self.where(host, int(port))
            if address is None:  # as Squid answers a name it cannot resolve
                await self._reply(writer, 503, "Service Unavailable", [("X-Squid-Error", "ERR_DNS_FAIL 0")])
                return
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            await self.tunnel(reader, writer, address)
            return
        await self._forward(reader, writer, request_line, header_lines)

    def _refusal(self, headers: dict[str, str]) -> tuple[int, str, list[tuple[str, str]]] | None:
        if self.credentials is not None:
            expected = "Basic " + base64.b64encode(":".join(self.credentials).encode()).decode()
            if headers.get("proxy-authorization") != expected:
                return 407, "Proxy Authentication Required", [("Proxy-Authenticate", 'Basic realm="test"')]
        if self.answer is not None:
            return self.answer, {403: "Forbidden", 502: "Bad Gateway", 503: "Service Unavailable"}.get(
                self.answer, "Refused"), []
        return None

    async def _forward(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request_line: str,
                       header_lines: list[str]) -> None:
        """A plain-HTTP request in absolute form ("GET http://host:port/path"), passed on in origin form."""
        method, target, version = request_line.split(" ", 2)
        parts = urlsplit(target)
        address = self.where(parts.hostname or "", parts.port or 80)
        if address is None:
            await self._reply(writer, 503, "Service Unavailable", [])
            return
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        kept = [line for line in header_lines if line and not line.lower().startswith(("proxy-", "connection:"))]
        first = "\r\n".join([f"{method} {path} {version}", *kept, "Connection: close", "", ""]).encode("latin-1")
        await self.tunnel(reader, writer, address, first)

    @staticmethod
    async def _reply(writer: asyncio.StreamWriter, status: int, reason: str, headers: list[tuple[str, str]]) -> None:
        body = f"{status} {reason}\n".encode()
        lines = [f"HTTP/1.1 {status} {reason}", *(f"{n}: {v}" for n, v in headers),
                 f"Content-Length: {len(body)}", "Connection: close", "", ""]
        writer.write("\r\n".join(lines).encode() + body)
        try:
            await writer.drain()
        finally:
            writer.close()


class Socks5Proxy(LoopServer):
    """A SOCKS5 proxy (RFC 1928), CONNECT only; with `credentials`, user name/password authentication (RFC 1929)
    is required. Records each CONNECT as Seen("SOCKS", "host:port", {"address_type": …, "user": …})."""

    def __init__(self, names: Mapping[str, Address] | None = None, *,
                 credentials: tuple[str, str] | None = None) -> None:
        super().__init__(names)
        self.credentials = credentials

    @property
    def url(self) -> str:
        return f"socks5://127.0.0.1:{self.port}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            user = await self._greet(reader, writer)
            if user is None:
                writer.close()
                return
            version, command, _, address_type = await reader.readexactly(4)
            host = await self._read_host(reader, address_type)
            port = struct.unpack("!H", await reader.readexactly(2))[0]
        except (asyncio.IncompleteReadError, OSError, ValueError):
            writer.close()
            return
        kind = {1: "ipv4", 3: "name", 4: "ipv6"}.get(address_type, "?")
        self.seen.append(Seen("SOCKS", f"{host}:{port}", {"address_type": kind, "user": user}))
        address = self.where(host, port)
        if version != 5 or command != 1 or address is None:
            writer.write(bytes([5, 7 if command != 1 else 4, 0, 1, 0, 0, 0, 0, 0, 0]))  # 7: not supported
            writer.close()
            return
        writer.write(bytes([5, 0, 0, 1]) + socket.inet_aton("127.0.0.1") + struct.pack("!H", self.port))
        await self.tunnel(reader, writer, address)

    async def _greet(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> str | None:
        """The method negotiation (and authentication); the user name ("" without one), None when refused."""
        version, count = await reader.readexactly(2)
        methods = await reader.readexactly(count)
        wanted = 2 if self.credentials else 0
        if version != 5 or wanted not in methods:
            writer.write(bytes([5, 0xFF]))  # no acceptable methods
            return None
        writer.write(bytes([5, wanted]))
        if not self.credentials:
            return ""
        _, user_length = await reader.readexactly(2)
        user = (await reader.readexactly(user_length)).decode()
        password = (await reader.readexactly((await reader.readexactly(1))[0])).decode()
        accepted = (user, password) == self.credentials
        writer.write(bytes([1, 0 if accepted else 1]))
        return user if accepted else None

    @staticmethod
    async def _read_host(reader: asyncio.StreamReader, address_type: int) -> str:
        if address_type == 1:
            return socket.inet_ntop(socket.AF_INET, await reader.readexactly(4))
        if address_type == 4:
            return socket.inet_ntop(socket.AF_INET6, await reader.readexactly(16))
        if address_type == 3:
            return (await reader.readexactly((await reader.readexactly(1))[0])).decode("idna")
        raise ValueError(address_type)


class WebServer(LoopServer):
    """No proxy at all: whatever it is sent, it answers as a web server answers a request it cannot read, and
    closes (what a socks5:// setting meets at a web server's or a web proxy's port)."""

    def __init__(self) -> None:
        super().__init__(None)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.seen.append(Seen("?", ""))
        writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        await writer.drain()
        writer.close()


def quietly(serve: Serve) -> Serve:
    """`serve`, ending without an error when cancelled at shutdown (Python 3.11's stream callback would report
    the cancellation of a connection's task as an error)."""

    async def serving(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await serve(reader, writer)
        except asyncio.CancelledError:
            writer.close()

    return serving


def stop_loop_tasks(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel what still runs on a stopped loop (open tunnels), let it unwind, and close the loop."""
    pending = asyncio.all_tasks(loop)
    for task in pending:
        task.cancel()
    loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    loop.close()


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on: a proxy there refuses every connection."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
