"""`--self-test FOLDER` walks every page of every journey against the demo stand-ins and exits 0 with a
screenshot per page."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from wizard.app.flow import JOURNEY_ROUTES
from wizard.core.state import Journey

pytestmark = pytest.mark.gui

def test_self_test_reaches_every_page_and_saves_screenshots(tmp_path, isolated_config):
    shots = tmp_path / "report"  # a folder named like a command is still the self-test's folder
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # no password store: the self-test must still pass
    done = subprocess.run([sys.executable, "-m", "wizard", "--lang", "en", "--self-test", "report"], env=env,
                          capture_output=True, text=True, timeout=60, check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    expected = [(journey.value, page) for journey in Journey for page in JOURNEY_ROUTES[journey]]
    reached = [tuple(line.split()[1:3]) for line in done.stdout.splitlines() if line.startswith("ok ")]
    assert reached == expected  # every page of every journey: connect, replace the GetConnectors, renew the token
    assert sorted(p.name for p in shots.glob("*.png")) == sorted(
        f"{journey.value}-{i:02d}-{page}.png"
        for journey in Journey for i, page in enumerate(JOURNEY_ROUTES[journey], 1))
    assert (shots / "report.pdf").stat().st_size > 1000 and "O12345AA" in (shots / "report.html").read_text()
    assert not (isolated_config / "settings.json").exists()  # the self-test never touches real progress
    assert not (tmp_path / "data").exists()
