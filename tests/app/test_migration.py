"""The single state file of earlier versions becomes one record file per customer, once, keeping the old file; a
read-only command reads it as it is and moves nothing."""

import io
import json

from tests.app.harness import open_session
from wizard.app.computer import SettingsFile
from wizard.app.migration import legacy_path, migrate
from wizard.app.records import RecordStore
from wizard.app.services import Services


def _legacy(folder, document) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    legacy_path(folder).write_text(json.dumps(document))


def _customer(n: int, **fields) -> dict:
    return {"customer_id": f"{n:032x}", "environment_text": f"O{10000 + n}AA",
            "updated_at": f"2026-01-01T00:{n % 60:02d}", "current_page": "token", "administrations_text": "1;2",
            **fields}


def test_a_version_2_file_becomes_one_file_per_customer_and_the_old_file_is_kept(isolated_config):
    customers = [_customer(n) for n in range(3)]
    _legacy(isolated_config, {"schema_version": 2, "language": "nl", "finstack_api_url": "https://api.example",
                              "current_customer": customers[1]["customer_id"], "customers": customers})
    said = migrate(RecordStore(), SettingsFile())
    assert [m.key for m in said] == ["record.migrated"] and "3" in said[0].text("en")
    store = RecordStore()
    assert store.ids() == sorted(c["customer_id"] for c in customers)
    assert store.read(customers[0]["customer_id"]).state.administrations_text == "1;2"
    settings = SettingsFile().load()
    assert (settings.language, settings.finstack_api_url, settings.open_record) == (
        "nl", "https://api.example", customers[1]["customer_id"])
    kept = [p for p in isolated_config.iterdir() if p.name.startswith("state.json.migrated-")]
    assert len(kept) == 1 and json.loads(kept[0].read_text())["customers"] == customers
    assert not legacy_path(isolated_config).exists()
    assert migrate(RecordStore(), SettingsFile()) == []  # once


def test_a_version_1_file_becomes_one_customer():
    folder = SettingsFile().folder
    _legacy(folder, {"schema_version": 1, "current_page": "token", "language": "nl", "environment_text": "O12345AA",
                     "submission": {"status": "failed", "idempotency_key": "k-1"}})
    migrate(RecordStore(), SettingsFile())
    [record_id] = RecordStore().ids()
    state = RecordStore().read(record_id).state
    assert (state.current_page, state.environment_text, state.submission.idempotency_key) == ("token", "O12345AA",
                                                                                             "k-1")
    assert SettingsFile().load().language == "nl"


def test_two_thousand_customers_in_a_file_over_4_mb_all_arrive():
    customers = [_customer(n, administrations_text=";".join(map(str, range(1, 600)))) for n in range(2000)]
    folder = SettingsFile().folder
    _legacy(folder, {"schema_version": 2, "customers": customers})
    assert legacy_path(folder).stat().st_size > 4 * 1024 * 1024
    migrate(RecordStore(), SettingsFile())
    assert len(RecordStore().ids()) == 2000


def test_customers_that_cannot_be_read_are_counted_and_the_rest_migrated():
    folder = SettingsFile().folder
    _legacy(folder, {"schema_version": 2, "customers": [_customer(1), "garbage", 7, _customer(2)]})
    said = migrate(RecordStore(), SettingsFile())
    assert [m.key for m in said] == ["record.migrated", "record.legacy_some_unreadable"]
    assert "2" in said[1].text("en") and len(RecordStore().ids()) == 2


def test_an_unreadable_old_file_is_put_aside_and_said():
    folder = SettingsFile().folder
    folder.mkdir(parents=True)
    legacy_path(folder).write_text("{not json")
    said = migrate(RecordStore(), SettingsFile())
    assert [m.key for m in said] == ["record.legacy_unreadable"]
    assert any(p.name.startswith("state.json.unreadable-") for p in folder.iterdir())
    assert RecordStore().ids() == []


def test_the_window_migrates_at_its_start_and_says_so(make_services):
    folder = SettingsFile().folder
    _legacy(folder, {"schema_version": 2, "current_customer": "0" * 31 + "1", "customers": [_customer(1)]})
    face = open_session(make_services())
    assert [n.message.key for n in face.session.notices] == ["record.migrated"]
    assert face.session.record.customer_id == "0" * 31 + "1"  # the customer in hand is open again
    face.settle()
    face.session.shutdown()


def test_a_read_only_command_lists_an_unmigrated_file_without_moving_it(capsys):
    from wizard.cli import run

    folder = SettingsFile().folder
    _legacy(folder, {"schema_version": 2, "customers": [_customer(1)]})
    before = legacy_path(folder).read_text()
    assert run(["customers", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["environment"] for row in rows] == ["O10001AA"]
    assert legacy_path(folder).read_text() == before and RecordStore().ids() == []


def test_services_default_to_the_platform_folders(monkeypatch):
    monkeypatch.delenv("FINSTACK_WIZARD_CONFIG_DIR")
    monkeypatch.delenv("FINSTACK_WIZARD_DATA_DIR")
    services = Services()
    assert services.records.folder.name == "customers"
    assert services.records.folder.parent.name == services.settings.folder.name == "finstack-afas-wizard"


def test_the_report_command_reads_a_customer_of_an_unmigrated_version_1_file(tmp_path, capsys):
    from wizard.cli import run

    folder = SettingsFile().folder
    _legacy(folder, {"schema_version": 1, "current_page": "token", "environment_text": "O12345AA",
                     "token_name": "Finstack"})  # version 1 kept no customer id: one is made up on every read
    before = legacy_path(folder).read_text()
    assert run(["report", str(tmp_path / "out.html")]) == 0, capsys.readouterr().err
    assert "O12345AA" in (tmp_path / "out.html").read_text(encoding="utf-8")
    assert legacy_path(folder).read_text() == before and RecordStore().ids() == []


def test_a_changing_command_migrates_and_sees_the_settings_the_old_file_held():
    from wizard.cli.book import open_session as command_session
    from wizard.cli.console import Console

    folder = SettingsFile().folder
    _legacy(folder, {"schema_version": 2, "finstack_api_url": "https://api.example", "customers": [_customer(1)]})
    session, _ = command_session(Console("en", io.StringIO(), io.StringIO(), io.StringIO()))
    assert session.computer.finstack_api_url == "https://api.example"  # what `submit` hands the source to
    assert [row.environment for row in session.customers.rows()] == ["O10001AA"]
    session.shutdown()


def test_the_language_of_an_earlier_version_is_the_windows_language_after_the_move(make_services):
    folder = SettingsFile().folder
    _legacy(folder, {"schema_version": 2, "language": "nl", "customers": [_customer(1)]})
    face = open_session(make_services(), language=None)  # no --lang: the language the user chose in the earlier version
    assert face.session.language == "nl"
    face.settle()
    face.session.shutdown()


def test_export_writes_the_customers_list_shows_an_unmigrated_file_included(tmp_path):
    from wizard.cli import run

    folder = SettingsFile().folder
    _legacy(folder, {"schema_version": 2, "customers": [_customer(1, label="Bakkerij")]})
    assert run(["customers", "export", str(tmp_path / "book.csv")]) == 0
    assert (tmp_path / "book.csv").read_text(encoding="utf-8").splitlines()[1:] == ["Bakkerij,O10001AA,Finstack"]
    assert RecordStore().ids() == []
