"""Where am I: "Step 4 of 9" and the journey's steps as a list, a tick beside the ones done, the current one in bold.
Shown beside the pages (QWizard's side widget). A screen reader meets a list of steps, each named with its state
("Test the token: current step"), not a label of labels."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from wizard.core.messages import Language, text
from wizard.ui.style import MUTED, tone_colour

DONE, CURRENT, LATER = "✓", "▸", "·"


class StepList(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("steps")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFixedWidth(190)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 12, 8, 8)
        self.counter = QLabel()
        self.counter.setObjectName("step_counter")
        font = self.counter.font()
        font.setBold(True)
        self.counter.setFont(font)
        layout.addWidget(self.counter)
        self.list = QListWidget()
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # read, not operated: Tab goes to the page
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.list, 1)
        self._shown: tuple = ()

    def show_steps(self, titles: list[str], current: int, done: set[int], language: Language) -> None:
        """`titles` in the journey's order; `current` is the index shown now; `done` the indexes completed."""
        shown = (tuple(titles), current, frozenset(done), language)
        if shown == self._shown:
            return  # asked again after every save: rebuilding the same rows would only lay the window out again
        self._shown = shown
        self.list.clear()
        self.counter.setText(text("ui.step_counter", language, number=current + 1, count=len(titles)))
        self.list.setAccessibleName(self.counter.text())
        palette = QGuiApplication.palette()
        own = self.list.palette()  # the list looks like the panel it sits on: the window's colour, not a field's
        own.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
        own.setColor(QPalette.ColorRole.Text, palette.color(QPalette.ColorRole.WindowText))
        self.list.setPalette(own)
        for index, title in enumerate(titles):
            mark = DONE if index in done and index != current else CURRENT if index == current else LATER
            item = QListWidgetItem(f"{mark}  {title}")
            state = text("ui.step_done" if mark == DONE else "ui.step_current" if mark == CURRENT
                         else "ui.step_later", language)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title}: {state}")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            if index == current:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            if mark != CURRENT:
                item.setForeground(QBrush(tone_colour("ok" if mark == DONE else MUTED, palette)))
            self.list.addItem(item)

    @property
    def rows(self) -> list[QListWidgetItem]:
        return [self.list.item(index) for index in range(self.list.count())]

    def marks(self) -> list[str]:
        """What each row shows first: ✓ done, ▸ current, · later (for tests and screen readers alike)."""
        return [row.text().split()[0] for row in self.rows]
