"""`finstack-afas-wizard getconnectors ...` run in-process, on real exports in real ZIP files and folders."""

from __future__ import annotations

import hashlib
import io
import json
import string
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import wizard.cli
from tests.unit.gcn_bundles import finstack_files, write_folder, write_zip
from tests.unit.gcn_samples import (
    COSTCENTERS_V5,
    GROUPS_V7,
    copy_sample,
    needs_samples,
    sample_bytes,
    write_definition,
)

GROUPS = "T4E_HelloID_Groups_v2"


@pytest.fixture
def run():
    """wizard.cli.run in-process, its output captured."""
    def invoke(*argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        status = wizard.cli.run(list(argv), stdin=io.StringIO(), out=out, err=err)
        return status, out.getvalue(), err.getvalue()

    return invoke


@pytest.fixture
def definitions(tmp_path: Path) -> Path:
    folder = tmp_path / "definitions"
    write_definition(folder, GROUPS_V7, order=1)
    write_definition(folder, COSTCENTERS_V5, order=2)
    return folder


def test_list_the_real_definitions_says_no_gcn_is_present(run, tmp_path):
    status, out, _ = run("getconnectors", "--gcn-dir", str(tmp_path), "list")
    assert status == 0
    assert "1. Finstack_Administrations" in out
    assert "   .gcn file: missing (Finstack_Administrations.gcn is not in this build)" in out
    assert "This build of the wizard carries no .gcn files" in out


def test_list_in_dutch(run, tmp_path):
    status, out, _ = run("--lang", "nl", "getconnectors", "--gcn-dir", str(tmp_path), "list")
    assert status == 0
    assert "   Gegevensverzameling: Administraties" in out
    assert "Deze versie van de wizard bevat geen .gcn-bestanden" in out


def test_export_without_gcn_files_fails_plainly(run, tmp_path):
    status, _, err = run("getconnectors", "--gcn-dir", str(tmp_path), "export", str(tmp_path / "out"))
    assert status == 2
    assert err.startswith("Error: There is nothing to export: this build carries no .gcn files")
    assert not (tmp_path / "out").exists()


def test_guide_prints_the_hand_made_steps(run):
    status, out, _ = run("getconnectors", "guide", "finstack_administrations")
    assert status == 0
    assert "Finstack_Administrations" in out
    assert "Filter op deze waarden" in out


def test_guide_for_an_unknown_connector(run):
    status, _, err = run("getconnectors", "guide", "Finstack_Nothing")
    assert status == 2
    assert '"Finstack_Nothing" is not one of Finstack\'s GetConnectors. Choose one of: Finstack_Administrations' in err


@needs_samples
def test_list_shows_present_exports(run, definitions, tmp_path):
    gcn_dir = tmp_path / "gcn"
    copy_sample(GROUPS_V7, gcn_dir)
    status, out, _ = run("getconnectors", "--definitions", str(definitions), "--gcn-dir", str(gcn_dir), "list")
    assert status == 0
    assert f"   .gcn file: present ({GROUPS_V7})" in out
    assert f"   .gcn file: missing ({COSTCENTERS_V5} is not in this build)" in out
    assert "1 of the 2 Finstack GetConnectors are in this bundle" in out


@needs_samples
def test_export_zip_then_check_it(run, definitions, tmp_path):
    gcn_dir = tmp_path / "gcn"
    copy_sample(GROUPS_V7, gcn_dir)
    copy_sample(COSTCENTERS_V5, gcn_dir)
    destination = tmp_path / "bundle.zip"
    base = ("getconnectors", "--definitions", str(definitions), "--gcn-dir", str(gcn_dir))
    status, out, _ = run(*base, "export", str(destination), "--zip")
    assert status == 0
    assert f"Wrote 2 .gcn files with LEESMIJ.txt, README.txt and manifest.json to {destination}." in out
    status, out, _ = run(*base, "check", str(destination))
    assert status == 0
    assert out.splitlines() == [
        f"Checking {destination}",
        f"  ok        {GROUPS_V7}: {GROUPS}, 2 fields, as Finstack expects (format version 7).",
        f"  ok        {COSTCENTERS_V5}: T4E_HelloID_Costcenters, 3 fields, as Finstack expects (format version 5).",
        "Result: the bundle is ready to import in AFAS (Acties > Importeren > Map).",
    ]


@needs_samples
def test_check_a_real_sample_in_a_zip(run, tmp_path):
    definitions = tmp_path / "definitions"
    write_definition(definitions, GROUPS_V7)
    bundle = tmp_path / "from-finstack.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr(GROUPS_V7, sample_bytes(GROUPS_V7))
    status, out, _ = run("getconnectors", "--definitions", str(definitions), "check", str(bundle))
    assert status == 0
    assert f"ok        {GROUPS_V7}: {GROUPS}, 2 fields" in out


@needs_samples
def test_check_a_corrupted_file_exits_1_and_says_what_is_wrong(run, definitions, tmp_path):
    folder = tmp_path / "bundle"
    copy_sample(GROUPS_V7, folder)
    damaged = bytearray(sample_bytes(COSTCENTERS_V5))
    damaged[0x300] ^= 0xFF  # inside the compressed definition
    (folder / COSTCENTERS_V5).write_bytes(bytes(damaged))
    status, out, _ = run("getconnectors", "--definitions", str(definitions), "check", str(folder))
    assert status == 1
    assert (f"  damaged   {COSTCENTERS_V5} cannot be used: The file is damaged: the compressed connector definition "
            "inside it does not unpack") in out
    assert out.splitlines()[-1] == "Result: 1 problem found. Fix them before importing the bundle in AFAS."

    status, out, _ = run("--lang", "nl", "getconnectors", "--definitions", str(definitions), "check", str(folder))
    assert status == 1
    assert f"  beschadigd  {COSTCENTERS_V5} is niet bruikbaar: Het bestand is beschadigd" in out


def test_check_unreadable_input_exits_2(run, tmp_path):
    text_file = tmp_path / "bundle.txt"
    text_file.write_text("not a bundle", encoding="utf-8")
    status, out, err = run("getconnectors", "check", str(text_file))
    assert (status, out) == (2, "")
    assert err == f"Error: {text_file} is neither a folder, a ZIP file nor a .gcn file.\n"


def test_every_gcn_message_exists_in_both_languages_with_the_same_placeholders():
    folder = Path(__file__).resolve().parents[2] / "resources" / "messages"
    english = json.loads((folder / "gcn.en.json").read_text(encoding="utf-8"))
    dutch = json.loads((folder / "gcn.nl.json").read_text(encoding="utf-8"))
    assert english.keys() == dutch.keys()
    assert all(key.startswith("gcn.") for key in english)
    formatter = string.Formatter()
    for key, template in english.items():
        placeholders = {name for _, name, _, _ in formatter.parse(template) if name}
        assert placeholders == {name for _, name, _, _ in formatter.parse(dutch[key]) if name}, key


# ---------------------------------------------------------------------------------------------- unpack


def _finstack_zip(tmp_path: Path, folder: str = "", damage: str | None = None) -> Path:
    files = finstack_files()
    if damage:
        files[damage] = files[damage][:-40]  # cut off in a download
    tmp_path.mkdir(parents=True, exist_ok=True)
    return write_zip(tmp_path / "Finstack GetConnectors.zip", files, folder)


def test_unpack_a_good_zip_prints_every_file_with_its_hash(run, tmp_path):
    source = _finstack_zip(tmp_path)
    status, out, err = run("--lang", "en", "getconnectors", "unpack", str(source))
    destination = tmp_path / "Finstack GetConnectors"
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"Checking {source}"
    assert lines[1] == ("  ok        Finstack_Administrations.gcn: Finstack_Administrations, 3 fields, as Finstack "
                        "expects (format version 8).")
    assert lines[7] == f"Unpacked 6 .gcn files into {destination}:"
    sha = hashlib.sha256((destination / "Finstack_Administrations.gcn").read_bytes()).hexdigest()
    assert lines[8] == f"  Finstack_Administrations.gcn        SHA-256 {sha}"
    assert lines[-1] == ("Result: every Finstack GetConnector is there and sound. In AFAS, choose this folder under "
                         f"Acties > Importeren > Map: {destination}")
    assert sorted(p.name for p in destination.iterdir()) == sorted(finstack_files())

    status, out, _ = run("--lang", "en", "getconnectors", "unpack", str(source))  # again: nothing changes
    assert status == 0 and out.splitlines()[8].endswith(f"{sha} (was already there, identical)")


def test_unpack_a_nested_zip_into_a_chosen_folder(run, tmp_path):
    source = _finstack_zip(tmp_path, folder="Finstack")
    status, out, _ = run("--lang", "en", "getconnectors", "unpack", str(source), str(tmp_path / "for AFAS"))
    assert status == 0
    assert out.splitlines()[1] == ('  nested    The .gcn files sit in the folder "Finstack" inside Finstack '
                                   "GetConnectors.zip. That is fine: under Acties > Importeren > Map, choose the "
                                   "folder that holds the .gcn files.")
    assert len(list((tmp_path / "for AFAS").iterdir())) == 6


def test_unpack_a_damaged_zip_writes_nothing_and_exits_1(run, tmp_path):
    source = _finstack_zip(tmp_path, damage="Finstack_Transactions.gcn")
    status, out, _ = run("--lang", "en", "getconnectors", "unpack", str(source))
    assert status == 1
    assert ("  damaged   Finstack_Transactions.gcn cannot be used: The file is cut off: it ends before the "
            "GetConnector export is complete. Download or copy the .gcn file again.") in out.splitlines()
    assert out.splitlines()[-2:] == [
        "Nothing was written: 1 finding above stops the unpacking (marked damaged, spread or extra), so that no "
        "damaged or doubtful file reaches AFAS. Get Finstack's ZIP again.",
        "Result: 1 problem found. Fix them before importing the bundle in AFAS."]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Finstack GetConnectors.zip"]

    status, out, _ = run("--lang", "nl", "getconnectors", "unpack", str(source))
    assert status == 1 and out.splitlines()[-2].startswith("Er is niets geschreven: 1 bevinding hierboven")


def test_unpack_gcn_files_with_a_destination_exits_1_when_some_are_missing(run, tmp_path):
    folder = write_folder(tmp_path / "files", finstack_files())
    chosen = [str(folder / "Finstack_Administrations.gcn"), str(folder / "Finstack_Periods.gcn")]
    status, out, _ = run("--lang", "en", "getconnectors", "unpack", *chosen, str(tmp_path / "out"))
    assert status == 1
    assert "Unpacked 2 .gcn files into" in out
    assert "  missing   Finstack_Transactions.gcn is missing: there is no export of Finstack_Transactions." in out
    assert out.splitlines()[-1] == "Result: 4 problems found. Fix them before importing the bundle in AFAS."


def test_unpack_bad_input_exits_2(run, tmp_path):
    status, out, err = run("--lang", "en", "getconnectors", "unpack", str(tmp_path / "nowhere.zip"))
    assert (status, out) == (2, "")
    assert err == f"Error: {tmp_path / 'nowhere.zip'} does not exist.\n"
    evil = write_zip(tmp_path / "evil.zip", {"../evil.gcn": b"x"})
    status, _, err = run("--lang", "en", "getconnectors", "unpack", str(evil))
    assert status == 2 and "unsafe name (../evil.gcn)" in err
    assert not (tmp_path.parent / "evil.gcn").exists()


def test_unpack_runs_as_the_installed_command(tmp_path):
    source = _finstack_zip(tmp_path / "download")
    result = subprocess.run([sys.executable, "-m", "wizard", "--lang", "en", "getconnectors", "unpack", str(source)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].endswith(str(tmp_path / "download" / "Finstack GetConnectors"))


def test_list_export_and_check_a_build_with_every_export(run, tmp_path):
    gcn_dir = write_folder(tmp_path / "gcn", finstack_files())
    status, out, _ = run("--lang", "en", "getconnectors", "--gcn-dir", str(gcn_dir), "list")
    assert status == 0
    assert "   .gcn file: present (Finstack_Administrations.gcn)" in out
    assert out.splitlines()[-1] == "All 6 Finstack GetConnectors are in this bundle."
    status, out, _ = run("--lang", "en", "getconnectors", "--gcn-dir", str(gcn_dir), "export", str(tmp_path / "out"))
    assert status == 0 and out.startswith(f"Wrote 6 .gcn files with LEESMIJ.txt, README.txt and manifest.json to "
                                          f"the folder {tmp_path / 'out'}.")
    status, out, _ = run("--lang", "en", "getconnectors", "check", str(tmp_path / "out"))
    assert status == 0 and out.splitlines()[-1].startswith("Result: the bundle is ready to import in AFAS")


def test_names_from_a_zip_cannot_colour_the_terminal_or_fake_a_line(run, tmp_path):
    odd = {"notes\x1b[31m.txt": b"x", "x.txt\n  ok          Finstack_Forged.gcn: as Finstack expects": b"y"}
    source = write_zip(tmp_path / "download.zip", {**finstack_files(), **odd})
    for argv in (("check", str(source)), ("unpack", str(source), str(tmp_path / "out"))):
        status, out, err = run("--lang", "en", "getconnectors", *argv)
        assert status == 0, err
        assert "\x1b" not in out + err
        assert "notes\\x1b[31m.txt" in out and "x.txt\\n  ok" in out
        assert sum(1 for line in out.splitlines() if line.startswith("  ok ")) == len(finstack_files())
        assert not any("Forged" in line and line.startswith("  ok") for line in out.splitlines())


def test_a_gcn_whose_name_cannot_exist_on_windows_is_refused_with_the_rule(run, tmp_path):
    source = write_zip(tmp_path / "download.zip", {**finstack_files(), "aux\x1b[2J.gcn": b"x"})
    status, out, err = run("--lang", "nl", "getconnectors", "unpack", str(source))
    assert status == 2 and out == ""
    assert "bevat een .gcn-bestand dat op Windows of macOS niet kan worden uitgepakt" in err
    assert '"aux\\x1b[2J.gcn" bevat het teken \\x1b' in err and "\x1b" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["download.zip"]
