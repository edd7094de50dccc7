"""The live list of token-test checks: a status symbol, the title, and under it what went wrong and the fix."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from wizard.core.messages import Language, Message, text

SYMBOLS = {"pending": "…", "passed": "✓", "warning": "⚠", "failed": "✗", "skipped": "–"}
COLOURS = {"passed": "#1d6b32", "warning": "#8a5a00", "failed": "#a11a1a", "skipped": "#777777"}
SPINNER = "◐◓◑◒"


class CheckRow(QWidget):
    def __init__(self, check_id: str, title: str, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check_id, self._language = check_id, language
        self.status = "pending"
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        self.symbol = QLabel(SYMBOLS["pending"])
        self.symbol.setFixedWidth(22)
        self.title = QLabel(title)
        self.title.setWordWrap(True)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.fix = QLabel()
        self.fix.setWordWrap(True)
        for label in (self.explanation, self.fix):
            label.setVisible(False)
        layout.addWidget(self.symbol, 0, 0)
        layout.addWidget(self.title, 0, 1)
        layout.addWidget(self.explanation, 1, 1)
        layout.addWidget(self.fix, 2, 1)
        layout.setColumnStretch(1, 1)
        self._update_accessible()

    def set_result(self, status: str, title: str | None, explanation: str | None, fix: str | None) -> None:
        self.status = status
        if title:
            self.title.setText(title)
        self.symbol.setText(SYMBOLS.get(status, SPINNER[0]))
        colour = COLOURS.get(status, "#1f4f8a")
        self.symbol.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.explanation.setText(explanation or "")
        self.explanation.setVisible(bool(explanation))
        self.fix.setText(text("ui.check_fix", self._language, fix=fix) if fix else "")
        self.fix.setVisible(bool(fix))
        self._update_accessible()

    def tick(self, frame: int) -> None:
        if self.status == "running":
            self.symbol.setText(SPINNER[frame % len(SPINNER)])

    def _update_accessible(self) -> None:
        status = text(f"ui.check_status_{self.status}", self._language)
        self.setAccessibleName(f"{self.title.text()}: {status}")


class ChecksList(QWidget):
    """Rows keyed by check id; `update_check` takes a token_test.CheckResult (duck-typed)."""

    def __init__(self, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.rows: dict[str, CheckRow] = {}
        self._frame = 0
        self._spinner = QTimer(self)
        self._spinner.setInterval(150)
        self._spinner.timeout.connect(self._tick)

    def set_checks(self, titles: dict[str, Message]) -> None:
        """Start over with every check pending, in the given order."""
        for row in self.rows.values():
            row.setParent(None)
            row.deleteLater()
        self.rows = {}
        for check_id, title in titles.items():
            row = CheckRow(check_id, title.text(self._language), self._language, self)
            self.rows[check_id] = row
            self._layout.addWidget(row)

    def update_check(self, result: Any) -> None:
        status = getattr(result.status, "value", str(result.status))
        row = self.rows.get(result.id)
        if row is None:
            row = CheckRow(result.id, "", self._language, self)
            self.rows[result.id] = row
            self._layout.addWidget(row)

        def render(message: Message | None) -> str | None:
            return message.text(self._language) if message is not None else None

        row.set_result(status, render(result.title), render(result.explanation), render(result.fix))
        self._sync_spinner()

    def statuses(self) -> dict[str, str]:
        return {check_id: row.status for check_id, row in self.rows.items()}

    def stop_running(self, status: str = "skipped") -> None:
        """After a cancel: no row keeps spinning."""
        for row in self.rows.values():
            if row.status in ("running", "pending"):
                row.set_result(status, None, None, None)
        self._sync_spinner()

    def _sync_spinner(self) -> None:
        if any(row.status == "running" for row in self.rows.values()):
            if not self._spinner.isActive():
                self._spinner.start()
        else:
            self._spinner.stop()

    def _tick(self) -> None:
        self._frame += 1
        for row in self.rows.values():
            row.tick(self._frame)
