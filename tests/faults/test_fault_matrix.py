"""The fault matrix: `test-token`, as a consultant runs it, against a server that answers in every wrong way.

For each fault: the exit status, a plain message that names what happened, no traceback, a bounded wall
time (the whole test is given --timeout 2) and a bounded peak memory of the process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial

import pytest

from tests.faults.conftest import Run, closed_port_url, prefetched, selected_cases, test_token_against
from tests.faults.hostile_server import HostileServer, gzip_bomb, nested_gzip_bomb
from tests.faults.modes import MODES

MAX_PEAK_MB = 150
MAX_SECONDS = 8.0  # a Python start (slower while 3 run at once) plus at most the 2 s deadline
NOT_UNDERSTOOD = "AFAS answered in a way the wizard does not understand"


@dataclass(frozen=True)
class Case:
    says: str  # in stdout or stderr
    exit_status: int = 1  # a check failed
    options: tuple[str, ...] = ()


CASES: dict[str, Case] = {
    "well_behaved": Case("✓ AFAS returns exactly your administrations", 0, ("-a", "1;2;3")),
    "well_behaved_compressed": Case("✓ AFAS returns exactly your administrations", 0, ("-a", "1;2;3")),
    "refused": Case("Could not connect to 127.0.0.1"),
    "reset_mid_body": Case("The connection to 127.0.0.1 was broken off"),
    "stalled_body": Case("Stopped after 2 seconds: AFAS had not finished answering by then."),
    "slow_trickle": Case("Stopped after 2 seconds: AFAS had not finished answering by then."),
    "huge_chunked": Case("AFAS's answer was larger than the wizard accepts."),
    "huge_close_delimited": Case("AFAS's answer was larger than the wizard accepts."),
    "malformed_json": Case("AFAS answered with something that is not valid JSON."),
    "list_body": Case(f"{NOT_UNDERSTOOD} (HTTP 200 on metainfo)."),
    "null_body": Case(f"{NOT_UNDERSTOOD} (HTTP 200 on metainfo)."),
    "missing_keys": Case(f"{NOT_UNDERSTOOD} (HTTP 200 on metainfo)."),
    "html_500": Case("AFAS reported an error: - (log reference -)."),
    "maintenance_503": Case("AFAS is in maintenance (503). Try again in about 120 minutes."),
    "redirect_301": Case("AFAS answered with HTTP 301"),
    "redirect_302": Case("AFAS answered with HTTP 302"),
    "gzip_bomb": Case("AFAS's answer was larger than the wizard accepts."),
    "nested_gzip_bomb": Case("AFAS's answer was larger than the wizard accepts."),
    "huge_header": Case("The connection to 127.0.0.1 was broken off"),
    "fields_number": Case(f"{NOT_UNDERSTOOD} (HTTP 200 on metainfo/get/Finstack_"),
    "fields_null": Case(f"{NOT_UNDERSTOOD} (HTTP 200 on metainfo/get/Finstack_"),
    "rows_number": Case(f"{NOT_UNDERSTOOD} (HTTP 200 on connectors/Finstack_"),
    "rows_null": Case(f"{NOT_UNDERSTOOD} (HTTP 200 on connectors/Finstack_"),
    "deep_nesting": Case(f"{NOT_UNDERSTOOD} (HTTP 200 on metainfo)."),
    "value_flood": Case(f"{NOT_UNDERSTOOD} (HTTP 200 on metainfo)."),
    "huge_retry_after": Case(f"{NOT_UNDERSTOOD} (HTTP 503 on metainfo)."),
    "huge_retry_after_in_body": Case(f"{NOT_UNDERSTOOD} (HTTP 503 on metainfo)."),
    "retry_after_superscript": Case(f"{NOT_UNDERSTOOD} (HTTP 503 on metainfo)."),
    "administration_true": Case(f"{NOT_UNDERSTOOD} (HTTP 200 on connectors/Finstack_Administrations).",
                                options=("-a", "1")),
    "administration_arabic_digit": Case(f"{NOT_UNDERSTOOD} (HTTP 200 on connectors/Finstack_Administrations).",
                                        options=("-a", "3")),
    "expiry_not_iso": Case('has an end date the wizard cannot read ("next year")'),
    "echoed_token_500": Case("AFAS reported an error: Unauthorized request, Authorization: AfasToken [redacted]; "
                             "token data [redacted] (log reference [redacted])."),
    "echoed_token_cut": Case("AFAS reported an error: Bad token [redacted]"),
    "echoed_token_profit_error": Case("AFAS reported an error: Invalid AfasToken [redacted] (log reference -)."),
    "echoed_token_in_metainfo": Case('user group "AuthorizationGroup AfasToken [redacted]"', 0),
    "expired_401": Case("AFAS says the token has expired (401): Het token is verlopen.\n"
                        "    → An expired token cannot be used again."),
    "forbidden_403_rights": Case("AFAS refused access (403): Gebruiker heeft geen toegang tot deze omgeving (log "
                                 "reference 0a1b).\n    → AFAS uses 403 for an IP restriction"),
    "forbidden_403_ip": Case("AFAS refused requests from this computer's IP address (403)."),
    "too_many_429": Case("Too many calls: AFAS (or a gateway in front of it) asks the wizard to slow down (429).\n"
                         "    → Wait about 2 minutes and test again."),
}


def _run_case(name: str) -> Run:
    options = ("--timeout", "2", *CASES[name].options)
    if name == "refused":
        return test_token_against(closed_port_url(), *options)
    if "bomb" in name:
        nested_gzip_bomb()  # build the bodies before the clock runs (compressing 256 MB takes a moment)
    with HostileServer(MODES[name]) as server:
        return test_token_against(server.base_url, *options)


@pytest.fixture(scope="module")
def matrix(request):
    """The selected cases, run a few at a time as soon as the first test asks."""
    with prefetched({name: partial(_run_case, name) for name in selected_cases(request)}) as prefetch:
        yield prefetch


def test_every_mode_has_a_case():
    assert set(MODES) | {"refused"} == set(CASES)


@pytest.mark.parametrize("case", list(CASES))
def test_a_fault_ends_in_a_plain_message_in_bounded_time_and_memory(case, matrix):
    run, expected = matrix.result(case), CASES[case]
    assert expected.says in run.output, run.output
    assert run.exit_status == expected.exit_status, run.output
    assert "Traceback" not in run.output and "Error:" not in run.stderr, run.output
    assert run.seconds < MAX_SECONDS
    assert run.peak_mb < MAX_PEAK_MB


@pytest.mark.parametrize(("mode", "encoding"), [("gzip_bomb", "gzip"), ("nested_gzip_bomb", "gzip, gzip")])
def test_a_bomb_is_refused_within_a_second(mode, encoding, hostile_server):
    body = gzip_bomb() if mode == "gzip_bomb" else nested_gzip_bomb()
    server = hostile_server(lambda conn, endpoint: conn.respond(200, body, [("Content-Encoding", encoding)]))
    run = test_token_against(server.base_url, "--json", "--timeout", "5")
    report = json.loads(run.stdout)
    assert report["checks"][1]["explanation"] == "AFAS's answer was larger than the wizard accepts."
    assert report["seconds"] < 1.0  # the test itself, without the interpreter's start
    assert run.peak_mb < MAX_PEAK_MB
    assert len(body) < 300_000 and server.endpoints  # a few hundred KB at most, and it was asked for
