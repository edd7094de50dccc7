"""The AFAS stand-in answers as AFAS documents: token checks, metainfo, GetConnector queries, scenarios, faults."""


from __future__ import annotations

import base64
import json
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.standin_fixtures import (
    OTHER_TOKEN_DATA,
    afas_authorization,
    http_client,
    http_get,
    standin_threads,
    token_xml,
)
from wizard.core.getconnectors.definitions import load_definitions
from wizard.core.token import parse_token
from wizard.standins.afas_profit import DEMO_TOKEN_DATA, AfasProfitStandin, huge_body
from wizard.standins.afas_scenario import Administration, AfasScenario, Fault, FaultKind

ALL = {"skip": -1, "take": -1}
NOT_AUTHORISED_NL = "GetConnector niet ondersteund voor deze app of de gebruiker is niet geautoriseerd"


def rows(client: httpx.Client, connector: str, **params) -> list[dict]:
    response = client.get(f"/connectors/{connector}", params={**ALL, **params})
    assert response.status_code == 200, response.text
    return response.json()["rows"]


def assert_empty(response: httpx.Response, status: int) -> None:
    assert response.status_code == status
    assert response.content == b""
    assert response.headers["Content-Length"] == "0"
    assert response.headers["Content-Type"] == "application/xml; charset=utf-8"


# -- server lifecycle ---------------------------------------------------------------------------------------------
def test_binds_localhost_on_a_free_port_and_stops_without_leaking_threads(standin_definitions):
    standin = AfasProfitStandin(definitions=standin_definitions)
    with standin:
        assert standin.base_url.startswith("http://127.0.0.1:")
        assert standin.base_url.endswith("/ProfitRestServices")
        port = standin.port
        with http_client(headers={"Authorization": afas_authorization()}) as client:
            assert client.get(standin.base_url + "/metainfo").status_code == 200
    assert not standin.running
    assert standin_threads() == []
    with pytest.raises(httpx.ConnectError):
        http_get(f"http://127.0.0.1:{port}/ProfitRestServices/metainfo", timeout=1)


def test_stop_is_quick_with_a_stalled_response_in_flight(standin_definitions):
    scenario = AfasScenario(faults={"metainfo": Fault(FaultKind.STALLED_BODY)})
    standin = AfasProfitStandin(definitions=standin_definitions, scenario=scenario).start()
    client = http_client(headers={"Authorization": afas_authorization()}, timeout=30)
    with client.stream("GET", standin.base_url + "/metainfo") as response:
        assert response.status_code == 200
        started = time.monotonic()
        standin.stop()
        assert time.monotonic() - started < 2
        with pytest.raises(httpx.HTTPError):
            response.read()
    client.close()
    assert standin_threads() == []


def test_requests_are_recorded_without_the_token(afas, afas_http):
    afas_http.get("/connectors/Finstack_Administrations", params={"take": 2}, headers={"Accept-Language": "en-us"})
    assert afas.wait_idle()
    (record,) = afas.requests
    assert record.method == "GET" and record.query == "take=2"
    assert record.path == "/ProfitRestServices/connectors/Finstack_Administrations"
    assert record.authorization_present and record.authorization_valid
    assert record.status == 200 and record.body_size == 0 and record.finished is not None
    assert "authorization" not in {k.lower() for k in record.headers}
    assert record.headers["accept-language"] == "en-us"
    dumped = repr(afas.requests)
    assert DEMO_TOKEN_DATA not in dumped and afas_authorization().split()[1] not in dumped


# -- the Authorization header ---------------------------------------------------------------------------------
def test_the_wizards_own_header_is_accepted(afas):
    header = parse_token(token_xml()).authorization_header()
    assert http_get(afas.base_url + "/metainfo", headers={"Authorization": header}).status_code == 200


@pytest.mark.parametrize("header", [
    None,
    afas_authorization(OTHER_TOKEN_DATA),  # a token AFAS does not know (deleted, other environment)
    afas_authorization().removeprefix("AfasToken "),  # no prefix
    "Bearer " + afas_authorization().split()[1],
    "AfasToken " + base64.b64encode(DEMO_TOKEN_DATA.encode()).decode(),  # only the data part encoded
    "AfasToken " + base64.b64encode(b"<token>\n<version>1</version><data>" + DEMO_TOKEN_DATA.encode()
                                    + b"</data></token>").decode(),  # a newline inside the XML
])
def test_wrong_tokens_get_401_with_an_empty_body(afas, header):
    response = http_get(afas.base_url + "/metainfo", headers={"Authorization": header} if header else {})
    assert_empty(response, 401)
    assert afas.wait_idle()
    assert afas.requests[-1].authorization_valid is False


@pytest.mark.parametrize("plain", [token_xml(), DEMO_TOKEN_DATA])
def test_a_plain_text_token_gets_500_with_a_message(afas, plain):
    response = http_get(afas.base_url + "/metainfo", headers={"Authorization": "AfasToken " + plain,
                                                               "Accept-Language": "en-us"})
    assert response.status_code == 500
    body = response.json()
    assert "Base64" in body["externalMessage"] and len(body["profitLogReference"]) == 32
    assert DEMO_TOKEN_DATA not in response.text


# -- metainfo ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/ProfitRestServices/metainfo", "/profitrestservices/MetaInfo",
                                  "/PROFITRESTSERVICES/Metainfo/"])
def test_metainfo_in_any_casing(afas, path):
    response = http_get(afas.root_url + path, headers={"Authorization": afas_authorization()})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert body["updateConnectors"] == []
    assert body["info"] == {"envid": "O12345AA", "appName": "Finstack",
                            "group": "AuthorizationGroup 101 (12345.FINSTACK)", "tokenExpiry": "0"}
    assert [c["id"] for c in body["getConnectors"]] == [d.external_name for d in afas.definitions]


def test_afas_security_headers_on_every_response(afas_http):
    for response in (afas_http.get("/metainfo"), afas_http.get("/connectors/Nope"), afas_http.get("/nothing")):
        assert response.headers["Cache-Control"] == "no-store, no-cache"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "deny"
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
        assert "Date" in response.headers


def test_connector_metainfo_describes_the_fields(afas_http, afas):
    body = afas_http.get("/metainfo/get/Finstack_Administrations").json()
    assert body["name"] == "Finstack_Administrations"
    fields = {f["id"]: f for f in body["fields"]}
    assert list(fields) == ["AdministrationId", "AdministrationName", "AdministrationCode"]
    assert fields["AdministrationId"] == {"id": "AdministrationId", "fieldId": "U001", "dataType": "int",
                                               "label": "Administratie", "length": 3, "controlType": 2,
                                               "decimals": 0, "decimalsFieldId": ""}
    decimals = {f["id"]: f["decimals"] for f in afas_http.get("/metainfo/get/Finstack_Transactions").json()["fields"]}
    assert decimals["AmountDebit"] == 2 and decimals["Year"] == 0
    assert afas_http.get("/MetaInfo/GET/Finstack_Periods").status_code == 200


def test_metainfo_of_unknown_or_update_connectors_is_a_not_authorised_500(afas_http):
    for path in ("/metainfo/get/Unknown_Connector", "/metainfo/get/finstack_administrations",
                 "/metainfo/update/FiEntries"):
        response = afas_http.get(path)
        assert response.status_code == 500
        assert "niet geautoriseerd" in response.json()["externalMessage"]


def test_profitversion_needs_app_connector_version(afas, afas_http):
    assert_empty(afas_http.get("/profitversion"), 401)
    afas.scenario.app_connector_version_enabled = True
    assert afas_http.get("/ProfitVersion").json() == {"version": "22.22.5"}


def test_unknown_paths_and_methods(afas, afas_http):
    assert_empty(afas_http.get("/nothing/here"), 404)
    assert_empty(http_get(afas.root_url + "/other/metainfo", headers=afas_http.headers), 404)
    assert_empty(afas_http.post("/metainfo", json={}), 404)
    response = afas_http.post("/connectors/FiEntries", json={})
    assert response.status_code == 500 and "UpdateConnector" in response.json()["externalMessage"]


# -- paging, sorting, filtering ---------------------------------------------------------------------------------
def test_default_paging_is_skip_0_take_100(afas_http):
    body = afas_http.get("/connectors/Finstack_Transactions").json()
    assert (body["skip"], body["take"], len(body["rows"])) == (0, 100, 100)


def test_pages_concatenate_to_all_rows(afas_http):
    everything = rows(afas_http, "Finstack_Periods", orderbyfieldids="AdministrationId,Year,Period")
    assert len(everything) == 5 * 2 * 12
    pages = []
    order = "AdministrationId,Year,Period"
    for skip in range(0, len(everything), 37):
        body = afas_http.get("/connectors/Finstack_Periods",
                             params={"skip": skip, "take": 37, "orderbyfieldids": order}).json()
        assert (body["skip"], body["take"]) == (skip, 37)
        pages.extend(body["rows"])
    assert pages == everything
    beyond = afas_http.get("/connectors/Finstack_Periods", params={"skip": 10_000, "take": 10}).json()
    assert beyond["rows"] == []


def test_invalid_paging_is_afas_unexpected_error(afas_http):
    response = afas_http.get("/connectors/Finstack_Periods", params={"skip": 2, "take": -1},
                             headers={"Accept-Language": "en-us"})
    assert response.status_code == 500
    assert response.json()["externalMessage"] == "An unexpected error has occurred."
    assert response.json()["errorNumber"] == -2147180999
    assert afas_http.get("/connectors/Finstack_Periods", params={"take": "many"}).status_code == 500


def test_negative_skip_behaves_like_zero(afas_http):
    first = afas_http.get("/connectors/Finstack_Periods", params={"skip": -5, "take": 3}).json()["rows"]
    assert first == afas_http.get("/connectors/Finstack_Periods", params={"skip": 0, "take": 3}).json()["rows"]


def test_order_by_several_fields_and_descending(afas_http):
    found = rows(afas_http, "Finstack_Periods", orderbyfieldids="-Year,AdministrationId,-Period")
    keys = [(r["Year"], r["AdministrationId"], r["Period"]) for r in found]
    assert keys == sorted(keys, key=lambda k: (-k[0], k[1], -k[2]))
    assert keys[0] == (2025, 1, 12)


def test_filter_comma_is_and_semicolon_is_or(afas_http):
    found = rows(afas_http, "Finstack_Periods", filterfieldids="AdministrationId,Year;Period",
                 filtervalues="2,2024;12", operatortypes="1,1;1")
    assert found and all((r["AdministrationId"] == 2 and r["Year"] == 2024) or r["Period"] == 12 for r in found)
    assert len(found) == 12 + 5 * 2 - 1  # admin 2 in 2024, plus every period 12, minus the overlap


@pytest.mark.parametrize(("operator", "value", "check"), [
    ("1", "6", lambda p: p == 6),
    ("2", "6", lambda p: p >= 6),
    ("3", "6", lambda p: p <= 6),
    ("4", "6", lambda p: p > 6),
    ("5", "6", lambda p: p < 6),
    ("7", "6", lambda p: p != 6),
])
def test_numeric_operators(afas_http, operator, value, check):
    found = rows(afas_http, "Finstack_Periods", filterfieldids="Period", filtervalues=value, operatortypes=operator)
    assert found and all(check(r["Period"]) for r in found)
    assert len({r["Period"] for r in found}) == sum(check(p) for p in range(1, 13))


def test_text_operators_are_case_insensitive(afas_http):
    def descriptions(op: str, value: str) -> set[str]:
        found = rows(afas_http, "Finstack_GeneralLedgerAccounts", filterfieldids="AccountDescription",
                     filtervalues=value, operatortypes=op)
        return {r["AccountDescription"] for r in found}

    assert descriptions("6", "KOSTEN") >= {"Autokosten", "Kantoorkosten", "Afschrijvingskosten"}
    assert all("kosten" not in d.lower() for d in descriptions("11", "kosten"))
    assert descriptions("10", "omzet") == {"Omzet hoog tarief", "Omzet laag tarief"}
    assert all(not d.lower().startswith("omzet") for d in descriptions("12", "omzet"))
    assert descriptions("13", "tarief") == {"Omzet hoog tarief", "Omzet laag tarief"}
    assert all(not d.endswith("tarief") for d in descriptions("14", "tarief"))


def test_empty_and_not_empty(afas_http):
    empty = rows(afas_http, "Finstack_Transactions", filterfieldids="DimAx1", filtervalues="", operatortypes="8")
    filled = rows(afas_http, "Finstack_Transactions", filterfieldids="DimAx1", filtervalues="", operatortypes="9")
    assert empty and filled and all(r["DimAx1"] is None for r in empty) and all(r["DimAx1"] for r in filled)
    assert len(empty) + len(filled) == len(rows(afas_http, "Finstack_Transactions"))


def test_date_filters_compare_dates(afas_http):
    found = rows(afas_http, "Finstack_Transactions", filterfieldids="EntryDate,EntryDate",
                 filtervalues="2025-01-01,2025-01-31T00:00:00", operatortypes="2,3")
    assert found and all(r["EntryDate"].startswith("2025-01-") for r in found)


def test_filterjson_means_the_same_as_the_lists(afas_http):
    filterjson = json.dumps({"Filters": {"Filter": [
        {"@FilterId": "Filter 1", "Field": [{"@FieldId": "AdministrationId", "@OperatorType": "1", "#text": "3"},
                                            {"@FieldId": "Year", "@OperatorType": "1", "#text": "2025"}]},
        {"@FilterId": "Filter 2", "Field": [{"@FieldId": "Period", "@OperatorType": "1", "#text": "1"}]},
    ]}})
    lists = rows(afas_http, "Finstack_Periods", filterfieldids="AdministrationId,Year;Period",
                 filtervalues="3,2025;1", operatortypes="1,1;1")
    assert rows(afas_http, "Finstack_Periods", filterjson=filterjson) == lists


@pytest.mark.parametrize("params", [
    {"filterfieldids": "AdminId", "filtervalues": "1", "operatortypes": "1"},
    {"filterfieldids": "Year;AdminId", "filtervalues": "2025;1", "operatortypes": "1;1"},
    {"orderbyfieldids": "Year,-AdminId"},
])
def test_unknown_field_in_filter_or_sort(afas_http, params):
    response = afas_http.get("/connectors/Finstack_Periods", params=params, headers={"Accept-Language": "en-us"})
    assert response.status_code == 500
    assert response.json()["externalMessage"] == "Connector field 'AdminId' not found"


def test_filter_lists_of_different_shapes_are_an_error(afas_http):
    response = afas_http.get("/connectors/Finstack_Periods",
                             params={"filterfieldids": "Year,Period", "filtervalues": "2025", "operatortypes": "1,1"})
    assert response.status_code == 500


def test_query_longer_than_2049_characters_is_404(afas_http):
    base = "orderbyfieldids=Year&filterfieldids=Year&operatortypes=1&filtervalues="
    fits = base + "2" * (2048 - len(base))  # '?' + 2048 = 2049 characters
    assert afas_http.get("/connectors/Finstack_Periods?" + fits).status_code == 200
    assert_empty(afas_http.get("/connectors/Finstack_Periods?" + fits + "5"), 404)


# -- administrations: stored filter and authorisation ---------------------------------------------------------------
def admin_ids(client: httpx.Client) -> list[int]:
    return [r["AdministrationId"] for r in rows(client, "Finstack_Administrations", orderbyfieldids="AdministrationId")]


def test_without_a_stored_filter_every_authorised_administration(afas, afas_http):
    assert admin_ids(afas_http) == [1, 2, 3, 4, 5]
    first = rows(afas_http, "Finstack_Administrations", orderbyfieldids="AdministrationId")[0]
    assert first == {"AdministrationId": 1, "AdministrationName": "Holding BV", "AdministrationCode": "HOLD"}


def test_stored_filter_and_authorisation_combine(afas, afas_http):
    afas.scenario.stored_administration_filter = "1;2;3"
    assert admin_ids(afas_http) == [1, 2, 3]
    afas.scenario.authorised_administrations = (1, 2)  # too few administrations authorised
    assert admin_ids(afas_http) == [1, 2]
    afas.scenario.stored_administration_filter = None  # filter reset
    assert admin_ids(afas_http) == [1, 2]


def test_authorisation_limits_every_connector(afas, afas_http):
    afas.scenario.authorised_administrations = (4,)
    assert {r["AdministrationId"] for r in rows(afas_http, "Finstack_Transactions")} == {4}
    assert len(rows(afas_http, "Finstack_GeneralLedgerAccounts")) > 20  # the chart of accounts is environment-wide


def test_a_filter_change_takes_the_cache_time_to_apply(afas, afas_http):
    afas.scenario.filter_cache_seconds = 0.3
    afas.scenario.stored_administration_filter = "4"
    started = time.monotonic()
    assert admin_ids(afas_http) == [1, 2, 3, 4, 5]  # still the old (unset) filter
    while admin_ids(afas_http) != [4]:  # asked again, as a user would, until the cache time has passed
        assert time.monotonic() - started < 5
    assert time.monotonic() - started >= 0.3


def test_custom_administrations(standin_definitions):
    admins = [Administration(10, "Alpha Holding BV", "ALPHA"), Administration(20, "Beta BV", "BETA")]
    with AfasProfitStandin("T54321AB", "AB" * 32, admins, standin_definitions) as standin:
        with http_client(base_url=standin.base_url, headers={"Authorization": afas_authorization("AB" * 32)}) as c:
            assert admin_ids(c) == [10, 20]
            assert c.get("/metainfo").json()["info"]["envid"] == "T54321AB"
            assert {r["AdministrationId"] for r in rows(c, "Finstack_Transactions")} == {10, 20}


# -- financial data -----------------------------------------------------------------------------------------------
def test_data_is_deterministic(afas_http, standin_definitions):
    with AfasProfitStandin(definitions=standin_definitions) as other:
        with http_client(base_url=other.base_url, headers={"Authorization": afas_authorization()}) as client:
            assert rows(client, "Finstack_Transactions") == rows(afas_http, "Finstack_Transactions")


def test_every_entry_balances(afas_http):
    totals: dict[tuple, float] = defaultdict(float)
    for line in rows(afas_http, "Finstack_Transactions"):
        assert (line["AmountDebit"] == 0) != (line["AmountCredit"] == 0)
        totals[(line["AdministrationId"], line["JournalId"], line["EntryNumber"])] += (
            line["AmountDebit"] - line["AmountCredit"])
    assert len(totals) > 100
    assert all(abs(total) < 0.005 for total in totals.values())


def test_period_balances_are_the_sums_of_the_transactions(afas_http):
    sums: dict[tuple, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for line in rows(afas_http, "Finstack_Transactions"):
        key = (line["AdministrationId"], line["Year"], line["Period"], line["AccountNumber"])
        sums[key][0] += line["AmountDebit"]
        sums[key][1] += line["AmountCredit"]
    balances = rows(afas_http, "Finstack_PeriodBalances")
    assert len(balances) == len(sums)
    for row in balances:
        debit, credit = sums[(row["AdministrationId"], row["Year"], row["Period"], row["AccountNumber"])]
        assert row["AmountDebit"] == pytest.approx(debit) and row["AmountCredit"] == pytest.approx(credit)
        assert row["Balance"] == pytest.approx(debit - credit)
    per_admin_period = defaultdict(float)
    for row in balances:
        per_admin_period[(row["AdministrationId"], row["Year"], row["Period"])] += row["Balance"]
    assert all(abs(v) < 0.01 for v in per_admin_period.values())  # a trial balance sums to zero


def test_realistic_values(afas_http):
    accounts = {r["AccountNumber"]: r for r in rows(afas_http, "Finstack_GeneralLedgerAccounts")}
    assert accounts["8000"]["AccountDescription"] == "Omzet hoog tarief"
    assert accounts["1100"]["AccountType"] == "Balans"
    lines = rows(afas_http, "Finstack_Transactions")
    assert {line["JournalId"] for line in lines} == {"VK", "IK", "BNK", "MEM"}
    assert {line["AccountNumber"] for line in lines} <= set(accounts)
    assert all(len(line["EntryDate"]) == 20 and line["EntryDate"].endswith("T00:00:00Z") for line in lines)
    assert {line["Period"] for line in lines} == set(range(1, 13))
    codes = {(r["AdministrationId"], r["AccountNumber"], r["AllocationCode"])
             for r in rows(afas_http, "Finstack_AllocationCodes")}
    allocated = [line for line in lines if line["DimAx1"]]
    assert allocated and all((line["AdministrationId"], line["AccountNumber"], line["DimAx1"]) in codes
                             for line in allocated)
    periods = rows(afas_http, "Finstack_Periods", filterfieldids="AdministrationId,Year,Period",
                   filtervalues="1,2024,2", operatortypes="1,1,1")
    assert periods == [{"AdministrationId": 1, "Year": 2024, "Period": 2, "DateFrom": "2024-02-01T00:00:00Z",
                        "DateTo": "2024-02-29T00:00:00Z", "Blocked": True}]


def test_every_shipped_definition_is_served_with_all_its_aliases():
    definitions = load_definitions()
    with AfasProfitStandin(definitions=definitions) as standin:
        with http_client(base_url=standin.base_url, headers={"Authorization": afas_authorization()}) as client:
            listed = {c["id"] for c in client.get("/metainfo").json()["getConnectors"]}
            assert listed == {d.external_name for d in definitions}
            for definition in definitions:
                found = rows(client, definition.external_name)
                assert found, definition.external_name
                assert all(set(row) == set(definition.aliases) for row in found)
        assert standin.errors == []


# -- scenarios -----------------------------------------------------------------------------------------------------
def test_blocked_app_connector_gives_401_everywhere(afas, afas_http):
    afas.scenario.app_connector_blocked = True
    for path in ("/metainfo", "/metainfo/get/Finstack_Transactions", "/connectors/Finstack_Transactions"):
        assert_empty(afas_http.get(path), 401)


def test_ip_restriction_gives_403(afas, afas_http):
    afas.scenario.ip_restricted = True
    assert_empty(afas_http.get("/metainfo"), 403)


def test_maintenance_gives_503_with_retry_after(afas, afas_http):
    afas.scenario.maintenance = True
    response = afas_http.get("/metainfo", headers={"Accept-Language": "en-us"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "7200"
    assert response.json() == {"error": {"code": "503", "message": "Service temporarily unavailable due to scheduled "
                                         "maintenance. Please check afasstatus.nl for details."}, "retry_after": 7200}


@pytest.mark.parametrize("knob", ["not_imported", "not_in_app_connector"])
def test_connector_not_imported_or_not_added(afas, afas_http, knob):
    getattr(afas.scenario, knob).add("Finstack_Transactions")
    ids = [c["id"] for c in afas_http.get("/metainfo").json()["getConnectors"]]
    assert "Finstack_Transactions" not in ids and "Finstack_Periods" in ids
    for path in ("/connectors/Finstack_Transactions", "/metainfo/get/Finstack_Transactions"):
        response = afas_http.get(path)
        assert response.status_code == 500
        assert response.json()["externalMessage"] == NOT_AUTHORISED_NL
        assert response.json()["errorNumber"] == -2147180996


def test_blocked_connector_is_listed_but_refuses(afas, afas_http):
    afas.scenario.blocked_connectors.add("Finstack_PeriodBalances")
    assert "Finstack_PeriodBalances" in [c["id"] for c in afas_http.get("/metainfo").json()["getConnectors"]]
    assert afas_http.get("/metainfo/get/Finstack_PeriodBalances").status_code == 200
    dutch = afas_http.get("/connectors/Finstack_PeriodBalances", headers={"Accept-Language": "nl-nl"})
    english = afas_http.get("/connectors/Finstack_PeriodBalances", headers={"Accept-Language": "en-us"})
    assert dutch.status_code == english.status_code == 500
    assert dutch.json()["externalMessage"] == "Deze GetConnector (definitie) is geblokkeerd"
    assert english.json()["externalMessage"] == "This GetConnector (definition) is blocked"


def test_token_of_another_environment(afas, afas_http):
    afas.scenario.token_envid = "T12345AB"
    assert afas_http.get("/metainfo").json()["info"]["envid"] == "T12345AB"


def test_missing_field_in_a_connector(afas, afas_http):
    afas.scenario.missing_fields = {"Finstack_Transactions": ("DimAx1",)}
    ids = [f["id"] for f in afas_http.get("/metainfo/get/Finstack_Transactions").json()["fields"]]
    assert "DimAx1" not in ids and "DimAx2" in ids
    assert all("DimAx1" not in row for row in afas_http.get("/connectors/Finstack_Transactions").json()["rows"])
    response = afas_http.get("/connectors/Finstack_Transactions", params={"orderbyfieldids": "DimAx1"})
    assert response.status_code == 500 and "DimAx1" in response.json()["externalMessage"]


def test_outdated_connector_version_serves_older_aliases(afas, afas_http):
    afas.scenario.outdated_aliases = {"Finstack_Administrations": {"AdministrationId": "AdminId"}}
    ids = [f["id"] for f in afas_http.get("/metainfo/get/Finstack_Administrations").json()["fields"]]
    assert ids == ["AdminId", "AdministrationName", "AdministrationCode"]
    first = afas_http.get("/connectors/Finstack_Administrations", params={"orderbyfieldids": "AdminId"}).json()
    assert first["rows"][0]["AdminId"] == 1 and "AdministrationId" not in first["rows"][0]


def test_latency_is_added(afas, afas_http):
    afas.scenario.latency_seconds = 0.2
    started = time.monotonic()
    afas_http.get("/metainfo")
    assert time.monotonic() - started >= 0.2


def test_scenario_set_at_construction(standin_definitions):
    scenario = AfasScenario(maintenance=True, maintenance_retry_after=60)
    with AfasProfitStandin(definitions=standin_definitions, scenario=scenario) as standin:
        response = http_get(standin.base_url + "/metainfo")
        assert response.status_code == 503 and response.headers["Retry-After"] == "60"


# -- faults ----------------------------------------------------------------------------------------------------------
def test_connection_reset(afas, afas_http):
    afas.scenario.faults = {"connectors/Finstack_Transactions": Fault(FaultKind.CONNECTION_RESET, times=1)}
    with pytest.raises(httpx.TransportError):
        afas_http.get("/connectors/Finstack_Transactions")
    assert afas.wait_idle()
    assert afas.requests[-1].status is None
    assert afas_http.get("/connectors/Finstack_Transactions").status_code == 200  # only once
    assert afas_http.get("/metainfo").status_code == 200


def test_stalled_body_times_out(afas, afas_http):
    afas.scenario.faults = {"metainfo": Fault(FaultKind.STALLED_BODY)}
    started = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        afas_http.get("/metainfo", timeout=httpx.Timeout(5, read=0.3))
    assert time.monotonic() - started < 2


def test_malformed_json(afas, afas_http):
    afas.scenario.faults = {"*": Fault(FaultKind.MALFORMED_JSON, times=2)}
    for path in ("/metainfo", "/connectors/Finstack_Periods"):
        response = afas_http.get(path)
        assert response.status_code == 200
        with pytest.raises(json.JSONDecodeError):
            response.json()
    assert afas_http.get("/metainfo").json()["info"]["envid"] == "O12345AA"


def test_huge_body_is_streamed_and_larger_than_afas_allows(afas, afas_http):
    afas.scenario.faults = {"connectors/Finstack_Transactions": Fault(FaultKind.HUGE_BODY)}
    with afas_http.stream("GET", "/connectors/Finstack_Transactions") as response:
        assert response.status_code == 200
        assert int(response.headers["Content-Length"]) == 80 * 1024 * 1024 > 75 * 1000 * 1000
        received = 0
        for chunk in response.iter_raw():
            if received == 0:
                assert chunk.startswith(b'{"skip":0,"take":-1,"rows":[')
            received += len(chunk)
            if received > 2 * 1024 * 1024:
                break
    assert afas_http.get("/metainfo").status_code == 200


def test_huge_body_is_valid_json_of_the_exact_size():
    chunks, size = huge_body(300_000)
    body = b"".join(chunks)
    assert len(body) == size == 300_000
    assert len(json.loads(body)["rows"]) > 1000


# -- concurrency ----------------------------------------------------------------------------------------------------
def test_in_flight_requests_are_counted(afas, afas_http):
    afas.scenario.latency_seconds = 0.5
    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(lambda _: afas_http.get("/metainfo").status_code, range(12)))
    assert statuses == [200] * 12
    assert afas.max_in_flight == 12 > 8  # the recorder sees a client that would break AFAS's limit of 8
    assert afas.wait_idle() and afas.in_flight == 0
    afas.clear_requests()
    afas.scenario.latency_seconds = 0
    for _ in range(3):
        afas_http.get("/metainfo")
    assert afas.wait_idle()
    assert afas.max_in_flight == 1 and len(afas.requests) == 3
