"""Names in a bundle and the names unpacking and export write (issue 17 item 8, issue 18 item 2): a name that
cannot exist on Windows or macOS refuses the bundle with the rule it breaks; names with control characters are
shown escaped; a destination that cannot be made everywhere, or a path over Windows's MAX_PATH, is refused before
anything is written. Real ZIP files and folders in tmp_path."""

from __future__ import annotations

import dataclasses
import os
import zipfile
from pathlib import Path

import pytest

from tests.gcn_writer import make_gcn
from tests.unit.gcn_bundles import finstack_files, write_folder, write_zip
from wizard.core import file_names
from wizard.core.getconnectors.check import check_bundle
from wizard.core.getconnectors.export import export_folder, export_zip
from wizard.core.getconnectors.matching import build_bundle
from wizard.core.getconnectors.model import Bundle, BundleError, BundleErrorKind, ItemKind
from wizard.core.getconnectors.unpack import unpack_bundle
from wizard.core.messages import LANGUAGES

FILES = finstack_files()
PERIODS = "Finstack_Periods.gcn"


def _zip_with(tmp_path: Path, extra: dict[str, bytes]) -> Path:
    return write_zip(tmp_path / "download.zip", {**FILES, **extra})


@pytest.mark.parametrize(("entry", "says_en", "says_nl"), [
    ("CON.gcn", "named after the device CON", "apparaat CON"),
    ("aux.gcn", "named after the device AUX", "apparaat AUX"),
    ("com\u00b2.gcn", "named after the device COM\u00b2", "apparaat COM\u00b2"),
    ("a*?.gcn", "holds the character *", "bevat het teken *"),
    ("a:b.gcn", "holds the character :", "bevat het teken :"),  # no longer "points outside the folder"
    ("a|b.gcn", "holds the character |", "bevat het teken |"),
    ("red\x1b[31m.gcn", "holds the character \\x1b", "bevat het teken \\x1b"),
    ("Finstack./" + PERIODS, "ends in a dot or a space", "eindigt op een punt of een spatie"),
    ("x" * 252 + ".gcn", "256 characters", "256 tekens"),
])
def test_a_gcn_whose_name_cannot_exist_on_windows_refuses_the_bundle(tmp_path, entry, says_en, says_nl):
    source = _zip_with(tmp_path, {entry: FILES[PERIODS]})
    for attempt in (lambda: unpack_bundle(source), lambda: check_bundle(source)):
        with pytest.raises(BundleError) as refused:
            attempt()
        assert refused.value.kind is BundleErrorKind.BAD_NAME
        english, dutch = refused.value.text("en"), refused.value.text("nl")
        assert says_en in english and "cannot be unpacked on Windows or macOS" in english
        assert says_nl in dutch and "niet kan worden uitgepakt" in dutch
        assert english.isprintable() and dutch.isprintable()  # the name is shown escaped
    assert sorted(p.name for p in tmp_path.iterdir()) == ["download.zip"]


def test_a_folder_or_chosen_files_with_such_a_name_are_refused_too(tmp_path):
    folder = write_folder(tmp_path / "from a colleague", {**FILES, "nul.gcn": FILES[PERIODS]})
    with pytest.raises(BundleError) as refused:
        unpack_bundle(folder)
    assert refused.value.kind is BundleErrorKind.BAD_NAME and "device NUL" in refused.value.text("en")
    with pytest.raises(BundleError) as refused:
        unpack_bundle([folder / "nul.gcn"], tmp_path / "out")
    assert refused.value.kind is BundleErrorKind.BAD_NAME
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("entry", ["../Finstack_Periods.gcn", "C:/Finstack_Periods.gcn", "/etc/x.gcn"])
def test_an_entry_that_points_outside_is_still_refused_as_unsafe(tmp_path, entry):
    with pytest.raises(BundleError) as refused:
        unpack_bundle(_zip_with(tmp_path, {entry: FILES[PERIODS]}))
    assert refused.value.kind is BundleErrorKind.UNSAFE and "points outside the folder" in refused.value.text("en")


def test_other_files_with_odd_names_are_listed_escaped_and_not_refused(tmp_path):
    odd = {"notes\x1b[31m.txt": b"x", "LEES\nok  Finstack_X.gcn.txt": b"y", "aux.txt": b"z"}
    result = unpack_bundle(_zip_with(tmp_path, odd), tmp_path / "out")
    assert result.ok and sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(FILES)
    ignored = [item for item in result.report.items if item.kind is ItemKind.IGNORED]
    assert {item.file for item in ignored} == set(odd)  # kept as found, for the program's own use
    for language in LANGUAGES:
        shown = [item.text(language) for item in ignored]
        assert all(text.isprintable() for text in shown)
    assert any("notes\\x1b[31m.txt" in text for text in shown) and any("LEES\\nok" in text for text in shown)


def test_names_inside_a_gcn_are_shown_escaped_too(tmp_path):
    stranger = make_gcn("Other\x1b[2J\nok", ["Id\x1b[5m"])
    report = check_bundle(_zip_with(tmp_path, {"Other.gcn": stranger}))
    [item] = [i for i in report.items if i.file == "Other.gcn"]
    assert item.kind is ItemKind.EXTRA and "Other\\x1b[2J\\nok" in item.text("en") and item.text("nl").isprintable()


@pytest.mark.parametrize(("destination", "rule"), [("CON", "names.reserved"), ("out.", "names.trailing"),
                                                   ("new/a?b", "names.character")])
def test_a_destination_that_cannot_be_made_everywhere_is_refused(tmp_path, destination, rule):
    with pytest.raises(BundleError) as refused:
        unpack_bundle(_zip_with(tmp_path, {}), tmp_path / destination)
    assert refused.value.kind is BundleErrorKind.BAD_NAME
    assert refused.value.message.params["problem"].key == rule
    assert "Choose another name" in refused.value.text("en") and "Kies een andere naam" in refused.value.text("nl")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["download.zip"]


def _long_folder(tmp_path: Path, length: int) -> Path:
    """An existing-or-not folder under tmp_path whose absolute path is `length` characters."""
    base = os.path.abspath(tmp_path)
    return Path(base) / ("d" * (length - len(base) - 1))


def test_on_windows_an_unpack_past_max_path_is_refused_naming_the_length(tmp_path, monkeypatch):
    source = _zip_with(tmp_path, {})
    longest = max(len(name) for name in FILES)
    monkeypatch.setattr(file_names, "PLATFORM", "nt")
    # The files pass through a staging folder beside the new one, 10 characters longer (".<name>.xxxxxxxx").
    folder = _long_folder(tmp_path, 259 - 10 - 1 - longest + 1)
    with pytest.raises(BundleError) as refused:
        unpack_bundle(source, folder)
    assert refused.value.kind is BundleErrorKind.PATH_TOO_LONG
    assert "Windows accepts at most 259" in refused.value.text("en") and "hooguit 259" in refused.value.text("nl")
    assert "path of 260 characters" in refused.value.text("en") and "260 tekens" in refused.value.text("nl")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["download.zip"]  # nothing written, no staging left
    fits = _long_folder(tmp_path, 259 - 10 - 1 - longest)
    assert unpack_bundle(source, fits).ok  # the longest file path, through the staging folder, is exactly 259
    monkeypatch.setattr(file_names, "PLATFORM", "posix")  # macOS and Linux: the same long folder is fine
    assert unpack_bundle(source, _long_folder(tmp_path, 300)).ok


def test_on_windows_a_folder_past_its_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(file_names, "PLATFORM", "nt")
    with pytest.raises(BundleError) as refused:
        unpack_bundle(_zip_with(tmp_path, {}), _long_folder(tmp_path, 240))  # its staging folder: 250
    assert refused.value.message.key == "names.folder_path_too_long" and "at most 247" in refused.value.text("en")


@pytest.fixture
def bundle(tmp_path: Path) -> Bundle:
    return build_bundle(gcn_dir=write_folder(tmp_path / "gcn", FILES))


def test_export_refuses_a_destination_or_a_file_name_that_cannot_exist_everywhere(bundle, tmp_path):
    for export, destination in ((export_folder, tmp_path / "LPT1"), (export_zip, tmp_path / "AUX.zip")):
        with pytest.raises(BundleError) as refused:
            export(bundle, destination)
        assert refused.value.kind is BundleErrorKind.BAD_NAME and "reserves" in refused.value.text("en")
    entry = bundle.entries[0]
    renamed = dataclasses.replace(entry, definition=dataclasses.replace(entry.definition, description="Finstack:X"))
    odd = dataclasses.replace(bundle, entries=(renamed, *bundle.entries[1:]))
    for export, destination in ((export_folder, tmp_path / "folder"), (export_zip, tmp_path / "bundle.zip")):
        with pytest.raises(BundleError) as refused:
            export(odd, destination)
        assert "Finstack:X.gcn" in refused.value.text("en") and "the character :" in refused.value.text("en")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gcn"]


def test_on_windows_export_past_max_path_is_refused(bundle, tmp_path, monkeypatch):
    monkeypatch.setattr(file_names, "PLATFORM", "nt")
    for export, destination in ((export_folder, _long_folder(tmp_path, 240)),
                                (export_zip, _long_folder(tmp_path, 250).with_suffix(".zip"))):
        with pytest.raises(BundleError) as refused:
            export(bundle, destination)
        assert refused.value.kind is BundleErrorKind.PATH_TOO_LONG, export
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gcn"]
    assert export_zip(bundle, tmp_path / "bundle.zip").destination.is_file()  # a short path still works


def test_a_zip_entry_with_backslashes_is_judged_by_its_parts(tmp_path):
    source = tmp_path / "windows.zip"
    with zipfile.ZipFile(source, "w") as archive:
        for name, data in FILES.items():
            archive.writestr(f"Finstack\\{name}", data)  # a Windows tool's separator
    assert unpack_bundle(source, tmp_path / "out").ok
