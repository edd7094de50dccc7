"""One JSON file per customer record: written atomically and privately, read defensively, a damaged file put aside
alone, a newer version's file left untouched, no cap on the number of records, never a token."""

import json
import os
import stat

import pytest

from wizard.app.records import MAX_RECORD_BYTES, RecordProblem, RecordStore, new_record_id
from wizard.core.state import SCHEMA_VERSION, WizardState
from wizard.core.token import parse_token

DATA = "7C8DA34E11223344556677889900AABBCCDDEEFF00112233445566778F1F1612"


def record(**fields) -> WizardState:
    return WizardState(customer_id=new_record_id(), **fields)


def save(store: RecordStore, state: WizardState, expected: int = 0) -> int:
    result = store.write(state.customer_id, state.to_json(), expected)
    assert result.written
    return result.revision


def test_a_record_survives_a_save_and_a_read(isolated_config):
    store = RecordStore()
    state = record(label="Bakkerij <b>de Vries</b> \"&\" zn", current_page="token", environment_text=" o12345aa ",
                   administrations_text="1 - Holding\n2", checklist={"user_in_pr001": True})
    state.submission.idempotency_key = "b3b1f6c2-1111-4a4a-9999-0123456789ab"
    assert save(store, state) == 1
    loaded = RecordStore().read(state.customer_id)
    assert loaded.state == state and loaded.revision == 1 and not loaded.reset_fields
    assert store.folder.parent.name == "data"  # the data folder, not the config folder


def test_each_record_is_its_own_owner_only_file_with_a_schema_version_and_no_temporary_files():
    store = RecordStore()
    states = [record(environment_text=f"O1234{n}AA") for n in range(3)]
    for state in states:
        save(store, state)
    names = sorted(p.name for p in store.folder.iterdir() if p.name != ".lock")
    assert names == sorted(f"{s.customer_id}.json" for s in states)
    path = store.path(states[0].customer_id)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert json.loads(path.read_text())["schema_version"] == SCHEMA_VERSION


def test_a_write_only_goes_over_the_revision_it_expects():
    store = RecordStore()
    state = record(environment_text="O12345AA")
    save(store, state)
    state.administrations_text = "1;2"
    late = store.write(state.customer_id, state.to_json(), 0)  # this writer did not see revision 1
    assert not late.written and late.revision == 1 and late.theirs["administrations_text"] == ""
    assert store.read(state.customer_id).state.administrations_text == ""
    assert store.write(state.customer_id, state.to_json(), 1).revision == 2


def test_a_damaged_record_is_put_aside_alone_and_named_while_every_other_one_loads():
    store = RecordStore()
    good = [record(environment_text="O12345AA"), record(environment_text="T54321AB")]
    for state in good:
        save(store, state)
    broken = new_record_id()
    store.path(broken).write_text('{"schema_version": 3, "current_page": "tok')
    result = store.scan(set_aside=True)
    assert sorted(r.state.customer_id for r in result.records) == sorted(s.customer_id for s in good)
    [notice] = result.notices
    assert notice.key == "record.unreadable_aside" and "put aside" in notice.text("en")
    aside = [p for p in store.folder.iterdir() if p.name.startswith(broken)]
    assert len(aside) == 1 and aside[0].name.startswith(f"{broken}.json.unreadable-")
    assert str(aside[0]) in notice.text("nl")
    assert store.scan(set_aside=True).notices == []  # said once: the file is no longer a record


def test_a_read_only_look_names_a_damaged_record_but_never_moves_it():
    store = RecordStore()
    broken = new_record_id()
    store.folder.mkdir(parents=True)
    store.path(broken).write_text("not json")
    [notice] = store.scan(set_aside=False).notices
    assert notice.key == "record.unreadable" and str(store.path(broken)) in notice.text("en")
    assert store.path(broken).read_text() == "not json"


def test_a_record_from_a_newer_version_is_left_untouched_and_said_so():
    store = RecordStore()
    newer = new_record_id()
    store.folder.mkdir(parents=True)
    content = json.dumps({"schema_version": SCHEMA_VERSION + 1, "current_page": "tomorrow"})
    store.path(newer).write_text(content)
    [notice] = store.scan(set_aside=True).notices
    assert notice.key == "record.newer_version" and "newer version" in notice.text("en")
    assert store.path(newer).read_text() == content
    with pytest.raises(RecordProblem):
        store.read(newer)
    refused = store.write(newer, record().to_json(), 0)
    assert not refused.written and store.path(newer).read_text() == content  # never written over blindly


@pytest.mark.parametrize("content", [
    "", "null", "[]", '{"schema_version": "3"}', '{"schema_version": 0}', '{"schema_version": true}',
    '{"schema_version": 3, "customers": ' + "[" * 100_000 + "]" * 100_000 + "}",
])
def test_files_that_are_no_record_are_named_not_a_crash(content):
    store = RecordStore()
    broken = new_record_id()
    store.folder.mkdir(parents=True)
    store.path(broken).write_text(content)
    assert [n.key for n in store.scan(set_aside=False).notices] == ["record.unreadable"]


def test_a_huge_record_is_not_read_but_put_aside():
    store = RecordStore()
    huge = new_record_id()
    store.folder.mkdir(parents=True)
    with store.path(huge).open("w") as stream:
        stream.write('{"schema_version": 3, "label": "' + "a" * (MAX_RECORD_BYTES + 10) + '"}')
    [notice] = store.scan(set_aside=True).notices
    assert notice.key == "record.too_large_aside" and "far larger" in notice.text("en")


def test_fields_of_the_wrong_type_are_reset_and_named_and_the_rest_kept():
    store = RecordStore()
    state_id = new_record_id()
    store.folder.mkdir(parents=True)
    store.path(state_id).write_text(json.dumps({
        "schema_version": 3, "current_page": 7, "environment_text": "T12345AA", "checklist": {"a": True, "b": "yes"},
        "token_test": {"outcome": "passed", "at": 5}, "administrations_text": "1" * 50_000, "unknown": 1}))
    loaded = store.read(state_id)
    assert loaded.state.environment_text == "T12345AA" and loaded.state.checklist == {"a": True}
    assert loaded.state.current_page == "welcome" and loaded.state.administrations_text == ""
    assert {"current_page", "checklist", "token_test.at", "administrations_text"} <= loaded.reset_fields


def test_the_file_name_says_which_record_it_is():
    store = RecordStore()
    state = record(environment_text="O12345AA")
    save(store, state)
    data = json.loads(store.path(state.customer_id).read_text())
    data["customer_id"] = "someone-else"
    store.path(state.customer_id).write_text(json.dumps(data))
    assert store.read(state.customer_id).state.customer_id == state.customer_id


def test_the_token_never_reaches_a_record_file_not_even_pasted_into_another_field():
    token = parse_token(DATA)
    encoded = token.authorization_header().split(" ", 1)[1]
    store = RecordStore()
    for pasted in (token.reveal(), DATA, encoded):
        state = record(environment_text=pasted, administrations_text=f"1;2\n{pasted}", token_name=pasted,
                       label=pasted, token_stored=True)
        state.token_test.token_fingerprint = token.fingerprint
        save(store, state)
        saved = store.path(state.customer_id).read_text()
        for secret in (DATA, DATA.lower(), encoded, token.reveal(), DATA[:20], "<token>"):
            assert secret not in saved
        loaded = store.read(state.customer_id).state
        assert loaded.environment_text == loaded.administrations_text == loaded.token_name == loaded.label == ""


def test_there_is_no_cap_on_the_number_of_records():
    store = RecordStore()
    ids = set()
    for n in range(2100):
        state = record(environment_text=f"O{10000 + n}AA")
        save(store, state)
        ids.add(state.customer_id)
    result = store.scan(set_aside=True)
    assert {r.state.customer_id for r in result.records} == ids and result.notices == []


def test_removing_a_record_deletes_its_file_only():
    store = RecordStore()
    keep, drop = record(environment_text="O12345AA"), record(environment_text="T54321AB")
    save(store, keep)
    save(store, drop)
    assert store.remove(drop.customer_id) and not store.remove(drop.customer_id)
    assert store.ids() == [keep.customer_id]


@pytest.mark.parametrize("name", ["../evil", "a/b", "", "x" * 65, "con.json", "a b", "con", "NUL", "Com1", "lpt9"])
def test_a_record_id_is_never_a_path(name):
    store = RecordStore()
    with pytest.raises(ValueError):
        store.path(name)
