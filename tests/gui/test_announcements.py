"""A screen reader hears what a sighted user sees change: the token test starting and its verdict, the hand-over to
Finstack, a save that failed; and hears each status by its meaning, never by a glyph or a mnemonic's "&"."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

from tests.gui.conftest import DEMO_ENVIRONMENT, demo_token, fill_token_page, running, submit, walk_to
from wizard.app.jobs import JobKind
from wizard.ui import announce

pytestmark = pytest.mark.gui


def test_the_token_test_and_the_hand_over_are_announced(qtbot, make_window, standin_services):
    announce.heard.clear()
    window = make_window(standin_services)
    walk_to(qtbot, window, "token")
    fill_token_page(qtbot, window, DEMO_ENVIRONMENT, demo_token())
    window.pages["token"].test_button.click()
    qtbot.waitUntil(lambda: not running(window, JobKind.TOKEN_TEST), timeout=15_000)
    assert list(announce.heard)[-2:] == ["Testing the token against AFAS…", "The token works. You can go on."]
    window.session.nav.next()
    submit(qtbot, window)
    assert list(announce.heard)[-2:] == ["Handing over to Finstack…",
                                         announce.heard[-1]] and "was added in Finstack" in announce.heard[-1]


def test_a_save_that_failed_is_announced_at_once(qtbot, make_window, standin_services, desktop):
    from wizard.core.messages import Message

    announce.heard.clear()
    window = make_window(standin_services)
    window.session.notify(Message("ui.save_failed", {"path": "/x", "detail": "No space left on device"}), "error")
    assert "could not be saved" in announce.heard[-1] and desktop.told


def test_no_name_carries_a_mnemonic_and_no_status_is_named_by_a_glyph(qtbot, make_window, standin_services):
    window = make_window(standin_services)
    walk_to(qtbot, window, "token")
    fill_token_page(qtbot, window, DEMO_ENVIRONMENT, demo_token())
    window.pages["token"].test_button.click()
    qtbot.waitUntil(lambda: not running(window, JobKind.TOKEN_TEST), timeout=15_000)
    names = [w.accessibleName() for w in window.findChildren(QAbstractButton)]
    assert [name for name in names if "&" in name.replace("&&", "")] == []
    glyphs = {"✓", "⚠", "✗", "ℹ", "…", "–", "◐", "◓", "◑", "◒"}
    named_by_glyph = [label.accessibleName() or label.text() for label in window.findChildren(QLabel)
                      if label.text().strip() in glyphs and (label.accessibleName() or "") in ("", *glyphs)]
    assert named_by_glyph == []
    token = window.pages["token"]
    assert {row.symbol.accessibleName() for row in token.checks.rows.values()} == {"passed"}
