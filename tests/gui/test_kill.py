"""The wizard killed with SIGKILL right after an edit (no chance to save on the way out): the edit is there when
it starts again. A committed edit (Enter, or leaving the field) is saved at once, not after the typing delay."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wizard.core.settings import SettingsStore

pytestmark = pytest.mark.gui

SCRIPT = Path(__file__).with_name("scripts") / "edit_and_wait.py"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL exists only on POSIX systems")
def test_an_edit_survives_a_kill_right_after_it(isolated_config):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FINSTACK_WIZARD_CONFIG_DIR": str(isolated_config)}
    child = subprocess.Popen([sys.executable, str(SCRIPT), "T54321AB"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
    try:
        line = child.stdout.readline() if child.stdout else ""
        edited_at = time.monotonic()
        os.kill(child.pid, signal.SIGKILL)
        killed_after = time.monotonic() - edited_at
    finally:
        child.wait(timeout=10)
    assert line.strip() == "edited"
    assert killed_after < 0.3  # inside the typing delay: only the commit on Enter can have saved it
    assert SettingsStore(isolated_config).load().state.environment_text == "T54321AB"
