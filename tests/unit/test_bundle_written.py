"""The bundle (build, export, check) on Finstack's real definitions with exports made by the test-only writer, so
it is tested in any clone; test_bundle.py repeats the main paths on the real samples in ../shared."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.gcn_writer import make_gcn
from tests.unit.gcn_bundles import finstack_export, finstack_files, write_folder, write_zip
from tests.unit.gcn_samples import write_definition
from wizard.core.getconnectors.check import check_bundle
from wizard.core.getconnectors.definitions import load_definitions
from wizard.core.getconnectors.export import export_folder, export_target, export_zip
from wizard.core.getconnectors.matching import build_bundle
from wizard.core.getconnectors.model import (
    MAX_ENTRIES,
    BundleError,
    BundleErrorKind,
    EntryState,
    ItemKind,
)

FILES = finstack_files()
ADMINISTRATIONS = "Finstack_Administrations.gcn"


def _kinds(report) -> list[ItemKind]:
    return [i.kind for i in report.items]


@pytest.fixture
def gcn_dir(tmp_path: Path) -> Path:
    return write_folder(tmp_path / "gcn", FILES)


def test_the_build_with_every_export_is_complete_and_exports_flat(gcn_dir, tmp_path):
    bundle = build_bundle(gcn_dir=gcn_dir)
    assert bundle.complete and bundle.summary.text("en") == "All 6 Finstack GetConnectors are in this bundle."
    zipped = export_zip(bundle, export_target(tmp_path, as_zip=True))
    assert zipped.destination == tmp_path / "Finstack GetConnectors.zip"
    with zipfile.ZipFile(zipped.destination) as archive:
        assert {n: archive.read(n) for n in FILES} == FILES
        manifest = json.loads(archive.read("manifest.json"))
    assert [c["format_version"] for c in manifest["connectors"]] == [8, 8, 7, 8, 5, 8]
    assert export_zip(bundle, zipped.destination).files == zipped.files  # the same ZIP again: left alone
    folder = export_folder(bundle, tmp_path / "folder")
    assert sorted(p.name for p in folder.destination.iterdir()) == sorted(
        [*FILES, "LEESMIJ.txt", "README.txt", "manifest.json"])
    report = check_bundle(zipped.destination)
    assert report.ok and _kinds(report) == [ItemKind.OK] * 6


def test_the_build_names_missing_damaged_and_outdated_exports(tmp_path):
    files = dict(FILES)
    del files["Finstack_Periods.gcn"]
    files[ADMINISTRATIONS] = files[ADMINISTRATIONS][:500]
    files["Finstack_Transactions.gcn"] = make_gcn("Finstack_Transactions", ["AdministrationId"],
                                                  description="Finstack_Transactions")
    bundle = build_bundle(gcn_dir=write_folder(tmp_path / "gcn", files))
    states = {e.definition.external_name: e.state for e in bundle.entries}
    assert states["Finstack_Periods"] is EntryState.MISSING
    assert states["Finstack_Administrations"] is EntryState.INVALID
    assert states["Finstack_Transactions"] is EntryState.INVALID
    assert bundle.summary.text("en").startswith("3 of the 6")
    result = export_folder(bundle, tmp_path / "partial")
    assert [e.definition.external_name for e in result.left_out] == [
        "Finstack_Administrations", "Finstack_Transactions", "Finstack_Periods"]


def test_an_empty_build_refuses_to_export(tmp_path):
    bundle = build_bundle(gcn_dir=tmp_path / "none")
    assert not bundle.has_files
    with pytest.raises(BundleError) as caught:
        export_zip(bundle, tmp_path / "x.zip")
    assert caught.value.kind is BundleErrorKind.NO_FILES


def test_a_folder_with_companions_junk_and_other_files(tmp_path):
    folder = write_folder(tmp_path / "bundle", FILES | {"LEESMIJ.txt": b"x", "manifest.json": b"{}",
                                                         ".DS_Store": b"", "notes.docx": b"mine"})
    write_folder(folder / "__MACOSX", {"._Finstack_Periods.gcn": b"apple double"})
    report = check_bundle(folder)
    assert report.ok
    assert [i.text() for i in report.of_kind(ItemKind.IGNORED)] == [
        "notes.docx is not a .gcn file; AFAS skips it when importing the folder."]


def test_one_sub_folder_is_a_note_two_are_a_problem(tmp_path):
    folder = write_folder(tmp_path / "bundle" / "Finstack", FILES).parent
    report = check_bundle(folder)
    assert report.ok and report.of_kind(ItemKind.NESTED)[0].text("en") == (
        'The .gcn files sit in the sub-folder "Finstack" of bundle. That is fine: choose "Finstack" under '
        "Acties > Importeren > Map.")
    (folder / "Finstack" / ADMINISTRATIONS).rename(folder / ADMINISTRATIONS)
    report = check_bundle(folder)
    assert [i.kind for i in report.problems] == [ItemKind.SCATTERED]
    assert report.problems[0].text("en").startswith('The .gcn files of bundle sit in 2 different folders: "Finstack", '
                                                    '"bundle".')
    assert report.problems[0].text("nl").startswith("De .gcn-bestanden van bundle staan in 2 verschillende mappen")


def test_outdated_fields_and_filters_are_named(tmp_path):
    definition = load_definitions()[0]
    changed = make_gcn(definition.external_name, [*definition.aliases[1:], "Extra"], 7,
                       description=definition.description, filters=[[("U001", "quick", "1;2;3")]])
    report = check_bundle(write_folder(tmp_path / "bundle", FILES | {ADMINISTRATIONS: changed}))
    assert [i.text() for i in report.of_kind(ItemKind.OUTDATED)] == [
        f"{ADMINISTRATIONS} (Finstack_Administrations) lacks 1 field Finstack reads: AdministrationId. "
        "Use the current export from Finstack.",
        f"{ADMINISTRATIONS} (Finstack_Administrations) has 1 field Finstack does not expect: Extra. "
        "Use the current export from Finstack.",
        f"{ADMINISTRATIONS} (Finstack_Administrations) carries the built-in filter U001 1;2;3, but Finstack expects "
        "none. Use the current export from Finstack.",
    ]


def test_a_filter_the_wizard_cannot_interpret_is_a_note_and_still_not_none(tmp_path):
    definition = load_definitions()[0]
    unknown = make_gcn(definition.external_name, definition.aliases, 8, description=definition.description,
                       filter_text="D1@D1@something new")
    report = check_bundle(write_folder(tmp_path / "bundle", FILES | {ADMINISTRATIONS: unknown}))
    assert [i.kind for i in report.items[:2]] == [ItemKind.OUTDATED, ItemKind.NOT_INTERPRETED]
    assert "carries the built-in filter D1@D1@something new, but Finstack expects none" in report.items[0].text()
    assert ("the built-in filter, in a form the wizard does not know: D1@D1@something new"
            in report.items[1].text())


def test_a_filter_in_an_unknown_form_is_not_compared_with_an_expected_one(tmp_path):
    definitions = tmp_path / "definitions"
    write_definition(definitions, None, external_name="Finstack_Test", description="Finstack_Test",
                     aliases=["Id"], stored_filter=[{"field": "U001", "operator": "15", "value": "=1"}])
    unknown = make_gcn("Finstack_Test", ["Id"], 7, filter_text="brand new")
    report = check_bundle(write_folder(tmp_path / "bundle", {"Finstack_Test.gcn": unknown}), definitions)
    assert report.ok and _kinds(report) == [ItemKind.OK, ItemKind.NOT_INTERPRETED]


def test_a_single_file_duplicates_and_renamed_exports(tmp_path):
    single = write_folder(tmp_path / "one", {ADMINISTRATIONS: FILES[ADMINISTRATIONS]}) / ADMINISTRATIONS
    report = check_bundle(single)
    assert report.ok and [i.connector for i in report.items] == ["Finstack_Administrations"]
    renamed = FILES | {"copy.gcn": finstack_export(load_definitions()[0], 5)}
    report = check_bundle(write_zip(tmp_path / "dup.zip", renamed))
    assert [i.text() for i in report.of_kind(ItemKind.EXTRA)] == [
        f"copy.gcn is a second export of Finstack_Administrations (beside {ADMINISTRATIONS}). Keep one: AFAS would "
        "import both."]


def test_no_gcn_at_all_and_a_huge_gcn(tmp_path):
    report = check_bundle(write_folder(tmp_path / "empty", {"notes.txt": b"x"}))
    assert report.items[0].text() == "empty holds no .gcn files." and not report.ok
    folder = write_folder(tmp_path / "huge", {})
    with (folder / "big.gcn").open("wb") as stream:
        stream.truncate(17 * 1024 * 1024)  # sparse
    [item] = [i for i in check_bundle(folder).items if i.file == "big.gcn"]
    assert item.kind is ItemKind.CORRUPT and "far too large" in item.text()


def test_a_folder_with_too_many_files_is_refused(tmp_path):
    folder = tmp_path / "downloads"
    folder.mkdir()
    for n in range(MAX_ENTRIES + 1):
        (folder / f"{n}.txt").touch()
    with pytest.raises(BundleError) as caught:
        check_bundle(folder)
    assert "more than 500 files" in caught.value.text("en")


def test_export_never_overwrites_and_picks_a_sub_folder_in_a_busy_folder(gcn_dir, tmp_path):
    bundle = build_bundle(gcn_dir=gcn_dir)
    busy = write_folder(tmp_path / "Downloads", {"README.txt": b"notes of my own"})
    assert export_target(busy, as_zip=False) == busy / "Finstack GetConnectors"
    with pytest.raises(BundleError) as caught:
        export_folder(bundle, busy)
    assert caught.value.kind is BundleErrorKind.EXISTS_DIFFERENT
    assert sorted(p.name for p in busy.iterdir()) == ["README.txt"]
    first = export_folder(bundle, busy / "Finstack GetConnectors")
    (first.destination / "manifest.json").unlink()
    export_folder(bundle, first.destination)  # identical files stay; the missing one comes back
    assert (first.destination / "manifest.json").is_file()
    occupied = tmp_path / "occupied"
    occupied.write_text("x", encoding="utf-8")
    with pytest.raises(BundleError) as caught:
        export_folder(bundle, occupied)
    assert caught.value.kind is BundleErrorKind.NOT_A_FOLDER
    with pytest.raises(BundleError) as caught:
        export_zip(bundle, occupied)
    assert caught.value.kind is BundleErrorKind.EXISTS_DIFFERENT
