"""What every page shares: title from the article, demo banner, a scrolling body, and the line that says why Next
is disabled (or what the page waits for). Pages keep no state and own no job: they show the session's open record
and its jobs, and tell the session what the user did. They hear about changes through the bridge's signals."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from wizard.app.jobs import Job, JobKind, is_running
from wizard.app.session import Session
from wizard.core.content import ArticleContent, load_content
from wizard.core.messages import Language, text
from wizard.core.state import WizardState
from wizard.ui.context import WindowContext
from wizard.ui.widgets.demo_banner import DemoBanner
from wizard.ui.widgets.warning_box import WarningBox

NEXT = QWizard.WizardButton.CustomButton3  # the window's Next (the session decides where it leads)


class PageHooks:
    """What a page may say about itself (every hook has a sensible default)."""

    page_name = ""
    job_kinds: tuple[JobKind, ...] = ()  # the jobs this page starts and shows

    def build(self) -> None:
        """Create the widgets (once)."""

    def load_state(self) -> None:
        """Show what the session holds (every time the page is entered, and when the record changes under it)."""

    def reset(self) -> None:
        """Forget what the widgets hold beyond the record (another record was opened, or started over)."""

    def job_changed(self, job: Job) -> None:
        """A job of `job_kinds` for the open record started, reported progress or ended."""

    def first_field(self) -> QWidget | None:
        """Where focus lands when the page opens: the first thing to fill in (None: Next)."""
        return None

    def main_action(self) -> QPushButton | None:
        """The button Enter presses while Next is disabled (e.g. "Test token"); None: Enter does nothing."""
        return None

    def busy_text(self) -> str:
        """What the bar at the bottom says while the page waits for something (a test, a save)."""
        return ""



class PageFocus:
    """Where the keyboard focus goes on a page, and what leaving a field does."""

    session: Session
    scroll: QScrollArea

    def focus_result(self, result: QWidget) -> None:
        """A long job ended: focus goes to its result, so a screen reader reads it and the eyes find it. Enter
        there presses the window's default button: Next when it is enabled, else the page's main action (Test
        again); never Back."""
        if not self.is_current():
            return
        result.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        result.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        """Leaving a field, or Enter in it, commits what it holds: saved now, not after the typing delay."""
        if event.type() == QEvent.Type.FocusOut or (
                event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.session.commit()
        return False

    def _focus_first_field(self) -> None:
        if not self.isVisible():
            return
        target = self.first_field()
        if target is not None and target.isEnabled() and target.isVisibleTo(self):
            target.setFocus(Qt.FocusReason.TabFocusReason)  # the visible focus ring of the keyboard
            self.reveal(target)
        elif (wizard := self.wizard()) is not None:
            wizard.button(NEXT).setFocus(Qt.FocusReason.TabFocusReason)

    def reveal(self, widget: QWidget) -> None:
        """Scroll the page so that `widget` is in view, also when it has only just been shown."""
        # A widget made visible a moment ago has no place yet: lay the page out first, or the scroll misses it.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.scroll.ensureWidgetVisible(widget)


class WizardPageBase(PageHooks, PageFocus, QWizardPage):
    def __init__(self, ctx: WindowContext) -> None:
        super().__init__()
        self.ctx, self.session = ctx, ctx.session
        self.lang: Language = ctx.session.language
        self.content: ArticleContent = load_content(self.lang)
        self.setObjectName(f"page_{self.page_name}")
        self.setTitle(self.content.title(self.page_name))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.demo_banner: DemoBanner | None = DemoBanner(self.lang) if self.session.services.is_demo else None
        if self.demo_banner is not None:
            outer.addWidget(self.demo_banner)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.body = QVBoxLayout(body)
        self.scroll.setWidget(body)
        outer.addWidget(self.scroll, 1)
        self.blockers_box = WarningBox("", "info")
        self.blockers_box.setObjectName("blockers")
        outer.addWidget(self.blockers_box)
        self.build()
        self.body.addStretch(1)
        bridge = ctx.bridge
        bridge.record_opened.connect(self._record_opened)
        bridge.record_reloaded.connect(lambda _id: self._reload())
        bridge.job_changed.connect(self._job_changed)
        bridge.record_changed.connect(self._something_changed)
        bridge.token_changed.connect(self._something_changed)
        for editor in [*self.findChildren(QLineEdit), *self.findChildren(QPlainTextEdit)]:
            editor.installEventFilter(self)  # leaving a field commits it: saved at once, not after the delay

    def t(self, key: str, **params: object) -> str:
        return text(key, self.lang, **params)

    def add(self, widget: QWidget) -> QWidget:
        self.body.addWidget(widget)
        return widget

    def add_warnings(self, page: str | None = None) -> list[WarningBox]:
        boxes = [WarningBox(message, "warning") for message in self.content.step_warnings(page or self.page_name)]
        for box in boxes:
            self.add(box)
        return boxes

    # -- shared behaviour -------------------------------------------------------------------------------
    @property
    def state(self) -> WizardState:
        return self.session.record  # another record may be opened at any time: never keep a reference

    def job(self, kind: JobKind) -> Job | None:
        return self.session.job(kind)

    def running(self, kind: JobKind) -> bool:
        return is_running(self.session.job(kind))

    def changed(self) -> None:
        """Something the user did changed the record: re-evaluate what the bottom bar says."""
        self.refresh_blockers()
        self.completeChanged.emit()

    def blockers(self) -> list[str]:
        return [m.text(self.lang) for m in self.session.blockers(self.page_name)]

    def refresh_blockers(self) -> None:
        busy = self.busy_text()
        self.blockers_box.show_message(busy or "\n".join(self.blockers()), "info")

    def is_current(self) -> bool:
        wizard = self.wizard()
        return wizard is not None and wizard.currentPage() is self

    def _record_opened(self, _record_id: str) -> None:
        self.reset()
        if self.is_current():
            self._reload()

    def _something_changed(self, *_args: object) -> None:
        if self.is_current():
            self.refresh_blockers()

    def _reload(self) -> None:
        self.load_state()
        self.changed()

    def _job_changed(self, job: Job) -> None:
        if job.kind in self.job_kinds and job.record_id in (self.state.customer_id, ""):
            self.job_changed(job)
            if self.is_current():
                self.refresh_blockers()  # the window hears of the job itself (Next, Back, the steps)

    def isComplete(self) -> bool:  # Qt override
        return not self.session.blockers(self.page_name)

    def validatePage(self) -> bool:  # Qt override
        return self.isComplete()

    def initializePage(self) -> None:  # Qt override
        self.setTitle(self.content.title(self.page_name, self.state.journey))
        self.load_state()
        self.refresh_blockers()
        QTimer.singleShot(0, self, self._focus_first_field)  # after QWizard has placed its own focus

    def cleanupPage(self) -> None:  # Qt override
        """Back keeps everything: QWizard's default would reset registered fields."""
