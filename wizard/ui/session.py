"""The wizard session: what the pages talk to (never the window). It owns the saved state and its debounced
save, the token in memory, the password store (TokenVault), the worker pool and the navigation stack; the rules
themselves live in the Qt-free core (flow, state, identity)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer, Signal

from wizard.core.customers import newest_first
from wizard.core.environment import AfasEnvironment
from wizard.core.flow import Flow, FlowContext, Navigator
from wizard.core.identity import TokenIdentity
from wizard.core.messages import Language, Message, text
from wizard.core.settings import LoadResult
from wizard.core.state import Journey, TokenTestRecord, WizardState
from wizard.core.token import AfasToken, check_token
from wizard.core.token_test.report import TokenTestReport
from wizard.ui.services import Services
from wizard.ui.token_vault import TokenVault
from wizard.ui.worker import WorkerPool

SAVE_DELAY_MS = 300


class WizardSession(QObject):
    token_changed = Signal()  # the token in memory changed (typed, or read from the password store)
    saved = Signal()
    save_failed = Signal(str)  # what to tell the user, once
    show_page = Signal(str)  # resume or start over: the window shows this page
    state_replaced = Signal()  # start over: pages forget what their widgets hold
    language_requested = Signal(str)  # the user chose a language: the window switches every page to it

    def __init__(self, services: Services, language: Language, loaded: LoadResult | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services, self.language = services, language
        self.flow = Flow()
        self.navigator = Navigator(self.flow)
        loaded = loaded or services.store.load()
        self.state: WizardState = loaded.state
        self.load_notice: Message | None = loaded.notice
        self.state.language, self.state.demo = language, services.is_demo
        self.token: AfasToken | None = None  # in memory only; the password store is the one place it is kept
        self.pool = WorkerPool(self)
        self.vault = TokenVault(services.secrets, self.pool, language, self)
        self.vault.token_loaded.connect(self._token_read)
        self.vault.token_absent.connect(self._token_not_found)
        self.vault.token_saved.connect(self._token_saved)
        self.vault.changed.connect(self.token_changed)
        self._closed = False
        self._save_error_shown = False
        self._resume_offered = self.flow.has_progress(self.context())
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_now)
        self._resume_when_loaded = False
        self.vault.changed.connect(self._vault_changed)
        self.customers: list[WizardState] = [c for c in loaded.customers if c.customer_id != self.state.customer_id]
        if self.flow.is_finished(self.context()):
            self._fresh_customer()  # "Start a new customer" is the default once the last one finished
        self._prefill()
        self._load_stored_token()

    def _load_stored_token(self) -> None:
        """Look for the stored token of the saved environment (on the worker; the answer comes later)."""
        env, name = self.environment(), self.state.clean_token_name
        if self.state.token_stored and env is not None and name:
            self.vault.load(env, name)

    # -- what the pages read ----------------------------------------------------------------------------
    def context(self) -> FlowContext:
        return FlowContext(self.state, self.token)

    def environment(self) -> AfasEnvironment | None:
        return self.state.environment()

    def identity(self) -> TokenIdentity | None:
        """Which token the fields hold; None while the environment, the name or the token is missing."""
        return self.state.identity(self.token)

    def blockers(self, page: str) -> list[Message]:
        return self.flow.blockers(page, self.context())

    def t(self, key: str, **params: object) -> str:
        return text(key, self.language, **params)

    # -- changing ---------------------------------------------------------------------------------------
    def set_language(self, language: Language) -> None:
        """Speak `language` from now on (the pages are rebuilt by the window); saved at once."""
        self.language = self.state.language = self.vault.language = language
        self.save_now()

    def set_token(self, token: AfasToken | None, *, notify: bool = True) -> None:
        self.token = token
        if notify:
            self.token_changed.emit()

    def changed(self) -> None:
        """Save shortly after the last change, so typing does not write a file per key."""
        if not self._closed:
            self._save_timer.start()

    def commit(self) -> None:
        """A field was left (or Enter pressed): what it holds is saved now, not after the delay, so even a
        crash right after loses nothing."""
        if self._save_timer.isActive():
            self.save_now()

    def save_now(self) -> None:
        self._save_timer.stop()
        try:
            self.services.store.save(self.state)
        except OSError as exc:
            print(f"could not save progress: {type(exc).__name__}", file=sys.stderr)
            if not self._save_error_shown and not self._closed:
                self._save_error_shown = True
                self.save_failed.emit(self.t("ui.save_failed", path=str(self.services.store.path),
                                             detail=exc.strerror or type(exc).__name__))
            return
        self.saved.emit()

    def record_test(self, report: TokenTestReport) -> TokenTestRecord:
        """Keep what a finished test proved; a token that passed for exactly these values goes into the password
        store at once, so quitting before Submit does not lose it."""
        self.state.token_test = record = TokenTestRecord.from_report(report)
        self.changed()
        identity = self.identity()
        if record.passed_for(identity) and self.vault.stored != identity:
            self.store_token()
        return record

    def store_token(self) -> None:
        """Save the token of the fields in the password store (on the worker). Renewing under another name, the
        old token's entry goes: one token per App connector user, not two."""
        identity, env = self.identity(), self.environment()
        if identity is None or env is None or self.token is None or self._closed:
            return
        old_name = self.state.renewing_name if self.state.journey == Journey.RENEW else ""
        self.vault.store(identity, env, self.token, forget_name=old_name if old_name != identity.token_name else "")

    def choose_journey(self, journey: Journey) -> None:
        """Take up `journey` where it was left (or fresh); the journey in hand waits with its own progress."""
        if journey.value == self.state.journey:
            return
        fresh = journey.value not in self.state.parked
        self.state.switch_journey(journey)
        if journey is Journey.RENEW and fresh:
            self.set_token(None)  # the stored token is the one being replaced: the field starts empty
        self._resume_offered = self.flow.has_progress(self.context())
        self.changed()

    def _token_read(self, token: AfasToken) -> None:
        self.set_token(token)

    def _token_not_found(self) -> None:
        self.state.token_stored = False
        self.changed()
        self.token_changed.emit()

    def _token_saved(self, stored: bool) -> None:
        self.state.token_stored = stored
        self.changed()

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

    # -- navigation -------------------------------------------------------------------------------------
    def arrived(self, page: str) -> None:
        """The window shows `page`: remember it (the welcome page is never worth resuming to). Setting out from
        the start on a journey that was finished runs it again from the beginning."""
        leaving_start = self.navigator.current == self.flow.start and page != self.flow.start
        if leaving_start and self.flow.is_finished(self.context()):
            self.state.restart_journey()
        self.navigator.arrive(page, self.context())
        if page != self.flow.start:
            self._resume_offered = False
            self.state.current_page = page
            self.changed()

    def resume_target(self) -> str | None:
        """The page "resume where you left off" goes to, or None when there is nothing to resume."""
        return self.flow.resume_page(self.context()) if self._resume_offered else None

    def resume(self) -> None:
        if self.resume_target() is None:
            return
        self._resume_offered = False
        self.show_page.emit(self.navigator.resume(self.context()))

    def switch_to(self, journey: Journey) -> None:
        """Leave the journey in hand for `journey` (e.g. renew after a refused token), at its first page."""
        self.choose_journey(journey)
        first = self.flow.following(self.flow.start, self.context())
        if first is not None:
            self.navigator.restart()
            self.navigator.arrive(first, self.context())
            self.show_page.emit(first)

    def go_to_start(self) -> None:
        """Back to the Welcome page to do something else (another journey); what was done stays saved."""
        self._resume_offered = self.flow.has_progress(self.context())
        self.show_page.emit(self.navigator.restart())

    def start_over(self) -> None:
        """This customer's progress begins afresh (the customer stays in the list, under the same entry)."""
        customer = self.state.customer_id
        self._replace_state(self._blank_state())
        self.state.customer_id = customer
        self.save_now()

    # -- customers --------------------------------------------------------------------------------------
    def other_customers(self) -> list[WizardState]:
        return newest_first(self.customers)

    def start_new_customer(self) -> None:
        """Keep the customer in hand in the list and begin a new one: nothing is carried over."""
        self.save_now()
        self._fresh_customer()
        self._replace_state(self.state)

    def continue_customer(self, customer_id: str) -> None:
        """Take up another customer where it stopped (after its stored token is read back)."""
        target = next((c for c in self.customers if c.customer_id == customer_id), None)
        if target is None:
            return
        self.save_now()
        self.customers.remove(target)
        if self.state.customer_id:
            self.customers.append(self.state)
        self._replace_state(target)
        self._resume_when_loaded = True
        self._load_stored_token()
        self._vault_changed()

    def remove_customer(self, customer_id: str) -> None:
        """Forget a customer's progress, and its token in the password store (asked for by the page first)."""
        target = next((c for c in [*self.customers, self.state] if c.customer_id == customer_id), None)
        if target is None:
            return
        self.services.store.remove_customer(customer_id)
        env = target.environment()
        if target.token_stored and env is not None:
            self.vault.forget(env, target.clean_token_name)
        if target is self.state:
            self._replace_state(self._blank_state())
        else:
            self.customers.remove(target)
            self.token_changed.emit()

    def _blank_state(self) -> WizardState:
        # Where sources go and the language are settings of this computer, not progress of a customer: they stay.
        return WizardState(language=self.language, demo=self.services.is_demo,
                           finstack_api_url=self.state.finstack_api_url)

    def _fresh_customer(self) -> None:
        if self.state.customer_id:
            self.customers.append(self.state)
        self.state = self._blank_state()

    def _replace_state(self, state: WizardState) -> None:
        self.state = state
        self.state.language, self.state.demo = self.language, self.services.is_demo
        self.token = None
        self.vault.reset()
        self._resume_offered = self.flow.has_progress(self.context())
        self._prefill()
        self.state_replaced.emit()
        self.show_page.emit(self.navigator.restart())
        self.token_changed.emit()

    def _vault_changed(self) -> None:
        if self._resume_when_loaded and not self.vault.loading:
            self._resume_when_loaded = False
            self.resume()

    # -- closing ----------------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Save, cancel every background job and wait for it. Safe to call more than once."""
        if self._closed:
            return
        self.save_now()
        self._closed = True
        self.pool.shutdown()
        # A save that ended while closing lost its callback: still remember the token is stored, or the next
        # start would not look for it.
        late, env = self.vault.saved_while_closing(), self.environment()
        if late is not None and env is not None and late.account == (env.key, self.state.clean_token_name):
            self.state.token_stored = True
            self.save_now()

    @property
    def closed(self) -> bool:
        return self._closed
