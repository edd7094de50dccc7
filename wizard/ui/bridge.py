"""The one seam between the Qt-free session and Qt: a dispatcher that runs what worker threads post on the GUI
thread, and a bridge that turns each session event into a Qt signal, so widgets connect as they always do. Nothing
else in the window subscribes to the session directly."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot

from wizard.app.events import (
    CustomersChanged,
    Event,
    FinstackApiChanged,
    JobChanged,
    LanguageChanged,
    Notice,
    PageChanged,
    RecordChanged,
    RecordOpened,
    RecordReloaded,
    TokenChanged,
)
from wizard.app.session import Session


class QtDispatcher(QObject):
    """`post` from any thread; the function runs on the thread this object lives on (the GUI thread)."""

    _posted = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._posted.connect(self._run)

    def post(self, fn: Callable[[], None]) -> None:
        try:
            self._posted.emit(fn)
        except RuntimeError:  # the window is gone while a late job reports: nobody to tell
            pass

    @Slot(object)
    def _run(self, fn: Callable[[], None]) -> None:
        fn()


class SessionBridge(QObject):
    record_opened = Signal(str)
    record_changed = Signal(object)  # RecordChanged
    record_reloaded = Signal(str)
    page_changed = Signal(str)
    token_changed = Signal()
    job_changed = Signal(object)  # the Job
    customers_changed = Signal(object)  # frozenset of record ids; empty: the whole list
    notice = Signal(object)  # Notice
    language_changed = Signal(str)
    api_changed = Signal()

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._unsubscribe = session.events.subscribe(self._heard)

    def _heard(self, event: Event) -> None:
        match event:
            case RecordOpened(record_id=record_id):
                self.record_opened.emit(record_id)
            case RecordChanged():
                self.record_changed.emit(event)
            case RecordReloaded(record_id=record_id):
                self.record_reloaded.emit(record_id)
            case PageChanged(page=page):
                self.page_changed.emit(page)
            case TokenChanged():
                self.token_changed.emit()
            case JobChanged(job=job):
                self.job_changed.emit(job)
            case CustomersChanged(record_ids=ids):
                self.customers_changed.emit(ids)
            case Notice():
                self.notice.emit(event)
            case LanguageChanged(language=language):
                self.language_changed.emit(language)
            case FinstackApiChanged():
                self.api_changed.emit()

    def detach(self) -> None:
        self._unsubscribe()
