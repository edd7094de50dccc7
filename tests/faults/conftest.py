"""Fixtures of the fault matrix: the hostile server, and `test-token` run as a real subprocess whose wall time
and peak memory are measured.

The peak is the child's own VmHWM (Linux), printed by a small wrapper as the child exits: ru_maxrss is no
good here, because on exec Linux carries the parent's high-water mark over into the child's, so every child
would seem as large as pytest itself.

Each case costs one Python start (about half a second), so the cases selected in a session run a few at a
time in threads as soon as the first one is asked for; each test then asserts on its own case.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from tests.faults.hostile_server import HostileServer, Mode
from tests.proxy_servers import closed_port
from wizard.standins.afas_profit import DEMO_TOKEN_DATA

PARALLEL = 3
KILL_AFTER = 30.0  # seconds: a hung child is killed, and its case fails on time


_WRAPPER = """
import atexit, resource, runpy, sys

def peak():
    try:
        with open("/proc/self/status") as status:
            kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sys.stderr.write("\\n" + "PEAK-KB %d\\n" % kb)

atexit.register(peak)
sys.argv = ["finstack-afas-wizard", *sys.argv[1:]]
runpy.run_module("wizard", run_name="__main__", alter_sys=True)
"""
_PEAK = re.compile(r"\nPEAK-KB (\d+)\n$")


@dataclass(frozen=True)
class Run:
    """One finished `finstack-afas-wizard` subprocess."""

    exit_status: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float  # the child's maximum resident set size

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _child_env(language: str, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}  # no proxy but the test's own
    env["FINSTACK_WIZARD_LANG"] = language
    env["FINSTACK_WIZARD_CONFIG_DIR"] = tempfile.mkdtemp(prefix="faults-config-")
    return env | extra


def run_wizard(*argv: str, stdin: str = "", language: str = "en", env: dict[str, str] | None = None) -> Run:
    """`python -m wizard ARGV` (as the console script runs it) with `stdin`, in `language`, with `env` added to the
    environment; its wall time and peak memory."""
    started = time.monotonic()
    try:
        child = subprocess.run([sys.executable, "-c", _WRAPPER, *argv], input=stdin.encode(), capture_output=True,
                               env=_child_env(language, env or {}), timeout=KILL_AFTER, check=False)
    except subprocess.TimeoutExpired as expired:
        stdout, stderr = (expired.stdout or b"").decode(), (expired.stderr or b"").decode()
        return Run(-9, stdout, stderr + "\n(killed: did not end in time)", time.monotonic() - started, 0.0)
    seconds = time.monotonic() - started
    stderr = child.stderr.decode("utf-8", "replace")
    peak = _PEAK.search(stderr)
    assert peak is not None, f"the child printed no peak memory: {stderr}"
    return Run(child.returncode, child.stdout.decode("utf-8", "replace"), stderr[:peak.start()], seconds,
               int(peak.group(1)) / 1024)


def test_token_against(base_url: str | None, *options: str, env: dict[str, str] | None = None) -> Run:
    """`test-token` for O12345AA with the demo token on standard input, against `base_url` (None: AFAS's own
    address for O12345AA), with `env` added to the environment."""
    where = ("--base-url", base_url) if base_url is not None else ()
    return run_wizard("test-token", "-e", "O12345AA", "-n", "Finstack", "--stdin", *where, *options,
                      stdin=DEMO_TOKEN_DATA + "\n", env=env)


test_token_against.__test__ = False  # a helper, not a test


def closed_port_url() -> str:
    return f"http://127.0.0.1:{closed_port()}/ProfitRestServices"


@pytest.fixture
def hostile_server() -> Iterator[Callable[[Mode], HostileServer]]:
    """Start a hostile server in a given mode: `server = hostile_server(mode)`; all are stopped after the test."""
    servers: list[HostileServer] = []

    def start(mode: Mode) -> HostileServer:
        server = HostileServer(mode).__enter__()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.__exit__(None, None, None)


def selected_cases(request: pytest.FixtureRequest) -> list[str]:
    """The `case` parameters of this module's tests that this run selected (for a module-scoped prefetch)."""
    params = [getattr(item, "callspec", None) for item in request.session.items if item.module is request.module]
    return [spec.params["case"] for spec in params if spec is not None and "case" in spec.params]


class Prefetch:
    """Runs jobs of the selected cases a few at a time, started when the first result is asked for."""

    def __init__(self, jobs: dict[str, Callable[[], Run]]) -> None:
        self._jobs = jobs
        self._pool: ThreadPoolExecutor | None = None
        self._futures: dict[str, Future[Run]] = {}

    def result(self, name: str) -> Run:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(PARALLEL, thread_name_prefix="fault-case")
            self._futures = {case: self._pool.submit(job) for case, job in self._jobs.items()}
        return self._futures[name].result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def prefetched(jobs: dict[str, Callable[[], Run]]) -> Iterator[Prefetch]:
    prefetch = Prefetch(jobs)
    try:
        yield prefetch
    finally:
        prefetch.close()
