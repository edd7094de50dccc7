"""Where am I: "Step 4 of 9" and the journey's steps, a tick beside the ones done, the current one in bold.
Shown beside the pages (QWizard's side widget)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from wizard.core.messages import Language, text
from wizard.ui.style import MUTED, TONES, colour_rule
from wizard.ui.widgets.labels import discard

DONE, CURRENT, LATER = "✓", "▸", "·"


class StepList(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("steps")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFixedWidth(190)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 12, 8, 8)
        self.counter = QLabel()
        self.counter.setObjectName("step_counter")
        font = self.counter.font()
        font.setBold(True)
        self.counter.setFont(font)
        self._layout.addWidget(self.counter)
        self.rows: list[QLabel] = []
        self._layout.addStretch(1)
        self._shown: tuple = ()

    def show_steps(self, titles: list[str], current: int, done: set[int], language: Language) -> None:
        """`titles` in the journey's order; `current` is the index shown now; `done` the indexes completed."""
        shown = (tuple(titles), current, frozenset(done), language)
        if shown == self._shown:
            return  # asked again after every save: rebuilding the same rows would only lay the window out again
        self._shown = shown
        for row in self.rows:
            discard(row)
        self.rows = []
        self.counter.setText(text("ui.step_counter", language, number=current + 1, count=len(titles)))
        for index, title in enumerate(titles):
            mark = DONE if index in done and index != current else CURRENT if index == current else LATER
            row = QLabel(f"{mark}  {title}")
            row.setWordWrap(True)
            state = text("ui.step_done" if mark == DONE else "ui.step_current" if mark == CURRENT
                         else "ui.step_later", language)
            row.setAccessibleName(f"{title}: {state}")
            if index == current:
                font = row.font()
                font.setBold(True)
                row.setFont(font)
            row.setStyleSheet(colour_rule(TONES["ok"].foreground if mark == DONE else
                                          "palette(text)" if mark == CURRENT else MUTED))
            self._layout.insertWidget(1 + index, row)
            self.rows.append(row)

    def marks(self) -> list[str]:
        """What each row shows first: ✓ done, ▸ current, · later (for tests and screen readers alike)."""
        return [row.text().split()[0] for row in self.rows]
