"""Beside the fault matrix: `getconnectors check` and `unpack`, as a consultant runs them, on ZIPs of `.gcn` bombs
(issue 17 item 1). Each bomb is a .gcn of about 64 KB whose ExternalData inflates to 63 MB; the ZIPs are made here
by the test-only writer, never committed: 100 bombs (about 6.5 MB) and 500 (about 32 MB, the most entries a bundle
may have). Before the budgets, the first took 6.6 GB and 35 s and the second ended in a MemoryError traceback.

For each: exit status 2, one plain `Error:` line in English and in Dutch, no traceback, a bounded wall time (a
Python start included) and a peak memory well under 300 MB. benchmarks/gcn_bomb.py prints the figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.conftest import run_wizard
from tests.gcn_writer import bomb_zip

MAX_PEAK_MB = 300
MAX_SECONDS = 8.0  # "within a few seconds": a Python start, slower while other tests run, plus the check
ERROR = {"en": "Error: ", "nl": "Fout: "}
SAYS = {"en": "would unpack to more than 8 MB together, while Finstack's GetConnectors take well under 1 MB",
        "nl": "zouden uitgepakt samen meer dan 8 MB worden, terwijl de GetConnectoren van Finstack samen ruim"}


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return {count: bomb_zip(folder / f"bombs-{count}.zip", count) for count in (100, 500)}


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("command", ["check", "unpack"])
@pytest.mark.parametrize("count", [100, 500])
def test_a_zip_of_gcn_bombs_ends_in_a_plain_message_fast_and_small(bombs, count, command, language, tmp_path):
    source = bombs[count]
    assert 6 * 2**20 * count // 100 < source.stat().st_size < 7 * 2**20 * count // 100
    argv = ["getconnectors", command, str(source)] + ([str(tmp_path / "out")] if command == "unpack" else [])
    run = run_wizard(*argv, language=language)
    assert run.exit_status == 2, run.output
    [line] = run.stderr.strip().splitlines()
    assert line.startswith(ERROR[language]) and SAYS[language] in line, run.output
    assert "Traceback" not in run.output and "MemoryError" not in run.output
    assert run.seconds < MAX_SECONDS and run.peak_mb < MAX_PEAK_MB, (run.seconds, run.peak_mb)
    assert not (tmp_path / "out").exists()
