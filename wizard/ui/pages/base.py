"""What every page shares: title from the article, demo banner, a scrolling body, and the line that says
why Next is disabled. Pages keep no state of their own: they read and write the window's WizardState."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget, QWizardPage

from wizard.core.content import ArticleContent, load_content
from wizard.core.messages import Language, text
from wizard.ui.widgets.demo_banner import DemoBanner
from wizard.ui.widgets.warning_box import WarningBox

if TYPE_CHECKING:
    from wizard.ui.wizard_window import WizardWindow


def wrapped(value: str, *, rich: bool = False) -> QLabel:
    label = QLabel(value)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def heading(value: str) -> QLabel:
    label = wrapped(value)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class WizardPageBase(QWizardPage):
    page_name = ""

    def __init__(self, wizard_window: WizardWindow) -> None:
        super().__init__()
        self.wiz = wizard_window
        self.lang: Language = wizard_window.language
        self.content: ArticleContent = load_content(self.lang)
        self.setObjectName(f"page_{self.page_name}")
        self.setTitle(self.content.title(self.page_name))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        if wizard_window.services.is_demo:
            self.demo_banner: DemoBanner | None = DemoBanner(self.lang)
            outer.addWidget(self.demo_banner)
        else:
            self.demo_banner = None
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.body = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.blockers_box = WarningBox("", "info")
        self.blockers_box.setObjectName("blockers")
        outer.addWidget(self.blockers_box)
        self.build()
        self.body.addStretch(1)

    # -- for subclasses ---------------------------------------------------------------------------------
    def build(self) -> None:
        """Create the widgets (once)."""

    def load_state(self) -> None:
        """Show what the state holds (every time the page is entered)."""

    def reset(self) -> None:
        """Forget what the widgets hold beyond the state ("start over")."""

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
    def state(self):  # noqa: ANN201 - WizardState; the window may replace it on "start over"
        return self.wiz.state

    def changed(self) -> None:
        """Something the user did changed the state: save soon, and re-evaluate Next."""
        self.wiz.state_changed()
        self.refresh_blockers()
        self.completeChanged.emit()

    def blockers(self) -> list[str]:
        return [m.text(self.lang) for m in self.wiz.flow.blockers(self.page_name, self.wiz.context())]

    def refresh_blockers(self) -> None:
        reasons = self.blockers()
        self.blockers_box.show_message("\n".join(reasons), "info")

    def isComplete(self) -> bool:  # Qt override
        return not self.blockers()

    def validatePage(self) -> bool:  # Qt override
        return self.isComplete()

    def initializePage(self) -> None:  # Qt override
        self.load_state()
        self.refresh_blockers()

    def cleanupPage(self) -> None:  # Qt override
        """Back keeps everything: QWizard's default would reset registered fields."""
