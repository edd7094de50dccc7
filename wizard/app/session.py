"""The session: one consultant at one computer. It holds this computer's settings, the book of customer records,
the open record with its journey and page, the token in memory and the long jobs; the window and the command line
are two faces of it and hold no rule of their own.

The session changes its state on one thread only (the GUI thread in the window). Jobs and the record writer run on
threads of their own and come back through the dispatcher. Everything a face needs to know arrives as an event.

The parts, each a small class: `nav` (every move of the flow), `customers` (the book: new, continue, remove, add,
import, export), `tokens` (the token, its test, the password store), `handover` (Finstack), `files` (Finstack's
GetConnectors: unpack, export) and `reports` (the onboarding report).
"""

from __future__ import annotations

import logging
from typing import Any

from wizard.app.book import CustomerBook
from wizard.app.computer import ComputerSettings
from wizard.app.dispatch import Dispatcher
from wizard.app.events import (
    Event,
    EventBus,
    JobChanged,
    LanguageChanged,
    Notice,
    PageChanged,
    RecordChanged,
    RecordOpened,
    TokenChanged,
)
from wizard.app.flow import Flow, FlowContext, Navigator, repair
from wizard.app.jobs import Job, JobKind, JobRunner
from wizard.app.keeper import RecordKeeper
from wizard.app.records import LoadedRecord, new_record_id
from wizard.app.services import Services
from wizard.core.environment import AfasEnvironment
from wizard.core.identity import TokenIdentity
from wizard.core.messages import LANGUAGES, Language, Message, default_language, text
from wizard.core.state import WizardState
from wizard.core.token import AfasToken

_log = logging.getLogger(__name__)
CLOSE_TIMEOUT_S = 0.8  # closing never waits longer on a job (a keyring waiting for a prompt that never comes)
_COLLECTIONS = ("checklist", "steps", "gcn_files")


class Session:
    def __init__(self, services: Services, dispatcher: Dispatcher, language: str | None = None) -> None:
        from wizard.app.customers import Customers
        from wizard.app.gcn_files import GetConnectorFiles
        from wizard.app.handover import Handover
        from wizard.app.navigation import Navigation
        from wizard.app.reports import Reports
        from wizard.app.tokens import Tokens

        self.services, self.dispatcher = services, dispatcher
        self.events = EventBus()
        self.flow = Flow()
        self.navigator = Navigator(self.flow)
        self.computer: ComputerSettings = services.settings.load()
        self.asked_language = language  # --lang; None: the one saved on this computer
        self.language: Language = _language(language, self.computer)
        self.book = CustomerBook()
        self.record = WizardState(customer_id=new_record_id())
        self.token: AfasToken | None = None  # in memory only: the password store is the one place it is kept
        self.notices: list[Notice] = []  # said since the start, for the Welcome page
        self.last_jobs: dict[tuple[str, JobKind], Job] = {}
        self.jobs = JobRunner(dispatcher, self._job_changed)
        self.keeper = RecordKeeper(self)
        self.nav, self.customers, self.tokens = Navigation(self), Customers(self), Tokens(self)
        self.handover, self.files, self.reports = Handover(self), GetConnectorFiles(self), Reports(self)
        self.closed = False

    def start(self, *, scan: bool = True) -> None:
        """Move an earlier version's single state file to record files (once), open the record the window showed
        last (a new one when it finished its journey), and read the rest of the book in the background (`scan`;
        the window asks for that once its first page is on screen: customers.scan)."""
        try:
            for message in migrate_earlier_version(self):
                self.notify(message, "info")
        except OSError as exc:
            self.notify(Message("record.migration_failed", {"detail": exc.strerror or type(exc).__name__}), "error")
        _watch_the_log(self)
        self.customers.open_last(self.computer.open_record)
        if scan:
            self.customers.scan()

    # -- what the faces read -------------------------------------------------------------------------------
    @property
    def page(self) -> str:
        return self.navigator.current

    def context(self) -> FlowContext:
        return FlowContext(self.record, self.token)

    def environment(self) -> AfasEnvironment | None:
        return self.record.environment()

    def identity(self) -> TokenIdentity | None:
        return self.record.identity(self.token)

    def blockers(self, page: str | None = None) -> list[Message]:
        return self.flow.blockers(page or self.page, self.context())

    def t(self, key: str, **params: object) -> str:
        """Message `key` in the session's language."""
        return text(key, self.language, **params)

    def job(self, kind: JobKind) -> Job | None:
        """The last job of `kind` for the open record: running, or how it ended."""
        return self.last_jobs.get((self.record.customer_id, kind))

    # -- changing the open record ------------------------------------------------------------------------
    def edit(self, **fields: Any) -> None:
        """Set fields of the open record (what the user typed); saved after a pause in typing."""
        changed = {name for name, value in fields.items() if getattr(self.record, name) != value}
        for name in changed:
            if name not in _EDITABLE:
                raise AttributeError(f"{name} is not a field a page may set")
            setattr(self.record, name, fields[name])
        if changed:
            self.record_changed(changed)

    def tick(self, group: str, key: str, value: bool | str) -> None:
        """Set one entry of a ticked list (checklist, steps) or of the GetConnector files."""
        if group not in _COLLECTIONS:
            raise AttributeError(f"{group} is not a list of ticks")
        entries = getattr(self.record, group)
        if entries.get(key) != value:
            entries[key] = value
            self.record_changed({group})

    def record_changed(self, fields: set[str], *, now: bool = False) -> None:
        self.keeper.changed(now=now)
        self.emit(RecordChanged(self.record.customer_id, frozenset(fields)))

    def commit(self) -> None:
        """A field was left or Enter pressed: what it holds is saved now, so even a crash right after loses
        nothing."""
        self.keeper.flush()

    def open(self, loaded: LoadedRecord | WizardState, notices: list[Message] | None = None) -> None:
        """Show `loaded` from now on, at the start of its journey (the parts reset what they held)."""
        state = loaded.state if isinstance(loaded, LoadedRecord) else loaded
        for message in [*(notices or []), *repair(state)]:
            self.notify(message, "warning", state.customer_id)
        if isinstance(loaded, LoadedRecord):
            self.keeper.track(loaded)
        self.record, self.token = state, None
        for part in (self.tokens, self.handover, self.files, self.nav):
            part.reset()
        if self.computer.open_record != state.customer_id:
            self.save_setting(open_record=state.customer_id)
        self.emit(RecordOpened(state.customer_id))
        self.emit(PageChanged(self.page))
        self.emit(TokenChanged())

    # -- this computer -------------------------------------------------------------------------------------
    def set_language(self, language: Language) -> None:
        if language not in LANGUAGES or language == self.language:
            return
        self.language = language
        self.save_setting(language=language)
        self.emit(LanguageChanged(language))

    def save_setting(self, **changes: str) -> None:
        """Keep a setting of this computer (written on the writer's thread)."""
        for name, value in changes.items():
            setattr(self.computer, name, value)
        settings = self.services.settings
        self.keeper.writer.run(lambda: settings.save(**changes))

    # -- events --------------------------------------------------------------------------------------------
    def emit(self, event: Event) -> None:
        self.events.emit(event)

    def notify(self, message: Message, tone: str = "warning", record_id: str = "") -> None:
        notice = Notice(message, tone, record_id)
        self.notices.append(notice)
        _log.info("notice: %s", message.key)
        self.emit(notice)

    def _job_changed(self, job: Job) -> None:
        self.last_jobs[(job.record_id, job.kind)] = job
        self.emit(JobChanged(job))

    # -- closing -------------------------------------------------------------------------------------------
    def shutdown(self, timeout: float = CLOSE_TIMEOUT_S) -> list[Message]:
        """Save, stop every job (waiting at most `timeout` s), write what is pending. Returns what could not be
        kept, to say as the window closes. Safe to call more than once."""
        if self.closed:
            return []
        self.closed = True
        self.commit()
        left = self.jobs.shutdown(timeout)
        said = [message for job in left if (message := self.tokens.not_kept(job)) is not None]
        if self.keeper.close(max(timeout, 1.0)):
            said.append(Message("ui.save_failed_closing", {"path": str(self.services.records.folder)}))
        for message in said:
            _log.warning("on closing: %s", message.key)
        self.services.stop()
        return said


_EDITABLE = frozenset({"label", "environment_text", "environment_type", "token_name", "administrations_text",
                       "preparation_deferred", "export_folder", "gcn_folder"})


def _watch_the_log(session: Session) -> None:
    """A log that cannot be written is said once (the wizard runs on without it)."""
    log = session.services.log
    if log is None:
        return
    if log.problem is not None:
        session.notify(log.problem, "info")
    log.when_failing(lambda message: session.dispatcher.post(lambda: session.notify(message, "info")))


def _language(asked: str | None, computer: ComputerSettings) -> Language:
    """--lang when given, else the language saved on this computer, else the system's."""
    chosen = asked or computer.language
    return chosen if chosen in LANGUAGES else default_language()  # type: ignore[return-value]


def migrate_earlier_version(session: Session) -> list[Message]:
    """Move an earlier version's single state file to record files (once; OSError when that cannot be written),
    then give `session` this computer's settings, language included, from where the move put them."""
    from wizard.app.migration import migrate

    said = migrate(session.services.records, session.services.settings)
    session.computer = session.services.settings.load()
    session.language = _language(session.asked_language, session.computer)
    return said
