"""The wizard window: a QWizard whose navigation is decided by the Qt-free Flow, whose state is saved
(debounced) after every change, and whose background jobs all go through one WorkerPool."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMessageBox, QWidget, QWizard

from wizard.core.flow import PAGES, Flow, FlowContext
from wizard.core.messages import Language, Message, text
from wizard.core.state import WizardState
from wizard.core.token import AfasToken, check_token
from wizard.ui.pages.administrations import AdministrationsPage
from wizard.ui.pages.app_connector import AppConnectorPage
from wizard.ui.pages.base import WizardPageBase
from wizard.ui.pages.done import DonePage
from wizard.ui.pages.getconnectors import GetConnectorsPage
from wizard.ui.pages.preparation import PreparationPage
from wizard.ui.pages.submit import SubmitPage
from wizard.ui.pages.token import TokenPage
from wizard.ui.pages.updateconnectors import UpdateConnectorsPage
from wizard.ui.pages.welcome import WelcomePage
from wizard.ui.services import Services
from wizard.ui.worker import Worker, WorkerPool

SAVE_DELAY_MS = 300
PAGE_CLASSES: dict[str, type[WizardPageBase]] = {
    "welcome": WelcomePage,
    "preparation": PreparationPage,
    "app_connector": AppConnectorPage,
    "getconnectors": GetConnectorsPage,
    "administrations": AdministrationsPage,
    "updateconnectors": UpdateConnectorsPage,
    "token": TokenPage,
    "submit": SubmitPage,
    "done": DonePage,
}


TokenKey = tuple[str, str, str]  # environment key, token name, token fingerprint: which token, stored where


class WizardWindow(QWizard):
    token_changed = Signal()
    token_store_changed = Signal()  # a password-store save started or ended
    state_saved = Signal()

    def __init__(self, services: Services, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.language, self.flow = services, language, Flow()
        loaded = services.store.load()
        self.state: WizardState = loaded.state
        self.load_notice: Message | None = loaded.notice
        self.state.language = language
        self.state.demo = services.is_demo
        self.token: AfasToken | None = None  # in memory only; the password store is the one place it is kept
        self.stored_key: TokenKey | None = None  # the token now in the password store, and under which account
        self.stored_where = ""
        self.store_worker: Worker | None = None
        self.store_failed: tuple[TokenKey, str] | None = None  # the last save that failed, and why
        self._store_outcome: tuple[TokenKey, dict[str, object]] | None = None
        self.token_loading = False
        self.token_load_message: tuple[str, str] | None = None  # what the token page says about the store
        self.token_message_for: TokenKey | None = None  # the token that message is about; None: always shown
        self.pool = WorkerPool(self)
        self._closed = False
        self._save_error_shown = False
        self._resume_offered = self.flow.has_progress(self.context())
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_now)

        self.setWindowTitle(text("ui.window_title", language) + (text("ui.demo_title_suffix", language)
                                                                  if services.is_demo else ""))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setMinimumSize(820, 640)
        self._prefill()
        self.pages: dict[str, WizardPageBase] = {}
        for index, name in enumerate(PAGES):
            page = PAGE_CLASSES[name](self)
            self.pages[name] = page
            self.setPage(index, page)
        self.setStartId(0)
        self.currentIdChanged.connect(self._page_changed)
        self._load_stored_token()

    # -- state ------------------------------------------------------------------------------------------
    def context(self) -> FlowContext:
        return FlowContext(self.state, self.token)

    def page_name(self) -> str:
        current = self.currentId()
        return PAGES[current] if 0 <= current < len(PAGES) else PAGES[0]

    def state_changed(self) -> None:
        """Save shortly after the last change, so typing does not write a file per key."""
        if not self._closed:
            self._save_timer.start()

    def save_now(self) -> None:
        self._save_timer.stop()
        try:
            self.services.store.save(self.state)
        except OSError as exc:
            self._report_save_error(exc)
            return
        self.state_saved.emit()

    def _report_save_error(self, exc: OSError) -> None:
        print(f"could not save progress: {type(exc).__name__}", file=sys.stderr)
        if self._save_error_shown or self._closed:
            return
        self._save_error_shown = True
        box = QMessageBox(QMessageBox.Icon.Warning, self.windowTitle(),
                          text("ui.save_failed", self.language, path=str(self.services.store.path),
                               detail=exc.strerror or type(exc).__name__), parent=self)
        box.open()

    def token_key(self) -> TokenKey | None:
        """The token in the fields and the account it is stored under; None while one of them is missing."""
        env, name = self.context().environment(), self.state.token_name.strip()
        if env is None or self.token is None or not name:
            return None
        return env.key, name, self.token.fingerprint

    def set_token(self, token: AfasToken | None, *, notify: bool = True) -> None:
        self.token = token
        if notify:
            self.token_changed.emit()

    def _prefill(self) -> None:
        """Demo: fill what a user would type, unless they already typed something."""
        prefill = self.services.prefill
        if not prefill:
            return
        if not self.state.environment_text:
            self.state.environment_text = prefill.get("environment", "")
        if not self.state.administrations_text:
            self.state.administrations_text = prefill.get("administrations", "")
        if not self.state.token_stored and prefill.get("token"):
            self.token = check_token(prefill["token"]).token

    # -- the stored token -------------------------------------------------------------------------------
    def store_token(self) -> None:
        """Save the token in the password store on the worker (a keyring call may wait for a prompt). Called as
        soon as a token test passed, so a user who quits before Submit finds the token again on restart."""
        key, env, token = self.token_key(), self.context().environment(), self.token
        if key is None or env is None or token is None or self.store_worker is not None or self._closed:
            return
        secrets, name = self.services.secrets, key[1]
        outcome: dict[str, object] = {}  # read by shutdown() when the window closes before the result arrives

        def job(_ctx: object) -> Message:  # worker thread
            secrets.store_token(env, name, token)
            outcome["where"] = where = secrets.where()
            return where

        self._store_outcome = (key, outcome)
        self.store_worker = self.pool.submit(
            job, name="store_token", on_result=lambda where: self._token_stored(key, where),
            on_error=lambda exc: self._token_store_failed(key, exc), on_finished=self._token_store_done)
        self.token_store_changed.emit()

    def _token_stored(self, key: TokenKey, where: Message) -> None:
        self.stored_key, self.store_failed = key, None
        self.stored_where = where.text(self.language)
        self.state.token_stored = True
        self.token_load_message = (text("ui.keyring_stored", self.language, where=self.stored_where), "ok")
        self.token_message_for = key
        self.state_changed()

    def _token_store_failed(self, key: TokenKey, exc: object) -> None:
        # A SecretStoreError says plainly what went wrong; there is no plaintext fallback, the user goes on.
        reason = exc.text(self.language) if hasattr(exc, "text") else type(exc).__name__  # type: ignore[union-attr]
        self.state.token_stored = False
        self.store_failed = (key, reason)
        self.token_load_message = (text("ui.keyring_failed", self.language, reason=reason), "warning")
        self.token_message_for = key
        self.state_changed()

    def _token_store_done(self) -> None:
        self.store_worker, self._store_outcome = None, None
        self.token_store_changed.emit()

    def _load_stored_token(self) -> None:
        env, name = self.context().environment(), self.state.token_name.strip()
        if not self.state.token_stored or env is None or not name:
            return
        secrets = self.services.secrets
        self.token_loading = True
        self.pool.submit(lambda _ctx: (secrets.read_token(env, name), secrets.where()), name="read_token",
                         on_result=lambda found: self._token_read(env.key, name, found),
                         on_error=self._token_read_failed, on_finished=self._token_read_done)

    def _token_read(self, environment_key: str, name: str, found: tuple[AfasToken | None, Message]) -> None:
        token, where = found
        self.stored_where = where.text(self.language)
        if token is None:
            self.state.token_stored = False
            self.token_load_message = (text("ui.token_not_found", self.language, where=self.stored_where), "warning")
            self.state_changed()
        else:
            self.stored_key = (environment_key, name, token.fingerprint)
            self.token_load_message = (text("ui.token_loaded", self.language, where=self.stored_where), "ok")
            self.token_message_for = self.stored_key
        self.set_token(token or self.token)

    def _token_read_failed(self, exc: object) -> None:
        reason = exc.text(self.language) if hasattr(exc, "text") else type(exc).__name__  # type: ignore[union-attr]
        self.token_load_message = (text("ui.token_read_failed", self.language, reason=reason), "warning")
        self.token_changed.emit()

    def _token_read_done(self) -> None:
        self.token_loading = False
        welcome = self.pages["welcome"]
        assert isinstance(welcome, WelcomePage)
        welcome.refresh_resume()

    # -- navigation -------------------------------------------------------------------------------------
    def nextId(self) -> int:  # Qt override
        current = self.currentId()
        if current < 0:
            return 0
        name = PAGES[current]
        if self.flow.is_final(name):
            return -1
        following = self.flow.next_page(name, self.context())
        # While the page is incomplete Next is disabled (isComplete); keep the button "Next", not "Finish".
        return self.flow.index(following) if following else current + 1

    def _page_changed(self, index: int) -> None:
        if index < 0:
            return
        name = PAGES[index]
        if name != "welcome":  # the welcome page is never worth resuming to; keep the saved place
            self._resume_offered = False
            self.state.current_page = name
            self.state_changed()

    def resume_target(self) -> str | None:
        """The page "resume where you left off" goes to, or None when there is nothing to resume."""
        if not self._resume_offered:
            return None
        return self.flow.resume_page(self.context())

    def resume(self) -> None:
        target = self.resume_target()
        self._resume_offered = False
        if target is None:
            return
        goal = self.flow.index(target)
        while self.currentId() < goal:
            before = self.currentId()
            self.next()  # validates and initialises each page on the way, exactly like clicking Next
            if self.currentId() == before:
                break

    def start_over(self) -> None:
        # Where sources go is a setting of this computer, not progress of one onboarding: it stays.
        self.state = WizardState(language=self.language, demo=self.services.is_demo,
                                 finstack_api_url=self.state.finstack_api_url)
        self.token, self.stored_key, self.store_failed = None, None, None
        self.token_load_message, self.token_message_for = None, None
        self._resume_offered = False
        self._prefill()
        self.save_now()
        for page in self.pages.values():
            page.reset()
        self.restart()
        self.token_changed.emit()

    # -- closing ----------------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Save, cancel every background job and wait for it. Safe to call more than once."""
        if self._closed:
            return
        self.save_now()
        self._closed = True
        self.pool.shutdown()
        self._keep_late_store()

    def _keep_late_store(self) -> None:
        """A save that ended while the window closed lost its callback; still remember that the token is stored,
        or the next start would not look for it."""
        pending, self._store_outcome = self._store_outcome, None
        if pending is None or "where" not in pending[1]:
            return
        env = self.context().environment()
        if env is not None and pending[0][:2] == (env.key, self.state.token_name.strip()):
            self.state.token_stored = True
            self.save_now()

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        self.shutdown()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self.shutdown()
        super().done(result)
