"""The hand-made creation guide: a customer who cannot import a .gcn follows it in Profit, so it must name
the right menu, the exact external name, every alias and (for Finstack_Administrations) the filter step."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from wizard.core.getconnectors.definitions import (
    ADMINISTRATION_FIELD,
    ADMINISTRATIONS_CONNECTOR,
    ConnectorDefinition,
    FilterCriterion,
    load_definitions,
)
from wizard.core.getconnectors.guide import render_guide
from wizard.core.messages import LANGUAGES, catalog

DEFINITIONS = load_definitions(Path(__file__).resolve().parents[2] / "getconnectors" / "definitions")
CASES = [(d, lang) for d in DEFINITIONS for lang in LANGUAGES]


def _by_name(name: str) -> ConnectorDefinition:
    return next(d for d in DEFINITIONS if d.external_name == name)


@pytest.mark.parametrize(("definition", "language"), CASES, ids=[f"{d.external_name}-{lang}" for d, lang in CASES])
def test_guide_names_menu_external_name_and_every_alias(definition: ConnectorDefinition, language):
    guide = render_guide(definition, language)
    assert "Algemeen > Uitvoer > Beheer > GetConnector" in guide
    assert "Nieuw" in guide and "Voltooien" in guide
    assert f": {definition.external_name}." in guide  # the Naam step, spelled exactly
    assert definition.data_collection_name in guide
    for field in definition.fields:
        assert f"{field.label_nl} → alias {field.alias} (" in guide
    assert "Algemeen > Beheer > App connector" in guide
    assert ("GetConnectoren" if language == "nl" else "GetConnectors") in guide  # AFAS's Dutch tab name


@pytest.mark.parametrize("language", LANGUAGES)
def test_fields_are_a_numbered_list_in_definition_order(language):
    definition = _by_name("Finstack_Transactions")
    guide = render_guide(definition, language)
    positions = [guide.index(f"alias {alias} (") for alias in definition.aliases]
    assert positions == sorted(positions)
    assert f".{len(definition.fields)} " in guide
    step_numbers = [line.split(".")[0] for line in guide.splitlines() if line[:1].isdigit()]
    assert step_numbers == [str(n) for n in range(1, len(step_numbers) + 1)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_administrations_guide_has_the_filter_step(language):
    guide = render_guide(_by_name(ADMINISTRATIONS_CONNECTOR), language)
    assert "Filter op deze waarden" in guide
    assert f"Veld {'to' if language == 'en' else 'op'} {ADMINISTRATION_FIELD}" in guide
    assert "1;2;3" in guide
    assert "Voorbeeld" in guide
    # The filter must be set before the connector is finished.
    assert guide.index("Filter op deze waarden") < guide.index("Voltooien")


@pytest.mark.parametrize("language", LANGUAGES)
def test_other_connectors_say_to_leave_the_filter_empty(language):
    guide = render_guide(_by_name("Finstack_PeriodBalances"), language)
    assert "Filter op deze waarden" not in guide
    assert ADMINISTRATIONS_CONNECTOR in guide


def test_dutch_guide_is_dutch_and_english_guide_is_english():
    definition = _by_name("Finstack_GeneralLedgerAccounts")
    dutch = render_guide(definition, "nl")
    english = render_guide(definition, "en")
    assert "Kies de gegevensverzameling" in dutch and "Klik op Voltooien" in dutch
    assert "geheel getal" in render_guide(_by_name(ADMINISTRATIONS_CONNECTOR), "nl")
    assert definition.purpose["nl"] in dutch
    for english_phrase in ("Choose", "Click", "Add these", "Why Finstack", "whole number", definition.purpose["en"]):
        assert english_phrase not in dutch
    assert "Choose the data collection" in english and definition.purpose["en"] in english
    assert "Kies" not in english


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_stored_filter_is_shown_with_readable_operators(language):
    # A definition may carry a fixed filter; the guide must spell it out before Voltooien.
    filtered = dataclasses.replace(_by_name("Finstack_Transactions"),
                                   stored_filter=(FilterCriterion("Year", "2", "2020"),))
    guide = render_guide(filtered, language)
    assert "Year >= 2020" in guide
    assert guide.index("Year >= 2020") < guide.index("Voltooien")
    assert ADMINISTRATIONS_CONNECTOR not in guide.split("Year >= 2020")[1].split("Voltooien")[0]


def test_guide_messages_exist_in_both_languages():
    english = {k for k in catalog("en") if k.startswith("guide.")}
    dutch = {k for k in catalog("nl") if k.startswith("guide.")}
    assert english and english == dutch
