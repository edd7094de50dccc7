"""The token test against the AFAS stand-in: every scenario and fault ends with the message a user needs."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time

import pytest

from wizard.core.environment import parse_environment
from wizard.core.token import parse_token
from wizard.core.token_test.report import CHECK_IDS, CheckResult, CheckStatus
from wizard.core.token_test.run import run_token_test
from wizard.standins.afas_profit import DEMO_TOKEN_DATA, AfasProfitStandin
from wizard.standins.afas_scenario import AfasScenario, Fault, FaultKind

ENV = parse_environment("O12345AA")
TOKEN = parse_token(DEMO_TOKEN_DATA)
ADMINS = (1, 2, 3)


@pytest.fixture
def afas():
    with AfasProfitStandin("O12345AA", scenario=AfasScenario(stored_administration_filter="1;2;3")) as server:
        yield server


def run(server, *, env=ENV, token=TOKEN, admins=ADMINS, language="en", **kwargs):
    return run_token_test(env, token, admins, token_name="Finstack", base_url=server.base_url, language=language,
                          **kwargs)


def status(report, check_id):
    return report.check(check_id).status


def text(report, check_id, language="en"):
    check = report.check(check_id)
    parts = [check.explanation.text(language) if check.explanation else "", *check.details.values(),
             check.fix.text(language) if check.fix else ""]
    return "\n".join(parts)


def test_a_working_setup_passes_every_check(afas):
    report = run(afas)
    assert report.outcome == "passed"
    assert [c.status for c in report.checks] == [CheckStatus.PASSED] * len(CHECK_IDS)
    assert "belongs to O12345AA" in text(report, "environment")
    assert 'App connector "Finstack"' in text(report, "environment")
    assert "does not expire" in text(report, "environment")
    assert report.check("administrations").explanation.text("en") == "AFAS returns exactly administrations 1;2;3."
    assert report.token_fingerprint == TOKEN.fingerprint


def test_checks_are_reported_as_they_start_and_finish(afas):
    seen: list[CheckResult] = []
    report = run(afas, on_check=seen.append)
    assert [r.id for r in seen if r.status is CheckStatus.RUNNING][:2] == ["host", "metainfo"]
    finished = [r.id for r in seen if r.status is CheckStatus.PASSED]
    assert sorted(finished) == sorted(CHECK_IDS)
    assert seen[-1].status is CheckStatus.PASSED and report.outcome == "passed"


def test_a_wrong_token_names_the_three_documented_causes(afas):
    report = run(afas, token=parse_token("0" * 64))
    assert report.outcome == "failed"
    assert status(report, "host") is CheckStatus.PASSED
    explanation = text(report, "metainfo")
    assert "AFAS refused the token (401)" in explanation
    for cause in ("environment type or number", "expired or revoked", "Geblokkeerd"):
        assert cause in explanation
    assert all(status(report, i) is CheckStatus.SKIPPED for i in CHECK_IDS[2:])
    assert "earlier check failed" in text(report, "administrations")


def test_a_blocked_app_connector_fails_with_the_unblock_advice(afas):
    afas.scenario.app_connector_blocked = True
    report = run(afas)
    assert "untick \"Geblokkeerd\" on its tab \"Algemeen\"" in text(report, "metainfo")


def test_ip_restriction_is_named_as_such(afas):
    afas.scenario.ip_restricted = True
    assert "IP address (403)" in text(run(afas), "metainfo")
    assert "IP-adres van deze computer (403)" in text(run(afas, language="nl"), "metainfo", "nl")


def test_maintenance_says_when_to_try_again(afas):
    afas.scenario.maintenance = True
    report = run(afas)
    assert "AFAS is in maintenance (503). Try again in about 120 minutes." in text(report, "metainfo")
    assert "afasstatus.nl" in text(report, "metainfo")


def test_a_token_of_another_environment_says_which_one(afas):
    afas.scenario.token_envid = "T12345AB"
    report = run(afas)
    assert status(report, "environment") is CheckStatus.FAILED
    assert "This token belongs to T12345AB (test), but you chose O12345AA (production)." in text(report, "environment")
    assert "Dit token hoort bij T12345AB (test), maar je koos O12345AA (productie)." in text(
        run(afas, language="nl"), "environment", "nl")


@pytest.mark.parametrize("knob", ["not_imported", "not_in_app_connector"])
def test_a_missing_connector_is_named_with_the_step_that_fixes_it(afas, knob):
    getattr(afas.scenario, knob).add("Finstack_Periods")
    report = run(afas)
    assert status(report, "connectors_present") is CheckStatus.FAILED
    assert "Missing from the App connector: Finstack_Periods." in text(report, "connectors_present")
    assert "Acties > Importeren > Map" in text(report, "connectors_present")
    assert status(report, "connectors_answer") is CheckStatus.PASSED  # the others still answer


def test_a_blocked_connector_is_named_with_how_to_unblock_it(afas):
    afas.scenario.blocked_connectors.add("Finstack_Transactions")
    report = run(afas)
    assert status(report, "connectors_answer") is CheckStatus.FAILED
    assert report.check("connectors_answer").details["Finstack_Transactions"].startswith(
        "Finstack_Transactions is blocked. Unblock it: Algemeen > Uitvoer > Beheer > GetConnector")


def test_a_connector_that_lacks_a_field_is_named_with_the_field(afas):
    afas.scenario.missing_fields["Finstack_Transactions"] = ("AllocationCode1",)
    report = run(afas)
    assert status(report, "connector_fields") is CheckStatus.FAILED
    assert "Finstack_Transactions lacks AllocationCode1" in text(report, "connector_fields")
    assert "Import Finstack's current folder again" in text(report, "connector_fields")


def test_an_outdated_connector_version_is_named(afas):
    afas.scenario.outdated_aliases["Finstack_Administrations"] = {"AdministrationName": "Naam"}
    report = run(afas)
    assert "Finstack_Administrations lacks AdministrationName" in text(report, "connector_fields")


def test_filter_not_applied_is_a_warning_that_mentions_the_30_minute_cache(afas):
    afas.scenario.stored_administration_filter = None
    report = run(afas)
    assert report.outcome == "warning"
    assert "also returns administrations 4;5, which are not in your filter 1;2;3" in text(report, "administrations")
    assert "less than 30 minutes ago" in text(report, "administrations")


def test_too_few_authorised_administrations_points_at_preparation(afas):
    afas.scenario.authorised_administrations = (1, 2)
    report = run(afas)
    assert status(report, "administrations") is CheckStatus.FAILED
    assert "AFAS does not return administrations 3." in text(report, "administrations")
    assert "Algemeen - Administraties" in text(report, "administrations")


def test_without_a_filter_the_administration_comparison_is_skipped_not_failed(afas):
    report = run(afas, admins=())
    assert status(report, "administrations") is CheckStatus.SKIPPED
    assert report.outcome == "passed"


def test_many_administrations_are_read_across_pages(afas):
    from wizard.standins.afas_scenario import Administration

    many = tuple(Administration(i, f"Werkmaatschappij {i} BV", f"W{i:03}") for i in range(1, 121))
    with AfasProfitStandin("O12345AA", administrations=many, scenario=AfasScenario()) as server:
        report = run(server, admins=tuple(range(1, 121)))
        pages = [r for r in server.requests if r.path.endswith("/connectors/Finstack_Administrations")
                 and "take=100" in r.query]
    assert status(report, "administrations") is CheckStatus.PASSED
    assert len(pages) == 2
    assert all("orderbyfieldids=AdministrationId" in r.query for r in pages)


def test_never_more_than_eight_requests_in_flight(afas):
    afas.scenario.latency_seconds = 0.1
    run(afas)
    assert 2 <= afas.max_in_flight <= 8


def test_requests_carry_language_user_agent_and_a_base64_afastoken(afas):
    run(afas, language="nl")
    headers = {k.lower(): v for k, v in afas.requests[0].headers.items()}
    assert headers.get("accept-language") == "nl-nl"
    assert headers.get("user-agent", "").startswith("finstack-afas-wizard/")
    assert all(r.authorization_valid for r in afas.requests)


def test_a_single_connection_reset_is_retried(afas):
    afas.scenario.faults["metainfo"] = Fault(FaultKind.CONNECTION_RESET, times=1)
    assert run(afas).outcome == "passed"


def test_a_persistent_connection_reset_is_explained(afas):
    afas.scenario.faults["metainfo"] = Fault(FaultKind.CONNECTION_RESET)
    report = run(afas)
    assert status(report, "host") is CheckStatus.FAILED
    assert "was broken off" in text(report, "host")
    assert "firewall or proxy" in text(report, "host")


def test_a_stalled_body_times_out_with_a_plain_message(afas):
    afas.scenario.faults["metainfo"] = Fault(FaultKind.STALLED_BODY)
    report = run(afas, read_timeout=0.5)
    assert "did not answer in time" in text(report, "host")


def test_malformed_json_is_reported(afas):
    afas.scenario.faults["metainfo"] = Fault(FaultKind.MALFORMED_JSON)
    assert "not valid JSON" in text(run(afas), "metainfo")


def test_a_huge_body_is_refused_without_reading_it_all(afas):
    afas.scenario.faults["connectors/Finstack_Transactions"] = Fault(FaultKind.HUGE_BODY, size=40 * 1024 * 1024)
    report = run(afas)
    assert "larger than the wizard accepts" in report.check("connectors_answer").details["Finstack_Transactions"]


def test_cancel_stops_a_stalled_test_promptly(afas):
    afas.scenario.faults["metainfo"] = Fault(FaultKind.STALLED_BODY)
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    started = time.monotonic()
    report = run(afas, cancel=cancel)
    assert time.monotonic() - started < 3
    assert report.outcome == "cancelled"
    assert "Cancelled." in text(report, "metainfo")


def test_a_closed_port_is_a_connection_failure():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    report = run_token_test(ENV, TOKEN, ADMINS, base_url=f"http://127.0.0.1:{port}/ProfitRestServices")
    assert "Could not connect to 127.0.0.1" in text(report, "host")


def test_a_dns_failure_says_the_environment_number_is_probably_wrong(monkeypatch):
    # No DNS server can be set up here; a resolver that fails the way a wrong number fails stands in for it.
    import asyncio

    async def no_such_host(self, host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(asyncio.BaseEventLoop, "getaddrinfo", no_such_host)
    report = run_token_test(parse_environment("T99999AA"), TOKEN, ADMINS)
    assert report.check("host").status is CheckStatus.FAILED
    assert text(report, "host").startswith(
        "99999.resttest.afas.online does not exist. The environment number 99999 is probably wrong.")


def test_only_loopback_may_be_given_as_an_explicit_base_url():
    with pytest.raises(ValueError):
        run_token_test(ENV, TOKEN, ADMINS, base_url="https://evil.example/ProfitRestServices")


def test_the_token_appears_in_no_message_log_or_result(afas, caplog):
    secrets = [DEMO_TOKEN_DATA, TOKEN.reveal(), TOKEN.authorization_header().split()[1], DEMO_TOKEN_DATA[:24]]
    reports = []
    with caplog.at_level(logging.DEBUG):
        reports.append(run(afas))
        afas.scenario.app_connector_blocked = True
        reports.append(run(afas, language="nl"))
        afas.scenario.app_connector_blocked = False
        afas.scenario.faults["*"] = Fault(FaultKind.MALFORMED_JSON)
        reports.append(run(afas))
    shown = caplog.text + "".join(json.dumps(r.to_json(lang)) + repr(r) for r in reports for lang in ("en", "nl"))
    for secret in secrets:
        assert secret not in shown
