"""The live list of token-test checks: a status symbol, the title, and under it what went wrong and the fix."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from wizard.core.messages import Language, Message, text
from wizard.core.token_test.report import CheckResult, CheckStatus
from wizard.ui.style import CHECK_STATUS_NAMES, CHECK_SYMBOLS, CHECK_TONES, SPINNER, paint_text
from wizard.ui.widgets.labels import discard


class CheckRow(QWidget):
    def __init__(self, check_id: str, title: str, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check_id, self._language = check_id, language
        self.status = CheckStatus.PENDING
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        self.symbol = QLabel(CHECK_SYMBOLS[CheckStatus.PENDING])
        paint_text(self.symbol, CHECK_TONES[CheckStatus.PENDING], bold=True)
        self.symbol.setAccessibleName(text(CHECK_STATUS_NAMES[CheckStatus.PENDING], language))
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
        # Only what changed is touched: every new text or style lays the page out again, and a test reports often.
        if status is not self.status:
            self.status = status
            self.symbol.setText(CHECK_SYMBOLS[status])
            paint_text(self.symbol, CHECK_TONES[status], bold=True)
            self.symbol.setAccessibleName(text(CHECK_STATUS_NAMES[status], self._language))  # "passed", not "✓"
        if title:
            _set_text(self.title, title)
        _show_text(self.explanation, explanation or "")
        _show_text(self.fix, text("ui.check_fix", self._language, fix=fix) if fix else "")
        self._update_accessible()

    def tick(self, frame: int) -> None:
        if self.status is CheckStatus.RUNNING:
            self.symbol.setText(SPINNER[frame % len(SPINNER)])

    def _update_accessible(self) -> None:
        status = text(CHECK_STATUS_NAMES[self.status], self._language)
        self.setAccessibleName(f"{self.title.text()}: {status}")


def _set_text(label: QLabel, value: str) -> None:
    if label.text() != value:
        label.setText(value)


def _show_text(label: QLabel, value: str) -> None:
    """The label shows `value`, or hides when it is empty."""
    _set_text(label, value)
    if label.isVisibleTo(label.parentWidget()) != bool(value):
        label.setVisible(bool(value))


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
        # After a test, the checks that passed fold into one line; warnings and failures stay open.
        self.folded = QWidget()
        folded = QHBoxLayout(self.folded)
        folded.setContentsMargins(0, 2, 0, 2)
        self.folded_label = QLabel()
        paint_text(self.folded_label, "ok", bold=True)
        self.unfold_button = QToolButton()
        self.unfold_button.setCheckable(True)
        self.unfold_button.setText(text("ui.checks_show_passed", language))
        self.unfold_button.setAccessibleName(text("ui.checks_show_passed", language))
        self.unfold_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.unfold_button.toggled.connect(self._show_passed)
        folded.addWidget(self.folded_label)
        folded.addWidget(self.unfold_button)
        folded.addStretch(1)
        self._layout.addWidget(self.folded)
        self.folded.setVisible(False)

    def set_checks(self, titles: dict[str, Message]) -> None:
        """Start over with every check pending, in the given order."""
        for row in self.rows.values():
            discard(row)
        self.rows = {}
        self.folded.setVisible(False)
        for check_id, title in titles.items():
            row = CheckRow(check_id, title.text(self._language), self._language, self)
            self.rows[check_id] = row
            self._layout.addWidget(row)

    def ensure_checks(self, titles: dict[str, Message]) -> None:
        """The rows of these checks, kept as they are when they are there already (a test that ends updates its
        rows; building them again costs a layout pass the user would feel)."""
        if list(self.rows) != list(titles):
            self.set_checks(titles)

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

    def fold_passed(self) -> None:
        """One line for every check that passed; the others stay as they are, with their explanation and fix."""
        passed = [row for row in self.rows.values() if row.status is CheckStatus.PASSED]
        if not passed:
            return
        self.folded_label.setText(text("ui.checks_passed_folded", self._language, count=len(passed)))
        self.folded_label.setAccessibleName(self.folded_label.text())
        self._layout.insertWidget(0, self.folded)
        self.folded.setVisible(True)
        self.unfold_button.setChecked(False)
        self._show_passed(False)

    def _show_passed(self, shown: bool) -> None:
        key = "ui.checks_hide_passed" if shown else "ui.checks_show_passed"
        self.unfold_button.setText(text(key, self._language))
        self.unfold_button.setAccessibleName(text(key, self._language))
        for row in self.rows.values():
            if row.status is CheckStatus.PASSED:
                row.setVisible(shown)

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
