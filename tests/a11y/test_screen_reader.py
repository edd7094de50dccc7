"""Issue 18.5: the connect journey walked as a screen reader user does, over AT-SPI on Linux: the window runs for
real (xcb under Xvfb, --demo), a stand-in screen reader (tests/a11y/atspi_driver.py, on Debian's pyatspi) presses
only accessible actions and listens. It must reach Done, find a name on every control (and no mnemonic '&' in
one), hear the token test and the hand-over start and end, and be taken to the test's result."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wizard.app.flow import JOURNEY_ROUTES
from wizard.core.content import load_content
from wizard.core.messages import text
from wizard.core.state import Journey
from wizard.ui.widgets.buttons import without_mnemonic

pytestmark = pytest.mark.gui
HERE = Path(__file__).parent
NEEDS = ("xvfb-run", "dbus-run-session", "xdotool", "/usr/libexec/at-spi-bus-launcher")


def _missing() -> str:
    """What this machine lacks for the test (see .ci/run for the packages), or ""."""
    lacking = [tool for tool in NEEDS if shutil.which(tool) is None and not Path(tool).exists()]
    probe = subprocess.run(["/usr/bin/python3", "-c", "import pyatspi"], capture_output=True, check=False) \
        if Path("/usr/bin/python3").exists() else None
    if probe is None or probe.returncode != 0:
        lacking.append("python3-pyatspi (Debian's python3)")
    return ", ".join(lacking)


@pytest.fixture(scope="module")
def reader_needs():
    missing = _missing()
    if missing and os.environ.get("CI") == "true":
        pytest.fail(f"CI needs {missing} for the screen-reader test (install them: see .ci/run)")
    if missing:
        pytest.skip(f"no AT-SPI here ({missing}): install at-spi2-core python3-pyatspi gir1.2-atspi-2.0 xvfb "
                    "xdotool to run it")


def _words(language: str) -> dict:
    def t(key: str, **params: object) -> str:
        return without_mnemonic(text(key, language, **params))

    content = load_content(language)
    return {"window": t("ui.window_title"), "next": t("ui.next"), "finish": t("ui.finish"),
            "here": t("ui.step_current"), "long_actions": [t("ui.test_token"), t("ui.submit")],
            "skip": [content.step("preparation")["later_option"], t("ui.new_customer_name"),
                     t("ui.customer_remove_current")],
            "fields": {}}


def _walk(language: str, tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower() and k != "DBUS_SESSION_BUS_ADDRESS"}
    env.update({f"FINSTACK_WIZARD_{kind.upper()}_DIR": str(tmp_path / kind) for kind in ("config", "data", "log")})
    done = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", "dbus-run-session", "--", "sh",
                           str(HERE / "with_reader.sh"), sys.executable, language, json.dumps(_words(language))],
                          capture_output=True, text=True, env=env, timeout=180, check=False)
    line = next((line for line in done.stdout.splitlines() if line.startswith("{")), None)
    assert line is not None, done.stdout[-2000:] + done.stderr[-2000:]
    return json.loads(line)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_connect_journey_by_screen_reader(reader_needs, language, tmp_path):
    walked = _walk(language, tmp_path)
    content = load_content(language)
    assert walked["stopped"] == "finished", walked["stopped"]
    assert walked["pages"] == [content.title(page) for page in JOURNEY_ROUTES[Journey.CONNECT]]
    assert walked["unnamed"] == []  # every control has a name, and none shows a mnemonic's '&'
    said = [event["text"] for event in walked["heard"] if event["type"] == "object:announcement"]
    source_added = text("ui.submitted", language, source_id="").split("(")[0]
    assert said[:2] == [text("ui.test_running", language), text("ui.test_outcome_passed", language)]
    assert said[2] == text("ui.submitting", language) and said[3].startswith(source_added)
    # After the result is said, the focus is on it (a screen reader reads it, Enter goes on).
    result_at = next(i for i, e in enumerate(walked["heard"]) if e["text"] == said[1])
    focus = next(e for e in walked["heard"][result_at:] if e["type"].startswith("object:state-changed:focused"))
    assert (focus["role"], focus["source"]) == ("label", said[1])
