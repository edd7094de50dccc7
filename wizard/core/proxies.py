"""Which proxy a request goes through, and where that setting came from.

The wizard decides this itself instead of letting httpx read the environment (trust_env): so that traffic to
this computer is never proxied (a stand-in's requests carry the token, and would leave the computer in clear),
so that an unusable setting becomes a message that names it instead of a crash deep inside httpx, and so that
a proxy failure can say which setting the proxy came from.

The settings, read as urllib.request.getproxies (and so httpx) reads them: the environment variables
HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, lower-case before upper-case, an empty lower-case one
switching the upper-case one off. When none of the proxy variables is set, the operating system's settings:
the Windows registry or macOS's SystemConfiguration, with their own list of exceptions. Proxy auto-config
(PAC/WPAD) scripts are not read. Nothing here looks up a name: a proxy that applies resolves it.
"""

from __future__ import annotations

import fnmatch
import ipaddress
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import SplitResult, unquote, urlsplit

from wizard.core.file_names import shown_name
from wizard.core.loopback import is_loopback_host
from wizard.core.messages import Message, UserInputError

PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")  # what httpx (with socksio) can talk to
DEFAULT_PORTS = {"http": 80, "https": 443, "socks5": 1080, "socks5h": 1080}  # httpx's, made visible
_KINDS = ("https", "http", "all")  # the proxy settings httpx uses; ftp_proxy and the like are not ours
_MAX_SHOWN = 120
_HOSTNAME = re.compile(r"[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?")
_WINDOWS_SETTINGS_KEY = r"Software\Microsoft\Windows\CurrentVersion\Internet Settings"


@dataclass(frozen=True)
class ProxySettings:
    """Everything the choice depends on: the environment variables, and the operating system's proxies in
    urllib's form (scheme → address) with its exception patterns ("<local>", "*.corp.example", "10.0.0.0/8")."""

    environ: Mapping[str, str]
    system: Mapping[str, str] = field(default_factory=dict)
    system_exceptions: tuple[str, ...] = ()

    @classmethod
    def of_this_computer(cls) -> ProxySettings:
        """This computer's settings: the environment, and on Windows and macOS the system settings."""
        environ = dict(os.environ)
        if _environment_proxies(environ).keys() & set(_KINDS):
            return cls(environ)  # urllib reads the system settings only when no variable names a proxy
        if sys.platform == "win32":
            return cls(environ, *_windows_settings())
        if sys.platform == "darwin":
            return cls(environ, *_macos_settings())
        return cls(environ)


@dataclass(frozen=True)
class ProxyChoice:
    """The proxy one request goes through. Its credentials are never part of a text, a repr or a log."""

    scheme: str
    host: str
    port: int
    variable: str | None  # the environment variable it came from; None: the operating system's settings
    username: str = field(default="", repr=False)
    password: str = field(default="", repr=False)

    @property
    def address(self) -> str:
        """scheme://host:port, without credentials: what messages show."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"

    @property
    def source(self) -> Message:
        return source_message(self.variable)


class ProxySettingError(UserInputError):
    """A proxy setting that applies but cannot be used. The message names the setting and shows its value with
    any credentials masked."""

    def __init__(self, variable: str | None, value: str, reason_key: str) -> None:
        super().__init__(Message("proxy.value_invalid", {
            "source": source_message(variable), "value": shown_value(value), "reason": Message(reason_key)}))
        self.variable = variable


def source_message(variable: str | None) -> Message:
    return Message("proxy.source.variable", {"name": variable}) if variable else Message("proxy.source.system")


def shown_value(value: str) -> str:
    """A proxy setting as it may be shown: whatever stands before the last "@" after the scheme (user name and
    password, even when they hold a "/" or "@") becomes ***, control characters are escaped, long ones cut."""
    start = value.find("://")
    start = start + 3 if start >= 0 else 0
    at = value.rfind("@")
    if at >= start:
        value = value[:start] + "***@" + value[at + 1:]
    shown = shown_name(value)
    return shown if len(shown) <= _MAX_SHOWN else shown[:_MAX_SHOWN] + "…"


def proxy_for(url: str, settings: ProxySettings) -> ProxyChoice | None:
    """The proxy a request to `url` goes through, or None to go directly. Never a proxy for this computer's
    own addresses, whatever the settings say. ProxySettingError when the proxy that applies cannot be used."""
    parts = urlsplit(url)
    scheme, host = parts.scheme.lower(), (parts.hostname or "").rstrip(".")
    port = parts.port or DEFAULT_PORTS.get(scheme, 443)
    if is_loopback_host(host):
        return None
    found = _environment_proxies(settings.environ)
    if found.get("no") and _bypassed(host, port, found["no"][1]):
        return None
    proxies = {kind: found[kind] for kind in _KINDS if kind in found}
    if proxies:
        chosen = proxies.get(scheme) or proxies.get("all")
        return _parse(chosen[1], chosen[0]) if chosen else None
    value = settings.system.get(scheme) or settings.system.get("all")
    if not value or any(_exception_matches(host, pattern) for pattern in settings.system_exceptions):
        return None
    return _parse(value, None)


def _environment_proxies(environ: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """kind ("https", "no", …) → (variable, value), exactly as urllib.request.getproxies_environment picks
    them: any case first, then the lower-case ones win, and an empty lower-case one removes the kind."""
    found: dict[str, tuple[str, str]] = {}
    for name, value in environ.items():
        if value and name.lower().endswith("_proxy"):
            found[name.lower()[:-6]] = (name, value)
    for name, value in environ.items():
        if name.endswith("_proxy"):
            if value:
                found[name.lower()[:-6]] = (name, value)
            else:
                found.pop(name.lower()[:-6], None)
    return found


def _parse(value: str, variable: str | None) -> ProxyChoice:
    text = value.strip()
    if "://" not in text:
        text = "http://" + text  # as httpx reads "proxy.example:8080"
    scheme = text.split("://", 1)[0].lower()
    if scheme not in PROXY_SCHEMES:
        raise ProxySettingError(variable, value, "proxy.reason.scheme")
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:  # a broken [IPv6] literal
        raise ProxySettingError(variable, value, "proxy.reason.malformed") from None
    if not host:
        raise ProxySettingError(variable, value, "proxy.reason.no_host")
    if not _usable_host(host):
        raise ProxySettingError(variable, value, "proxy.reason.malformed")
    return ProxyChoice(scheme, host, _port(parts, variable, value), variable,
                       unquote(parts.username or ""), unquote(parts.password or ""))


def _port(parts: SplitResult, variable: str | None, value: str) -> int:
    try:
        port = parts.port
    except ValueError:  # not a number, or above 65535
        port = 0
    if port == 0 or (port is None and parts.netloc.endswith(":")):
        raise ProxySettingError(variable, value, "proxy.reason.port")
    return port or DEFAULT_PORTS[parts.scheme.lower()]


def _usable_host(host: str) -> bool:
    """An IP address, or a host name; digits and dots alone must be an IPv4 address (httpx refuses 300.1.1.1)."""
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        numeric = host.replace(".", "").isdigit()
        return not numeric and host.isascii() and _HOSTNAME.fullmatch(host) is not None


def _bypassed(host: str, port: int, no_proxy: str) -> bool:
    """Whether NO_PROXY sends `host` directly. Entries, comma- or space-separated: "*" (everything), a name
    (itself and every name under it; a leading "." or "*." changes nothing), an IP address or network
    ("10.0.0.0/8"), each optionally with ":port"; a "scheme://" in front is ignored."""
    for entry in re.split(r"[\s,]+", no_proxy.strip().lower()):
        if entry == "*":
            return True
        entry_host, entry_port = _host_and_port(entry.split("://", 1)[-1])
        if not entry_host or (entry_port is not None and entry_port != port):
            continue
        network = _network(entry_host)
        if network is not None:
            if _address_in(host, network):
                return True
            continue
        name = entry_host.lstrip("*").lstrip(".").rstrip(".")
        if name and (host == name or host.endswith("." + name)):
            return True
    return False


def _host_and_port(entry: str) -> tuple[str, int | None]:
    """("host", port) of "host:port", "[::1]:port", "10.0.0.1:port"; a bare IPv6 address has no port."""
    if entry.startswith("["):
        host, _, rest = entry[1:].partition("]")
        return host, int(rest[1:]) if rest[1:].isdigit() else None
    host, colon, port = entry.rpartition(":")
    if colon and host.count(":") == 0 and port.isdigit():
        return host, int(port)
    return entry, None


def _network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None


def _address_in(host: str, network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> bool:
    try:
        return ipaddress.ip_address(host) in network
    except ValueError:  # a name: NO_PROXY's addresses would need a lookup, which is the proxy's job
        return False


def _exception_matches(host: str, pattern: str) -> bool:
    """One entry of the system's exception list: "<local>" (a name without a dot), a glob pattern
    ("*.corp.example", "10.*") or a network, also macOS's short form ("169.254/16")."""
    pattern = pattern.strip().lower().split("://", 1)[-1]
    if pattern == "<local>":
        return "." not in host and ":" not in host
    if "/" in pattern:
        address, _, bits = pattern.partition("/")
        padded = ".".join([*address.split("."), "0", "0", "0"][:4]) if ":" not in address else address
        network = _network(f"{padded}/{bits}")
        return network is not None and _address_in(host, network)
    return bool(pattern) and fnmatch.fnmatchcase(host, pattern)


def _windows_settings() -> tuple[dict[str, str], tuple[str, ...]]:  # pragma: no cover - Windows only
    """Internet Options' proxy (as urllib reads it) and its exception list (ProxyOverride)."""
    import urllib.request
    import winreg  # type: ignore[import-not-found, unused-ignore]

    proxies = urllib.request.getproxies_registry()
    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, _WINDOWS_SETTINGS_KEY) as key:
            override = str(winreg.QueryValueEx(key, "ProxyOverride")[0])
    except OSError:
        override = ""
    return proxies, tuple(part for part in override.split(";") if part.strip())


def _macos_settings() -> tuple[dict[str, str], tuple[str, ...]]:  # pragma: no cover - macOS only
    """System Settings' proxies (as urllib reads them) and their exceptions ("Bypass proxy settings for")."""
    import urllib.request

    try:
        from _scproxy import _get_proxy_settings  # type: ignore[import-not-found, unused-ignore]

        settings = _get_proxy_settings()
    except (ImportError, OSError):
        settings = {}
    exceptions = tuple(str(e) for e in settings.get("exceptions", ()))
    return urllib.request.getproxies_macosx_sysconf(), exceptions + (("<local>",) if settings.get("exclude_simple")
                                                                      else ())
