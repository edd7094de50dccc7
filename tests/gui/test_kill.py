"""The wizard killed with SIGKILL right after an edit (no chance to save on the way out): the edit is there when
it starts again. A committed edit (Enter, or leaving the field) is saved at once, not after the typing delay (the
script sets that delay to a minute, so only the commit can have saved it)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from wizard.app.records import RecordStore

pytestmark = pytest.mark.gui

SCRIPT = Path(__file__).with_name("scripts") / "edit_and_wait.py"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL exists only on POSIX systems")
def test_an_edit_survives_a_kill_right_after_it():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen([sys.executable, str(SCRIPT), "T54321AB"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
    try:
        line = child.stdout.readline() if child.stdout else ""
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=10)
    assert line.strip() == "edited"
    [record_id] = RecordStore().ids()
    assert RecordStore().read(record_id).state.environment_text == "T54321AB"
