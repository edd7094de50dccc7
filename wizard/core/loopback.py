"""The one exception to "only AFAS hosts over verified TLS": a stand-in on this computer, when a test or the
demo passes its address explicitly."""

from __future__ import annotations

from urllib.parse import urlsplit

from wizard.core.messages import Message, UserInputError

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})  # the only hosts plain http may reach


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
