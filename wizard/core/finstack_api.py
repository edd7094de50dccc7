"""Where the wizard submits sources: the Finstack API address (saved with the progress, not secret) and its API
key (only in the password store). The rules are the same for the window and the command line; nothing here
loads the HTTP client, and the keyring calls may block (run them off the GUI thread)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from wizard.core.environment import AfasEnvironment
from wizard.core.loopback import LOOPBACK_HOSTS
from wizard.core.messages import Message, UserInputError
from wizard.core.token import AfasToken

if TYPE_CHECKING:
    from wizard.core.secrets import SecretStore  # the keyring: only where a key is read or written

FINSTACK_APP_URL = "https://finstack.io"  # Finstack's own sign-in; the source form is Setup > Sources > Add source


class FinstackUrlError(UserInputError):
    """The Finstack API address is not https (or a local stand-in)."""


@dataclass(frozen=True)
class FinstackConfig:
    """Where the source goes: the user's Finstack API base URL and API key (the key lives in the keyring)."""

    base_url: str
    api_key: str = field(repr=False)

    def __repr__(self) -> str:
        return f"FinstackConfig(base_url={self.base_url!r}, api_key=<hidden>)"


class SubmitStatus(StrEnum):
    CREATED = "created"
    REPLAYED = "replayed"  # the same submit again: Finstack answers with the source it created the first time
    UPDATED = "updated"  # a renewed token put into the existing source
    NOT_FOUND = "not_found"  # the source to renew is no longer in Finstack
    EXISTS = "exists"
    UNAUTHORIZED = "unauthorized"
    INVALID = "invalid"
    UNAVAILABLE = "unavailable"
    NETWORK = "network"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class SubmitOutcome:
    status: SubmitStatus
    message: Message
    source_id: str | None = None
    retry_after: float | None = None
    field_errors: dict[str, list[str]] = field(default_factory=dict)
    attempts: int = 0

    @property
    def ok(self) -> bool:
        return self.status in (SubmitStatus.CREATED, SubmitStatus.REPLAYED, SubmitStatus.UPDATED)


def check_api_url(base_url: str) -> str:
    """The address without a trailing slash. Only https; plain http only to a loopback stand-in (tests, demo)."""
    cleaned = base_url.strip()
    parts = urlsplit(cleaned)
    host = parts.hostname or ""
    if (parts.scheme == "https" and host) or (parts.scheme == "http" and host in LOOPBACK_HOSTS):
        return cleaned.rstrip("/")
    raise FinstackUrlError(Message("cli.finstack_url_invalid", {"url": cleaned[:80]}))


def load_finstack_config(api_url: str, store: SecretStore) -> FinstackConfig | None:
    """The configured Finstack API (saved address, key from the keyring), or None for the hand-off.
    A keyring failure propagates as SecretStoreError."""
    if not api_url.strip():
        return None
    base_url = check_api_url(api_url)
    api_key = store.read_api_key(base_url)
    return FinstackConfig(base_url, api_key) if api_key else None


def save_api_settings(store: SecretStore, url: str, api_key: str, previous_url: str = "") -> str:
    """Keep `api_key` for `url` in the keyring and return the address to save. The key of a previous, different
    address is forgotten, so no unused key is left behind."""
    base_url = check_api_url(url)
    key = api_key.strip()
    if not key:
        raise UserInputError(Message("cli.api_key_empty"))
    store.store_api_key(base_url, key)
    previous = previous_url.strip().rstrip("/")
    if previous and previous != base_url:
        store.forget_api_key(previous)
    return base_url


def forget_api_settings(store: SecretStore, url: str) -> bool:
    """Forget the key of `url`; False when none was stored."""
    return store.forget_api_key(url.strip().rstrip("/")) if url.strip() else False


def handoff_values(environment: AfasEnvironment, token_name: str, token: AfasToken) -> list[tuple[Message, str]]:
    """The three values the article's Finstack form asks for, in its order."""
    return [
        (Message("finstack.field_environment"), environment.name),
        (Message("finstack.field_token_name"), token_name.strip()),
        (Message("finstack.field_token_value"), token.reveal()),
    ]
