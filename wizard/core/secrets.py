"""The token (and the Finstack API key) in the operating system's password store, never anywhere else.

Every failure of the keyring becomes one SecretStoreError with a plain message; there is no plaintext
fallback. Calls may block (a Secret Service prompt, a locked keychain): run them off the GUI thread.
"""

from __future__ import annotations

import threading
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # the keyring library is loaded on first use (off the GUI thread), not at start-up
    import keyring.backend

from wizard.core.environment import AfasEnvironment
from wizard.core.identity import normalise_token_name
from wizard.core.messages import Message, UserInputError
from wizard.core.secret_backends import BackendChoice, Verdict, choose_backend
from wizard.core.token import AfasToken, TokenInputError, parse_token

SERVICE = "finstack-afas-wizard"
# Windows Credential Manager keeps at most 5 × 512 bytes, and keyring writes UTF-16 there.
WINDOWS_MAX_BLOB_BYTES = 2560


class SecretStoreFailure(Enum):
    NO_BACKEND = "no_backend"
    LOCKED = "locked"
    PROMPT_DISMISSED = "prompt_dismissed"
    TOO_LONG = "too_long"
    UNSAFE_BACKEND = "unsafe_backend"
    STORED_VALUE_UNREADABLE = "unreadable"
    BACKEND_ERROR = "backend_error"


Action = Literal["save", "read", "remove"]

_FAILURE_KEYS = {
    SecretStoreFailure.NO_BACKEND: "secrets.no_backend",
    SecretStoreFailure.LOCKED: "secrets.locked",
    SecretStoreFailure.PROMPT_DISMISSED: "secrets.prompt_dismissed",
    SecretStoreFailure.TOO_LONG: "secrets.too_long",
    SecretStoreFailure.UNSAFE_BACKEND: "secrets.unsafe_backend",
    SecretStoreFailure.STORED_VALUE_UNREADABLE: "secrets.unreadable",
    SecretStoreFailure.BACKEND_ERROR: "secrets.backend_error",
}
# Reading or removing saves nothing, so those messages say what did not happen instead of "not saved".
_ACCESS_KEYS = {
    (SecretStoreFailure.NO_BACKEND, "read"): "secrets.no_backend_read",
    (SecretStoreFailure.NO_BACKEND, "remove"): "secrets.no_backend_remove",
    (SecretStoreFailure.BACKEND_ERROR, "read"): "secrets.backend_error_read",
    (SecretStoreFailure.BACKEND_ERROR, "remove"): "secrets.backend_error_remove",
    (SecretStoreFailure.PROMPT_DISMISSED, "read"): "secrets.prompt_dismissed_access",
    (SecretStoreFailure.PROMPT_DISMISSED, "remove"): "secrets.prompt_dismissed_access",
    (SecretStoreFailure.UNSAFE_BACKEND, "read"): "secrets.unsafe_backend_access",
    (SecretStoreFailure.UNSAFE_BACKEND, "remove"): "secrets.unsafe_backend_access",
}


class SecretStoreError(UserInputError):
    """The password store could not do what was asked. `.failure` says which of the known cases it is,
    `.action` what was being done (save, read or remove)."""

    def __init__(self, failure: SecretStoreFailure, detail: str = "", action: Action = "save",
                 where: Message | None = None) -> None:
        key = _ACCESS_KEYS.get((failure, action), _FAILURE_KEYS[failure])
        super().__init__(Message(key, {"detail": detail, "where": where or ""}))
        self.failure = failure
        self.action = action


def _keyring() -> Any:
    """The keyring library, loaded on first use: starting the wizard or running `filter` does not load it."""
    import keyring
    import keyring.errors

    return keyring


# Each known store's name in words a finance admin knows (secret_backends.py says which are used where).
_WHERE = {
    "keyring.backends.Windows.WinVaultKeyring": "secrets.where_windows",
    "keyring.backends.macOS.Keyring": "secrets.where_macos",
    "keyring.backends.SecretService.Keyring": "secrets.where_secret_service",
    "keyring.backends.libsecret.Keyring": "secrets.where_secret_service",
    "keyring.backends.kwallet.DBusKeyring": "secrets.where_kwallet",
    "keyring.backends.kwallet.DBusKeyringKWallet4": "secrets.where_kwallet",
    "keyring.backends.fail.Keyring": "secrets.where_nowhere",
    "keyring.backends.null.Keyring": "secrets.where_nowhere",
}
_REFUSAL = {Verdict.NO_STORE: SecretStoreFailure.NO_BACKEND, Verdict.FILE_STORE: SecretStoreFailure.UNSAFE_BACKEND}


def describe_backend(backend: keyring.backend.KeyringBackend | None = None) -> Message:
    """Where a stored secret goes: the store the wizard uses among what keyring picked (or what it picked, when
    the wizard refuses it)."""
    choice = choose_backend(backend or _keyring().get_keyring())
    name = choice.used_name or choice.configured_name
    key = _WHERE.get(name)
    return Message(key) if key else Message("secrets.where_other", {"backend": name})


def refusal_of(choice: BackendChoice, action: Action = "save") -> SecretStoreError:
    """Why the wizard does not use what keyring picked (for a choice whose `used` is None)."""
    return SecretStoreError(_REFUSAL[choice.verdict], ", ".join(choice.refused_names), action)


def _translate(exc: BaseException, action: Action) -> SecretStoreError:
    """Map whatever a backend raised to our one error type, keeping only the exception's class name."""
    if isinstance(exc, SecretStoreError):
        return SecretStoreError(exc.failure, str(exc.message.params.get("detail", "")), action)
    errors = _keyring().errors
    if isinstance(exc, errors.NoKeyringError):
        return SecretStoreError(SecretStoreFailure.NO_BACKEND, action=action)
    if isinstance(exc, errors.KeyringLocked):
        return SecretStoreError(SecretStoreFailure.LOCKED, action=action)
    if isinstance(exc, errors.InitError) and "dismissed" in str(exc).lower():
        return SecretStoreError(SecretStoreFailure.PROMPT_DISMISSED, action=action)
    return SecretStoreError(SecretStoreFailure.BACKEND_ERROR, type(exc).__name__, action)


class SecretStore:
    """Store, read and forget secrets under the service `finstack-afas-wizard`."""

    def __init__(self, service: str = SERVICE, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self.service = service
        self._backend = backend
        self._lock = threading.RLock()

    @property
    def backend(self) -> keyring.backend.KeyringBackend:
        return self._backend or _keyring().get_keyring()

    def where(self) -> Message:
        return describe_backend(self.backend)

    @staticmethod
    def token_account(environment: AfasEnvironment, token_name: str) -> str:
        """Keyring user name: environment type and number plus token name, e.g. 'production:12345/Finstack'."""
        return f"{environment.key}/{normalise_token_name(token_name)}"

    def choice(self) -> BackendChoice:
        """What keyring picked, and the store the wizard uses of it (see wizard.core.secret_backends)."""
        return choose_backend(self.backend)

    def _check_backend(self) -> keyring.backend.KeyringBackend:
        choice = self.choice()
        if choice.used is None:
            raise refusal_of(choice)
        return choice.used

    def set_secret(self, account: str, value: str) -> None:
        # Windows's limit applies everywhere, so a value saved on one platform fits on every other; the
        # message names the store of this computer. surrogatepass: a lone surrogate is counted, not raised.
        if len(value.encode("utf-16-le", "surrogatepass")) > WINDOWS_MAX_BLOB_BYTES:
            raise SecretStoreError(SecretStoreFailure.TOO_LONG, str(len(value)), where=self.where())
        with self._lock:
            try:
                self._check_backend().set_password(self.service, account, value)
            except Exception as exc:
                raise _translate(exc, "save") from None

    def get_secret(self, account: str) -> str | None:
        with self._lock:
            try:
                return self._check_backend().get_password(self.service, account)
            except Exception as exc:
                raise _translate(exc, "read") from None

    def delete_secret(self, account: str) -> bool:
        """Forget a secret; False when there was none."""
        with self._lock:
            try:
                backend = self._check_backend()
                if backend.get_password(self.service, account) is None:
                    return False
                backend.delete_password(self.service, account)
                return True
            except _keyring().errors.PasswordDeleteError:
                return False
            except Exception as exc:
                raise _translate(exc, "remove") from None

    def store_token(self, environment: AfasEnvironment, token_name: str, token: AfasToken) -> None:
        self.set_secret(self.token_account(environment, token_name), token.reveal())

    def read_token(self, environment: AfasEnvironment, token_name: str) -> AfasToken | None:
        value = self.get_secret(self.token_account(environment, token_name))
        if value is None:
            return None
        try:
            return parse_token(value)
        except TokenInputError:
            raise SecretStoreError(SecretStoreFailure.STORED_VALUE_UNREADABLE, action="read") from None

    def forget_token(self, environment: AfasEnvironment, token_name: str) -> bool:
        return self.delete_secret(self.token_account(environment, token_name))

    @staticmethod
    def api_key_account(base_url: str) -> str:
        """Keyring user name of the Finstack API key for one API address."""
        return f"finstack-api:{base_url.strip().rstrip('/')}"

    def store_api_key(self, base_url: str, api_key: str) -> None:
        self.set_secret(self.api_key_account(base_url), api_key.strip())

    def read_api_key(self, base_url: str) -> str | None:
        return self.get_secret(self.api_key_account(base_url))

    def forget_api_key(self, base_url: str) -> bool:
        return self.delete_secret(self.api_key_account(base_url))
