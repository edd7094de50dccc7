"""What every page shares: title from the article, demo banner, a scrolling body, and the line that says
why Next is disabled. Pages keep no state of their own: they read and write the session's WizardState and
ask the session (never the window) for everything else."""

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

from wizard.core.content import ArticleContent, load_content
from wizard.core.messages import Language, text
from wizard.core.state import WizardState
from wizard.ui.session import WizardSession
from wizard.ui.widgets.demo_banner import DemoBanner
from wizard.ui.widgets.warning_box import WarningBox


class WizardPageBase(QWizardPage):
    page_name = ""

    def __init__(self, session: WizardSession) -> None:
        super().__init__()
        self.session = session
        self.lang: Language = session.language
        self.content: ArticleContent = load_content(self.lang)
        self.setObjectName(f"page_{self.page_name}")
        self.setTitle(self.content.title(self.page_name))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.demo_banner: DemoBanner | None = DemoBanner(self.lang) if session.services.is_demo else None
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
        session.state_replaced.connect(self.reset)
        for editor in [*self.findChildren(QLineEdit), *self.findChildren(QPlainTextEdit)]:
            editor.installEventFilter(self)  # leaving a field commits it: saved at once, not after the delay

    # -- for subclasses ---------------------------------------------------------------------------------
    def build(self) -> None:
        """Create the widgets (once)."""

    def load_state(self) -> None:
        """Show what the state holds (every time the page is entered)."""

    def reset(self) -> None:
        """Forget what the widgets hold beyond the state ("start over")."""

    def first_field(self) -> QWidget | None:
        """Where focus lands when the page opens: the first thing to fill in (None: Next)."""
        return None

    def main_action(self) -> QPushButton | None:
        """The button Enter presses while Next is disabled (e.g. "Test token"); None: Enter does nothing."""
        return None

    def busy_text(self) -> str:
        """What the bar at the bottom says while the page waits for something (a test, a save)."""
        return ""

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
        return self.session.state  # the session replaces it on "start over": never keep a reference

    def changed(self) -> None:
        """Something the user did changed the state: save soon, and re-evaluate Next."""
        self.session.changed()
        self.refresh_blockers()
        self.completeChanged.emit()

    def blockers(self) -> list[str]:
        return [m.text(self.lang) for m in self.session.blockers(self.page_name)]

    def refresh_blockers(self) -> None:
        busy = self.busy_text()
        self.blockers_box.show_message(busy or "\n".join(self.blockers()), "info")

    def focus_after_job(self, button: QWidget) -> None:
        """A job ended: focus goes to Next when it is enabled, else back to the button that started it, never to
        a button that would go Back on the next Enter."""
        wizard = self.wizard()
        following = wizard.button(QWizard.WizardButton.NextButton) if wizard is not None else None
        target = following if following is not None and following.isEnabled() and following.isVisible() else button
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        """Leaving a field, or Enter in it, commits what it holds: saved now, not after the typing delay."""
        if event.type() == QEvent.Type.FocusOut or (
                event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.session.commit()
        return False

    def isComplete(self) -> bool:  # Qt override
        return not self.blockers()

    def validatePage(self) -> bool:  # Qt override
        return self.isComplete()

    def initializePage(self) -> None:  # Qt override
        self.setTitle(self.content.title(self.page_name, self.state.journey))
        self.load_state()
        self.refresh_blockers()
        QTimer.singleShot(0, self, self._focus_first_field)  # after QWizard has placed its own focus

    def _focus_first_field(self) -> None:
        if not self.isVisible():
            return
        target = self.first_field()
        if target is not None and target.isEnabled() and target.isVisibleTo(self):
            target.setFocus(Qt.FocusReason.TabFocusReason)  # the visible focus ring of the keyboard
            self.reveal(target)
        elif (wizard := self.wizard()) is not None:
            wizard.button(QWizard.WizardButton.NextButton).setFocus(Qt.FocusReason.TabFocusReason)

    def reveal(self, widget: QWidget) -> None:
        """Scroll the page so that `widget` is in view, also when it has only just been shown."""
        # A widget made visible a moment ago has no place yet: lay the page out first, or the scroll misses it.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.scroll.ensureWidgetVisible(widget)

    def cleanupPage(self) -> None:  # Qt override
        """Back keeps everything: QWizard's default would reset registered fields."""
