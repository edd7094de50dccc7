import json

import pytest

from wizard.app.flow import PAGES
from wizard.core.content import checklist_ids, load_content
from wizard.core.messages import catalog
from wizard.core.resources import resource_path


def _shape(value):
    """The structure of a JSON value without its texts, to compare translations."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return type(value).__name__


def test_english_and_dutch_articles_have_the_same_structure():
    en = json.loads(resource_path("content", "article.en.json").read_text(encoding="utf-8"))
    nl = json.loads(resource_path("content", "article.nl.json").read_text(encoding="utf-8"))
    assert _shape(en) == _shape(nl)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_page_has_a_title_and_intro(language):
    content = load_content(language)
    for page in PAGES:
        assert content.title(page)
        assert content.step(page)["intro"]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_app_connector_settings_are_exactly_the_articles(language):
    settings = [(s.label, s.value) for s in load_content(language).app_connector_settings()]
    assert settings == [
        ("Omschrijving", "Finstack"),
        ("Authenticatietype", "Classic token (2)"),
        ("Automatisch token genereren", "Ja"),
        ("Maak een nieuwe gebruikersgroep aan", "Ja"),
        ("Maak een nieuwe gebruiker aan", "Ja"),
    ]


def test_the_checklist_names_pr001_and_the_administrations_filter_with_afas_menu_paths():
    items = {item.id: item for item in load_content("en").checklist()}
    assert "PR001" in items["user_in_pr001"].text
    assert items["user_in_pr001"].tab == "Lid van groep"
    assert items["all_administrations_visible"].menu_path == (
        "Algemeen", "Administratie", "Filters", "Algemeen - Administraties",
    )
    assert items["all_administrations_visible"].tab == "Autorisatie"
    assert checklist_ids() == ("user_in_pr001", "all_administrations_visible")


def test_checklist_ids_are_the_same_in_both_languages():
    assert [i.id for i in load_content("nl").checklist()] == list(checklist_ids())


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_article_carries_afas_menu_paths_and_labels(language):
    everything = json.dumps(load_content(language).raw, ensure_ascii=False)
    for needle in (
        "Algemeen > Beheer > App connector",
        "Wizard gegevensverzameling",
        "Filter op deze waarden",
        "Voorbeeld",
        "Voltooien",
        "GOED",
        "Onderhoud gebruikers",
        "Autorisatietool",  # AFAS's own word, as Profit shows it
    ):
        assert needle in everything
    assert load_content(language).step("getconnectors")["import_path"] == [  # as the article has it: no "Nieuw"
        "Algemeen", "Uitvoer", "Beheer", "GetConnector", "Meer acties", "Importeren", "Map",
    ]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_warnings_users_need_are_there(language):
    content = load_content(language)
    assert "Finstack_Administrations" in content.warning("reimport_resets_filter")
    assert "Geblokkeerd" in content.warning("new_connector_blocked")
    assert "30" in content.warning("filter_cache")
    assert content.warning("token_shown_once")
    assert content.step_warnings("app_connector") == [
        content.warning("new_connector_blocked"), content.warning("token_shown_once"),
    ]


def test_english_and_dutch_message_catalogs_have_the_same_keys():
    """(Their placeholders: tests/unit/test_message_keys.py.)"""
    assert set(catalog("en")) == set(catalog("nl"))


def _all_text(value) -> str:
    if isinstance(value, dict):
        return " ".join(_all_text(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(_all_text(v) for v in value)
    return str(value)


def test_dutch_uses_afas_own_terms():
    """AFAS Profit's Dutch: GetConnectoren, UpdateConnectoren, opnieuw importeren, Autorisatietool."""
    from wizard.core.messages import catalog

    dutch = _all_text(load_content("nl").raw) + " " + " ".join(catalog("nl").values())
    dutch = dutch.replace("Instructions to replace GetConnectors in App Connector", "")  # Finstack's English title
    for english_form in ("GetConnectors", "UpdateConnectors", "herimport", "Autorisatie tool"):
        assert english_form not in dutch, english_form
    assert "GetConnectoren" in dutch and "UpdateConnectoren" in dutch and "opnieuw importeert" in dutch


@pytest.mark.parametrize("language", ["en", "nl"])
def test_pr001_is_recommended_and_the_token_user_is_the_app_connectors(language):
    content = load_content(language)
    pr001 = next(item for item in content.checklist() if item.id == "user_in_pr001")
    assert "PR001" in pr001.text and ("recommend" in pr001.text or "raadt" in pr001.text)
    assert "Maak een nieuwe gebruiker aan: Ja" in content.step("preparation")["intro"]
    assert "Gebruikerstokens" in content.step("preparation")["intro"]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_claim_beyond_the_article_names_its_source(language):
    sources = load_content(language).raw["sources"]
    for claim in ("warnings.new_connector_blocked", "warnings.filter_cache", "done.intro", "preparation.intro",
                  "warnings.reimport_resets_filter", "preparation.checklist.user_in_pr001"):
        assert "https://" in sources[claim] or "intercom.help" in sources[claim], claim
    assert "App_Apps_Custom_Add.htm" in sources["warnings.new_connector_blocked"]
    assert "App_Cnnctr_Get_Fltr_Fixed.htm" in sources["warnings.filter_cache"]
