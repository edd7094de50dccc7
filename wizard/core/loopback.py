"""The one exception to "only AFAS hosts over verified TLS": a stand-in on this computer, when a test or the
demo passes its address explicitly."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from wizard.core.messages import Message, UserInputError

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})  # the only hosts plain http may reach


def is_loopback_host(host: str) -> bool:
    """True for every name and address that stays on this computer: localhost (and *.localhost), 127.0.0.0/8,
    ::1 and 127.x written as an IPv4-mapped IPv6 address. Such traffic never goes through a proxy."""
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name.split("%", 1)[0])  # without an IPv6 zone ("fe80::1%eth0")
    except ValueError:
        return False
    mapped = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else None
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


class LoopbackUrlError(UserInputError):
    """An explicit base URL that is not a usable local stand-in address."""


def is_loopback_url(url: str) -> bool:
    """True for http(s)://127.0.0.1, localhost or [::1], with any port and path."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:  # a broken [IPv6] literal
        return False
    return parts.scheme in ("http", "https") and host in LOOPBACK_HOSTS


def loopback_base_url(url: str) -> str:
    """`url` without a trailing slash, once it is a loopback address with a usable port; else LoopbackUrlError."""
    if not is_loopback_url(url):
        raise LoopbackUrlError(Message("cli.base_url_not_local"))
    try:
        port = urlsplit(url).port  # ValueError for :abc and for :99999
    except ValueError:
        port = 0
    if port == 0:
        raise LoopbackUrlError(Message("cli.base_url_bad_port"))
    return url.rstrip("/")
