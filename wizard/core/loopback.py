"""The one exception to "only AFAS hosts over verified TLS": a stand-in on this computer, when a test or the
demo passes its address explicitly."""

from __future__ import annotations

from urllib.parse import urlsplit

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})  # the only hosts plain http may reach


def is_loopback_url(url: str) -> bool:
    """True for http(s)://127.0.0.1, localhost or [::1], with any port and path."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and (parts.hostname or "") in LOOPBACK_HOSTS
