"""All password-store work of the window, in one place: the AFAS token (read at start, saved after a passing
test) and the Finstack API key (looked up, saved, forgotten). Every keyring call runs on the session's worker
pool (a keyring may wait for an unlock prompt); results come back on the GUI thread, and what the user is told
about them comes from here, in one set of messages."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from wizard.core.environment import AfasEnvironment
from wizard.core.finstack_api import (
    FinstackConfig,
    forget_api_settings,
    load_finstack_config,
    save_api_settings,
)
from wizard.core.identity import TokenIdentity
from wizard.core.messages import Language, Message
from wizard.core.secrets import SecretStore, SecretStoreError
from wizard.core.token import AfasToken
from wizard.ui.worker import JobContext, Worker, WorkerPool, failure_message


@dataclass(frozen=True)
class VaultNote:
    """What to say about the stored token, and which token it is about (None: whatever the fields hold). Kept as
    a Message, so it reads in whatever language the window is in by then."""

    message: Message
    tone: str  # ok / warning / info
    about: TokenIdentity | None = None


class TokenVault(QObject):
    """`changed` fires whenever a token job starts or ends; `api_changed` likewise for the Finstack API key."""

    changed = Signal()
    token_loaded = Signal(object)  # the AfasToken read from the store at start
    token_absent = Signal()  # the store answered: no token under that account
    token_saved = Signal(bool)  # a save ended: stored, or not (the note says why)
    api_changed = Signal()

    def __init__(self, secrets: SecretStore, pool: WorkerPool, language: Language,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.secrets, self.pool, self.language = secrets, pool, language
        self.stored: TokenIdentity | None = None  # the token now in the store, and under which account
        self.where: Message | None = None  # the store's name, in words
        self.failed: tuple[TokenIdentity, Message] | None = None  # the last save that failed, and why
        self.note: VaultNote | None = None
        self.store_worker: Worker | None = None
        self.loading = False
        self._late_save: dict[str, object] = {}  # filled on the worker; read when the window closes early
        self.api_config: FinstackConfig | None = None  # the user's Finstack API (the key stays in here)
        self.api_worker: Worker | None = None
        self.api_note: tuple[Message, str] | None = None  # (what to say, tone) about the Finstack API settings
        self.api_loaded_for: str | None = None

    def where_text(self) -> str:
        return self.where.text(self.language) if self.where is not None else ""

    # -- the token ----------------------------------------------------------------------------------------
    @property
    def storing(self) -> bool:
        return self.store_worker is not None

    def store(self, identity: TokenIdentity, environment: AfasEnvironment, token: AfasToken,
              forget_name: str = "") -> None:
        """Save the token on the worker (and forget the entry under `forget_name`, a renewed token's old name);
        no-op while a save runs."""
        if self.store_worker is not None:
            return
        secrets, outcome = self.secrets, {"identity": identity}
        self._late_save = outcome

        def job(_ctx: JobContext) -> Message:
            secrets.store_token(environment, identity.token_name, token)
            outcome["stored"] = identity
            if forget_name:
                secrets.forget_token(environment, forget_name)
            return secrets.where()

        self.store_worker = self.pool.submit(
            job, name="store_token", on_result=lambda where: self._stored(identity, where),
            on_error=lambda exc: self._store_failed(identity, exc), on_finished=self._store_done)
        self.changed.emit()

    def _stored(self, identity: TokenIdentity, where: Message) -> None:
        self.stored, self.failed, self.where = identity, None, where
        self.note = VaultNote(Message("ui.keyring_stored", {"where": where}), "ok", identity)
        self.token_saved.emit(True)

    def _store_failed(self, identity: TokenIdentity, exc: object) -> None:
        # No plaintext fallback: say plainly what went wrong; the user goes on without the store.
        reason = failure_message(exc)
        self.failed = (identity, reason)
        self.note = VaultNote(Message("ui.keyring_failed", {"reason": reason}), "warning", identity)
        self.token_saved.emit(False)

    def cancel_store(self) -> None:
        """Stop waiting for a save (a password store waiting for an unlock that does not come). The keyring call
        itself cannot be interrupted: its answer, when it comes, is dropped, and the token counts as not saved."""
        worker = self.store_worker
        if worker is None:
            return
        identity = self._late_save.get("identity")
        worker.discard()
        self.store_worker, self._late_save = None, {}
        reason = Message("ui.keyring_cancelled")
        if isinstance(identity, TokenIdentity):
            self.failed = (identity, reason)
        self.note = VaultNote(Message("ui.keyring_failed", {"reason": reason}), "warning",
                              identity if isinstance(identity, TokenIdentity) else None)
        self.token_saved.emit(False)
        self.changed.emit()

    def _store_done(self) -> None:
        self.store_worker, self._late_save = None, {}
        self.changed.emit()

    def saved_while_closing(self) -> TokenIdentity | None:
        """A save that ended while the window closed (its callback was dropped): the token it stored."""
        stored = self._late_save.get("stored")
        return stored if isinstance(stored, TokenIdentity) else None

    def load(self, environment: AfasEnvironment, token_name: str) -> None:
        """Read the token saved for this environment and name; `token_loaded` carries it (or None)."""
        secrets, self.loading = self.secrets, True

        def job(_ctx: JobContext) -> tuple[AfasToken | None, Message]:
            return secrets.read_token(environment, token_name), secrets.where()

        self.pool.submit(job, name="read_token", on_result=lambda found: self._read(environment, token_name, found),
                         on_error=self._read_failed, on_finished=self._read_done)
        self.changed.emit()

    def _read(self, environment: AfasEnvironment, token_name: str, found: tuple[AfasToken | None, Message]) -> None:
        token, where = found
        self.where = where
        if token is None:
            self.note = VaultNote(Message("ui.token_not_found", {"where": where}), "warning")
            self.token_absent.emit()
            return
        self.stored = TokenIdentity.of(environment, token_name, token)
        self.note = VaultNote(Message("ui.token_loaded", {"where": where}), "ok", self.stored)
        self.token_loaded.emit(token)

    def _read_failed(self, exc: object) -> None:
        self.note = VaultNote(Message("ui.token_read_failed", {"reason": failure_message(exc)}), "warning")

    def _read_done(self) -> None:
        self.loading = False
        self.changed.emit()

    def note_for(self, identity: TokenIdentity | None) -> VaultNote | None:
        """What the token page says about the store, while the fields hold the token it is about."""
        if self.note is None or (self.note.about is not None and self.note.about != identity):
            return None
        return self.note

    def failed_for(self, identity: TokenIdentity | None) -> Message | None:
        """Why saving exactly this token failed, if it did."""
        return self.failed[1] if self.failed is not None and self.failed[0] == identity else None

    def forget(self, environment: AfasEnvironment, token_name: str) -> None:
        """Forget a token on the worker (a removed customer's); a failure is only noted."""
        secrets = self.secrets
        self.pool.submit(lambda _ctx: secrets.forget_token(environment, token_name), name="forget_token",
                         on_error=lambda exc: print(f"could not forget a token: {type(exc).__name__}",
                                                    file=sys.stderr))

    def forget_now(self, environment: AfasEnvironment, token_name: str) -> None:
        """Forget the token, blocking: only after the event loop ended (the self-test leaves nothing behind)."""
        try:
            self.secrets.forget_token(environment, token_name)
        except SecretStoreError:
            pass  # nothing was stored (no password store on this machine)

    def reset(self) -> None:
        self.stored, self.failed, self.note = None, None, None

    # -- the Finstack API key -------------------------------------------------------------------------------
    @property
    def api_busy(self) -> bool:
        return self.api_worker is not None

    def load_api(self, url: str) -> None:
        """Look the key of the saved (valid) address up; no address means the hand-off."""
        if self.api_busy:
            return
        if not url:
            self._set_api(None, url, None)
            return
        secrets = self.secrets

        def job(_ctx: JobContext) -> tuple[FinstackConfig | None, Message]:
            return load_finstack_config(url, secrets), secrets.where()

        self._run_api(job, "load_finstack_api", lambda found: self._api_found(url, found),
                      Message("ui.finstack_api_loading"))

    def save_api(self, url: str, api_key: str, previous_url: str, on_saved: Callable[[str], None]) -> None:
        """Keep the key in the store (the old address's key is forgotten); `on_saved` gets the address to save."""
        secrets = self.secrets

        def job(_ctx: JobContext) -> tuple[FinstackConfig | None, Message]:
            saved = save_api_settings(secrets, url, api_key, previous_url)
            return load_finstack_config(saved, secrets), secrets.where()

        def done(found: tuple[FinstackConfig | None, Message]) -> None:
            on_saved(url)
            self._api_found(url, found)

        self._run_api(job, "save_finstack_api", done, Message("ui.finstack_api_saving"))

    def forget_api(self, url: str, on_forgotten: Callable[[], None]) -> None:
        secrets = self.secrets

        def done(_removed: object) -> None:
            on_forgotten()
            self._set_api(None, "", (Message("ui.finstack_api_forgotten"), "info"))

        self._run_api(lambda _ctx: forget_api_settings(secrets, url), "forget_finstack_api", done, None)

    def no_api(self, url: str) -> None:
        """No usable API for `url` (an invalid, hand-edited address): the hand-off it is."""
        self._set_api(None, url, None)

    def _api_found(self, url: str, found: tuple[FinstackConfig | None, Message]) -> None:
        config, where = found
        if config is not None:
            note = (Message("ui.finstack_api_active", {"url": config.base_url, "where": where}), "ok")
        else:
            note = (Message("ui.finstack_api_no_key", {"url": url, "where": where}), "warning")
        self._set_api(config, url, note)

    def _set_api(self, config: FinstackConfig | None, url: str, note: tuple[Message, str] | None) -> None:
        self.api_config, self.api_loaded_for, self.api_note = config, url, note
        self.api_changed.emit()

    def _run_api(self, job: Callable[[JobContext], object], name: str, on_result: Callable[[object], None],
                 working: Message | None) -> None:
        if working:
            self.api_note = (working, "info")

        def failed(exc: object) -> None:
            self.api_note = (Message("ui.finstack_api_failed", {"reason": failure_message(exc)}), "warning")

        def finished() -> None:
            self.api_worker = None
            self.api_changed.emit()

        self.api_worker = self.pool.submit(job, name=name, on_result=on_result, on_error=failed,
                                           on_finished=finished)
        self.api_changed.emit()
