"""One customer after another: each keeps its own progress, nothing is carried from one into the next, and a
customer's progress (and its token) can be removed after a confirmation."""

from __future__ import annotations

import pytest

from tests.gui.conftest import DEMO_ENVIRONMENT, demo_token, fill_token_page, qtbot_left, walk_to
from wizard.core.environment import parse_environment

pytestmark = pytest.mark.gui


def _welcome(window):
    return window.pages["welcome"]


def test_two_customers_one_after_the_other_carry_nothing_over(qtbot, make_window, standin_services):
    window = make_window(standin_services)
    walk_to(qtbot, window, "done")
    first = window.session.state.customer_id
    qtbot.mouseClick(window.pages["done"].again_button, qtbot_left())
    welcome = _welcome(window)
    qtbot.mouseClick(welcome.customer_list.new_button, qtbot_left())  # Start a new customer
    assert window.page_name() == "welcome" and window.session.token is None
    assert "a new customer" in welcome.customer_list.current.text()
    assert window.session.state.customer_id != first
    for page in ("preparation", "administrations", "token"):
        walk_to(qtbot, window, page)
    token = window.pages["token"]
    assert window.pages["administrations"].editor.toPlainText() == "1;2;3"  # typed for this customer by walk_to
    assert token.environment_edit.text() == "" and token.token_edit.text() == ""  # nothing of the first customer
    assert window.pages["preparation"].boxes["user_in_pr001"].isChecked()  # ticked for this customer on the way
    assert not token.checks.rows  # no test results of the other customer
    fill_token_page(qtbot, window, "T54321AB", demo_token())
    window.session.save_now()
    loaded = standin_services.store.load()
    environments = sorted(c.environment_text for c in loaded.customers)
    assert environments == [DEMO_ENVIRONMENT, "T54321AB"]


def test_a_customer_can_be_continued_later(qtbot, make_window, standin_services):
    window = make_window(standin_services)
    walk_to(qtbot, window, "administrations")
    window.pages["administrations"].editor.setPlainText("4;5")
    window.session.start_new_customer()  # as from the menu, halfway through
    assert window.page_name() == "welcome"
    first = window.session.other_customers()[0].customer_id
    rows = _welcome(window).customer_list.rows
    assert 'New customer · Connect AFAS to Finstack · stopped at "Limit the administrations"' in rows[first][0].text()
    qtbot.mouseClick(rows[first][1], qtbot_left())  # Continue
    assert window.page_name() == "administrations"
    assert window.pages["administrations"].editor.toPlainText() == "4;5"


def test_removing_a_customer_asks_first_and_forgets_its_token(qtbot, make_window, standin_services, desktop):
    window = make_window(standin_services)
    walk_to(qtbot, window, "submit")
    qtbot.waitUntil(lambda: window.session.state.token_stored, timeout=5000)
    window.session.start_new_customer()
    customer = window.session.other_customers()[0].customer_id
    welcome = _welcome(window)
    remove = welcome.customer_list.rows[customer][2]
    desktop.answers.append(False)  # "Keep"
    qtbot.mouseClick(remove, qtbot_left())
    assert customer in welcome.customer_list.rows and "cannot be undone" in desktop.asked[-1]
    desktop.answers.append(True)  # "Remove"
    qtbot.mouseClick(welcome.customer_list.rows[customer][2], qtbot_left())
    assert customer not in welcome.customer_list.rows
    assert all(c.customer_id != customer for c in standin_services.store.load().customers)
    env = parse_environment(DEMO_ENVIRONMENT)
    qtbot.waitUntil(lambda: standin_services.secrets.read_token(env, "Finstack") is None, timeout=5000)
