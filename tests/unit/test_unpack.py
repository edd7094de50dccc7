"""Unpacking the ZIP a person downloaded (or a folder, or .gcn files) into one folder for AFAS's Map: real ZIP files
and folders in tmp_path, Finstack's real definitions, exports made by the test-only writer."""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import pytest

from tests.gcn_writer import make_gcn
from tests.unit.gcn_bundles import finstack_export, finstack_files, write_folder, write_zip
from wizard.core.getconnectors.definitions import load_definitions
from wizard.core.getconnectors.gcn import MAX_FILE_SIZE
from wizard.core.getconnectors.model import MAX_ENTRIES, MAX_TOTAL_READ, BundleError, BundleErrorKind, ItemKind
from wizard.core.getconnectors.unpack import DEFAULT_FOLDER_NAME, default_destination, unpack_bundle

FILES = finstack_files()
ADMINISTRATIONS = "Finstack_Administrations.gcn"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_flat_zip_is_unpacked_beside_it_byte_for_byte(tmp_path):
    source = write_zip(tmp_path / "Finstack GetConnectors AFAS.zip", FILES)
    result = unpack_bundle(source)
    destination = tmp_path / DEFAULT_FOLDER_NAME
    assert result.ok and result.report.ok and result.stopped_by == ()
    assert result.destination == destination == default_destination(source)
    assert _tree(destination) == FILES
    assert [f.name for f in result.files] == [d.file_name for d in load_definitions()]
    assert [f.connector for f in result.files] == [d.external_name for d in load_definitions()]
    assert all(f.sha256 == hashlib.sha256(FILES[f.name]).hexdigest() and f.size == len(FILES[f.name])
               and not f.already_there for f in result.files)
    assert sorted(p.name for p in tmp_path.iterdir()) == [DEFAULT_FOLDER_NAME, source.name]  # nothing staged left
    if os.name == "posix":
        assert destination.stat().st_mode & 0o777 == 0o755
        assert (destination / ADMINISTRATIONS).stat().st_mode & 0o777 == 0o644


def test_files_in_one_sub_folder_are_a_note_and_come_out_flat(tmp_path):
    source = write_zip(tmp_path / "download.zip", FILES, folder="Finstack GetConnectors")
    result = unpack_bundle(source, tmp_path / "out")
    assert result.ok and result.report.problems == ()
    [note] = result.report.notes
    assert note.kind is ItemKind.NESTED
    assert 'sit in the folder "Finstack GetConnectors" inside download.zip. That is fine' in note.text("en")
    assert _tree(tmp_path / "out") == FILES
    assert result.files[0].source == f"Finstack GetConnectors/{ADMINISTRATIONS}"


def test_a_damaged_file_means_nothing_is_written(tmp_path):
    files = dict(FILES)
    files["Finstack_Transactions.gcn"] = files["Finstack_Transactions.gcn"][:-40]  # cut off in a download
    result = unpack_bundle(write_zip(tmp_path / "download.zip", files))
    assert result.wrote_nothing and not result.ok
    [stop] = result.stopped_by
    assert stop.kind is ItemKind.CORRUPT
    assert "Finstack_Transactions.gcn cannot be used: The file is cut off" in stop.text()
    assert not result.destination.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["download.zip"]


def test_a_zip_entry_whose_checksum_fails_is_a_damaged_file(tmp_path):
    source = write_zip(tmp_path / "download.zip", FILES)
    raw = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(ADMINISTRATIONS)
    raw[info.header_offset + 30 + len(ADMINISTRATIONS.encode()) + 20] ^= 0xFF  # inside its compressed data
    source.write_bytes(bytes(raw))
    result = unpack_bundle(source)
    assert result.wrote_nothing
    assert [(i.kind, i.file) for i in result.stopped_by] == [(ItemKind.CORRUPT, ADMINISTRATIONS)]
    assert "cannot be read from the ZIP" in result.stopped_by[0].text()


def test_files_in_two_folders_are_not_unpacked(tmp_path):
    names = list(FILES)
    source = write_zip(tmp_path / "two.zip", {f"a/{n}": FILES[n] for n in names[:3]}
                       | {f"b/{n}": FILES[n] for n in names[3:]})
    result = unpack_bundle(source)
    assert result.wrote_nothing
    assert [i.kind for i in result.stopped_by] == [ItemKind.SCATTERED]
    assert 'sit in 2 different folders: "a", "b"' in result.stopped_by[0].text()


def test_two_different_exports_of_one_connector_are_not_unpacked_identical_ones_are(tmp_path):
    definition = load_definitions()[0]
    other = finstack_export(definition, version=5)
    result = unpack_bundle(write_zip(tmp_path / "a.zip", FILES | {"copy.gcn": other}))
    assert result.wrote_nothing
    assert [(i.kind, i.file) for i in result.stopped_by] == [(ItemKind.EXTRA, "copy.gcn")]

    result = unpack_bundle(write_zip(tmp_path / "b.zip", FILES | {"copy.gcn": FILES[ADMINISTRATIONS]}),
                           tmp_path / "b")
    assert not result.wrote_nothing and not result.ok  # the second copy is still named as a problem
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == sorted(FILES)


def test_a_missing_connector_and_a_stranger_are_findings_the_rest_is_unpacked(tmp_path):
    files = {n: d for n, d in FILES.items() if n != "Finstack_Periods.gcn"}
    files["SH_AUDIT_Plannen.gcn"] = make_gcn("SH_AUDIT_Plannen", ["Werkgever"])
    result = unpack_bundle(write_zip(tmp_path / "download.zip", files))
    assert not result.ok and result.stopped_by == ()
    assert {i.kind for i in result.report.problems} == {ItemKind.MISSING, ItemKind.EXTRA}
    assert sorted(p.name for p in result.destination.iterdir()) == sorted(set(FILES) - {"Finstack_Periods.gcn"})


def test_nothing_of_finstack_in_it_writes_nothing(tmp_path):
    result = unpack_bundle(write_zip(tmp_path / "other.zip", {"x.gcn": make_gcn("Other", ["A"])}))
    assert result.wrote_nothing and result.stopped_by == () and not result.destination.exists()


def test_a_folder_and_single_gcn_files_unpack_too(tmp_path):
    folder = write_folder(tmp_path / "downloaded" / "bundle", FILES)
    result = unpack_bundle(folder)
    assert result.ok and result.destination == tmp_path / "downloaded" / DEFAULT_FOLDER_NAME
    chosen = [folder / ADMINISTRATIONS, folder / "Finstack_Periods.gcn", folder / ADMINISTRATIONS]
    result = unpack_bundle(chosen, tmp_path / "two")
    assert [f.name for f in result.files] == [ADMINISTRATIONS, "Finstack_Periods.gcn"]
    assert not result.ok and {i.kind for i in result.report.problems} == {ItemKind.MISSING}


def test_unpacking_again_is_fine_and_never_replaces_a_different_file(tmp_path):
    source = write_zip(tmp_path / "download.zip", FILES)
    destination = tmp_path / "out"
    unpack_bundle(source, destination)
    (destination / "Finstack_Periods.gcn").unlink()
    again = unpack_bundle(source, destination)
    assert again.ok
    assert [f.already_there for f in again.files] == [f.name != "Finstack_Periods.gcn" for f in again.files]

    (destination / ADMINISTRATIONS).write_bytes(b"my own file")
    (destination / "Finstack_Periods.gcn").unlink()
    with pytest.raises(BundleError) as caught:
        unpack_bundle(source, destination)
    assert caught.value.kind is BundleErrorKind.EXISTS_DIFFERENT
    assert f"{ADMINISTRATIONS} already exists with different content" in caught.value.text("en")
    assert (destination / ADMINISTRATIONS).read_bytes() == b"my own file"
    assert not (destination / "Finstack_Periods.gcn").exists()  # nothing half-written
    assert sorted(p.name for p in destination.iterdir()) == sorted(set(FILES) - {"Finstack_Periods.gcn"})


def test_the_default_folder_taken_by_an_older_bundle_gets_a_number(tmp_path):
    older = write_folder(tmp_path / DEFAULT_FOLDER_NAME, {ADMINISTRATIONS: b"an older export"})
    result = unpack_bundle(write_zip(tmp_path / "download.zip", FILES))
    assert result.ok and result.destination == tmp_path / f"{DEFAULT_FOLDER_NAME} (2)"
    assert _tree(older) == {ADMINISTRATIONS: b"an older export"}


def test_other_gcn_files_in_the_destination_are_named(tmp_path):
    destination = write_folder(tmp_path / "out", {"Old_Connector.gcn": b"whatever", "notes.txt": b"mine"})
    result = unpack_bundle(write_zip(tmp_path / "download.zip", FILES), destination)
    assert not result.ok and not result.wrote_nothing
    [stranger] = result.report.problems
    assert stranger.kind is ItemKind.EXTRA and stranger.file == "Old_Connector.gcn"
    assert "AFAS imports every .gcn in the folder" in stranger.text("en")


def test_a_destination_that_is_a_file_is_refused(tmp_path):
    occupied = tmp_path / "occupied"
    occupied.write_text("x", encoding="utf-8")
    with pytest.raises(BundleError) as caught:
        unpack_bundle(write_zip(tmp_path / "download.zip", FILES), occupied)
    assert caught.value.kind is BundleErrorKind.NOT_A_FOLDER


@pytest.mark.parametrize("entry", ["../evil.gcn", "/tmp/evil.gcn", "a/../../evil.gcn", "C:/evil.gcn",
                                   "..\\evil.gcn", "C:\\evil.gcn"])
def test_an_entry_outside_the_folder_refuses_the_whole_zip(tmp_path, entry):
    (tmp_path / "inner").mkdir()
    source = write_zip(tmp_path / "inner" / "evil.zip", FILES | {entry: FILES[ADMINISTRATIONS]})
    with zipfile.ZipFile(source) as archive:
        assert entry in archive.namelist()  # written as given, as an attacker's tool would
    with pytest.raises(BundleError) as caught:
        unpack_bundle(source)
    assert caught.value.kind is BundleErrorKind.UNSAFE
    assert "unsafe name" in caught.value.text("en") and "nothing was written" in caught.value.text("en")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["evil.zip", "inner"]


def test_a_zip_bomb_is_refused_before_it_is_read(tmp_path):
    source = tmp_path / "bomb.zip"
    chunk = bytes(MAX_FILE_SIZE)  # each as large as a .gcn may be: 1 MB of zeros deflates to about 1 KB
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(MAX_TOTAL_READ // MAX_FILE_SIZE + 1):
            archive.writestr(f"Finstack_{n}.gcn", chunk)
    assert source.stat().st_size < 200_000
    with pytest.raises(BundleError) as caught:
        unpack_bundle(source)
    assert caught.value.kind is BundleErrorKind.UNSAFE and "more than 64 MB" in caught.value.text("en")


def test_one_huge_entry_is_a_damaged_file_not_read(tmp_path):
    source = tmp_path / "huge.zip"
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in FILES.items():
            archive.writestr(name, data)
        archive.writestr("huge.gcn", bytes(17 * 1024 * 1024))
    result = unpack_bundle(source)
    assert result.wrote_nothing
    assert [(i.kind, i.file) for i in result.stopped_by] == [(ItemKind.CORRUPT, "huge.gcn")]
    assert "far too large" in result.stopped_by[0].text()


def test_too_many_files_and_unreadable_input_are_refused(tmp_path):
    crowded = tmp_path / "crowded.zip"
    with zipfile.ZipFile(crowded, "w") as archive:
        for n in range(MAX_ENTRIES + 1):
            archive.writestr(f"{n}.txt", "")
    cases = [crowded, tmp_path / "missing.zip", tmp_path / "notes.txt"]
    cases[2].write_text("hello", encoding="utf-8")
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x05\x06" + bytes(18) + b"garbage")
    for path in cases:
        with pytest.raises(BundleError) as caught:
            unpack_bundle(path)
        assert caught.value.kind is BundleErrorKind.UNREADABLE, path
    with pytest.raises(BundleError) as caught:
        unpack_bundle([tmp_path / "notes.txt", crowded])
    assert "not a mix" in caught.value.text("en")
    with pytest.raises(BundleError):
        unpack_bundle([])


def test_two_files_of_one_name_from_two_folders_are_refused(tmp_path):
    first = write_folder(tmp_path / "a", {ADMINISTRATIONS: FILES[ADMINISTRATIONS]})
    second = write_folder(tmp_path / "b", {ADMINISTRATIONS: finstack_export(load_definitions()[0], 5)})
    with pytest.raises(BundleError) as caught:
        unpack_bundle([first / ADMINISTRATIONS, second / ADMINISTRATIONS])
    assert "two .gcn files named" in caught.value.text("en")


def test_a_destination_that_cannot_be_made_is_a_write_failure(tmp_path):
    blocker = tmp_path / "a file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(BundleError) as caught:
        unpack_bundle(write_zip(tmp_path / "download.zip", FILES), blocker / "inside")
    assert caught.value.kind is BundleErrorKind.WRITE_FAILED and "Could not write" in caught.value.text("en")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a file", "download.zip"]


def test_a_damaged_entry_of_an_lzma_zip_is_a_damaged_file(tmp_path):
    """Found by fuzzing the reader: lzma.LZMAError was not taken for damage."""
    source = tmp_path / "lzma.zip"
    with zipfile.ZipFile(source, "w", zipfile.ZIP_LZMA) as archive:
        for name, data in FILES.items():
            archive.writestr(name, data)
        info = archive.getinfo(ADMINISTRATIONS)
    raw = bytearray(source.read_bytes())
    raw[info.header_offset + 30 + len(ADMINISTRATIONS) + 40] ^= 0xFF
    source.write_bytes(bytes(raw))
    result = unpack_bundle(source)
    assert result.wrote_nothing
    assert [(i.kind, i.file) for i in result.stopped_by] == [(ItemKind.CORRUPT, ADMINISTRATIONS)]


def test_an_export_in_a_newer_format_version_is_named_not_damaged_and_not_copied(tmp_path):
    files = dict(FILES)
    newer = bytearray(files["Finstack_Periods.gcn"])
    assert newer[12:18] == b"\x03\x00\x08\x00\x00\x00"  # element 0: int32 8
    newer[14] = 9  # a format version Profit may write one day
    files["Finstack_Periods.gcn"] = bytes(newer)
    result = unpack_bundle(write_zip(tmp_path / "download.zip", files))
    assert result.stopped_by == () and not result.ok
    [item] = result.report.problems
    assert item.kind is ItemKind.UNSUPPORTED and item.kind.tag.text("en") == "version"
    assert "uses format version 9; the wizard reads versions 5, 7, 8. Update the wizard" in item.text()
    assert sorted(p.name for p in result.destination.iterdir()) == sorted(set(FILES) - {"Finstack_Periods.gcn"})


def test_a_cancel_before_writing_writes_nothing(tmp_path):
    import threading

    cancel = threading.Event()
    cancel.set()
    source = write_zip(tmp_path / "download.zip", FILES)
    with pytest.raises(BundleError) as refused:
        unpack_bundle(source, cancel=cancel)
    assert refused.value.kind is BundleErrorKind.CANCELLED and "nothing was written" in refused.value.text("en")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["download.zip"]
