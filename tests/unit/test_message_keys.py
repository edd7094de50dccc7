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
