"""What a screen reader hears without looking: the start and the end of a long job (the token test, the check and
unpack of Finstack's ZIP, the hand-over to Finstack) and a save that failed, as accessibility announcements
(Qt's QAccessibleAnnouncementEvent: AT-SPI's object:announcement on Linux, a UI Automation notification on
Windows). Said once, by the window, whatever page object shows the job now."""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget, QWizard

from wizard.app.events import Notice
from wizard.app.gcn_files import unpack_problem
from wizard.app.jobs import Job, JobKind, JobStatus
from wizard.core.finstack_api import SubmitStatus
from wizard.core.messages import Language, Message, text
from wizard.ui.context import WindowContext
from wizard.ui.style import OUTCOME_SENTENCES

heard: deque[str] = deque(maxlen=50)  # the last announcements made (what the tests read back)


def announce(source: QObject, message: str, *, urgent: bool = False) -> None:
    heard.append(message)
    event = QAccessibleAnnouncementEvent(source, message)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if urgent
                        else QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)


_STARTED = {JobKind.TOKEN_TEST: "ui.test_running", JobKind.UNPACK: "ui.gcn_unpacking",
            JobKind.HANDOVER: "ui.submitting"}


def job_words(job: Job, language: Language) -> str | None:
    """What to announce about `job` now (None: nothing)."""
    if job.kind not in _STARTED:
        return None
    if job.running:
        return text(_STARTED[job.kind], language) if not job.progress and not job.cancelling else None
    if job.status is JobStatus.FAILED or job.status is JobStatus.CANCELLED:
        return (job.failure or Message("ui.cancelled_done")).text(language)
    return _ended(job, language)


def _ended(job: Job, language: Language) -> str:
    result = job.result
    if job.kind is JobKind.TOKEN_TEST:
        return text(OUTCOME_SENTENCES[result.outcome], language)
    if job.kind is JobKind.UNPACK:
        problem = unpack_problem(result)
        return problem.text(language) if problem else text("ui.gcn_unpacked_said", language,
                                                           path=str(result.destination))
    outcome = result
    if outcome.ok and outcome.status is not SubmitStatus.UPDATED:
        return text("ui.submitted", language, source_id=outcome.source_id or "—")
    return outcome.message.text(language)  # a renewed token put into its source, or why the hand-over failed


class WindowVoice(QObject):
    """The window's announcements: a long job starting and ending (whichever page object shows it now), and a save
    that failed, said at once and shown in a box."""

    def __init__(self, window: QWidget, ctx: WindowContext) -> None:
        super().__init__(window)
        self.window, self.ctx = window, ctx
        ctx.bridge.job_changed.connect(self._job)
        ctx.bridge.notice.connect(self._notice)

    def _job(self, job: Job) -> None:
        session = self.ctx.session
        if job.record_id not in (session.record.customer_id, ""):
            return
        words = job_words(job, session.language)
        if words:
            page = self.window.currentPage() if isinstance(self.window, QWizard) else None
            announce(page or self.window, words)

    def _notice(self, notice: Notice) -> None:
        if notice.tone == "error":  # a save that failed: said at once, whatever page is open
            said = notice.message.text(self.ctx.session.language)
            announce(self.window, said, urgent=True)
            self.ctx.desktop.tell(self.window, self.window.windowTitle(), said)
