"""The token test at AFAS's floor and within its deadline, against the AFAS stand-in: connector calls go out
with metainfo, the whole test stops at its deadline, and an unreadable tokenExpiry is reported as unknown."""

from __future__ import annotations

import pytest

from wizard.core.environment import parse_environment
from wizard.core.token import parse_token
from wizard.core.token_test.report import CheckStatus
from wizard.core.token_test.run import run_token_test
from wizard.standins.afas_profit import DEMO_TOKEN_DATA, AfasProfitStandin
from wizard.standins.afas_scenario import AfasScenario, Fault, FaultKind

ENV = parse_environment("O12345AA")
TOKEN = parse_token(DEMO_TOKEN_DATA)


@pytest.fixture
def afas():
    with AfasProfitStandin("O12345AA", scenario=AfasScenario(stored_administration_filter="1;2;3")) as server:
        yield server


def run(server, **kwargs):
    return run_token_test(ENV, TOKEN, (1, 2, 3), token_name="Finstack", base_url=server.base_url, **kwargs)


def test_the_connector_calls_go_out_together_with_metainfo(afas):
    afas.scenario.latency_seconds = 0.2  # every answer takes a while, so the order of requests shows
    assert run(afas).outcome == "passed"
    afas.wait_idle()
    metainfo = next(r for r in afas.requests if r.path.endswith("/metainfo"))
    alongside = [r for r in afas.requests if r is not metainfo and r.started < metainfo.finished]
    assert len(alongside) == 7  # all 8 slots AFAS allows are used at once, not one for metainfo alone
    assert len(afas.requests) == 14 and afas.max_in_flight == 8


def test_a_failing_metainfo_still_ends_the_test_cleanly(afas):
    afas.scenario.app_connector_blocked = True
    report = run(afas)
    assert report.check("metainfo").explanation.text("en") == "AFAS refused the token (401)."
    assert [c.status for c in report.checks[2:]] == [CheckStatus.SKIPPED] * 5


def test_the_whole_test_stops_at_its_deadline_as_a_timeout(afas):
    afas.scenario.faults["*"] = Fault(FaultKind.STALLED_BODY)
    report = run(afas, deadline=0.5)
    assert report.outcome == "failed"
    for check_id in ("host", "metainfo"):
        check = report.check(check_id)
        assert check.status is CheckStatus.FAILED
        assert check.explanation.text("en") == "Stopped after 0.5 seconds: AFAS had not finished answering by then."
        assert check.explanation.text("nl") == "Gestopt na 0.5 seconden: AFAS was toen nog niet klaar met antwoorden."
    assert all(c.status is CheckStatus.SKIPPED for c in report.checks[2:])


def test_a_deadline_while_the_connectors_run_fails_only_those(afas):
    afas.scenario.faults["connectors/Finstack_Periods"] = Fault(FaultKind.STALLED_BODY)
    report = run(afas, deadline=1.0)
    statuses = {c.id: c.status for c in report.checks}
    assert statuses["metainfo"] is CheckStatus.PASSED and statuses["connector_fields"] is CheckStatus.PASSED
    assert statuses["connectors_answer"] is CheckStatus.FAILED
    assert "Stopped after 1 seconds" in report.check("connectors_answer").explanation.text("en")


# The last one is ISO, but past what a date can hold once moved to UTC.
@pytest.mark.parametrize("expiry", ["next year", "31-12-2025", "٢٠٢٥-١٢-٣١", "2025-13-45", "9999-12-31T23:59:59-23:59"])
def test_a_token_expiry_that_is_not_iso_is_unknown_not_never(afas, expiry):
    afas.scenario.token_expiry = expiry
    check = run(afas).check("environment")
    assert check.status is CheckStatus.WARNING
    assert f'has an end date the wizard cannot read ("{expiry}")' in check.explanation.text("en")
    assert "does not expire" not in check.explanation.text("en")
    assert "Gebruikerstokens" in check.fix.text("en")


def test_a_far_away_iso_expiry_is_a_date(afas):
    afas.scenario.token_expiry = "9999-12-31T23:59:59Z"
    check = run(afas).check("environment")
    assert check.status is CheckStatus.PASSED and "is valid until 9999-12-31" in check.explanation.text("en")
