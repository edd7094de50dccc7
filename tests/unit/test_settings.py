import json
import os
import stat

from wizard.core.settings import SettingsStore, config_dir
from wizard.core.state import SCHEMA_VERSION, WizardState
from wizard.core.token import parse_token

DATA = "7C8DA34E11223344556677889900AABBCCDDEEFF00112233445566778F1F1612"


def test_state_survives_a_save_and_load(isolated_config):
    store = SettingsStore()
    state = WizardState(current_page="token", environment_text=" o12345aa ", administrations_text="1 - Holding\n2",
                        checklist={"user_in_pr001": True}, export_folder="/home/me/Finstack")
    state.submission.idempotency_key = "b3b1f6c2-1111-4a4a-9999-0123456789ab"
    store.save(state)
    assert store.path.parent == isolated_config
    loaded = SettingsStore().load()
    assert loaded.notice is None
    assert loaded.state == state


def test_the_file_is_owner_only_and_carries_a_schema_version():
    store = SettingsStore()
    store.save(WizardState())
    mode = stat.S_IMODE(os.stat(store.path).st_mode)
    assert mode == 0o600
    assert json.loads(store.path.read_text())["schema_version"] == SCHEMA_VERSION


def test_a_save_replaces_the_file_atomically_and_leaves_no_temporary_files():
    store = SettingsStore()
    for page in ("welcome", "preparation", "token"):
        store.save(WizardState(current_page=page))
    assert [p.name for p in store.directory.iterdir()] == ["state.json"]
    assert store.load().state.current_page == "token"


def test_a_corrupt_file_is_kept_aside_with_a_message_instead_of_a_crash():
    store = SettingsStore()
    store.directory.mkdir(parents=True)
    store.path.write_text('{"schema_version": 1, "current_page": "tok')
    result = store.load()
    assert result.state == WizardState()
    assert result.kept_aside is not None and result.kept_aside.read_text().startswith('{"schema_version"')
    assert "could not be read" in result.notice.text("en")
    assert str(result.kept_aside) in result.notice.text("nl")
    assert not store.path.exists()


def test_a_file_from_a_newer_version_is_kept_aside_not_overwritten_silently():
    store = SettingsStore()
    store.directory.mkdir(parents=True)
    store.path.write_text(json.dumps({"schema_version": SCHEMA_VERSION + 1, "current_page": "token"}))
    result = store.load()
    assert "newer version" in result.notice.text("en")
    assert json.loads(result.kept_aside.read_text())["schema_version"] == SCHEMA_VERSION + 1


def test_fields_of_the_wrong_type_fall_back_to_defaults_and_keep_the_rest():
    store = SettingsStore()
    store.directory.mkdir(parents=True)
    store.path.write_text(json.dumps({
        "schema_version": 1, "current_page": 7, "environment_text": "T12345AA", "checklist": {"a": True, "b": "yes"},
        "token_test": {"outcome": "passed", "at": 5}, "unknown": 1,
    }))
    state = store.load().state
    assert state.current_page == "welcome"
    assert state.environment_text == "T12345AA"
    assert state.checklist == {"a": True}
    assert state.token_test.outcome == "passed" and state.token_test.at == ""


def test_the_token_never_reaches_the_settings_file():
    token = parse_token(DATA)
    state = WizardState(environment_text="O12345AA", token_name="Finstack", token_stored=True)
    state.token_test.token_fingerprint = token.fingerprint
    state.token_test.outcome = "passed"
    store = SettingsStore()
    store.save(state)
    saved = store.path.read_text()
    encoded = token.authorization_header().split(" ", 1)[1]
    for secret in (DATA, DATA.lower(), encoded, token.reveal(), DATA[:20]):
        assert secret not in saved
    assert not hasattr(state, "token")


def test_the_config_folder_is_the_platform_user_config_dir_unless_overridden(monkeypatch):
    monkeypatch.delenv("FINSTACK_WIZARD_CONFIG_DIR")
    assert config_dir().name == "finstack-afas-wizard"


def test_a_version_1_file_becomes_one_customer_and_keeps_everything():
    store = SettingsStore()
    store.directory.mkdir(parents=True)
    store.path.write_text(json.dumps({
        "schema_version": 1, "current_page": "token", "language": "nl", "environment_text": "O12345AA",
        "administrations_text": "1;2", "finstack_api_url": "https://api.finstack.example",
        "submission": {"status": "failed", "idempotency_key": "k-1"},
    }))
    loaded = store.load()
    assert loaded.notice is None and len(loaded.customers) == 1
    state = loaded.state
    assert (state.current_page, state.language, state.environment_text) == ("token", "nl", "O12345AA")
    assert state.finstack_api_url == "https://api.finstack.example" and state.submission.idempotency_key == "k-1"
    store.save(state)
    assert json.loads(store.path.read_text())["schema_version"] == SCHEMA_VERSION
    assert SettingsStore().load().state == state


def test_each_customer_keeps_its_own_progress():
    store = SettingsStore()
    first = WizardState(environment_text="O12345AA", administrations_text="1;2;3", current_page="done")
    store.save(first)
    second = WizardState(environment_text="T54321AB", administrations_text="7", language="en")
    store.save(second)
    loaded = store.load()
    assert loaded.state.environment_text == "T54321AB"  # the one saved last is in hand
    by_environment = {c.environment_text: c for c in loaded.customers}
    assert by_environment["O12345AA"].administrations_text == "1;2;3"
    assert by_environment["T54321AB"].administrations_text == "7"
    store.remove_customer(first.customer_id)
    assert [c.environment_text for c in store.load().customers] == ["T54321AB"]


def test_settings_of_this_computer_are_shared_by_every_customer():
    store = SettingsStore()
    store.save(WizardState(environment_text="O12345AA", finstack_api_url="https://api.finstack.example"))
    store.save(WizardState(environment_text="T54321AB", finstack_api_url="https://api.finstack.example",
                           language="nl"))
    assert {c.environment_text for c in store.load().customers} == {"O12345AA", "T54321AB"}
    assert store.load().state.language == "nl"


def test_a_huge_file_is_not_read_but_kept_aside():
    store = SettingsStore()
    store.directory.mkdir(parents=True)
    with store.path.open("w") as fh:
        fh.write('{"schema_version": 2, "x": "')
        fh.write("a" * (5 * 1024 * 1024))
        fh.write('"}')
    result = store.load()
    assert result.state == WizardState() and "far larger" in result.notice.text("en")
    assert result.kept_aside is not None and not store.path.exists()


def test_deeply_nested_json_is_a_damaged_file_not_a_crash():
    store = SettingsStore()
    store.directory.mkdir(parents=True)
    store.path.write_text('{"schema_version": 2, "customers": ' + "[" * 100_000 + "]" * 100_000 + "}")
    result = store.load()
    assert "could not be read" in result.notice.text("en")


def test_fields_that_were_reset_are_named():
    store = SettingsStore()
    store.directory.mkdir(parents=True)
    store.path.write_text(json.dumps({"schema_version": 1, "current_page": 7, "administrations_text": "1" * 50_000,
                                      "token_test": {"outcome": "passed", "at": 5}, "environment_text": "O12345AA"}))
    result = store.load()
    assert result.state.environment_text == "O12345AA" and result.state.administrations_text == ""
    text = result.notice.text("en")
    assert "current_page" in text and "administrations_text" in text and "token_test.at" in text


def test_when_the_file_cannot_be_moved_aside_the_notice_names_where_it_still_is(tmp_path):
    """As in a read-only folder: the rename fails (here, even for root, because a folder holds the name the file
    would be moved to), so the notice must not name an `.unreadable-*` file that was never created."""
    import datetime

    folder = tmp_path / "config"
    folder.mkdir()
    (folder / "state.json").write_text("{not json")
    now = datetime.datetime.now()
    for second in range(30):  # every name the next half minute could give, taken by a non-empty folder
        stamp = (now + datetime.timedelta(seconds=second)).strftime("%Y%m%d-%H%M%S")
        blocker = folder / f"state.json.unreadable-{stamp}"
        blocker.mkdir()
        (blocker / "keep").write_text("x")
    result = SettingsStore(folder).load()
    text = result.notice.text("en")
    assert str(folder / "state.json") in text and "stays at" in text
    assert result.kept_aside is None and (folder / "state.json").read_text() == "{not json"


def test_a_token_pasted_into_another_field_is_never_saved():
    token = parse_token(DATA)
    for pasted in (token.reveal(), DATA, token.authorization_header().split(" ", 1)[1]):
        state = WizardState(environment_text=pasted, administrations_text=f"1;2\n{pasted}", token_name=pasted)
        store = SettingsStore()
        store.save(state)
        saved = store.path.read_text()
        assert DATA not in saved and DATA.lower() not in saved and "<token>" not in saved
        loaded = store.load().state
        assert loaded.environment_text == "" and loaded.administrations_text == "" and loaded.token_name == ""
