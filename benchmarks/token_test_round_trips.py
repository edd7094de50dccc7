"""How many round trips the token test costs: wall time divided by one round trip.

Runs against the AFAS stand-in with injected latency and a set of required connectors, so the figure
shows what concurrency buys (a strictly sequential test would need about 3 + 2 × connectors round trips).

    python benchmarks/token_test_round_trips.py [--latency 0.2] [--connectors 10] [--runs 3]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--connectors", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    definitions = connectors(args.connectors)
    env, token = parse_environment("O12345AA"), parse_token(DEMO_TOKEN_DATA)
    scenario = AfasScenario(stored_administration_filter="1;2;3", latency_seconds=args.latency)
    with AfasProfitStandin(env, definitions=definitions, scenario=scenario) as afas:
        headers = {"Authorization": token.authorization_header()}
        with httpx.Client() as http:
            http.get(f"{afas.base_url}/metainfo", headers=headers)  # warm-up
            started = time.perf_counter()
            http.get(f"{afas.base_url}/metainfo", headers=headers)
            round_trip = time.perf_counter() - started
        walls, requests = [], 0
        for _ in range(args.runs):
            afas.clear_requests()
            started = time.perf_counter()
            report = run_token_test(env, token, (1, 2, 3), base_url=afas.base_url, definitions=definitions)
            walls.append(time.perf_counter() - started)
            requests = len(afas.requests)
            assert report.outcome == "passed", report.outcome
        wall = statistics.median(walls)
        print(f"latency injected      {args.latency * 1000:.0f} ms per request")
        print(f"required connectors   {len(definitions)}")
        print(f"requests per test     {requests} (at most {afas.max_in_flight} in flight)")
        print(f"one round trip        {round_trip * 1000:.0f} ms")
        print(f"token test wall time  {wall * 1000:.0f} ms (median of {args.runs})")
        print(f"wall / round trip     {wall / round_trip:.2f}")
        print(f"sequential would be   about {requests} round trips")


if __name__ == "__main__":
    main()
