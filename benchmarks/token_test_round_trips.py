"""How many round trips the token test costs: wall time divided by one round trip.

Runs against the AFAS stand-in with injected latency and a set of required connectors, so the figure
shows what concurrency buys (a strictly sequential test would need about 3 + 2 × connectors round trips).
AFAS allows 8 calls in flight, so the floor is ⌈requests / 8⌉ round trips: 2 with Finstack's 6 connectors
(14 requests), 3 with 10 (22). The targets leave a third of a round trip for everything else.

And how still the window stays meanwhile: the longest gap of a 5 ms QTimer while the token test runs in the
wizard's window (offscreen), against the target of 50 ms.

    python benchmarks/token_test_round_trips.py [--latency 0.2] [--connectors 6 10] [--runs 3] [--no-gui]
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time

import httpx

from wizard.core.environment import parse_environment
from wizard.core.getconnectors.definitions import load_definitions
from wizard.core.token import parse_token
from wizard.core.token_test.run import run_token_test
from wizard.standins.afas_profit import DEMO_TOKEN_DATA, AfasProfitStandin
from wizard.standins.afas_scenario import AfasScenario


def connectors(count: int) -> tuple:
    """The real definitions, topped up with renamed copies until there are `count` of them."""
    base = list(load_definitions())
    extra = [dataclasses.replace(base[1 + i % (len(base) - 1)], external_name=f"Finstack_Extra{i}",
                                 description=f"Finstack_Extra{i}") for i in range(max(0, count - len(base)))]
    return tuple(base + extra)[:count]


TARGETS = {6: 2.3, 10: 3.3}  # wall time / one round trip (issue 12)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--connectors", type=int, nargs="+", default=[6, 10])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-gui", action="store_true", help="skip the event-loop measurement in the window")
    args = parser.parse_args()
    for count in args.connectors:
        measure(count, args.latency, args.runs)
        print()
    if not args.no_gui:
        measure_gui_stall(args.latency, args.runs)


def measure(count: int, latency: float, runs: int) -> None:
    definitions = connectors(count)
    env, token = parse_environment("O12345AA"), parse_token(DEMO_TOKEN_DATA)
    scenario = AfasScenario(stored_administration_filter="1;2;3", latency_seconds=latency)
    with AfasProfitStandin(env, definitions=definitions, scenario=scenario) as afas:
        headers = {"Authorization": token.authorization_header()}
        with httpx.Client() as http:
            http.get(f"{afas.base_url}/metainfo", headers=headers)  # warm-up
            started = time.perf_counter()
            http.get(f"{afas.base_url}/metainfo", headers=headers)
            round_trip = time.perf_counter() - started
        walls, requests = [], 0
        for _ in range(runs):
            afas.clear_requests()
            started = time.perf_counter()
            report = run_token_test(env, token, (1, 2, 3), base_url=afas.base_url, definitions=definitions)
            walls.append(time.perf_counter() - started)
            requests = len(afas.requests)
            assert report.outcome == "passed", report.outcome
        wall = statistics.median(walls)
        print(f"latency injected      {latency * 1000:.0f} ms per request")
        print(f"required connectors   {len(definitions)}")
        print(f"requests per test     {requests} (at most {afas.max_in_flight} in flight)")
        print(f"one round trip        {round_trip * 1000:.0f} ms")
        print(f"token test wall time  {wall * 1000:.0f} ms (median of {runs})")
        target = TARGETS.get(count)
        verdict = f" (target ≤ {target}: {'met' if wall / round_trip <= target else 'NOT met'})" if target else ""
        print(f"wall / round trip     {wall / round_trip:.2f}{verdict}")
        print(f"sequential would be   about {requests} round trips")


STALL_TARGET_MS = 50.0


def measure_gui_stall(latency: float, runs: int) -> None:
    """Longest gap between ticks of a 5 ms timer while the token page shows the session's test (the window must not
    freeze)."""
    import os
    import tempfile
    from pathlib import Path

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from wizard.app.computer import SettingsFile
    from wizard.app.records import RecordStore
    from wizard.app.services import Services
    from wizard.ui.app import open_window

    app = QApplication.instance() or QApplication([])
    scenario = AfasScenario(stored_administration_filter="1;2;3", latency_seconds=latency)
    gaps: list[float] = []
    with AfasProfitStandin("O12345AA", DEMO_TOKEN_DATA, scenario=scenario) as afas:
        folder = Path(tempfile.mkdtemp())
        services = Services(records=RecordStore(folder / "customers"), settings=SettingsFile(folder),
                            afas_base_url=afas.base_url)
        window = open_window(services, "en")
        window.show()
        window.show_page("token")
        page = window.pages["token"]
        page.environment_edit.setText("O12345AA")
        page.environment_edit.textEdited.emit("O12345AA")
        page.token_edit.setText(f"<token><version>1</version><data>{DEMO_TOKEN_DATA}</data></token>")
        for _ in range(runs):
            clock, worst = QElapsedTimer(), [0.0]
            ticker = QTimer()
            ticker.setInterval(5)

            def tick(clock: QElapsedTimer = clock, worst: list[float] = worst) -> None:
                worst[0] = max(worst[0], clock.nsecsElapsed() / 1e6)
                clock.restart()

            ticker.timeout.connect(tick)
            clock.start()
            ticker.start()
            page.start_test()
            while window.session.jobs.running():
                app.processEvents()
            ticker.stop()
            gaps.append(worst[0])
        window.close()
    longest = max(gaps)
    verdict = "met" if longest <= STALL_TARGET_MS else "NOT met"
    print(f"GUI event loop during the token test (5 ms timer, {runs} runs, {latency * 1000:.0f} ms latency)")
    print(f"longest gap           {longest:.1f} ms (target ≤ {STALL_TARGET_MS:.0f}: {verdict}); per run: "
          + ", ".join(f"{gap:.1f}" for gap in gaps))


if __name__ == "__main__":
    main()
