"""One Idempotency-Key per submitted content: retries of the same values reuse it (never a second source), and
changing the environment, token name or token after a failed submit gets a new one (Finstack refuses an old
key with a different body as idempotency_key_reused)."""

from __future__ import annotations

import pytest

from tests.gui.conftest import click_next, next_button, qtbot_left, run_token_test, running, walk_to
from wizard.app.jobs import JobKind

pytestmark = pytest.mark.gui


def _press_submit(qtbot, page) -> None:
    window = page.wizard()
    assert page.submit_button.isEnabled()
    qtbot.mouseClick(page.submit_button, qtbot_left())
    qtbot.waitUntil(lambda: not running(window, JobKind.HANDOVER), timeout=15_000)


def _rename_token_and_come_back(qtbot, window, name: str) -> None:
    window.session.nav.back()
    assert window.page_name() == "token"
    page = window.pages["token"]
    page.name_edit.clear()
    qtbot.keyClicks(page.name_edit, name)
    assert not next_button(window).isEnabled()  # the new values are not tested yet
    assert run_token_test(qtbot, window) == "passed"
    qtbot.waitUntil(lambda: not running(window, JobKind.TOKEN_STORE), timeout=5000)
    click_next(qtbot, window)
    assert window.page_name() == "submit"


def test_changed_token_name_after_a_failed_submit_gets_a_new_key(qtbot, make_window, standin_services, standins):
    _, finstack = standins
    finstack.fail_next(2, 503, retry_after=3600)  # longer than the client waits: each submit fails at once
    window = make_window(standin_services)
    walk_to(qtbot, window, "submit")
    page = window.pages["submit"]
    qtbot.waitUntil(lambda: not running(window, JobKind.TOKEN_STORE), timeout=5000)
    _press_submit(qtbot, page)
    assert page.submit_box.text().startswith("The source was not added")
    first_key = window.session.record.submission.idempotency_key
    _press_submit(qtbot, page)  # the same values again: the same key
    assert window.session.record.submission.status == "failed"
    assert window.session.record.submission.idempotency_key == first_key

    _rename_token_and_come_back(qtbot, window, "Finstack 2")
    assert page.submit_button.text().replace("&", "") == "Try again"
    finstack.drop_next_response(1)  # created, but the answer is lost: the client retries these values
    _press_submit(qtbot, page)
    assert page.submit_box.text().startswith("The source was added in Finstack")
    assert window.session.record.submission.status == "submitted"
    new_key = window.session.record.submission.idempotency_key
    assert new_key != first_key
    assert len(finstack.sources) == 1
    assert finstack.sources[0].token_name == "Finstack 2"
    assert finstack.sources[0].idempotency_key == new_key
    assert next_button(window).isEnabled()


def test_after_a_lost_answer_changed_values_are_not_sent_under_the_old_key(qtbot, make_window, standin_services,
                                                                          standins):
    _, finstack = standins
    finstack.drop_next_response(4)  # every attempt reaches Finstack (the source is created), no answer returns
    window = make_window(standin_services)
    walk_to(qtbot, window, "submit")
    page = window.pages["submit"]
    qtbot.waitUntil(lambda: not running(window, JobKind.TOKEN_STORE), timeout=5000)
    _press_submit(qtbot, page)
    assert window.session.record.submission.status == "failed"
    assert "could not be reached" in page.submit_box.text()
    assert len(finstack.sources) == 1

    _rename_token_and_come_back(qtbot, window, "Finstack 2")
    _press_submit(qtbot, page)
    # Finstack answers about the content (this environment has a source), not "same key, different body".
    assert "Finstack already has a source for this AFAS environment" in page.submit_box.text()
    assert "under the same key" not in page.submit_box.text()
    assert len(finstack.sources) == 1
