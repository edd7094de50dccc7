"""The window fits the screen: at 175 % and 200 % scaling on a 1920×1080 screen and on a 1280×720 one, Back,
Next (or Finish) and Cancel are on screen on every page of every journey, in both languages, and no page is wider
than the window (nothing cut off at the right behind a sideways scroll bar), and no wrapped text is given less
height than its lines need (nothing cut off at the bottom or run into the row below)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

SCRIPT = Path(__file__).with_name("scripts") / "window_fit.py"


@pytest.mark.parametrize(("width", "height", "scale", "language"), [
    (1920, 1080, "1.75", "en"), (1920, 1080, "2", "nl"), (1280, 720, "1", "en"), (1280, 720, "1", "nl"),
    (800, 600, "1", "en"), (800, 600, "1", "nl"),  # a small laptop screen or a window made narrow
])
def test_back_next_and_cancel_stay_on_screen(tmp_path, isolated_config, width, height, scale, language):
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "S", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "QT_SCALE_FACTOR": scale}
    done = subprocess.run([sys.executable, str(SCRIPT), language], env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["outside"] == [] and report["window_inside"], report
    assert report["too_wide"] == [], f"pages wider than the window (cut off at the right): {report['too_wide']}"
    assert report["cut_off"] == [], f"texts cut off at the bottom: {report['cut_off']}"
