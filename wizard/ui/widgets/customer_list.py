"""The customers on this computer, for a consultant who goes from one to the next: each with its environment,
journey, where it stopped and when; Continue, Remove…, and Start a new customer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

from wizard.core.customers import CustomerSummary
from wizard.core.messages import Language, text
from wizard.ui.widgets.buttons import action_button
from wizard.ui.widgets.labels import discard, wrapped

Describe = Callable[[CustomerSummary], str]


def _date(stamp: str, language: Language) -> str:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return ""
    return moment.strftime("%d-%m-%Y %H:%M" if language == "nl" else "%Y-%m-%d %H:%M")


class CustomerList(QGroupBox):
    continue_requested = Signal(str)  # customer id
    remove_requested = Signal(str)
    new_requested = Signal()

    def __init__(self, language: Language, describe: Describe, parent: QWidget | None = None) -> None:
        super().__init__(text("ui.customers_title", language), parent)
        self._language, self._describe = language, describe
        layout = QVBoxLayout(self)
        self.current = wrapped("")
        self.current.setObjectName("current_customer")
        layout.addWidget(self.current)
        self._grid = QGridLayout()
        self._grid.setColumnStretch(0, 1)
        layout.addLayout(self._grid)
        row = QHBoxLayout()
        self.new_button = action_button(text("ui.new_customer", language), text("ui.new_customer_name", language),
                                        self.new_requested.emit)
        row.addWidget(self.new_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.rows: dict[str, tuple[QWidget, ...]] = {}

    def show_customers(self, current: CustomerSummary | None, others: list[CustomerSummary]) -> None:
        for widgets in self.rows.values():
            for widget in widgets:
                discard(widget)
        self.rows = {}
        t = self._language
        self.current.setText(text("ui.customer_current", t, customer=self._describe(current)) if current
                             else text("ui.customer_current_new", t))
        for number, summary in enumerate(others):
            self._add_row(number, summary)
        if current is not None:
            self._add_row(len(others), current, is_current=True)

    def _add_row(self, number: int, summary: CustomerSummary, *, is_current: bool = False) -> None:
        t, name = self._language, summary.environment or text("ui.customer_new", self._language)
        label = wrapped(self._describe(summary) + f" · {_date(summary.updated_at, t)}")
        widgets: list[QWidget] = [label]
        self._grid.addWidget(label, number, 0)
        if not is_current:
            go_on = action_button(text("ui.customer_continue", t), text("ui.customer_continue_name", t, name=name),
                                  lambda: self.continue_requested.emit(summary.customer_id))
            self._grid.addWidget(go_on, number, 1)
            widgets.append(go_on)
        remove = action_button(text("ui.customer_remove", t), text("ui.customer_remove_name", t, name=name),
                               lambda: self.remove_requested.emit(summary.customer_id))
        self._grid.addWidget(remove, number, 2)
        widgets.append(remove)
        self.rows[summary.customer_id] = tuple(widgets)
