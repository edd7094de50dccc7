"""Which keyring backend the wizard keeps a secret in, per operating system, and which it refuses.

The rule, by backend class (keyring picks one by priority, PYTHON_KEYRING_BACKEND or keyringrc.cfg; the wizard
then judges what was picked):

- Windows: the Credential Manager (keyring.backends.Windows.WinVaultKeyring).
- macOS: the Keychain (keyring.backends.macOS.Keyring).
- Linux and other freedesktop systems: the Secret Service (GNOME Keyring, KeePassXC, KDE Wallet 5.97+), through
  SecretStorage or libsecret, and KDE Wallet itself (encrypted, unlocked with the login, the KDE desktop's own
  store).
- Refused: backends that store nothing (null, fail); backends that keep secrets in a file of their own, plain or
  encrypted with a password typed on a console (keyrings.alt, keyrings.cryptfile) instead of the system's store.
- A chain of backends (keyring's ChainerBackend, chosen when several are installed) is never used as a whole:
  it would read from and fall back to every member. The wizard uses this system's own store among its members,
  else another acceptable member, and refuses the chain when every member is refused.
- Any other backend (a third-party store keyring was set up to use) is used and named by its class.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import keyring.backend

OS_STORES: dict[str, frozenset[str]] = {
    "windows": frozenset({"keyring.backends.Windows.WinVaultKeyring"}),
    "macos": frozenset({"keyring.backends.macOS.Keyring"}),
    "linux": frozenset({
        "keyring.backends.SecretService.Keyring",
        "keyring.backends.libsecret.Keyring",
        "keyring.backends.kwallet.DBusKeyring",
        "keyring.backends.kwallet.DBusKeyringKWallet4",
    }),
}
NO_STORES = frozenset({"keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"})
FILE_STORE_PACKAGES = ("keyrings.alt", "keyrings.cryptfile")


class Verdict(Enum):
    OS_STORE = "os_store"  # this system's own password store: used
    OTHER = "other"  # a store keyring was set up to use that the wizard does not know: used, named by class
    NO_STORE = "no_store"  # stores nothing: refused
    FILE_STORE = "file_store"  # a file of its own, not the system's store: refused

    @property
    def refused(self) -> bool:
        return self in (Verdict.NO_STORE, Verdict.FILE_STORE)


@dataclass(frozen=True)
class BackendChoice:
    """What keyring picked (`configured`), what the wizard talks to (`used`, None when refused) and why."""

    configured: keyring.backend.KeyringBackend
    used: keyring.backend.KeyringBackend | None
    verdict: Verdict
    refused_names: tuple[str, ...] = ()  # the refused backends, for the message

    @property
    def configured_name(self) -> str:
        return backend_name(self.configured)

    @property
    def used_name(self) -> str:
        return backend_name(self.used) if self.used is not None else ""


def backend_name(backend: object) -> str:
    """A backend's class as keyring's PYTHON_KEYRING_BACKEND names it: module.Class."""
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def os_family(platform: str = sys.platform) -> str:
    """'windows', 'macos' or 'linux' (every other system is judged by the freedesktop rule)."""
    if platform.startswith(("win32", "cygwin")):
        return "windows"
    return "macos" if platform == "darwin" else "linux"


def judge_class(name: str, platform: str = sys.platform) -> Verdict:
    """The verdict on one backend class (not a chain), by its module.Class name."""
    if name in NO_STORES:
        return Verdict.NO_STORE
    if name.startswith(tuple(f"{package}." for package in FILE_STORE_PACKAGES)):
        return Verdict.FILE_STORE
    return Verdict.OS_STORE if name in OS_STORES[os_family(platform)] else Verdict.OTHER


def choose_backend(backend: keyring.backend.KeyringBackend, platform: str = sys.platform) -> BackendChoice:
    """Judge what keyring picked; for a chain, pick the one member the wizard may use."""
    from keyring.backends.chainer import ChainerBackend  # keyring is loaded already: `backend` is one of its

    if not isinstance(backend, ChainerBackend):
        verdict = judge_class(backend_name(backend), platform)
        refused = (backend_name(backend),) if verdict.refused else ()
        return BackendChoice(backend, None if verdict.refused else backend, verdict, refused)
    members = [(member, judge_class(backend_name(member), platform)) for member in backend.backends]
    for wanted in (Verdict.OS_STORE, Verdict.OTHER):
        for member, verdict in members:
            if verdict is wanted:
                return BackendChoice(backend, member, verdict)
    refused = tuple(backend_name(member) for member, _verdict in members)
    any_file_store = any(verdict is Verdict.FILE_STORE for _member, verdict in members)
    return BackendChoice(backend, None, Verdict.FILE_STORE if any_file_store else Verdict.NO_STORE, refused)
