"""The log a help desk gets (issue 18.3): the whole self-test at debug level, then a token test that fails
against a server that echoes the token; every line read: no token, no key, and the failure is there. Then the
window's side: the crash dialog names the log and opens its folder, the Menu opens it, a log that cannot be
written is said once."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.faults.hostile_server import HostileServer
from tests.faults.modes import MODES
from tests.leaks import assert_no_token
from wizard.app.folders import LOG_DIR_ENV
from wizard.core.logs import LOG_FILE_NAME, start_logging
from wizard.core.token import parse_token
from wizard.standins.afas_profit import DEMO_TOKEN_DATA
from wizard.standins.demo import DEMO_FINSTACK_API_KEY

pytestmark = pytest.mark.gui


def _wizard(*argv: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wizard", *argv], env=env, input=stdin, capture_output=True,
                          text=True, timeout=120, check=False)


def test_a_debug_log_of_the_self_test_and_a_failed_token_test_holds_no_secret(tmp_path):
    logs = tmp_path / "logs"
    env = {**os.environ, LOG_DIR_ENV: str(logs), "QT_QPA_PLATFORM": "offscreen"}
    env = {k: v for k, v in env.items() if "proxy" not in k.lower() and k != "DBUS_SESSION_BUS_ADDRESS"}
    walked = _wizard("--lang", "en", "--log-level", "debug", "--self-test", str(tmp_path / "shots"), env=env)
    assert walked.returncode == 0, walked.stderr[-2000:]
    with HostileServer(MODES["echoed_token_500"]) as server:
        tested = _wizard("--log-level", "debug", "test-token", "-e", "O12345AA", "-n", "Finstack", "--stdin",
                         "--base-url", server.base_url, env=env, stdin=DEMO_TOKEN_DATA + "\n")
    assert tested.returncode == 1, tested.stderr
    written = (logs / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert_no_token(written, parse_token(DEMO_TOKEN_DATA).reveal(), DEMO_FINSTACK_API_KEY)
    lines = written.splitlines()
    assert any(" DEBUG " in line for line in lines)  # debug level was really on
    assert any("page token" in line for line in lines)  # the self-test's walk is there
    assert any("job token_test done" in line for line in lines)
    failure = [line for line in lines if "metainfo: failed" in line]
    assert failure and "AFAS reported an error: Unauthorized request, Authorization: AfasToken [redacted]" in failure[0]


@pytest.fixture
def logged(tmp_path):
    return start_logging(tmp_path / "logs", "info")


def test_the_crash_dialog_names_the_log_and_opens_its_folder(make_window, services, desktop, logged):
    from wizard.ui.app import install_excepthook

    services.log = logged
    window = make_window(services)
    install_excepthook("en", lambda: window, log=logged)
    try:
        raise RuntimeError("a bug in a slot")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = sys.__excepthook__
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    assert str(logged.path) in box.text() and "never holds a token" in box.text()
    next(b for b in box.buttons() if b.text() == "&Open the log folder").click()
    assert desktop.opened == [logged.folder]
    assert box.isVisible()  # the details stay, to be read or copied
    box.close()
    assert "Unhandled RuntimeError in the main thread" in logged.path.read_text(encoding="utf-8")


def test_the_menu_opens_the_log_folder(make_window, services, desktop, logged):
    from wizard.ui.wizard_window import MENU

    services.log = logged
    window = make_window(services)
    item = next(a for a in window.button(MENU).menu().actions() if a.text() == "Open the l&og folder")
    item.trigger()
    assert desktop.opened == [logged.folder]


def test_without_a_log_the_menu_says_why(make_window, services, desktop, tmp_path):
    from wizard.ui.wizard_window import MENU

    blocked = tmp_path / "blocked"
    blocked.write_text("")
    services.log = start_logging(blocked, "info")
    window = make_window(services)
    assert [n.message.key for n in window.session.notices].count("log.cannot_write") == 1  # said once, at the start
    next(a for a in window.button(MENU).menu().actions() if a.text() == "Open the l&og folder").trigger()
    assert desktop.opened == [] and str(blocked) in desktop.told[0]
