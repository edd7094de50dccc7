"""The three journeys end to end against the stand-ins: connect, then replace Finstack's GetConnectors, then renew
the token; and each journey resumed where it stopped after the wizard was closed."""

from __future__ import annotations

import pytest

from tests.gui.conftest import (
    DEMO_ENVIRONMENT,
    click_next,
    close,
    demo_token,
    fill_token_page,
    next_button,
    qtbot_left,
    run_token_test,
    running,
    walk_to,
)
from wizard.app.jobs import JobKind
from wizard.core.environment import parse_environment
from wizard.core.state import Journey
from wizard.core.token import parse_token

pytestmark = pytest.mark.gui


def _connected(qtbot, make_window, services):
    window = make_window(services)
    walk_to(qtbot, window, "done")
    qtbot.waitUntil(lambda: not running(window, JobKind.TOKEN_STORE), timeout=5000)
    qtbot.mouseClick(window.pages["done"].again_button, qtbot_left())  # "Do something else…"
    assert window.page_name() == "welcome"
    return window


def _choose(qtbot, window, journey: Journey) -> None:
    window.pages["welcome"].journey_buttons[journey].click()
    assert window.session.record.journey == journey.value


def test_replacing_the_getconnectors_asks_for_the_filter_again_and_retests(qtbot, make_window, standin_services,
                                                                           standins):
    _, finstack = standins
    window = _connected(qtbot, make_window, standin_services)
    _choose(qtbot, window, Journey.REPLACE)
    click_next(qtbot, window)
    page = window.pages["getconnectors"]
    assert window.page_name() == "getconnectors" and page.title() == "Replace Finstack's GetConnectors"
    assert page.replace_steps.isVisible() and "Meer acties > Importeren" in page.replace_steps.findChildren(
        type(page.blockers_box.label))[2].text()
    assert not next_button(window).isEnabled() and "GOED" in page.blockers_box.text()
    page.replace_steps.status_tick.click()
    click_next(qtbot, window)

    admin = window.pages["administrations"]
    assert window.page_name() == "administrations"
    assert admin.replace_box.isVisible() and "Enter the filter again" in admin.replace_box.text()
    assert admin.copy_row.value() == "1;2;3"  # what to type again is ready
    assert not next_button(window).isEnabled()  # impossible to miss: the filter must be entered again
    admin.replace_tick.click()
    click_next(qtbot, window)

    token = window.pages["token"]
    assert window.page_name() == "token" and "new fields" in token.intro.text()
    assert token.token_edit.text() == parse_token(demo_token()).reveal()  # the stored token, no new one
    assert not next_button(window).isEnabled()  # the test of the connect journey does not count here
    assert run_token_test(qtbot, window) == "passed"
    click_next(qtbot, window)
    assert window.page_name() == "done"  # no new token, no new source
    assert len(finstack.sources) == 1
    assert "new GetConnectors" in window.pages["done"].intro.text()


def test_renewing_the_token_stores_the_new_one_in_place_of_the_old(qtbot, make_window, standin_services, standins,
                                                                  memory_keyring):
    _, finstack = standins
    window = _connected(qtbot, make_window, standin_services)
    assert [account for _, account in memory_keyring.store] == ["production:12345/Finstack"]
    _choose(qtbot, window, Journey.RENEW)
    click_next(qtbot, window)
    assert window.page_name() == "new_token"
    assert "Gebruikerstokens" in window.pages["new_token"].findChildren(type(window.pages["token"].intro))[1].text()
    click_next(qtbot, window)

    token = window.pages["token"]
    assert token.token_edit.text() == ""  # the old token is what is being replaced
    assert token.fields.token_field.help.text().startswith("Paste the new token")  # not connect's hint
    token.name_edit.clear()
    qtbot.keyClicks(token.name_edit, "Finstack 2027")
    # The stand-in takes one token only: pasting the old one again is what a user may do by mistake, and is said.
    fill_token_page(qtbot, window, DEMO_ENVIRONMENT, demo_token())
    assert "This is the token being replaced" in token.fields.token_field.message_text()
    assert run_token_test(qtbot, window) == "passed"
    qtbot.waitUntil(lambda: not running(window, JobKind.TOKEN_STORE), timeout=5000)
    assert [account for _, account in memory_keyring.store] == ["production:12345/Finstack 2027"]
    click_next(qtbot, window)

    submit = window.pages["submit"]
    assert window.page_name() == "submit"
    # Connecting created the source through the API: the new token goes into it the same way.
    assert submit.api_group.isVisibleTo(submit) and not submit.handoff_group.isVisibleTo(submit)
    assert submit.submit_button.text() == "&Put the new token in Finstack"
    submit.submit_button.click()
    qtbot.waitUntil(lambda: not running(window, JobKind.HANDOVER), timeout=15_000)
    assert submit.submit_box.label.text().startswith("The new token is in Finstack's source src_")
    source = finstack.sources[0]
    assert len(finstack.sources) == 1 and source.token_replaced and source.token_name == "Finstack 2027"
    click_next(qtbot, window)
    assert window.page_name() == "done"


def test_renewing_a_source_added_by_hand_is_handed_over_by_hand(qtbot, make_window, standin_services, standins):
    _, finstack = standins
    window = _connected(qtbot, make_window, standin_services)
    window.session.record.submission.confirm_handoff(True)  # as if connect had been handed over by hand
    window.session.record.submission.source_id = ""
    _choose(qtbot, window, Journey.RENEW)
    walk_to(qtbot, window, "token")
    fill_token_page(qtbot, window, DEMO_ENVIRONMENT, demo_token())
    assert run_token_test(qtbot, window) == "passed"
    click_next(qtbot, window)
    submit = window.pages["submit"]
    assert not submit.api_group.isVisibleTo(submit) and submit.handoff_group.isVisibleTo(submit)
    steps = "\n".join(label.text() for label in submit.handoff_steps)
    assert "edit it" in steps and 'Press "Confirm"' in steps
    submit.confirm_box.click()
    click_next(qtbot, window)
    assert window.page_name() == "done" and not finstack.sources[0].token_replaced


def test_each_journey_resumes_where_it_stopped_after_a_quit(qtbot, make_window, standin_services):
    window = make_window(standin_services)
    walk_to(qtbot, window, "administrations")
    window.pages["administrations"].editor.setPlainText("1;2;3")
    close(window)  # stopped halfway through connecting

    window = make_window(standin_services)
    assert window.page_name() == "administrations"  # a restart opens where the customer stopped
    window.session.nav.go_to_start()
    assert 'You stopped at "Limit the administrations"' in window.pages["welcome"].resume_label.text()
    _choose(qtbot, window, Journey.RENEW)  # something else first
    assert not window.pages["welcome"].resume_box.isVisible()  # renewing has not started
    click_next(qtbot, window)
    assert window.page_name() == "new_token"
    close(window)

    again = make_window(standin_services)
    assert again.page_name() == "new_token"
    again.session.nav.go_to_start()
    welcome = again.pages["welcome"]
    assert welcome.journey_buttons[Journey.RENEW].isChecked()
    assert 'You stopped at "Create a new token"' in welcome.resume_label.text()
    _choose(qtbot, again, Journey.CONNECT)
    assert 'You stopped at "Limit the administrations"' in welcome.resume_label.text()
    qtbot.mouseClick(welcome.resume_button, qtbot_left())
    assert again.page_name() == "administrations"
    assert again.pages["administrations"].editor.toPlainText() == "1;2;3"
    again.session.nav.back()
    assert again.page_name() == "getconnectors"  # the connect route, not the renew one


def test_the_token_of_the_connect_journey_is_found_again_for_a_replace(qtbot, make_window, standin_services):
    window = _connected(qtbot, make_window, standin_services)
    close(window)
    stored = standin_services.secrets.read_token(parse_environment(DEMO_ENVIRONMENT), "Finstack")
    assert stored == parse_token(demo_token())
    again = make_window(standin_services)
    assert again.session.record.environment_text == ""  # the last customer finished: a new one is in hand
    customers = again.pages["welcome"].customer_list
    [row] = [customers.view.model().index(n, 0) for n in range(customers.view.model().rowCount())]
    assert "O12345AA · Connect AFAS to Finstack · finished" in row.data()
    customers.view.setCurrentIndex(row)
    qtbot.mouseClick(customers.continue_button, qtbot_left())  # Continue
    qtbot.waitUntil(lambda: again.session.token is not None, timeout=5000)
    assert again.page_name() == "welcome"  # finished: nothing to resume, the journeys to choose from
    _choose(qtbot, again, Journey.REPLACE)
    walk_to(qtbot, again, "token")
    assert again.pages["token"].token_edit.text() == stored.reveal()


def test_a_refused_token_offers_the_way_to_a_new_one(qtbot, make_window, standin_services):
    from tests.gui.conftest import wrong_token

    window = make_window(standin_services)
    walk_to(qtbot, window, "token")
    fill_token_page(qtbot, window, DEMO_ENVIRONMENT, wrong_token())
    assert run_token_test(qtbot, window) == "failed"
    page = window.pages["token"]
    assert page.renew_button.isVisible()
    qtbot.mouseClick(page.renew_button, qtbot_left())
    assert window.session.record.journey == "renew" and window.page_name() == "new_token"
    window.session.nav.back()
    assert window.page_name() == "welcome"  # the renew route, from its start
