"""The httpx side of a proxy (wizard.core.proxies chooses it): the httpx.Proxy for a choice, and what a failed
request says about the proxy, in words that name it and the setting it came from."""

from __future__ import annotations

import socket
import ssl
from enum import Enum

import httpx
from socksio import ProtocolError as SocksProtocolError

from wizard.core.messages import Message
from wizard.core.proxies import ProxyChoice

_MAX_DETAIL = 200
_GATEWAY_STATUSES = ("502", "503", "504")  # the proxy could not reach the server: no such name, no route, down
# SOCKS5 replies (as httpcore words them) that mean the same: the proxy could not reach the server
_SOCKS_COULD_NOT_REACH = ("General SOCKS server failure", "Network unreachable", "Host unreachable",
                          "Connection refused", "TTL expired")


# A request that got no answer: httpx's errors, and socksio's, which httpcore lets through when a "SOCKS proxy"
# answers something else (an HTTP proxy's port given as socks5://).
NO_ANSWER: tuple[type[Exception], ...] = (httpx.TransportError, SocksProtocolError)


class ProxyTrouble(Enum):
    UNREACHABLE = "proxy_unreachable"  # no connection to the proxy itself (refused, no such name, no answer)
    AUTH = "proxy_auth"  # it wants (other) credentials: 407, or SOCKS user name/password refused
    REFUSED = "proxy_refused"  # it will not connect to that server (403 to CONNECT, a SOCKS rule)
    GATEWAY = "proxy_gateway"  # it tried, and could not reach the server (502/503/504; SOCKS host unreachable)
    PROTOCOL = "proxy_protocol"  # what answers there is no proxy of that kind (a web proxy given as socks5://)


# explanation and fix per trouble, written out so every key can be found in the catalogs
TROUBLE_MESSAGES = {
    ProxyTrouble.UNREACHABLE: ("proxy.failed.unreachable", "proxy.fix.unreachable"),
    ProxyTrouble.AUTH: ("proxy.failed.auth", "proxy.fix.auth"),
    ProxyTrouble.REFUSED: ("proxy.failed.refused", "proxy.fix.refused"),
    ProxyTrouble.GATEWAY: ("proxy.failed.gateway", "proxy.fix.gateway"),
    ProxyTrouble.PROTOCOL: ("proxy.failed.protocol", "proxy.fix.protocol"),
}


def httpx_proxy(choice: ProxyChoice | None, context: ssl.SSLContext) -> httpx.Proxy | None:
    """The httpx.Proxy for `choice` (credentials apart from the address); TLS to an https:// proxy is verified
    like every other connection."""
    if choice is None:
        return None
    auth = (choice.username, choice.password) if choice.username or choice.password else None
    return httpx.Proxy(choice.address, auth=auth, ssl_context=context if choice.scheme == "https" else None)


def is_tls_failure(exc: Exception) -> bool:
    text = str(exc)
    return isinstance(exc.__cause__ or exc.__context__, ssl.SSLError) or "SSL" in text or "CERTIFICATE" in text.upper()


def is_dns_failure(exc: Exception) -> bool:
    return isinstance(exc.__cause__ or exc.__context__, socket.gaierror) or "Name or service not known" in str(exc)


def proxy_trouble(exc: Exception) -> ProxyTrouble | None:
    """What `exc` says about the proxy a request went through; None when it happened beyond the proxy (TLS with
    the server, a reset, a slow answer). With a proxy, the only connection the wizard opens is to the proxy,
    so a failed connect is the proxy's."""
    if isinstance(exc, SocksProtocolError):
        return ProxyTrouble.PROTOCOL
    if isinstance(exc, httpx.ProxyError):
        text = str(exc)
        if text.startswith(("407", "Requested ")) or "username/password" in text:  # "Requested USERNAME/PASSWORD
            return ProxyTrouble.AUTH  # from proxy server, but got NO ACCEPTABLE METHODS": it wants credentials
        if text.startswith(_GATEWAY_STATUSES) or any(reply in text for reply in _SOCKS_COULD_NOT_REACH):
            return ProxyTrouble.GATEWAY
        return ProxyTrouble.REFUSED
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout) and not is_tls_failure(exc):
        return ProxyTrouble.UNREACHABLE
    return None


def proxy_detail(exc: Exception, choice: ProxyChoice) -> str:
    """The failure's own words, short, and without the proxy's credentials should a library ever repeat them."""
    detail = str(exc) or type(exc).__name__
    for secret in (choice.password, choice.username):
        if len(secret) >= 4:
            detail = detail.replace(secret, "***")
    return detail[:_MAX_DETAIL]


def trouble_message(trouble: ProxyTrouble, choice: ProxyChoice, host: str, detail: str) -> tuple[Message, Message]:
    """(explanation, fix) of a proxy failure on the way to `host`."""
    params = {"proxy": choice.address, "source": choice.source, "host": host, "detail": detail}
    explanation, fix = TROUBLE_MESSAGES[trouble]
    return Message(explanation, params), Message(fix, params)
