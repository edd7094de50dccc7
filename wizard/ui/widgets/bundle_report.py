"""The result of checking a GetConnector bundle: one row per finding (symbol, kind, message) and the verdict.

Names come from the customer's ZIP: every label is plain text (a name like `<img src=...>.gcn` is not HTML), and
names are shown escaped (file_names.shown_name; the findings' messages do it themselves)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from wizard.core.file_names import shown_name
from wizard.core.getconnectors.model import CheckReport, ItemKind
from wizard.core.messages import Language, text
from wizard.ui.style import ITEM_TONES, paint_text
from wizard.ui.widgets.labels import discard
from wizard.ui.widgets.warning_box import WarningBox


class BundleReportView(QWidget):
    def __init__(self, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.source = QLabel()
        self.source.setTextFormat(Qt.TextFormat.PlainText)
        self.source.setWordWrap(True)
        layout.addWidget(self.source)
        self._rows = QGridLayout()
        self._rows.setColumnStretch(1, 1)
        layout.addLayout(self._rows)
        self.verdict = WarningBox("", "info")
        self.verdict.setObjectName("bundle_verdict")
        layout.addWidget(self.verdict)
        self.rows: list[tuple[ItemKind, QLabel, QLabel]] = []
        self.setVisible(False)

    def clear(self) -> None:
        for _, symbol, message in self.rows:
            for label in (symbol, message):
                discard(label)
        self.rows = []
        self.source.clear()
        self.verdict.show_message("", "info")
        self.setVisible(False)

    def show_report(self, report: CheckReport) -> None:
        self.clear()
        self.source.setText(text("gcn.cli_checking", self._language, path=shown_name(str(report.source))))
        for row, item in enumerate(report.items):
            glyph, tone = ITEM_TONES[item.kind.value]
            symbol = QLabel(glyph)
            symbol.setFixedWidth(22)
            paint_text(symbol, tone, bold=True)
            tag = item.kind.tag.text(self._language)
            symbol.setToolTip(tag)
            symbol.setAccessibleName(tag)  # the kind in words, never the glyph
            message = QLabel(item.text(self._language))
            message.setTextFormat(Qt.TextFormat.PlainText)
            message.setWordWrap(True)
            message.setAccessibleName(f"{tag}: {message.text()}")  # a screen reader hears the kind, not "✗"
            self._rows.addWidget(symbol, row, 0)
            self._rows.addWidget(message, row, 1)
            self.rows.append((item.kind, symbol, message))
        if report.ok:
            self.verdict.show_message(text("gcn.cli_check_ok", self._language), "ok")
        else:
            self.verdict.show_message(text("gcn.cli_check_problems", self._language, count=len(report.problems)),
                                      "error")
        self.setVisible(True)

    def items(self) -> list[tuple[str, str, str]]:
        """What is shown, row by row: (kind, symbol, message)."""
        return [(kind.value, symbol.text(), message.text()) for kind, symbol, message in self.rows]
