"""How fast the wizard starts, against floors measured in the same run: whole processes, median of N runs each.

  (a) first paint of the wizard's first page, through the entry point, vs a minimal PySide6 QWizard that paints
      one page (wall time and peak RSS; offscreen). Targets: <= 1.3 x the wall time, <= 1.25 x the memory.
      When a bundle exists (dist/finstack-afas-wizard/, from packaging/build-linux.sh), its first paint too:
      it must not be slower than the venv's.
  (b) `finstack-afas-wizard filter 3 1 2` vs `python -c "import httpx"`. Target: <= 1.0 x.

    .venv/bin/python benchmarks/startup.py [--runs 7] [--strict]

Run it with the Python of the venv the wizard is installed in (its `finstack-afas-wizard` sits next to that
Python). Runs are interleaved and follow one untimed warm-up run each, so all are "warm" (files in the page
cache). Wall time is spawn to exit; peak RSS is the child's ru_maxrss from wait4(). --strict: exit 1 when a
target is missed (by default this only reports).

"First page painted" is FINSTACK_WIZARD_EXIT_AFTER_FIRST_PAINT=1: the program quits (status 0) right after
the first paint of its wizard's current page. The wizard (venv and bundle) honours that variable itself; the
minimal QWizard is measured through packaging/first_paint_probe.py, which watches for the same paint.

The wizard's bytecode is compiled first, as an installed copy has it (pip compiles at install, the bundle
carries it): in a checkout with PYTHONDONTWRITEBYTECODE set, every run would otherwise compile the sources.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE_DIR = ROOT / "packaging"
ENV_VAR = "FINSTACK_WIZARD_EXIT_AFTER_FIRST_PAINT"
APP = "finstack-afas-wizard"
BUNDLE = ROOT / "dist" / APP / APP
TIMEOUT_S = 60

MINIMAL_QWIZARD = f"""
import sys
sys.path.insert(0, {str(PROBE_DIR)!r})
import first_paint_probe
first_paint_probe.install()
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWizard, QWizardPage
app = QApplication.instance()
wizard = QWizard()
page = QWizardPage()
page.setTitle("Welcome")
QVBoxLayout(page).addWidget(QLabel("One page, painted once."))
wizard.addPage(page)
wizard.show()
sys.exit(app.exec())
"""

WIZARD_THROUGH_PROBE = f"""
import sys
sys.path.insert(0, {str(PROBE_DIR)!r})
import first_paint_probe
first_paint_probe.install()
from wizard.__main__ import main
sys.exit(main())
"""


@dataclass
class Sample:
    wall: float  # seconds
    rss: float  # MiB


@dataclass
class Case:
    label: str
    argv: list[str]
    env: dict[str, str]
    samples: list[Sample]

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def rss(self) -> float:
        return statistics.median(s.rss for s in self.samples)


def run_once(case: Case) -> Sample:
    """Spawn, wait with wait4() for the child's own resource usage, and fail loudly on a non-zero exit."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(case.argv, env=case.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=errors)
        # A program that never quits (e.g. a bundle built before it knew the first-paint switch) is stopped.
        watchdog = threading.Timer(TIMEOUT_S, child.kill)
        watchdog.start()
        _pid, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        watchdog.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        if wall >= TIMEOUT_S:
            raise SystemExit(f"{case.label}: still running after {TIMEOUT_S} s, stopped ({ENV_VAR} not honoured?)")
        if child.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{case.label}: exit status {child.returncode}\n{errors.read().decode()[-3000:]}")
    return Sample(wall, usage.ru_maxrss / 1024)  # ru_maxrss is in KiB on Linux


def measure(cases: list[Case], runs: int) -> None:
    for case in cases:
        run_once(case)  # warm-up: page cache, .pyc files
    for _ in range(runs):
        for case in cases:  # interleaved, so a slow moment of the machine hits every case alike
            case.samples.append(run_once(case))


def ui_honours_env_var() -> bool:
    """True once wizard/ui handles FINSTACK_WIZARD_EXIT_AFTER_FIRST_PAINT itself (then no probe is needed)."""
    spec = importlib.util.find_spec("wizard")
    if spec is None or spec.origin is None:
        raise SystemExit("Run this with the Python of the venv the wizard is installed in (.venv/bin/python).")
    ui = Path(spec.origin).parent / "ui"
    return any(ENV_VAR in path.read_text(encoding="utf-8") for path in ui.rglob("*.py"))


def verdict(ratio: float, limit: float) -> str:
    return f"{ratio:5.2f} x  (target <= {limit:.2f} x: {'PASS' if ratio <= limit else 'FAIL'})"


def compile_wizard_bytecode() -> None:
    """Write the wizard's .pyc files, as `pip install` does, so no timed run compiles sources."""
    spec = importlib.util.find_spec("wizard")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        compileall.compile_dir(folder, quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per case (default 7)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()

    entry = Path(sys.executable).parent / APP
    if not entry.exists():
        raise SystemExit(f"No {entry}: run this with the Python of the venv the wizard is installed in.")
    compile_wizard_bytecode()
    config = tempfile.mkdtemp(prefix="startup-bench-")  # fresh progress: the first page, no resume question
    base = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "QT_QPA_PLATFORM")}
    gui_env = base | {"QT_QPA_PLATFORM": "offscreen", ENV_VAR: "1", "FINSTACK_WIZARD_CONFIG_DIR": config}
    native = ui_honours_env_var()
    wizard_argv = [str(entry)] if native else [sys.executable, "-c", WIZARD_THROUGH_PROBE]

    minimal = Case("minimal QWizard, first paint", [sys.executable, "-c", MINIMAL_QWIZARD], gui_env, [])
    wizard = Case("wizard (venv entry point), first paint", wizard_argv, gui_env, [])
    paint_cases = [minimal, wizard]
    bundle = None
    if BUNDLE.exists():
        bundle = Case("wizard (bundle), first paint", [str(BUNDLE)], gui_env, [])
        paint_cases.append(bundle)
    httpx_case = Case('python -c "import httpx"', [sys.executable, "-c", "import httpx"], base, [])
    filter_case = Case(f"{APP} filter 3 1 2 (venv)", [str(entry), "filter", "3", "1", "2"], base, [])
    cli_cases = [httpx_case, filter_case]
    if BUNDLE.exists():
        cli_cases.append(Case(f"{APP} filter 3 1 2 (bundle)", [str(BUNDLE), "filter", "3", "1", "2"], base, []))

    try:
        measure(paint_cases, args.runs)
        measure(cli_cases, args.runs)
    finally:
        shutil.rmtree(config, ignore_errors=True)

    print(f"Start-up, median of {args.runs} warm runs each, whole processes "
          f"({platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"QT_QPA_PLATFORM=offscreen; first paint detected {'by the wizard' if native else 'by the probe'})")
    print(f"{'':46}{'wall':>9}{'peak RSS':>12}")
    for case in paint_cases + cli_cases:
        print(f"{case.label:46}{case.wall:8.3f}s{case.rss:8.1f} MiB")
    results: list[tuple[str, float, float]] = [
        ("first paint: wizard / minimal QWizard, wall", wizard.wall / minimal.wall, 1.30),
        ("first paint: wizard / minimal QWizard, peak RSS", wizard.rss / minimal.rss, 1.25),
        ("filter / import httpx, wall", filter_case.wall / httpx_case.wall, 1.00),
    ]
    if bundle is not None:
        results.append(("first paint: bundle / venv, wall", bundle.wall / wizard.wall, 1.00))
    else:
        print(f"(no bundle at {BUNDLE.relative_to(ROOT)}: build one with bash packaging/build-linux.sh)")
    print()
    for title, ratio, limit in results:
        print(f"{title:50}{verdict(ratio, limit)}")
    missed = [title for title, ratio, limit in results if ratio > limit]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
