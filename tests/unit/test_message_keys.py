"""Every message the code names exists in English and in Dutch, and every catalog entry is used.

The code names messages only by whole literal keys ("ui.test_outcome_passed", never f"ui.test_outcome_{x}"),
so reading the source finds them all: a missing translation shows here, not on a user's screen."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from wizard.core.messages import LANGUAGES, catalog

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "wizard"
NAMESPACES = sorted({key.split(".", 1)[0] for key in catalog("en")})
KEY = re.compile(rf"^(?:{'|'.join(NAMESPACES)})\.[A-Za-z0-9_.]+$")
FILE_NAME = re.compile(r"\.(?:pdf|html?|json|txt|gcn|zip|png)$")  # "report.pdf" is a file, not a message


def _strings_and_templates() -> tuple[dict[str, list[str]], list[str]]:
    """Every literal that looks like a message key (with where it is), and every f-string that builds one."""
    keys: dict[str, list[str]] = {}
    templates: list[str] = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "standins" in path.parts:  # the stand-ins speak for AFAS and Finstack, not to the user
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY.match(node.value) \
                    and not FILE_NAME.search(node.value):
                keys.setdefault(node.value, []).append(where)
            elif isinstance(node, ast.JoinedStr) and node.values:
                first = node.values[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str) \
                        and first.value.split(".", 1)[0] in NAMESPACES and "." in first.value:
                    templates.append(f"{where}: {ast.unparse(node)}")
    return keys, templates


USED, TEMPLATES = _strings_and_templates()


def test_the_code_names_messages_by_whole_keys_only():
    assert TEMPLATES == [], "build no message key with an f-string; write the keys out:\n" + "\n".join(TEMPLATES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_key_the_code_uses_is_in_the_catalog(language):
    missing = {key: places for key, places in USED.items() if key not in catalog(language)}
    assert missing == {}, f"missing in {language}: {missing}"


def test_every_catalog_key_is_used_by_the_code():
    unused = sorted(set(catalog("en")) - set(USED))
    assert unused == [], f"catalog entries no code uses (remove them or use them): {unused}"


def test_english_and_dutch_have_the_same_keys():
    assert set(catalog("en")) == set(catalog("nl"))


# Values that are the same word in both languages, or a name or label on someone else's screen (Finstack's
# English form, AFAS's Dutch one), or only placeholders and symbols. Every other Dutch text must be Dutch.
SAME_IN_BOTH = {
    "envtype.test", "gcn.cli_tag_extra", "report.finstack", "report.token",
    "ui.token", "secrets.where_kwallet", "ui.menu", "cli.customers_column_id", "cli.customers_column_label",
    "finstack.field_environment",  # Finstack's own label, with AFAS's word for it beside it
    "ui.menu_path",  # "In AFAS: {path}" reads the same in Dutch
    "ui.demo_title_suffix", "ui.report_filter", "report.sha256", "gcn.cli_unpacked_file", "gcn.list_next",
    "gcn.readme_item", "guide.collection_code", "guide.field", "guide.filter_criterion",
}


def test_dutch_is_dutch_throughout():
    english, dutch = catalog("en"), catalog("nl")
    untranslated = sorted(key for key in english if dutch.get(key) == english[key] and key not in SAME_IN_BOTH)
    assert untranslated == [], f"Dutch text that is the English one: {untranslated}"
    stale = sorted(key for key in SAME_IN_BOTH if dutch.get(key) != english.get(key))
    assert stale == [], f"no longer the same in both languages: remove them from SAME_IN_BOTH: {stale}"


def test_dutch_uses_one_word_for_the_password_store():
    dutch = " ".join(catalog("nl").values()).lower()
    assert "wachtwoordopslag" not in dutch and "wachtwoordkluis" in dutch
    assert "stand-in" not in dutch and "secret service" not in dutch


def test_plurals_are_real_in_both_languages():
    from wizard.core.messages import text

    assert text("gcn.cli_check_problems", "nl", count=1).startswith("Resultaat: 1 probleem gevonden")
    assert text("gcn.cli_check_problems", "nl", count=7).startswith("Resultaat: 7 problemen gevonden")
    assert text("flow.checklist_open", "en", count=1).startswith("Tick the 1 open item,")
    for language in ("en", "nl"):
        assert not [key for key, value in catalog(language).items() if "(s)" in value or "(en)" in value
                    or "/problemen" in value]


# A placeholder one language may leave out: the Dutch label of an App connector setting needs no English gloss.
MAY_LEAVE_OUT = {"ui.setting_label": {"english"}}


def test_every_placeholder_is_in_both_languages():
    import string

    def names(template: str) -> set[str]:
        return {field.split(".")[0] for _, field, _, _ in string.Formatter().parse(template) if field}

    english, dutch = catalog("en"), catalog("nl")
    assert {key: (names(english[key]), names(dutch[key])) for key in english
            if names(english[key]) - MAY_LEAVE_OUT.get(key, set()) != names(dutch[key])} == {}
