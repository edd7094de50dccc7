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
        "Autorisatie tool",
    ):
        assert needle in everything
    assert load_content(language).step("getconnectors")["manual_path"] == [
        "Algemeen", "Uitvoer", "Beheer", "GetConnector", "Nieuw",
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


def test_english_and_dutch_message_catalogs_have_the_same_keys_and_fields():
    en, nl = catalog("en"), catalog("nl")
    assert set(en) == set(nl)
    import string

    for key in en:
        fields_en = {f for _, f, _, _ in string.Formatter().parse(en[key]) if f}
        fields_nl = {f for _, f, _, _ in string.Formatter().parse(nl[key]) if f}
        assert fields_en == fields_nl, key
