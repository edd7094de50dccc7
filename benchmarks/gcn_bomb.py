"""What a bundle of `.gcn` bombs costs `getconnectors check` and `getconnectors unpack`: wall time and peak RSS.

Each bomb is a `.gcn` of about 64 KB whose ExternalData inflates to 63 MB (tests/gcn_writer.py:bomb_gcn). Two ZIPs
(stored): 100 bombs (about 6.5 MB) and 500 bombs (about 32 MB, the most entries a bundle may have). Targets
(issue 17): a plain message (exit status 2, no traceback) within a few seconds and under 300 MB.

A third ZIP is the worst inside the budgets: 500 files of 17 KB, each inflating to 1 MB (its limit) of the
smallest version 7 tokens, so that the decoder works as long as it can before each payload turns out damaged
(tests/gcn_writer.py:slow_gcn); the bundle's budget (8 MB) stops it after eight.

    .venv/bin/python benchmarks/gcn_bomb.py [--runs 1] [--limit-gb 8] [--strict]

POSIX only (os.wait4). The ZIPs are built by a child process, so this process stays small: a child's ru_maxrss
can carry over the high-water mark of the process that started it (Linux counts it across exec), and that is at
most this process's own peak, printed as "floor". --limit-gb caps each child's address space (RLIMIT_AS), for
measuring a build without the budgets safely. --strict: exit 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLES = {"6.5 MB": (100, "bomb_zip"), "32 MB": (500, "bomb_zip"), "worst inside the budgets": (500, "slow_zip")}
TARGET_SECONDS, TARGET_MB = 5.0, 300.0


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_mb: float
    status: int
    said: str  # the last line the command wrote to stderr (or stdout)


def build(folder: Path) -> dict[str, Path]:
    """The bomb ZIPs, made by a child process (see the module's docstring)."""
    paths = {label: folder / f"{maker}-{count}.zip" for label, (count, maker) in BUNDLES.items()}
    script = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); import tests.gcn_writer as w;"
              "[getattr(w, m)(Path(p), int(n)) for p, n, m in zip(sys.argv[2::3], sys.argv[3::3], sys.argv[4::3])]")
    argv = [str(ROOT)] + [a for label, path in paths.items() for a in (str(path), *map(str, BUNDLES[label]))]
    subprocess.run([sys.executable, "-c", script, *argv], check=True)
    return paths


def _cap(limit_gb: float | None) -> Callable[[], None] | None:
    """A preexec_fn that caps the child's address space, or None."""
    if not limit_gb:
        return None
    size = int(limit_gb * 1024**3)
    return lambda: resource.setrlimit(resource.RLIMIT_AS, (size, size))


def run(argv: list[str], limit_gb: float | None) -> Sample:
    """`python -m wizard ARGV`, waited for with wait4() for its own peak RSS."""
    env = {**os.environ, "FINSTACK_WIZARD_LANG": "en", "FINSTACK_WIZARD_CONFIG_DIR": tempfile.mkdtemp()}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "wizard", *argv], stdout=out, stderr=err, env=env,
                                 preexec_fn=_cap(limit_gb))
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        said = (err.read() or out.read()).decode("utf-8", "replace").strip().splitlines() or [""]
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return Sample(seconds, usage.ru_maxrss / scale, child.returncode, said[-1][:160])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--limit-gb", type=float, default=None)
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args()
    missed = False
    with tempfile.TemporaryDirectory(prefix="gcn-bomb-") as folder:
        zips = build(Path(folder))
        floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"floor (this process's own peak RSS): {floor:.0f} MB")
        for label, path in zips.items():
            count, _maker = BUNDLES[label]
            print(f"\n{label} ZIP ({path.stat().st_size / 1024**2:.1f} MB, {count} files)")
            for command in ("check", "unpack"):
                argv = ["getconnectors", command, str(path)]
                if command == "unpack":
                    argv.append(str(Path(folder) / f"out-{path.stem}"))
                for _ in range(args.runs):
                    sample = run(argv, args.limit_gb)
                    ok = sample.seconds <= TARGET_SECONDS and sample.peak_mb <= TARGET_MB and sample.status == 2
                    missed |= not ok
                    print(f"  {command:<6} {sample.seconds:6.2f} s  {sample.peak_mb:7.0f} MB  exit {sample.status}"
                          f"  {'ok ' if ok else 'MISS'} {sample.said}")
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
