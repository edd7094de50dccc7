"""The GetConnectors page with the real bundle code: Finstack's downloaded ZIP (flat, nested, damaged, dropped on the
page) turned into a folder ready for AFAS's "Map", a Cancel that writes nothing, and the build's own bundle saved
as a folder or a ZIP (offered only when the build carries .gcn files). Exports are made by the test-only writer
from Finstack's real definitions, so nothing here needs ../shared."""

from __future__ import annotations

import json
import threading
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from tests.gcn_writer import bomb_zip
from tests.gui.conftest import AnsweringDesktop, close, qtbot_left, walk_to
from tests.unit.gcn_bundles import finstack_files, write_folder, write_zip
from wizard.app.computer import SettingsFile
from wizard.app.jobs import JobKind
from wizard.app.records import RecordStore
from wizard.app.services import Services
from wizard.core.secrets import SecretStore

pytestmark = pytest.mark.gui

FILES = finstack_files()
COMPANIONS = ("LEESMIJ.txt", "README.txt", "manifest.json")


def _services(desktop: AnsweringDesktop, gcn_dir: Path | None = None) -> Services:
    return Services(records=RecordStore(), settings=SettingsFile(), secrets=SecretStore(), gcn_dir=gcn_dir)


def _idle(page, kind: JobKind) -> bool:
    job = page.session.job(kind) if kind is not JobKind.BUNDLE else None
    return (job is None or not job.running) and not any(j.kind is kind for j in page.session.jobs.running())


def _open_page(qtbot, make_window, services: Services):
    window = make_window(services)
    walk_to(qtbot, window, "getconnectors")
    page = window.pages["getconnectors"]
    qtbot.waitUntil(lambda: _idle(page, JobKind.BUNDLE), timeout=5000)
    return window, page


def _use(qtbot, page, button) -> None:
    qtbot.mouseClick(button, qtbot_left())
    qtbot.waitUntil(lambda: _idle(page, JobKind.UNPACK), timeout=10_000)


def test_the_downloaded_zip_becomes_a_folder_ready_for_map(qtbot, make_window, desktop, tmp_path):
    (tmp_path / "Downloads").mkdir()
    downloaded = write_zip(tmp_path / "Downloads" / "Finstack GetConnectors AFAS.zip", FILES)
    window, page = _open_page(qtbot, make_window, _services(desktop))
    desktop.files.append(downloaded)
    _use(qtbot, page, page.files.zip_button)
    folder = tmp_path / "Downloads" / "Finstack GetConnectors"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == FILES  # byte for byte, nothing added
    files = page.files
    assert files.ready.isVisible() and files.folder_row.value() == str(folder)
    assert [kind for kind, _, _ in files.report_view.items()] == ["ok"] * len(FILES)
    assert files.report_view.verdict.kind == "ok" and not files.problem_box.isVisible()
    assert window.session.record.gcn_folder == str(folder)  # remembered with the progress
    assert sorted(window.session.record.gcn_files) == sorted(FILES)  # with their SHA-256, for the report
    assert not files.open_button.visibleRegion().isEmpty()  # the page scrolled to the folder: in view at once
    qtbot.mouseClick(files.open_button, qtbot_left())
    assert desktop.opened == [folder]
    steps = [label.text() for label in files.ready.findChildren(type(files.problem_box.label))]
    assert any("Acties > Importeren" in text for text in steps)

    close(window)
    again = make_window(_services(desktop))
    walk_to(qtbot, again, "getconnectors")
    assert again.pages["getconnectors"].files.folder_row.value() == str(folder)  # shown again after a restart


def test_files_in_a_sub_folder_of_the_zip_are_fine(qtbot, make_window, desktop, tmp_path):
    downloaded = write_zip(tmp_path / "download.zip", FILES, folder="Finstack GetConnectors")
    _, page = _open_page(qtbot, make_window, _services(desktop))
    desktop.files.append(downloaded)
    _use(qtbot, page, page.files.zip_button)
    shown = page.files.report_view.items()
    assert shown[0][0] == "nested" and "That is fine" in shown[0][2]
    assert page.files.report_view.verdict.kind == "ok"  # a note, not a problem
    assert sorted(p.name for p in (tmp_path / "Finstack GetConnectors").iterdir()) == sorted(FILES)


def test_a_damaged_zip_names_the_problem_and_writes_nothing(qtbot, make_window, desktop, tmp_path):
    files = dict(FILES)
    files["Finstack_Transactions.gcn"] = files["Finstack_Transactions.gcn"][:-40]  # cut off in a download
    downloaded = write_zip(tmp_path / "download.zip", files)
    window, page = _open_page(qtbot, make_window, _services(desktop))
    desktop.files.append(downloaded)
    _use(qtbot, page, page.files.zip_button)
    shown = page.files.report_view.items()
    damaged = [text for kind, _, text in shown if kind == "corrupt"]
    assert len(damaged) == 1 and damaged[0].startswith("Finstack_Transactions.gcn cannot be used: The file is cut")
    assert page.files.problem_box.text().startswith("Nothing was written")
    assert not page.files.ready.isVisible() and window.session.record.gcn_folder == ""
    assert sorted(p.name for p in tmp_path.iterdir() if p.name not in ("config", "data")) == ["download.zip"]


def test_a_zip_dropped_on_the_page_is_unpacked(qtbot, make_window, desktop, tmp_path):
    downloaded = write_zip(tmp_path / "dropped.zip", FILES)
    _, page = _open_page(qtbot, make_window, _services(desktop))
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(downloaded))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    page.dropEvent(drop)
    qtbot.waitUntil(lambda: _idle(page, JobKind.UNPACK), timeout=10_000)
    assert drop.isAccepted() and page.files.ready.isVisible()
    assert sorted(p.name for p in (tmp_path / "Finstack GetConnectors").iterdir()) == sorted(FILES)


def test_a_folder_of_gcn_files_can_be_used_too(qtbot, make_window, desktop, tmp_path):
    source = write_folder(tmp_path / "from a colleague", FILES)
    _, page = _open_page(qtbot, make_window, _services(desktop))
    desktop.folders.append(source)
    _use(qtbot, page, page.files.folder_button)
    assert page.files.ready.isVisible() and Path(page.files.folder_row.value()).is_dir()


def test_cancel_stops_before_anything_is_written(qtbot, make_window, desktop, tmp_path, monkeypatch):
    import wizard.core.getconnectors.unpack as unpack

    downloaded = write_zip(tmp_path / "download.zip", FILES)
    held, real_assess = threading.Event(), unpack.assess

    def slow_assess(*args, **kwargs):  # a slow disk: the check waits until the user has pressed Cancel
        held.wait(5)
        return real_assess(*args, **kwargs)

    monkeypatch.setattr(unpack, "assess", slow_assess)
    _, page = _open_page(qtbot, make_window, _services(desktop))
    desktop.files.append(downloaded)
    qtbot.mouseClick(page.files.zip_button, qtbot_left())
    assert page.files.busy.isVisible() and "Checking and unpacking" in page.blockers_box.text()
    qtbot.mouseClick(page.files.busy.cancel_button, qtbot_left())
    held.set()
    qtbot.waitUntil(lambda: _idle(page, JobKind.UNPACK), timeout=10_000)
    assert page.files.problem_box.text() == "Stopped: nothing was written."
    assert not page.files.busy.isVisible()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name not in ("config", "data")) == ["download.zip"]


def test_without_gcn_files_in_the_build_the_save_buttons_are_not_offered(qtbot, make_window, desktop):
    _, page = _open_page(qtbot, make_window, _services(desktop))  # the repository's own getconnectors/
    summary = page.export.bundle_box.text()
    assert summary.startswith("This build of the wizard carries no .gcn files for the 6 Finstack GetConnectors.")
    assert "Use the ZIP from Finstack's article" in summary
    assert not page.export.save_folder_button.isVisibleTo(page)
    assert not page.export.save_zip_button.isVisibleTo(page)
    assert page.files.zip_button.isVisibleTo(page)  # the way that works


def test_a_build_with_gcn_files_saves_the_import_folder_and_the_zip(qtbot, make_window, desktop, tmp_path):
    build = write_folder(tmp_path / "build-gcn", FILES)
    exports = tmp_path / "Downloads"
    exports.mkdir()
    (exports / "something else.pdf").write_bytes(b"%PDF")  # a folder in use: the bundle gets its own folder
    window, page = _open_page(qtbot, make_window, _services(desktop, build))
    export = page.export
    assert export.bundle_box.text() == "All 6 Finstack GetConnectors are in this bundle."
    assert export.save_folder_button.isVisibleTo(page)

    desktop.folders.append(exports)
    qtbot.mouseClick(export.save_folder_button, qtbot_left())
    qtbot.waitUntil(lambda: _idle(page, JobKind.EXPORT), timeout=10_000)
    folder = exports / "Finstack GetConnectors"
    assert export.result_box.kind == "ok" and str(folder) in export.result_box.text()
    assert sorted(p.name for p in folder.iterdir()) == sorted([*COMPANIONS, *FILES])
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["connectors"]) == 6 and window.session.record.export_folder == str(exports)

    desktop.folders.append(exports)
    qtbot.mouseClick(export.save_zip_button, qtbot_left())
    qtbot.waitUntil(lambda: _idle(page, JobKind.EXPORT), timeout=10_000)
    with zipfile.ZipFile(exports / "Finstack GetConnectors.zip") as opened:
        assert sorted(opened.namelist()) == sorted([*COMPANIONS, *FILES])
    qtbot.mouseClick(export.open_folder_button, qtbot_left())
    assert desktop.opened == [exports]


def test_cancelling_a_dialog_does_nothing(qtbot, make_window, desktop):
    _, page = _open_page(qtbot, make_window, _services(desktop))
    qtbot.mouseClick(page.files.zip_button, qtbot_left())
    qtbot.mouseClick(page.files.folder_button, qtbot_left())
    assert _idle(page, JobKind.UNPACK) and not page.files.report_view.isVisible()
    assert not page.files.problem_box.isVisible() and len(desktop.asked) == 2


def test_the_article_opens_from_the_page(qtbot, make_window, desktop):
    _, page = _open_page(qtbot, make_window, _services(desktop))
    qtbot.mouseClick(page.files.article_button, qtbot_left())
    assert desktop.urls == ["https://intercom.help/finstack-bc5f0333bfb1/en/articles/11821995-afas"]


def test_a_zip_of_gcn_bombs_is_refused_with_a_plain_message(qtbot, make_window, desktop, tmp_path):
    downloaded = bomb_zip(tmp_path / "download.zip", 100)  # 6.5 MB; each file's content would inflate to 63 MB
    _, page = _open_page(qtbot, make_window, _services(desktop))
    desktop.files.append(downloaded)
    _use(qtbot, page, page.files.zip_button)
    assert "would unpack to more than 8 MB together" in page.files.problem_box.text()
    assert not page.files.busy.isVisible() and not page.files.ready.isVisible()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name not in ("config", "data")) == ["download.zip"]


def test_names_in_the_bundle_findings_are_plain_escaped_text(qtbot, make_window, desktop, tmp_path):
    odd = {"<img src='x.png'>\x1b[31m.txt": b"x", "line\nbreak.txt": b"y"}
    downloaded = write_zip(tmp_path / "download.zip", {**FILES, **odd})
    _, page = _open_page(qtbot, make_window, _services(desktop))
    desktop.files.append(downloaded)
    _use(qtbot, page, page.files.zip_button)
    view = page.files.report_view
    ignored = [text for kind, _, text in view.items() if kind == "ignored"]
    assert any(text.startswith("<img src='x.png'>\\x1b[31m.txt is not a .gcn file") for text in ignored)
    assert any(text.startswith("line\\nbreak.txt is not a .gcn file") for text in ignored)
    assert all(label.textFormat() == Qt.TextFormat.PlainText for _, _, label in view.rows)
    assert view.source.textFormat() == Qt.TextFormat.PlainText
