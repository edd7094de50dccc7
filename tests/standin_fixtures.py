"""Fixtures and helpers for tests that talk to the AFAS and Finstack stand-ins over HTTP.

tests/conftest.py loads this module as a pytest plugin, so every test can ask for these fixtures by name.
The stand-in tests use their own copy of the connector definitions (written to a temporary folder), so they
test the stand-in's behaviour, not the current state of getconnectors/definitions.
"""

from __future__ import annotations

import base64
import json
import ssl
import threading
import uuid
from pathlib import Path

import httpx
import pytest

from wizard.core.getconnectors.definitions import load_definitions
from wizard.standins.afas_profit import DEMO_TOKEN_DATA, AfasProfitStandin
from wizard.standins.afas_scenario import AfasScenario
from wizard.standins.finstack import FinstackStandin

OTHER_TOKEN_DATA = "0123456789ABCDEF" * 4
FINSTACK_KEY = "test-finstack-key"
AFAS_SHARED_REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "afas"


# One TLS context for every client: building one per httpx.Client costs ~70 ms, and these servers speak plain HTTP.
_TLS = ssl.create_default_context()


def http_client(**kwargs) -> httpx.Client:
    kwargs.setdefault("timeout", 5)
    return httpx.Client(verify=_TLS, **kwargs)


def http_get(url: str, **kwargs) -> httpx.Response:
    with http_client(timeout=kwargs.pop("timeout", 5)) as client:
        return client.get(url, **kwargs)


def token_xml(data: str = DEMO_TOKEN_DATA) -> str:
    return f"<token><version>1</version><data>{data}</data></token>"


def afas_authorization(data: str = DEMO_TOKEN_DATA) -> str:
    """The header exactly as AFAS wants it, built independently of wizard.core.token."""
    return "AfasToken " + base64.b64encode(token_xml(data).encode("ascii")).decode("ascii")


def _field(source: str, alias: str, kind: str, label: str = "") -> dict:
    return {"source_field": source, "label_nl": label or alias, "alias": alias, "type": kind}


def _definition(name: str, order: int, standard: str | None, keys: list[str], fields: list[dict]) -> dict:
    return {
        "external_name": name, "description": name, "order": order,
        "data_collection": {"code": None, "name_nl": name, "standard_connector": standard},
        "system": "Fi", "key_fields": keys, "fields": fields, "stored_filter": [], "customer_edit": None,
        "purpose": {"en": name, "nl": name},
    }


TEST_DEFINITIONS = [
    _definition("Finstack_Administrations", 1, "Profit_Administrations", ["AdministrationId"], [
        _field("AdminId", "AdministrationId", "int", "Administratie"),
        _field("AdminNm", "AdministrationName", "string", "Naam administratie"),
        _field("AdminCd", "AdministrationCode", "string", "Administratiecode"),
    ]),
    _definition("Finstack_GeneralLedgerAccounts", 2, "Profit_Accounts", ["AccountNumber"], [
        _field("Account", "AccountNumber", "string"), _field("Description", "AccountDescription", "string"),
        _field("Type", "AccountType", "string"), _field("Blocked", "Blocked", "boolean"),
    ]),
    _definition("Finstack_Transactions", 3, "Profit_Transactions_Allocated",
                ["AdministrationId", "JournalId", "EntryNumber", "SequenceNumber"], [
        _field("UnitId", "AdministrationId", "int"), _field("JournalId", "JournalId", "string"),
        _field("EntryNo", "EntryNumber", "int"), _field("SeqNo", "SequenceNumber", "int"),
        _field("Year", "Year", "int"), _field("Period", "Period", "int"),
        _field("AccountNo", "AccountNumber", "string"), _field("EntryDate", "EntryDate", "date"),
        _field("Description", "Description", "string"), _field("AmtDebit", "AmountDebit", "decimal"),
        _field("AmtCredit", "AmountCredit", "decimal"), _field("DimAx1", "DimAx1", "string"),
        _field("DimAx2", "DimAx2", "string"),
    ]),
    _definition("Finstack_PeriodBalances", 4, "Profit_Period_balance",
                ["AdministrationId", "Year", "Period", "AccountNumber"], [
        _field("UnitId", "AdministrationId", "int"), _field("Year", "Year", "int"), _field("Period", "Period", "int"),
        _field("AccountNr", "AccountNumber", "string"), _field("Debit", "AmountDebit", "decimal"),
        _field("Credit", "AmountCredit", "decimal"), _field("Balance", "Balance", "decimal"),
    ]),
    _definition("Finstack_AllocationCodes", 5, "Profit_Allocation_Assigments",
                ["AdministrationId", "AccountNumber", "AllocationAxis", "AllocationCode"], [
        _field("Unit", "AdministrationId", "int"), _field("Account", "AccountNumber", "string"),
        _field("DimAx", "AllocationAxis", "string"), _field("DimCode", "AllocationCode", "string"),
    ]),
    _definition("Finstack_Periods", 6, "Profit_periods_per_administration", ["AdministrationId", "Year", "Period"], [
        _field("Unit", "AdministrationId", "int"), _field("Year", "Year", "int"), _field("Period", "Period", "int"),
        _field("DateFrom", "DateFrom", "date"), _field("DateTo", "DateTo", "date"),
        _field("Blocked", "Blocked", "boolean"),
    ]),
]


@pytest.fixture(scope="session")
def standin_definitions(tmp_path_factory):
    folder = tmp_path_factory.mktemp("definitions")
    for raw in TEST_DEFINITIONS:
        (folder / f"{raw['external_name']}.json").write_text(json.dumps(raw), encoding="utf-8")
    return load_definitions(folder)


@pytest.fixture
def afas(standin_definitions):
    """A running AFAS stand-in for O12345AA (happy path, no stored filter); stopped after the test."""
    standin = AfasProfitStandin("O12345AA", DEMO_TOKEN_DATA, definitions=standin_definitions, scenario=AfasScenario())
    with standin:
        yield standin
    assert standin.errors == []  # no exception escaped inside the stand-in


@pytest.fixture
def afas_http(afas):
    with http_client(base_url=afas.base_url, headers={"Authorization": afas_authorization()}) as client:
        yield client


@pytest.fixture
def finstack():
    standin = FinstackStandin(api_key=FINSTACK_KEY)
    with standin:
        yield standin
    assert standin.errors == []


@pytest.fixture
def real_standins():
    """AFAS (with Finstack's real GetConnector definitions, the demo customer and its filter set) and Finstack, as
    the wizard meets them."""
    from wizard.standins.afas_scenario import DEFAULT_ADMINISTRATIONS

    afas = AfasProfitStandin("O12345AA", DEMO_TOKEN_DATA, DEFAULT_ADMINISTRATIONS,
                             scenario=AfasScenario(stored_administration_filter="1;2;3"))
    finstack = FinstackStandin(api_key=FINSTACK_KEY)
    with afas, finstack:
        yield afas, finstack


@pytest.fixture
def finstack_http(finstack):
    with http_client(base_url=finstack.base_url, headers={"Authorization": f"Bearer {FINSTACK_KEY}"}) as client:
        yield client


def source_body(**changes: str) -> dict:
    body = {
        "environment": "O12345AA", "environment_number": "12345", "environment_type": "production",
        "token_name": "Finstack", "token_value": token_xml(),
    }
    body.update(changes)
    return body


def create_source(client: httpx.Client, body: dict | None = None, key: str | None = None) -> httpx.Response:
    return client.post("/v1/sources/afas", json=body or source_body(),
                       headers={"Idempotency-Key": key or str(uuid.uuid4())})


def standin_threads() -> list[threading.Thread]:
    """Threads the stand-ins started (accept loop and connection handlers) that are still alive."""
    return [t for t in threading.enumerate() if t.name.startswith(("afas-standin", "finstack-standin"))]
