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
