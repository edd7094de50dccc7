"""The Finstack GetConnector definitions are the source of truth for the bundle, the token test and the AFAS
stand-in: a mistake here means a customer builds a connector Finstack cannot read."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from wizard.core.getconnectors.definitions import (
    ADMINISTRATION_FIELD,
    ADMINISTRATIONS_CONNECTOR,
    ConnectorDefinition,
    load_definitions,
    required_connector_ids,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFINITIONS_DIR = REPO_ROOT / "getconnectors" / "definitions"
# AFAS's own OpenAPI of the standard financial GetConnectors; CI keeps the reference folder beside the clone.
MUTATIES_OPENAPI = REPO_ROOT.parent / "shared" / "reference" / "afas" / "Mutaties.openapi.json"

ALLOWED_TYPES = {"int", "string", "decimal", "date", "boolean"}
# How AFAS's standard connectors name the administration column (AdminId, UnitId or Unit, per connector).
ADMINISTRATION_SOURCE_FIELDS = {"AdminId", "UnitId", "Unit"}
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# OpenAPI type -> the definition types it may carry. AFAS's OpenAPI declares dates as plain strings.
COMPATIBLE_TYPES = {"integer": {"int"}, "number": {"decimal"}, "boolean": {"boolean"}, "string": {"string", "date"}}

DEFINITIONS = load_definitions(DEFINITIONS_DIR)


def _ids(definition: ConnectorDefinition) -> str:
    return definition.external_name


def test_every_definition_file_loads_and_is_named_after_its_connector():
    files = sorted(DEFINITIONS_DIR.glob("*.json"))
    assert len(files) == len(DEFINITIONS) >= 6
    for path in files:
        raw = json.loads(path.read_text(encoding="utf-8"))
        assert path.stem == raw["external_name"], f"{path.name} defines {raw['external_name']}"


def test_the_consolidation_set_is_complete_and_administrations_come_first():
    names = required_connector_ids(DEFINITIONS_DIR)
    assert names[0] == ADMINISTRATIONS_CONNECTOR
    for needed in ("Finstack_GeneralLedgerAccounts", "Finstack_Transactions", "Finstack_PeriodBalances",
                   "Finstack_AllocationCodes", "Finstack_Periods"):
        assert needed in names


def test_external_names_are_unique_finstack_names_and_files_are_named_after_them():
    names = [d.external_name for d in DEFINITIONS]
    assert len(names) == len(set(names))
    assert len({d.order for d in DEFINITIONS}) == len(DEFINITIONS), "two connectors share a list position"
    for d in DEFINITIONS:
        assert d.external_name.startswith("Finstack_")
        # Profit names an export <description>.gcn; keeping description = external name avoids two names.
        assert d.file_name == f"{d.external_name}.gcn"


@pytest.mark.parametrize("definition", DEFINITIONS, ids=_ids)
def test_aliases_are_unique_identifiers_and_key_fields_are_among_them(definition: ConnectorDefinition):
    aliases = definition.aliases
    assert len(aliases) == len(set(aliases)), f"duplicate alias in {definition.external_name}"
    for alias in aliases:
        assert IDENTIFIER.match(alias), f"{alias!r} cannot be a JSON property name Finstack reads"
    assert definition.key_fields, "paging needs orderbyfieldids"
    assert set(definition.key_fields) <= set(aliases)


@pytest.mark.parametrize("definition", DEFINITIONS, ids=_ids)
def test_fields_have_allowed_types_and_dutch_labels(definition: ConnectorDefinition):
    for field in definition.fields:
        assert field.type in ALLOWED_TYPES, f"{field.alias}: {field.type}"
        assert field.label_nl.strip() and field.source_field.strip()


@pytest.mark.parametrize("definition", DEFINITIONS, ids=_ids)
def test_purpose_is_explained_in_english_and_dutch(definition: ConnectorDefinition):
    assert definition.purpose["en"].strip()
    assert definition.purpose["nl"].strip()
    assert definition.purpose["en"] != definition.purpose["nl"]
    assert definition.data_collection_name.strip()
    assert definition.standard_connector and definition.standard_connector.startswith("Profit_")


def test_only_the_administrations_connector_asks_the_customer_for_an_edit():
    edited = [d for d in DEFINITIONS if d.customer_edit is not None]
    assert [d.external_name for d in edited] == [ADMINISTRATIONS_CONNECTOR]
    edit = edited[0].customer_edit
    assert edit is not None
    assert edit.field == ADMINISTRATION_FIELD
    assert edit.kind == "filter_values"
    assert edit.text["en"].strip() and edit.text["nl"].strip()
    assert ADMINISTRATION_FIELD in edited[0].aliases


@pytest.mark.parametrize("definition", DEFINITIONS, ids=_ids)
def test_every_administration_column_is_called_administration_id(definition: ConnectorDefinition):
    for field in definition.fields:
        if field.source_field in ADMINISTRATION_SOURCE_FIELDS:
            assert field.alias == ADMINISTRATION_FIELD, f"{definition.external_name}.{field.source_field}"
            assert field.type == "int"
    if ADMINISTRATION_FIELD in definition.aliases:
        # Transactions are per administration: the administration must be part of the identity of a row.
        assert ADMINISTRATION_FIELD in definition.key_fields


def test_the_financial_mutation_key_is_administration_journal_entry_and_sequence():
    transactions = next(d for d in DEFINITIONS if d.standard_connector == "Profit_Transactions_Allocated")
    sources = {f.alias: f.source_field for f in transactions.fields}
    assert [sources[k] for k in transactions.key_fields] == ["UnitId", "JournalId", "EntryNo", "SeqNo"]
    assert {"DimAx1", "DimAx2", "DimAx3", "DimAx4", "DimAx5"} <= set(sources.values())


@pytest.fixture(scope="module")
def afas_connectors() -> dict[str, dict[str, dict]]:
    """Standard connector -> {field: OpenAPI property} from AFAS's own description."""
    if not MUTATIES_OPENAPI.is_file():
        pytest.skip(f"AFAS's Mutaties.openapi.json is not beside the clone ({MUTATIES_OPENAPI}); "
                    "the source-field check needs the shared reference folder")
    spec = json.loads(MUTATIES_OPENAPI.read_text(encoding="utf-8"))
    found: dict[str, dict[str, dict]] = {}
    for path, item in spec["paths"].items():
        if not path.startswith("/connectors/Profit_"):
            continue
        schema = item["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        found[path.removeprefix("/connectors/")] = schema["properties"]["rows"]["items"]["properties"]
    return found


@pytest.mark.parametrize("definition", DEFINITIONS, ids=_ids)
def test_source_fields_exist_in_afas_standard_connector(definition: ConnectorDefinition, afas_connectors):
    assert definition.standard_connector in afas_connectors, f"AFAS has no {definition.standard_connector}"
    properties = afas_connectors[definition.standard_connector]
    for field in definition.fields:
        assert field.source_field in properties, (
            f"{definition.external_name}: {field.source_field} is not a field of {definition.standard_connector}")
        afas_type = properties[field.source_field]["type"]
        assert field.type in COMPATIBLE_TYPES[afas_type], (
            f"{definition.external_name}.{field.alias} is {field.type}, AFAS says {afas_type}")
