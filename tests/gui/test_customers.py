"""One customer after another: each keeps its own progress, nothing is carried from one into the next, a customer
is found in a long list by typing, and a customer's progress (and its token, unless another customer uses it) can be
removed after a confirmation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from tests.gui.conftest import DEMO_ENVIRONMENT, demo_token, fill_token_page, idle, qtbot_left, walk_to
from wizard.app.records import RecordStore
from wizard.core.environment import parse_environment

pytestmark = pytest.mark.gui


def _welcome(window):
    return window.pages["welcome"]


def _list_texts(window) -> list[str]:
    view = _welcome(window).customer_list.view
    model = view.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def _select(window, record_id: str) -> None:
    view = _welcome(window).customer_list.view
    model = view.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(Qt.ItemDataRole.UserRole + 1) == record_id:
            view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            return
    raise AssertionError(f"{record_id} is not in the list")


def test_two_customers_one_after_the_other_carry_nothing_over(qtbot, make_window, standin_services):
    window = make_window(standin_services)
    walk_to(qtbot, window, "done")
    first = window.session.record.customer_id
    qtbot.mouseClick(window.pages["done"].again_button, qtbot_left())
    welcome = _welcome(window)
    qtbot.mouseClick(welcome.customer_list.new_button, qtbot_left())  # Start a new customer
    assert window.page_name() == "welcome" and window.session.token is None
    assert "a new customer" in welcome.customer_list.current.text()
    assert window.session.record.customer_id != first
    assert any(DEMO_ENVIRONMENT in text for text in _list_texts(window))  # the first one, once, in the list
    for page in ("preparation", "administrations", "token"):
        walk_to(qtbot, window, page)
    token = window.pages["token"]
    assert window.pages["administrations"].editor.toPlainText() == "1;2;3"  # typed for this customer by walk_to
    assert token.environment_edit.text() == "" and token.token_edit.text() == ""  # nothing of the first customer
    assert window.pages["preparation"].boxes["user_in_pr001"].isChecked()  # ticked for this customer on the way
    assert not token.checks.rows  # no test results of the other customer
    fill_token_page(qtbot, window, "T54321AB", demo_token())
    window.session.commit()
    qtbot.waitUntil(lambda: idle(window), timeout=5000)
    store = RecordStore()
    assert sorted(store.read(i).state.environment_text for i in store.ids()) == [DEMO_ENVIRONMENT, "T54321AB"]


def test_a_customer_can_be_continued_later(qtbot, make_window, standin_services):
    window = make_window(standin_services)
    walk_to(qtbot, window, "administrations")
    window.pages["administrations"].editor.setPlainText("4;5")
    first = window.session.record.customer_id
    window.session.customers.new()  # as from the menu, halfway through
    assert window.page_name() == "welcome"
    [row] = _list_texts(window)
    assert row.startswith('New customer · Connect AFAS to Finstack · stopped at "Limit the administrations"')
    _select(window, first)
    qtbot.mouseClick(_welcome(window).customer_list.continue_button, qtbot_left())  # Continue
    assert window.page_name() == "administrations"
    assert window.pages["administrations"].editor.toPlainText() == "4;5"


def test_a_long_list_is_searched_by_typing(qtbot, make_window, standin_services):
    window = make_window(standin_services)
    for n in range(30):
        window.session.customers.add(f"O{20000 + n}AA", "Finstack", f"Klant {n}")
    customer_list = _welcome(window).customer_list
    qtbot.waitUntil(lambda: customer_list.view.model().rowCount() == 30, timeout=5000)
    assert customer_list.search.isVisible()
    qtbot.keyClicks(customer_list.search, "O20017")
    assert len(_list_texts(window)) == 1 and "Klant 17" in _list_texts(window)[0]


def test_a_label_with_markup_is_shown_as_text(qtbot, make_window, standin_services):
    window = make_window(standin_services)
    window.session.customers.add("O12345AA", "Finstack", '<b>Bakkerij</b> "de Vries"')
    qtbot.waitUntil(lambda: len(_list_texts(window)) == 1, timeout=5000)
    assert _list_texts(window)[0].startswith('<b>Bakkerij</b> "de Vries" · O12345AA')


def test_removing_a_customer_asks_first_and_forgets_its_token(qtbot, make_window, standin_services, desktop):
    window = make_window(standin_services)
    walk_to(qtbot, window, "submit")
    qtbot.waitUntil(lambda: window.session.record.token_stored, timeout=5000)
    customer = window.session.record.customer_id
    window.session.customers.new()
    welcome = _welcome(window)
    _select(window, customer)
    desktop.answers.append(False)  # "Keep"
    qtbot.mouseClick(welcome.customer_list.remove_button, qtbot_left())
    assert len(_list_texts(window)) == 1 and "cannot be undone" in desktop.asked[-1]
    desktop.answers.append(True)  # "Remove"
    _select(window, customer)
    qtbot.mouseClick(welcome.customer_list.remove_button, qtbot_left())
    assert _list_texts(window) == []
    qtbot.waitUntil(lambda: idle(window), timeout=5000)
    assert customer not in RecordStore().ids()
    env = parse_environment(DEMO_ENVIRONMENT)
    qtbot.waitUntil(lambda: standin_services.secrets.read_token(env, "Finstack") is None, timeout=5000)
