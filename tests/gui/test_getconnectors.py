"""The GetConnectors page with the real bundle code: saving the import folder and the ZIP, saying plainly that
this build has no .gcn files, and checking a bundle the user has. File dialogs are answered by a stand-in
desktop; the .gcn files are Finstack's public samples (skipped when ../shared/reference is absent)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.gui.conftest import AnsweringDesktop, qtbot_left, walk_to
from tests.unit.gcn_samples import (
    COSTCENTERS_V5,
    GROUPS_V7,
    copy_sample,
    needs_samples,
    sample_bytes,
    write_definition,
)
from wizard.core.secrets import SecretStore
from wizard.core.settings import SettingsStore
from wizard.ui.services import Services

pytestmark = pytest.mark.gui

COMPANIONS = ("LEESMIJ.txt", "README.txt", "manifest.json")


@pytest.fixture
def sample_build(tmp_path) -> tuple[Path, Path]:
    """A build with two definitions and their real .gcn exports."""
    definitions, gcn = tmp_path / "definitions", tmp_path / "gcn"
    write_definition(definitions, GROUPS_V7, order=1)
    write_definition(definitions, COSTCENTERS_V5, order=2)
    copy_sample(GROUPS_V7, gcn)
    copy_sample(COSTCENTERS_V5, gcn)
    return definitions, gcn


def _services(desktop: AnsweringDesktop, build: tuple[Path, Path] | None = None) -> Services:
    definitions, gcn = build if build else (None, None)
    return Services(store=SettingsStore(), secrets=SecretStore(), desktop=desktop,  # type: ignore[arg-type]
                    definitions_dir=definitions, gcn_dir=gcn)


def _open_page(qtbot, make_window, services: Services):
    window = make_window(services)
    walk_to(qtbot, window, "getconnectors")
    page = window.pages["getconnectors"]
    qtbot.waitUntil(lambda: page.bundle_worker is None, timeout=5000)
    return window, page


def _click_and_wait(qtbot, page, button) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, qtbot_left())
    qtbot.waitUntil(lambda: page.file_worker is None, timeout=10_000)


@needs_samples
def test_saves_the_import_folder_and_the_zip(qtbot, make_window, desktop, sample_build, tmp_path):
    exports = tmp_path / "Downloads"
    exports.mkdir()
    (exports / "something else.pdf").write_bytes(b"%PDF")  # a folder in use: the bundle gets its own folder
    window, page = _open_page(qtbot, make_window, _services(desktop, sample_build))
    assert page.bundle_box.text() == "All 2 Finstack GetConnectors are in this bundle."
    assert page.bundle_box.kind == "ok"

    desktop.folders.append(exports)
    _click_and_wait(qtbot, page, page.save_folder_button)
    folder = exports / "Finstack GetConnectors"
    assert page.result_box.kind == "ok"
    assert page.result_box.text().startswith(f"Saved 2 .gcn file(s) with LEESMIJ.txt, README.txt and manifest.json "
                                             f"in the folder {folder}.")
    assert sorted(p.name for p in folder.iterdir()) == sorted([*COMPANIONS, GROUPS_V7, COSTCENTERS_V5])
    assert (folder / GROUPS_V7).read_bytes() == sample_bytes(GROUPS_V7)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert [c["connector"] for c in manifest["connectors"]] == ["T4E_HelloID_Groups_v2", "T4E_HelloID_Costcenters"]
    assert window.session.state.export_folder == str(exports)
    assert page.open_folder_button.isVisible()

    desktop.folders.append(exports)
    _click_and_wait(qtbot, page, page.save_zip_button)
    archive = exports / "Finstack GetConnectors.zip"
    assert page.result_box.kind == "ok"
    assert f"in {archive}. Unzip it before importing it in AFAS" in page.result_box.text()
    with zipfile.ZipFile(archive) as opened:
        assert sorted(opened.namelist()) == sorted([*COMPANIONS, GROUPS_V7, COSTCENTERS_V5])
        assert opened.read(COSTCENTERS_V5) == sample_bytes(COSTCENTERS_V5)

    qtbot.mouseClick(page.open_folder_button, qtbot_left())
    assert desktop.opened == [exports]
    assert desktop.asked == ["Choose where to save the bundle"] * 2


@needs_samples
def test_an_empty_chosen_folder_takes_the_files_itself(qtbot, make_window, desktop, sample_build, tmp_path):
    target = tmp_path / "AFAS import"
    target.mkdir()
    _, page = _open_page(qtbot, make_window, _services(desktop, sample_build))
    desktop.folders.append(target)
    _click_and_wait(qtbot, page, page.save_folder_button)
    assert sorted(p.name for p in target.iterdir()) == sorted([*COMPANIONS, GROUPS_V7, COSTCENTERS_V5])


def test_this_build_without_gcn_files_says_so_and_saves_nothing(qtbot, make_window, desktop, tmp_path):
    _, page = _open_page(qtbot, make_window, _services(desktop))  # the repository's own getconnectors/
    summary = page.bundle_box.text()
    assert summary.startswith("This build of the wizard carries no .gcn files for the 6 Finstack GetConnectors.")
    assert "Finstack's help article \"How to connect AFAS to Finstack\"" in summary
    assert page.bundle_box.kind == "warning" and page.bundle_box.isVisible()

    for button in (page.save_folder_button, page.save_zip_button):
        _click_and_wait(qtbot, page, button)  # still usable: it explains instead of being greyed out
        assert page.result_box.text().startswith("There is nothing to export: this build carries no .gcn files")
        assert "help article" in page.result_box.text()
        assert page.result_box.kind == "warning"
    assert desktop.asked == []  # no folder asked for a bundle that cannot be written
    assert not page.open_folder_button.isVisible()


@needs_samples
def test_checking_a_damaged_copy_names_the_damage(qtbot, make_window, desktop, sample_build, tmp_path):
    bundle = tmp_path / "bundle from a colleague"
    copy_sample(GROUPS_V7, bundle)
    (bundle / COSTCENTERS_V5).write_bytes(sample_bytes(COSTCENTERS_V5)[:-100])  # cut off in a download
    _, page = _open_page(qtbot, make_window, _services(desktop, sample_build))

    desktop.folders.append(bundle)
    _click_and_wait(qtbot, page, page.check_folder_button)
    shown = page.report_view.items()
    assert [(kind, symbol) for kind, symbol, _ in shown] == [("ok", "✓"), ("corrupt", "✗")]
    assert shown[0][2].startswith(f"{GROUPS_V7}: T4E_HelloID_Groups_v2, 2 fields, as Finstack expects")
    assert shown[1][2].startswith(f"{COSTCENTERS_V5} cannot be used: The file is cut off")
    assert page.report_view.verdict.text().startswith("Result: 1 problem(s) found.")
    assert page.report_view.verdict.kind == "error" and page.report_view.isVisible()
    assert page.report_view.rows[1][2].accessibleName().startswith("damaged: ")

    damaged = tmp_path / "single" / COSTCENTERS_V5
    damaged.parent.mkdir()
    damaged.write_bytes(sample_bytes(COSTCENTERS_V5)[:-100])
    desktop.files.append(damaged)
    _click_and_wait(qtbot, page, page.check_button)
    assert [kind for kind, _, _ in page.report_view.items()] == ["corrupt"]
    assert "The file is cut off" in page.report_view.items()[0][2]


@needs_samples
def test_checking_a_good_zip_says_it_is_ready(qtbot, make_window, desktop, sample_build, tmp_path):
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for name in (GROUPS_V7, COSTCENTERS_V5):
            zipped.writestr(name, sample_bytes(name))
    _, page = _open_page(qtbot, make_window, _services(desktop, sample_build))
    desktop.files.append(archive)
    _click_and_wait(qtbot, page, page.check_button)
    assert [kind for kind, _, _ in page.report_view.items()] == ["ok", "ok"]
    assert page.report_view.verdict.text() == \
        "Result: the bundle is ready to import in AFAS (Acties > Importeren > Map)."
    assert page.report_view.verdict.kind == "ok"


def test_checking_something_that_is_not_a_bundle_says_so(qtbot, make_window, desktop, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a bundle", encoding="utf-8")
    _, page = _open_page(qtbot, make_window, _services(desktop))
    desktop.files.append(notes)
    _click_and_wait(qtbot, page, page.check_button)
    assert page.check_box.text() == f"{notes} is neither a folder, a ZIP file nor a .gcn file."
    assert page.check_box.kind == "error"
    assert not page.report_view.isVisible()


def test_cancelling_a_dialog_does_nothing(qtbot, make_window, desktop):
    _, page = _open_page(qtbot, make_window, _services(desktop))
    page.bundle = None  # as if the build was not read yet: the dialog is asked, and cancelled
    qtbot.mouseClick(page.save_zip_button, qtbot_left())
    qtbot.mouseClick(page.check_folder_button, qtbot_left())
    assert page.file_worker is None and not page.result_box.isVisible() and not page.report_view.isVisible()
    assert len(desktop.asked) == 2
