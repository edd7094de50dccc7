"""The customers on this computer, for a consultant who goes from one to the next, hundreds of them: the one being
worked on, then every other one in a list that can be searched (label, environment, journey, where it stopped,
when), with Continue, Remove… and Start a new customer. A list view over a model: a change to one customer touches
one row, so 2000 customers cost the window nothing while typing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLineEdit, QListView, QToolButton, QVBoxLayout, QWidget

from wizard.app.book import CustomerSummary
from wizard.core.messages import Language, text
from wizard.ui.widgets.buttons import action_button
from wizard.ui.widgets.labels import wrapped

Describe = Callable[[CustomerSummary], str]
_Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def when(stamp: str, language: Language) -> str:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return ""
    return moment.strftime(text("ui.date_time", language))


class CustomerModel(QAbstractListModel):
    """The other customers, newest first, each row its summary in words."""

    def __init__(self, describe: Describe, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._describe = describe
        self._rows: list[CustomerSummary] = []
        self._texts: dict[str, str] = {}

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row)
        return row.id if role == ID_ROLE else None

    def _text(self, row: CustomerSummary) -> str:
        if row.id not in self._texts:
            self._texts[row.id] = self._describe(row)
        return self._texts[row.id]

    def set_rows(self, rows: list[CustomerSummary]) -> None:
        self.beginResetModel()
        self._rows, self._texts = list(rows), {}
        self.endResetModel()

    def update(self, rows: list[CustomerSummary], changed: frozenset[str]) -> None:
        """Only the rows in `changed` are touched: updated in place, inserted or removed."""
        wanted = {row.id: row for row in rows}
        for record_id in changed:
            at = next((i for i, row in enumerate(self._rows) if row.id == record_id), None)
            self._texts.pop(record_id, None)
            if at is not None and record_id not in wanted:
                self.beginRemoveRows(QModelIndex(), at, at)
                del self._rows[at]
                self.endRemoveRows()
            elif at is not None:
                self._rows[at] = wanted[record_id]
                self.dataChanged.emit(self.index(at), self.index(at))
            elif record_id in wanted:
                position = next((i for i, row in enumerate(rows) if row.id == record_id), len(self._rows))
                position = min(position, len(self._rows))
                self.beginInsertRows(QModelIndex(), position, position)
                self._rows.insert(position, wanted[record_id])
                self.endInsertRows()


class CustomerList(QGroupBox):
    continue_requested = Signal(str)  # record id
    remove_requested = Signal(str)
    new_requested = Signal()

    def __init__(self, language: Language, describe: Describe, parent: QWidget | None = None) -> None:
        super().__init__(text("ui.customers_title", language), parent)
        self._language = language
        self._current_id = ""
        layout = QVBoxLayout(self)
        self.current = wrapped("")
        self.current.setObjectName("current_customer")
        layout.addWidget(self.current)
        self.search = QLineEdit()
        self.search.setPlaceholderText(text("ui.customers_search", language))
        self.search.setAccessibleName(text("ui.customers_search", language))
        self.search.setClearButtonEnabled(True)
        for clear in self.search.findChildren(QToolButton):  # Qt's clear button comes without a name
            clear.setAccessibleName(text("ui.customers_search_clear", language))
        layout.addWidget(self.search)
        self.model = CustomerModel(describe, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QListView()
        self.view.setModel(self.proxy)
        self.view.setAccessibleName(text("ui.customers_list", language))
        self.view.setUniformItemSizes(True)  # 2000 rows are laid out without measuring each
        self.view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.view.activated.connect(lambda index: self.continue_requested.emit(index.data(ID_ROLE)))
        layout.addWidget(self.view)
        self.empty = wrapped("")
        layout.addWidget(self.empty)
        layout.addWidget(self._buttons(language))
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._enable())

    def _buttons(self, language: Language) -> QWidget:
        row_widget = QWidget()
        row = QHBoxLayout(row_widget)
        row.setContentsMargins(0, 0, 0, 0)
        self.continue_button = action_button(text("ui.customer_continue", language),
                                             text("ui.customer_continue_selected", language), self._continue)
        self.remove_button = action_button(text("ui.customer_remove", language),
                                           text("ui.customer_remove_selected", language), self._remove)
        self.remove_current_button = action_button(text("ui.customer_remove_current", language),
                                                   text("ui.customer_remove_current", language),
                                                   lambda: self.remove_requested.emit(self._current_id))
        self.new_button = action_button(text("ui.new_customer", language), text("ui.new_customer_name", language),
                                        self.new_requested.emit)
        for button in (self.continue_button, self.remove_button, self.new_button, self.remove_current_button):
            row.addWidget(button)
        row.addStretch(1)
        return row_widget

    def selected_id(self) -> str | None:
        indexes = self.view.selectionModel().selectedIndexes()
        return indexes[0].data(ID_ROLE) if indexes else None

    def _continue(self) -> None:
        if (record_id := self.selected_id()) is not None:
            self.continue_requested.emit(record_id)

    def _remove(self) -> None:
        if (record_id := self.selected_id()) is not None:
            self.remove_requested.emit(record_id)

    def _enable(self) -> None:
        chosen = self.selected_id() is not None
        self.continue_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def show_current(self, current: CustomerSummary | None, describe: Describe) -> None:
        self._current_id = current.id if current else ""
        self.current.setText(text("ui.customer_current", self._language, customer=describe(current)) if current
                             else text("ui.customer_current_new", self._language))
        self.remove_current_button.setVisible(current is not None)

    def show_others(self, others: list[CustomerSummary], loading: bool,
                    changed: frozenset[str] = frozenset()) -> None:
        if changed:
            self.model.update(others, changed)
        else:
            self.model.set_rows(others)
        has_rows = self.model.rowCount() > 0
        self.view.setVisible(has_rows)
        self.search.setVisible(self.model.rowCount() > 5)
        self.empty.setText(text("ui.customers_loading", self._language) if loading else "")
        self.empty.setVisible(loading)
        self.continue_button.setVisible(has_rows)
        self.remove_button.setVisible(has_rows)
        self._enable()
