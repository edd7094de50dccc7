"""The command line on the same layer as the window: customers listed, added, removed, exported and imported, and
the hand-over to Finstack, idempotent, with the Submit page's messages."""

from __future__ import annotations

import io
import json

import pytest

from tests.standin_fixtures import FINSTACK_KEY
from wizard.app.records import RecordStore
from wizard.cli import run
from wizard.core.secrets import SERVICE
from wizard.standins.afas_profit import DEMO_TOKEN_DATA

TOKEN_XML = f"<token><version>1</version><data>{DEMO_TOKEN_DATA}</data></token>"


def cli(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), stdin=io.StringIO(stdin), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _rows() -> list[dict]:
    code, out, err = cli("customers", "list", "--json")
    assert code == 0, err
    return json.loads(out)


def test_add_list_and_remove(memory_keyring):
    assert cli("customers", "list")[1].strip() == "There are no customers yet."
    code, out, err = cli("customers", "add", "-e", "o12345aa", "--label", "<b>Bakkerij</b>")
    assert code == 0, err
    record_id = out.split(": ")[1].strip()
    [row] = _rows()
    assert row == {"id": record_id, "label": "<b>Bakkerij</b>", "environment": "O12345AA", "token_name": "Finstack",
                   "journey": "connect", "page": "welcome", "token_stored": False, "last_test": None,
                   "updated_at": row["updated_at"]}
    table = cli("customers", "list")[1]
    assert "<b>Bakkerij</b>" in table and "O12345AA" in table and record_id in table
    code, out, _ = cli("customers", "remove", record_id[:6])
    assert code == 0 and record_id in out and _rows() == []


def test_adding_refuses_a_token_as_the_name_and_a_bad_environment():
    code, out, err = cli("customers", "add", "-e", "O12345AA", "-n", TOKEN_XML)
    assert code == 2 and DEMO_TOKEN_DATA not in out + err
    code, _, err = cli("customers", "add", "-e", "not an environment")
    assert code == 2 and err.startswith("Error:")
    assert _rows() == []


def test_removing_needs_one_customer_and_names_the_others():
    cli("customers", "add", "-e", "O12345AA", "--label", "one")
    cli("customers", "add", "-e", "O12345AA", "--label", "two")
    code, _, err = cli("customers", "remove", "O12345AA")
    assert code == 2 and "more than one customer" in err and len(_rows()) == 2
    code, _, err = cli("customers", "remove", "nothing-like-it")
    assert code == 2 and "There is no customer" in err


def test_a_control_character_in_a_label_never_reaches_the_terminal_raw():
    cli("customers", "add", "-e", "O12345AA", "--label", "a\x1b[31mred\nok")
    table = cli("customers", "list")[1]
    assert "\x1b" not in table and "\\x1b[31mred\\nok" in table  # escaped as every name the wizard shows


def test_export_and_import_round_trip_and_a_bad_file_imports_nothing(tmp_path):
    cli("customers", "add", "-e", "O12345AA", "--label", '=1+1 "quoted"')
    cli("customers", "add", "-e", "T54321AB", "-n", "Finstack 2")
    target = tmp_path / "customers.csv"
    code, out, _ = cli("customers", "export", str(target))
    assert code == 0 and "2 customers" in out
    for record_id in RecordStore().ids():
        RecordStore().remove(record_id)
    code, out, err = cli("customers", "import", str(target))
    assert code == 0, err
    assert sorted((r["label"], r["environment"], r["token_name"]) for r in _rows()) == [
        ("", "T54321AB", "Finstack 2"), ('=1+1 "quoted"', "O12345AA", "Finstack")]
    code, out, err = cli("customers", "import", str(target))  # again: nothing twice
    assert code == 0 and "0 customers added; 2 were already there" in out and "line 2" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("label,environment,token_name\nok,O11111AA,\nbad,12AB,\n,,Finstack\n", encoding="utf-8")
    code, out, err = cli("customers", "import", str(bad))
    assert code == 2 and "line 3:" in err and "line 4:" in err and "Nothing was imported" in err
    assert len(_rows()) == 2


def test_a_damaged_record_is_named_by_list_and_never_moved(tmp_path):
    cli("customers", "add", "-e", "O12345AA")
    store = RecordStore()
    (store.folder / "broken.json").write_text("{nope")
    code, out, err = cli("customers", "list", "--json")
    assert code == 0 and len(json.loads(out)) == 1 and "broken.json" in err
    assert (store.folder / "broken.json").read_text() == "{nope"


@pytest.fixture
def finstack_api(real_standins, memory_keyring):
    """The Finstack stand-in set as this computer's Finstack API."""
    _, finstack = real_standins
    code, _, err = cli("finstack-api", "set", "--url", finstack.base_url, stdin=FINSTACK_KEY)
    assert code == 0, err
    return finstack


@pytest.fixture
def afas_url(real_standins) -> str:
    return real_standins[0].base_url


def test_submit_tests_the_token_then_adds_the_source_once(afas_url, finstack_api, memory_keyring):
    code, out, _ = cli("customers", "add", "-e", "O12345AA", "--label", "Bakkerij")
    record_id = out.split(": ")[1].strip()
    code, out, err = cli("submit", "--customer", record_id, "--stdin", "--base-url", afas_url,
                         stdin=TOKEN_XML)
    assert code == 0, err
    assert "Testing the token first" in out and "The source was added in Finstack" in out
    assert len(finstack_api.sources) == 1 and DEMO_TOKEN_DATA not in out + err
    [row] = _rows()
    assert row["last_test"]["outcome"] == "passed" and row["token_stored"] is True
    assert (SERVICE, "production:12345/Finstack") in memory_keyring.store
    code, out, _ = cli("submit", "--customer", "O12345AA", "--base-url", afas_url)
    assert code == 0 and "already in Finstack" in out and len(finstack_api.sources) == 1


def test_submit_without_a_finstack_api_says_how_to_set_one(afas_url, memory_keyring):
    cli("customers", "add", "-e", "O12345AA")
    code, _, err = cli("submit", "--customer", "O12345AA", "--stdin", "--base-url", afas_url,
                       stdin=TOKEN_XML)
    assert code == 2 and "finstack-api set" in err
