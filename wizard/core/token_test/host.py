"""What the first check ("The AFAS server answers") says: the host answered, directly or through which proxy; or
why there was no answer, naming the proxy and the setting it came from when one was in the way."""

from __future__ import annotations

from typing import Any

from wizard.core.afas_client import AfasClient, AfasNetworkError
from wizard.core.messages import Message

# Message keys per failure, written out so every key the code uses can be found in the catalogs.
_HOST_FAILED = {
    "dns": ("tokentest.host.dns", "tokentest.fix.host_dns"),
    "connect": ("tokentest.host.connect", "tokentest.fix.host_connect"),
    "tls": ("tokentest.host.tls", "tokentest.fix.host_tls"),
    "proxy_unreachable": ("proxy.failed.unreachable", "proxy.fix.unreachable"),
    "proxy_auth": ("proxy.failed.auth", "proxy.fix.auth"),
    "proxy_refused": ("proxy.failed.refused", "proxy.fix.refused"),
    "proxy_gateway": ("proxy.failed.gateway", "tokentest.fix.proxy_gateway"),  # also: a wrong environment number
    "proxy_protocol": ("proxy.failed.protocol", "proxy.fix.protocol"),
    "timeout": ("tokentest.host.timeout", "tokentest.fix.host_timeout"),
    "reset": ("tokentest.host.reset", "tokentest.fix.host_reset"),
    # broken off with a proxy in the way: it may be the proxy (an http:// address for a SOCKS proxy, say)
    "reset_via_proxy": ("tokentest.host.reset_proxy", "tokentest.fix.host_reset_proxy"),
}


def host_passed(client: AfasClient) -> Message:
    proxy = client.proxy
    if proxy is None:
        return Message("tokentest.host.passed", {"host": client.host})
    return Message("tokentest.host.passed_proxy", {"host": client.host, "proxy": proxy.address,
                                                   "source": proxy.source})


def host_failed(host: str, number: str, exc: AfasNetworkError) -> tuple[Message, Message]:
    """(explanation, fix) of a request that got no answer."""
    kind = exc.failure.value
    params: dict[str, Any] = {"host": host, "number": number, "detail": exc.detail[:200]}
    if exc.proxy is not None:
        params |= {"proxy": exc.proxy.address, "source": exc.proxy.source}
        kind = "reset_via_proxy" if kind == "reset" else kind
    explanation, fix = _HOST_FAILED[kind]
    return Message(explanation, params), Message(fix, params)
