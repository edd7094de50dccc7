"""The GetConnector bundle on real exports: definitions written to match two public samples, real ZIP files
and folders in tmp_path."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

import pytest

from tests.unit.gcn_samples import (
    COSTCENTERS_V5,
    GROUPS_V7,
    PLANNEN_V8,
    copy_sample,
    needs_samples,
    sample_bytes,
    write_definition,
)
from wizard.core.getconnectors.check import check_bundle
from wizard.core.getconnectors.export import export_folder, export_zip
from wizard.core.getconnectors.matching import build_bundle
from wizard.core.getconnectors.model import BundleError, BundleErrorKind, EntryState, ItemKind

pytestmark = needs_samples

GROUPS = "T4E_HelloID_Groups_v2"
COSTCENTERS = "T4E_HelloID_Costcenters"


@pytest.fixture
def definitions(tmp_path: Path) -> Path:
    folder = tmp_path / "definitions"
    write_definition(folder, GROUPS_V7, order=1)
    write_definition(folder, COSTCENTERS_V5, order=2)
    return folder


@pytest.fixture
def gcn_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "gcn"
    copy_sample(GROUPS_V7, folder)
    copy_sample(COSTCENTERS_V5, folder)
    return folder


def _texts(items, kind: ItemKind) -> list[str]:
    return [i.text("en") for i in items if i.kind is kind]


# ----------------------------------------------------------------------------------------------- build


def test_build_finds_checks_and_hashes_each_export(definitions, gcn_dir):
    bundle = build_bundle(definitions, gcn_dir)
    assert bundle.has_files and bundle.complete
    groups, costcenters = bundle.entries
    assert groups.definition.external_name == GROUPS and groups.state is EntryState.PRESENT
    assert groups.sha256 == hashlib.sha256(sample_bytes(GROUPS_V7)).hexdigest()
    assert groups.size == len(sample_bytes(GROUPS_V7))
    assert groups.gcn is not None and groups.gcn.format_version == 7
    assert costcenters.state is EntryState.PRESENT and costcenters.gcn.format_version == 5
    assert bundle.summary.text("en") == "All 2 Finstack GetConnectors are in this bundle."


def test_build_without_gcn_files_says_so_and_export_refuses(definitions, tmp_path):
    empty = tmp_path / "no-gcn"
    empty.mkdir()
    bundle = build_bundle(definitions, empty)
    assert not bundle.has_files
    assert [e.state for e in bundle.entries] == [EntryState.MISSING, EntryState.MISSING]
    assert "carries no .gcn files" in bundle.summary.text("en")
    assert "bevat geen .gcn-bestanden" in bundle.summary.text("nl")
    with pytest.raises(BundleError) as caught:
        export_folder(bundle, tmp_path / "out")
    assert caught.value.kind is BundleErrorKind.NO_FILES
    with pytest.raises(BundleError):
        export_zip(bundle, tmp_path / "out.zip")
    assert not (tmp_path / "out").exists() and not (tmp_path / "out.zip").exists()


def test_build_reports_a_missing_and_a_damaged_export(definitions, tmp_path):
    folder = tmp_path / "gcn"
    copy_sample(GROUPS_V7, folder)
    (folder / f"{COSTCENTERS_V5}").write_bytes(sample_bytes(COSTCENTERS_V5)[:2000])
    bundle = build_bundle(definitions, folder)
    assert [e.state for e in bundle.entries] == [EntryState.PRESENT, EntryState.INVALID]
    assert "cut off" in bundle.entries[1].message.text("en")
    assert bundle.summary.text("en").startswith("1 of the 2")

    (folder / f"{COSTCENTERS_V5}").unlink()
    missing = build_bundle(definitions, folder).entries[1]
    assert missing.state is EntryState.MISSING
    assert missing.message.text("en") == f"{COSTCENTERS_V5} is missing: there is no export of {COSTCENTERS}."


def test_build_marks_an_outdated_export_invalid(tmp_path, gcn_dir):
    definitions = tmp_path / "changed"
    write_definition(definitions, GROUPS_V7, aliases=["GroupId", "Description", "Blocked"])
    entry = build_bundle(definitions, gcn_dir).entries[0]
    assert entry.state is EntryState.INVALID
    assert "lacks 1 field Finstack reads: Blocked" in entry.message.text("en")


# ---------------------------------------------------------------------------------------------- export


def test_export_zip_is_flat_and_complete(definitions, gcn_dir, tmp_path):
    destination = tmp_path / "Finstack GetConnectors.zip"
    result = export_zip(build_bundle(definitions, gcn_dir), destination)
    assert result.files == (GROUPS_V7, COSTCENTERS_V5)
    with zipfile.ZipFile(destination) as archive:
        assert sorted(archive.namelist()) == sorted([GROUPS_V7, COSTCENTERS_V5, "LEESMIJ.txt", "README.txt",
                                                     "manifest.json"])
        assert archive.read(GROUPS_V7) == sample_bytes(GROUPS_V7)  # byte for byte: sealed exports
        manifest = json.loads(archive.read("manifest.json"))
        readme_nl = archive.read("LEESMIJ.txt").decode("utf-8-sig")
        readme_en = archive.read("README.txt").decode("utf-8-sig")
    assert manifest["connectors"][0] == {
        "connector": GROUPS, "file": GROUPS_V7, "sha256": hashlib.sha256(sample_bytes(GROUPS_V7)).hexdigest(),
        "size": len(sample_bytes(GROUPS_V7)), "format_version": 7}
    assert manifest["connectors"][1]["format_version"] == 5
    for needed in ("Pak het eerst uit", "Acties > Importeren > Map", 'Status "GOED"', "App connector",
                   "Finstack_Administrations later opnieuw importeert"):
        assert needed in readme_nl
    for needed in ("unzip it first", "Acties > Importeren > Map", 'Status "GOED"', "App connector",
                   "check \"Filter op deze waarden\""):
        assert needed in readme_en
    assert "\r\n" in readme_en  # readable in Notepad


def test_export_zip_again_is_fine_but_never_overwrites_a_different_file(definitions, gcn_dir, tmp_path):
    destination = tmp_path / "bundle.zip"
    bundle = build_bundle(definitions, gcn_dir)
    export_zip(bundle, destination)
    first = destination.read_bytes()
    export_zip(bundle, destination)  # same content: nothing to do
    assert destination.read_bytes() == first

    other = tmp_path / "other.zip"
    other.write_bytes(b"my own file")
    with pytest.raises(BundleError) as caught:
        export_zip(bundle, other)
    assert caught.value.kind is BundleErrorKind.EXISTS_DIFFERENT
    assert "other.zip already exists with different content" in caught.value.text("en")
    assert other.read_bytes() == b"my own file"


def test_export_folder_is_ready_for_import_and_leaves_no_temporary_files(definitions, gcn_dir, tmp_path):
    destination = tmp_path / "export" / "Finstack"
    export_folder(build_bundle(definitions, gcn_dir), destination)
    assert sorted(p.name for p in destination.iterdir()) == sorted(
        [GROUPS_V7, COSTCENTERS_V5, "LEESMIJ.txt", "README.txt", "manifest.json"])
    assert (destination / COSTCENTERS_V5).read_bytes() == sample_bytes(COSTCENTERS_V5)
    assert [p.name for p in destination.parent.iterdir()] == ["Finstack"]
    if os.name == "posix":  # readable by whoever the folder is shared with, not private like a temp dir
        assert destination.stat().st_mode & 0o777 == 0o755
        assert (destination / GROUPS_V7).stat().st_mode & 0o777 == 0o644


def test_export_folder_into_an_existing_folder_refuses_a_different_file(definitions, gcn_dir, tmp_path):
    bundle = build_bundle(definitions, gcn_dir)
    destination = tmp_path / "existing"
    export_folder(bundle, destination)
    (destination / "manifest.json").unlink()
    export_folder(bundle, destination)  # identical files stay, the missing one is written again
    assert (destination / "manifest.json").is_file()
    if os.name == "posix":
        assert (destination / "manifest.json").stat().st_mode & 0o777 == 0o644

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "README.txt").write_text("notes of my own", encoding="utf-8")
    with pytest.raises(BundleError) as caught:
        export_folder(bundle, fresh)
    assert caught.value.kind is BundleErrorKind.EXISTS_DIFFERENT
    assert "README.txt already exists with different content" in caught.value.text("en")
    assert sorted(p.name for p in fresh.iterdir()) == ["README.txt"]  # nothing half-written
    assert (fresh / "README.txt").read_text(encoding="utf-8") == "notes of my own"


def test_export_folder_onto_a_file_is_refused(definitions, gcn_dir, tmp_path):
    occupied = tmp_path / "occupied"
    occupied.write_text("x", encoding="utf-8")
    with pytest.raises(BundleError) as caught:
        export_folder(build_bundle(definitions, gcn_dir), occupied)
    assert caught.value.kind is BundleErrorKind.NOT_A_FOLDER


# ----------------------------------------------------------------------------------------------- check


def test_check_an_exported_zip_and_folder(definitions, gcn_dir, tmp_path):
    bundle = build_bundle(definitions, gcn_dir)
    export_zip(bundle, tmp_path / "bundle.zip")
    export_folder(bundle, tmp_path / "folder")
    for source in (tmp_path / "bundle.zip", tmp_path / "folder"):
        report = check_bundle(source, definitions)
        assert report.ok, [i.text() for i in report.problems]
        assert _texts(report.items, ItemKind.OK) == [
            f"{GROUPS_V7}: {GROUPS}, 2 fields, as Finstack expects (format version 7).",
            f"{COSTCENTERS_V5}: {COSTCENTERS}, 3 fields, as Finstack expects (format version 5).",
        ]


def test_check_names_missing_and_extra_fields(gcn_dir, tmp_path):
    definitions = tmp_path / "newer"
    write_definition(definitions, GROUPS_V7, aliases=["GroupId", "GroupName"])
    write_definition(definitions, COSTCENTERS_V5, order=2)
    report = check_bundle(gcn_dir, definitions)
    assert not report.ok
    assert _texts(report.items, ItemKind.OUTDATED) == [
        f"{GROUPS_V7} ({GROUPS}) lacks 1 field Finstack reads: GroupName. Use the current export from Finstack.",
        f"{GROUPS_V7} ({GROUPS}) has 1 field Finstack does not expect: Description. "
        "Use the current export from Finstack.",
    ]


def test_check_names_a_stored_filter_the_definition_does_not_have(gcn_dir, tmp_path):
    definitions = tmp_path / "no-filter"
    write_definition(definitions, GROUPS_V7, stored_filter=[])
    report = check_bundle(gcn_dir / GROUPS_V7, definitions)
    assert _texts(report.items, ItemKind.OUTDATED) == [
        f"{GROUPS_V7} ({GROUPS}) carries the built-in filter U001 !=iedereen; U002 =0, but Finstack expects none. "
        "Use the current export from Finstack."]


def test_check_a_truncated_copy_is_corrupt(definitions, tmp_path):
    folder = tmp_path / "bundle"
    copy_sample(GROUPS_V7, folder)
    (folder / COSTCENTERS_V5).write_bytes(sample_bytes(COSTCENTERS_V5)[:-100])
    report = check_bundle(folder, definitions)
    corrupt = report.of_kind(ItemKind.CORRUPT)
    assert [(i.connector, i.file) for i in corrupt] == [(COSTCENTERS, COSTCENTERS_V5)]
    assert corrupt[0].text("en").startswith(f"{COSTCENTERS_V5} cannot be used: The file is cut off")
    assert corrupt[0].text("nl").startswith(f"{COSTCENTERS_V5} is niet bruikbaar: Het bestand is afgebroken")


def test_check_a_text_converted_copy_names_the_conversion(definitions, tmp_path):
    folder = tmp_path / "bundle"
    copy_sample(GROUPS_V7, folder)
    (folder / COSTCENTERS_V5).write_bytes(sample_bytes(COSTCENTERS_V5).decode("utf-8", "replace").encode())
    report = check_bundle(folder, definitions)
    assert "text conversion" in report.of_kind(ItemKind.CORRUPT)[0].text("en")


def test_check_missing_extra_and_ignored_files(definitions, tmp_path):
    folder = tmp_path / "bundle"
    copy_sample(GROUPS_V7, folder)
    copy_sample(PLANNEN_V8, folder)
    (folder / "notes.txt").write_text("hello", encoding="utf-8")
    report = check_bundle(folder, definitions)
    assert not report.ok
    assert _texts(report.items, ItemKind.MISSING) == [
        f"{COSTCENTERS_V5} is missing: there is no export of {COSTCENTERS}."]
    assert _texts(report.items, ItemKind.EXTRA) == [
        f"{PLANNEN_V8} holds the connector SH_AUDIT_Plannen, which is not one of Finstack's GetConnectors. "
        "Remove it from the bundle."]
    assert _texts(report.items, ItemKind.IGNORED) == ["notes.txt is not a .gcn file; AFAS skips it when importing "
                                                       "the folder."]
    assert {i.kind for i in report.problems} == {ItemKind.MISSING, ItemKind.EXTRA}


def test_check_a_renamed_export_is_recognised_by_its_external_name(definitions, tmp_path):
    folder = tmp_path / "bundle"
    copy_sample(GROUPS_V7, folder, as_name="groups.gcn")
    copy_sample(COSTCENTERS_V5, folder)
    report = check_bundle(folder, definitions)
    assert report.ok
    assert report.of_kind(ItemKind.OK)[0].file == "groups.gcn"


def test_check_a_nested_zip(definitions, tmp_path):
    nested = tmp_path / "nested.zip"
    with zipfile.ZipFile(nested, "w") as archive:
        archive.writestr(f"Finstack/{GROUPS_V7}", sample_bytes(GROUPS_V7))
        archive.writestr(f"Finstack/{COSTCENTERS_V5}", sample_bytes(COSTCENTERS_V5))
    report = check_bundle(nested, definitions)
    assert report.ok  # one sub-folder is a note, not a problem
    [note] = report.of_kind(ItemKind.NESTED)
    assert 'sit in the folder "Finstack" inside nested.zip. That is fine' in note.text("en")
    assert len(report.of_kind(ItemKind.OK)) == 2


def test_check_a_duplicate_export(definitions, gcn_dir):
    copy_sample(GROUPS_V7, gcn_dir, as_name="copy of groups.gcn")
    report = check_bundle(gcn_dir, definitions)
    assert _texts(report.items, ItemKind.EXTRA) == [
        f"copy of groups.gcn is a second export of {GROUPS} (beside {GROUPS_V7}). Keep one: AFAS would import both."]


@pytest.mark.parametrize("content", [b"", b"just text\n", b"PK\x03\x04 not really a zip"])
def test_check_unreadable_input(definitions, tmp_path, content):
    path = tmp_path / "bundle.zip"
    path.write_bytes(content)
    with pytest.raises(BundleError) as caught:
        check_bundle(path, definitions)
    assert caught.value.kind is BundleErrorKind.UNREADABLE
    with pytest.raises(BundleError) as caught:
        check_bundle(tmp_path / "nowhere", definitions)
    assert "does not exist" in caught.value.text("en")


def test_check_a_single_file_reports_only_that_connector(definitions, tmp_path):
    report = check_bundle(copy_sample(GROUPS_V7, tmp_path), definitions)
    assert report.ok
    assert [i.connector for i in report.items] == [GROUPS]

    broken = tmp_path / "broken.gcn"
    broken.write_bytes(b"PK\x03\x04")
    report = check_bundle(broken, definitions)
    [item] = report.items
    assert item.kind is ItemKind.CORRUPT and "Unzip it first" in item.text("en")
