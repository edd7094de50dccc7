"""The two lines of redaction (issue 17.2, 18.3): the known token in every form and fragment; anything token-like
in what is written; what people and servers wrote otherwise left as it was."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote

import pytest

from tests.leaks import assert_no_token
from wizard.app.computer import SettingsFile
from wizard.app.records import RecordStore, new_record_id
from wizard.core.messages import Message
from wizard.core.redact import REDACTED, Redactor, SecretRegistry, redact_record, redact_tokenlike
from wizard.core.state import WizardState
from wizard.core.token import parse_token

DATA = "0123456789abcdef" * 4
TOKEN = parse_token(DATA)
XML = TOKEN.reveal()
HEADER = TOKEN.authorization_header()
SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


@pytest.mark.parametrize("form", [XML, DATA, HEADER, HEADER.split()[1], DATA.upper(), quote(XML, safe=""),
                                  quote(HEADER.split()[1], safe=""), DATA[10:26], DATA.upper()[30:50]])
def test_every_form_and_fragment_of_the_token_is_removed(form):
    said = f"Refused: {form} (see the logbook)"
    redacted = Redactor.for_token(XML)(said)
    assert_no_token(redacted, XML)
    assert redacted.startswith("Refused: ") and redacted.endswith(" (see the logbook)") and REDACTED in redacted


def test_a_fragment_shorter_than_16_characters_is_left_alone():
    """The rule is 16 or more: shorter runs of hex occur in every log reference and version number."""
    said = f"reference {DATA[:15]}"
    assert Redactor.for_token(XML)(said) == said


def test_texts_without_the_token_are_unchanged():
    redact = Redactor.for_token(XML)
    for said in ("Het token is verlopen.", "Profit log reference 7f3a9c10-11aa", "1;2;3", "Ünïcode İstanbul façade"):
        assert redact(said) == said


def test_a_short_api_key_is_removed_whole_in_any_case():
    redact = Redactor(["Xk29aPq71b"])
    assert redact("key xk29apq71B refused") == f"key {REDACTED} refused"


def test_message_parameters_are_redacted_nested_ones_too():
    inner = Message("x", {"detail": f"echo {HEADER}"})
    outer = Redactor.for_token(XML).message(Message("y", {"message": DATA, "inner": inner, "status": 500}))
    assert outer.params["status"] == 500
    assert_no_token(json.dumps(outer.to_json()), XML)


@pytest.mark.parametrize("said", [
    XML, f"Authorization: {HEADER}", HEADER, DATA, "<data>" + DATA[:20] + "</data>",
    "Bearer sk_live_abcdef123456", '{"api_key": "abcdefgh12345678"}',
    base64.b64encode(XML.encode()).decode() + "==",
])
def test_anything_token_like_is_removed_without_knowing_the_token(said):
    redacted = redact_tokenlike(f"before {said} after")
    assert_no_token(redacted, XML)
    assert "sk_live" not in redacted and "abcdefgh12345678" not in redacted
    assert redacted.startswith("before ") and redacted.endswith(" after")


@pytest.mark.parametrize("said", [
    "C:\\Users\\jan\\Documents\\Finstack\\GetConnectors 2026", "/home/jan/Documents/Finstack2024/GetConnectors/Klant/"
    "AFAS/Export/Map1/Sub2/abc", "1;2;3;4;5;6;7;8;9;10", "12345678901234567890123456789012345678901234567890",
    "Finstack_Mutaties_v2.gcn", "Het token van O12345AA is getest op 2026-12-04 10:11.", "Authorization group 101",
])
def test_ordinary_names_and_numbers_are_kept(said):
    assert redact_tokenlike(said) == said


def test_a_saved_record_spares_the_files_digests_and_nothing_else():
    data = {"token_name": DATA, "gcn_files": {"Finstack_Grootboek.gcn": SHA, DATA + ".gcn": DATA.upper()},
            "label": f"Klant {HEADER}", "steps": {"x": True}}
    saved = redact_record(data)
    assert saved["gcn_files"]["Finstack_Grootboek.gcn"] == SHA  # computed from the file, kept for the report
    assert saved["steps"] == {"x": True} and saved["label"].startswith("Klant ")
    assert_no_token(json.dumps(saved), XML)


def test_the_record_store_never_writes_a_token_whatever_the_field(tmp_path):
    state = WizardState(label=f"Acme {DATA}", token_name=XML, gcn_folder=f"C:\\{DATA}", administrations_text="1;2")
    store, record_id = RecordStore(tmp_path), new_record_id()
    assert store.write(record_id, state.to_json(), 0).written
    saved = store.path(record_id).read_text(encoding="utf-8")
    assert_no_token(saved, XML)
    assert store.read(record_id).state.administrations_text == "1;2"


def test_the_computer_settings_never_keep_a_token(tmp_path):
    settings = SettingsFile(tmp_path)
    settings.save(finstack_api_url=f"https://api.example.nl/?key={HEADER}")
    assert_no_token((tmp_path / "settings.json").read_text(encoding="utf-8"), XML)


def test_the_registry_forgets_the_oldest_secret_first():
    registry = SecretRegistry(size=2)
    tokens = [parse_token(f"{i:x}" * 64) for i in range(1, 4)]
    for token in tokens:
        registry.remember_token(token.reveal())
    said = " ".join(t.reveal_data()[:20] for t in tokens)  # 20 characters: no hex run long enough for line two
    redacted = registry(said)
    assert redacted.split() == [tokens[0].reveal_data()[:20], REDACTED, REDACTED]
