"""A small client for AFAS Profit's REST API: only AFAS hosts, verified TLS, at most 8 requests in flight.

TLS is verified against the operating system's trust store (truststore), so corporate networks that
inspect TLS with their own root certificate work. Plain http is allowed only to a loopback stand-in
whose base URL the caller passes explicitly (tests and the demo mode). The proxy, if any, is the one
wizard.core.proxies chooses (never for a loopback stand-in); through a proxy the host is not looked up here.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
import truststore

from wizard import __version__
from wizard.core.bounded_decoding import BodyTooLarge, BoundedBody, ByteBudget, UnreadableEncoding
from wizard.core.environment import AfasEnvironment
from wizard.core.loopback import LOOPBACK_HOSTS, LoopbackUrlError, loopback_base_url
from wizard.core.messages import Language, Message, text
from wizard.core.proxies import ProxyChoice, ProxySettings, proxy_for
from wizard.core.proxy_transport import (
    NO_ANSWER,
    httpx_proxy,
    is_dns_failure,
    is_tls_failure,
    proxy_detail,
    proxy_trouble,
)
from wizard.core.redact import SEEN_SECRETS
from wizard.core.token import AfasToken

MAX_IN_FLIGHT = 8  # "A maximum of 8 parallel calls are allowed" (AFAS troubleshooting)
DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=30.0, write=10.0, pool=60.0)
MAX_BODY_BYTES = 75 * 1024 * 1024  # AFAS's own limit for one call
RESET_RETRY_PAUSE = 0.5
MAX_JSON_VALUES = 200_000  # the answers the wizard reads have a few thousand; parsing more costs far more memory
MAX_RETRY_AFTER_DIGITS = 9  # seconds; AFAS's example is 7200, and 10⁹ s is already 31 years
_SECONDS = re.compile(rf"[0-9]{{1,{MAX_RETRY_AFTER_DIGITS}}}")  # ASCII digits (fullmatch): "²".isdigit() is True
_LENGTH = re.compile(r"[0-9]{1,18}")
Parsed = TypeVar("Parsed")


class NetworkFailure(Enum):
    DNS = "dns"
    CONNECT = "connect"
    TLS = "tls"
    PROXY_UNREACHABLE = "proxy_unreachable"  # the values of proxy_transport.ProxyTrouble
    PROXY_AUTH = "proxy_auth"
    PROXY_REFUSED = "proxy_refused"
    PROXY_GATEWAY = "proxy_gateway"
    PROXY_PROTOCOL = "proxy_protocol"
    TIMEOUT = "timeout"
    RESET = "reset"


class AfasError(Exception):
    """Base of everything the client raises. Texts never contain the token: what AFAS said is redacted first."""


class AfasNetworkError(AfasError):
    """No answer from AFAS. `proxy`: the proxy the request went through (for the PROXY_* failures, its fault)."""

    def __init__(self, failure: NetworkFailure, detail: str, proxy: ProxyChoice | None = None) -> None:
        super().__init__(f"{failure.value}: {detail}")
        self.failure = failure
        self.detail = detail
        self.proxy = proxy


@dataclass(frozen=True)
class AfasHttpError(AfasError):
    status: int
    external_message: str = ""
    profit_log_reference: str = ""
    retry_after: int | None = None

    def __str__(self) -> str:
        return f"HTTP {self.status} {self.external_message}".strip()


class AfasBadResponse(AfasError):
    """An answer that is not what AFAS documents. `reason`: too_large, malformed_json (not JSON at all) or
    not_understood (JSON, but not the shape the wizard reads; an unknown encoding). `status` and `endpoint`
    (the path below the base URL) say which answer it was."""

    def __init__(self, reason: str, status: int | None = None, endpoint: str = "") -> None:
        super().__init__(f"{reason}: HTTP {status} {endpoint}".strip())
        self.reason = reason
        self.status = status
        self.endpoint = endpoint


class AnswerShapeError(Exception):
    """Raised by a reader given to get_json: the JSON is not the shape it reads. Becomes AfasBadResponse."""


class BaseUrlError(LoopbackUrlError):
    """An explicit base URL that is not a local stand-in: requests go only to AFAS hosts."""


def check_base_url(environment: AfasEnvironment, base_url: str | None) -> str:
    """The URL requests go to: the environment's AFAS host, or an explicitly given loopback stand-in."""
    if base_url is None:
        return environment.base_url
    checked = loopback_base_url(base_url)
    try:
        httpx.URL(checked + "/metainfo")
    except httpx.InvalidURL:  # e.g. control characters in the path, which urlsplit lets through
        raise BaseUrlError(Message("cli.base_url_invalid")) from None
    return checked


def tls_context() -> ssl.SSLContext:
    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2  # AFAS requires TLS 1.2 or newer
    return context


def _retry_after(response: httpx.Response, info: dict[str, Any]) -> int | None:
    """Seconds to wait: the body's retry_after (AFAS's 503), else the Retry-After header; sane sizes only."""
    value = info.get("retry_after")
    if value is not None:
        if type(value) is not int or not 0 <= value < 10**MAX_RETRY_AFTER_DIGITS:  # bool is no int here
            raise AnswerShapeError
        return value
    header = response.headers.get("Retry-After")
    if header is None:
        return None
    if not _SECONDS.fullmatch(header.strip()):  # also refuses an HTTP date, which AFAS does not send
        raise AnswerShapeError
    return int(header.strip())


def _text(info: dict[str, Any], key: str) -> str:
    """A text field of an error body: a string, or absent/null (then "")."""
    value = info.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise AnswerShapeError
    return value


def _profit_error_header(response: httpx.Response) -> str:
    """The obsolete X-Profit-Error header (Base64), used only when the body says nothing."""
    raw = response.headers.get("X-Profit-Error", "")
    try:
        return base64.b64decode(raw).decode("utf-8", "replace").strip() if raw else ""
    except ValueError:
        return ""


def _classify(exc: Exception, proxy: ProxyChoice | None) -> AfasNetworkError:
    text = f"{type(exc).__name__}: {exc}"
    trouble = proxy_trouble(exc) if proxy is not None else None
    if proxy is not None and trouble is not None:
        return AfasNetworkError(NetworkFailure(trouble.value), proxy_detail(exc, proxy), proxy)
    if isinstance(exc, httpx.TimeoutException):
        return AfasNetworkError(NetworkFailure.TIMEOUT, text, proxy)
    if is_tls_failure(exc):
        return AfasNetworkError(NetworkFailure.TLS, text, proxy)
    if is_dns_failure(exc):
        return AfasNetworkError(NetworkFailure.DNS, text)
    if isinstance(exc, httpx.ConnectError):
        return AfasNetworkError(NetworkFailure.CONNECT, text, proxy)
    return AfasNetworkError(NetworkFailure.RESET, text, proxy)


class AfasClient:
    """Async client for one environment and token. Use as `async with AfasClient(...) as client`."""

    def __init__(
        self,
        environment: AfasEnvironment,
        token: AfasToken,
        *,
        base_url: str | None = None,
        language: Language = "en",
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        max_body_bytes: int = MAX_BODY_BYTES,
        proxy_settings: ProxySettings | None = None,
    ) -> None:
        """ProxySettingError (a UserInputError) when the proxy setting that applies cannot be used."""
        self.environment = environment
        self.base_url = check_base_url(environment, base_url)
        self.proxy = proxy_for(self.base_url, proxy_settings or ProxySettings.of_this_computer())
        self.max_body_bytes = max_body_bytes
        self._semaphore = asyncio.Semaphore(MAX_IN_FLIGHT)
        self._budget = ByteBudget(2 * max_body_bytes)  # for all answers in flight together
        # A server may echo the Authorization header in its error text: every text that leaves the client is
        # redacted with this first (and the log's filter learns the token).
        self.redact = SEEN_SECRETS.remember_token(token.reveal())
        headers = {
            "Authorization": token.authorization_header(),
            "Accept": "application/json",
            "Accept-Encoding": "gzip, deflate",  # what bounded_decoding reads; no br or zstd
            "Accept-Language": text("tokentest.accept_language", language),  # AFAS's texts in the user's language
            "User-Agent": f"finstack-afas-wizard/{__version__}",
        }
        context = tls_context()
        self._http = httpx.AsyncClient(
            headers=headers,
            timeout=timeout,
            verify=context,
            trust_env=False,  # the proxy is chosen above, from the same settings httpx would read
            proxy=httpx_proxy(self.proxy, context),
            limits=httpx.Limits(max_connections=MAX_IN_FLIGHT, max_keepalive_connections=MAX_IN_FLIGHT),
            follow_redirects=False,  # a redirect would leave the AFAS host the user chose
        )

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    async def __aenter__(self) -> AfasClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def resolve_host(self) -> None:
        """DNS lookup of the AFAS host, so a wrong environment number is named as such. Not through a proxy:
        on many company networks only the proxy can resolve outside names."""
        if self.host in LOOPBACK_HOSTS or self.proxy is not None:
            return
        try:
            await asyncio.get_running_loop().getaddrinfo(self.host, 443, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise AfasNetworkError(NetworkFailure.DNS, str(exc)) from None

    async def get_json(self, path: str, params: dict[str, str | int] | None = None,
                       read: Callable[[Any], Parsed] | None = None) -> Parsed | Any:
        """GET base_url/path and return the decoded JSON (through `read`, which checks its shape), or raise a
        typed AfasError.

        A connection reset is retried once after a short pause (AFAS advises backing off, and resets happen
        a few times a month in the field); timeouts are not retried, AFAS keeps working after one.
        """
        for attempt in (1, 2):
            try:
                return await self._get_once(path.lstrip("/"), params, read)
            except AfasNetworkError as exc:
                if exc.failure is not NetworkFailure.RESET or attempt == 2:
                    raise
                await asyncio.sleep(RESET_RETRY_PAUSE)
        raise AssertionError("unreachable")

    async def _get_once(self, path: str, params: dict[str, str | int] | None,
                        read: Callable[[Any], Parsed] | None) -> Parsed | Any:
        async with self._semaphore:
            try:
                async with self._http.stream("GET", f"{self.base_url}/{path}", params=params) as resp:
                    body = await self._read_body(resp, path)
            except NO_ANSWER as exc:
                failure = _classify(exc, self.proxy)  # a server's or a proxy's text may echo the header: redacted
                raise AfasNetworkError(failure.failure, self.redact(failure.detail), failure.proxy) from None
        try:
            return self._decode(resp, body.body(), path, read)
        except AnswerShapeError:
            raise AfasBadResponse("not_understood", resp.status_code, path) from None
        finally:
            body.release()

    async def _read_body(self, response: httpx.Response, path: str) -> BoundedBody:
        """The decoded body, never more than max_body_bytes at any stage: raw bytes are decoded here, layer by
        layer and piece by piece (httpx would inflate each chunk whole before we could count it)."""
        declared = response.headers.get("Content-Length", "").strip()
        if _LENGTH.fullmatch(declared) and int(declared) > self.max_body_bytes:
            raise AfasBadResponse("too_large", response.status_code, path)
        body, complete = None, False
        try:
            body = BoundedBody(response.headers.get_list("Content-Encoding", split_commas=True), self.max_body_bytes,
                               self._budget)
            async for chunk in response.aiter_raw():
                body.feed(chunk)
            complete = True
        except BodyTooLarge:
            raise AfasBadResponse("too_large", response.status_code, path) from None
        except UnreadableEncoding:
            raise AfasBadResponse("not_understood", response.status_code, path) from None
        finally:
            if body is not None and not complete:
                body.release()  # it failed half-way (also on a broken connection or a cancel)
        return body

    def _decode(self, response: httpx.Response, body: bytes, path: str,
                read: Callable[[Any], Parsed] | None) -> Parsed | Any:
        status = response.status_code
        parsed: Any = None
        if body.count(b",") + body.count(b"{") + body.count(b"[") > MAX_JSON_VALUES:
            raise AnswerShapeError  # parsed, millions of tiny values would take many times the body's size
        if body.strip():
            try:
                parsed = json.loads(body)
            except ValueError:
                if status == 200:
                    raise AfasBadResponse("malformed_json", status, path) from None
            except RecursionError:  # nested deeper than Python's JSON reader goes
                raise AnswerShapeError from None
        if status == 200:
            if not body.strip():
                raise AfasBadResponse("malformed_json", status, path)
            return read(parsed) if read is not None else parsed  # JSON null is not understood by any reader
        info = parsed if isinstance(parsed, dict) else {}
        message = _text(info, "externalMessage") or _profit_error_header(response)
        if not message and isinstance(info.get("error"), dict):
            message = _text(info["error"], "message")
        raise AfasHttpError(status, self.redact(message)[:500], self.redact(_text(info, "profitLogReference"))[:64],
                            _retry_after(response, info))
