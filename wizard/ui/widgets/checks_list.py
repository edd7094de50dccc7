"""The live list of token-test checks: a status symbol, the title, and under it what went wrong and the fix."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from wizard.core.messages import Language, Message, text
from wizard.core.token_test.report import CheckResult, CheckStatus
from wizard.ui.style import CHECK_COLOURS, CHECK_STATUS_NAMES, CHECK_SYMBOLS, SPINNER, colour_rule


class CheckRow(QWidget):
    def __init__(self, check_id: str, title: str, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check_id, self._language = check_id, language
        self.status = CheckStatus.PENDING
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        self.symbol = QLabel(CHECK_SYMBOLS[CheckStatus.PENDING])
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

    def set_result(self, status: CheckStatus, title: str | None, explanation: str | None, fix: str | None) -> None:
        self.status = status
        if title:
            self.title.setText(title)
        self.symbol.setText(CHECK_SYMBOLS[status])
        self.symbol.setStyleSheet(colour_rule(CHECK_COLOURS[status], bold=True))
        self.explanation.setText(explanation or "")
        self.explanation.setVisible(bool(explanation))
        self.fix.setText(text("ui.check_fix", self._language, fix=fix) if fix else "")
        self.fix.setVisible(bool(fix))
        self._update_accessible()

    def tick(self, frame: int) -> None:
        if self.status is CheckStatus.RUNNING:
            self.symbol.setText(SPINNER[frame % len(SPINNER)])

    def _update_accessible(self) -> None:
        status = text(CHECK_STATUS_NAMES[self.status], self._language)
        self.setAccessibleName(f"{self.title.text()}: {status}")


class ChecksList(QWidget):
    """Rows keyed by check id, updated with each CheckResult the token test reports."""

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

    def update_check(self, result: CheckResult) -> None:
        row = self.rows.get(result.id)
        if row is None:
            row = CheckRow(result.id, "", self._language, self)
            self.rows[result.id] = row
            self._layout.addWidget(row)

        def render(message: Message | None) -> str | None:
            return message.text(self._language) if message is not None else None

        row.set_result(result.status, render(result.title), render(result.explanation), render(result.fix))
        self._sync_spinner()

    def statuses(self) -> dict[str, str]:
        return {check_id: row.status.value for check_id, row in self.rows.items()}

    def stop_running(self, status: CheckStatus = CheckStatus.SKIPPED) -> None:
        """After a cancel: no row keeps spinning."""
        for row in self.rows.values():
            if row.status in (CheckStatus.RUNNING, CheckStatus.PENDING):
                row.set_result(status, None, None, None)
        self._sync_spinner()

    def _sync_spinner(self) -> None:
        if any(row.status is CheckStatus.RUNNING for row in self.rows.values()):
            if not self._spinner.isActive():
                self._spinner.start()
        else:
            self._spinner.stop()

    def _tick(self) -> None:
        self._frame += 1
        for row in self.rows.values():
            row.tick(self._frame)
