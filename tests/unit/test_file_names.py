"""File names as the wizard shows and writes them: control characters escaped on screen, names that cannot exist
on Windows, macOS or Linux named by the rule they break, and Windows's MAX_PATH decided for Windows here."""

from __future__ import annotations

from pathlib import Path

import pytest

from wizard.core import file_names
from wizard.core.file_names import (
    NameRule,
    is_portable_name,
    long_path_problem,
    make_portable,
    name_problem,
    name_rule,
    new_path_problem,
    path_problem,
    shown_message,
    shown_name,
)
from wizard.core.messages import LANGUAGES, Message


@pytest.mark.parametrize(("raw", "shown"), [
    ("Finstack_Administrations.gcn", "Finstack_Administrations.gcn"),
    ("Grootboek é € ü.gcn", "Grootboek é € ü.gcn"),  # letters and a space stay as they are
    ("\x1b[31mred\x1b[0m.gcn", "\\x1b[31mred\\x1b[0m.gcn"),  # an ANSI colour cannot reach the terminal
    ("a.gcn\n  ok  Finstack_X.gcn", "a.gcn\\n  ok  Finstack_X.gcn"),  # a line break cannot fake an "ok" line
    ("x\r\ty\x00\x7f\x9b", "x\\r\\ty\\x00\\x7f\\x9b"),
    ("abc\u202egcn.exe", "abc\\u202egcn.exe"),  # right-to-left override: the name would read backwards
    ("zero\u200bwidth\u2028line", "zero\\u200bwidth\\u2028line"),
    ("undecodable\udcff.gcn", "undecodable\\udcff.gcn"),  # a Linux byte name that is not UTF-8
    ("tag\U000e0041.gcn", "tag\\U000e0041.gcn"),
    ("C:\\Users\\Jan\\Downloads", "C:\\Users\\Jan\\Downloads"),  # a Windows path reads as it is
])
def test_a_name_is_shown_with_every_control_character_escaped(raw, shown):
    assert shown_name(raw) == shown
    assert shown_name(shown) == shown  # escaping twice changes nothing
    assert shown.isprintable()


def test_a_message_shows_every_name_in_it_escaped_also_inside_nested_messages():
    raw = Message("gcn.item_corrupt", {"file": "a\nb.gcn", "problem": Message("gcn.unreadable", {
        "file": "\x1b[2J", "reason": "No such file"})})
    for language in LANGUAGES:
        text = shown_message(raw).text(language)
        assert "\n" not in text and "\x1b" not in text
        assert "a\\nb.gcn" in text and "\\x1b[2J" in text
    plain = Message("gcn.item_ok", {"file": "Finstack_Periods.gcn", "connector": "Finstack_Periods", "count": 3})
    assert shown_message(plain) is plain


@pytest.mark.parametrize(("name", "rule"), [
    ("CON.gcn", NameRule.RESERVED), ("aux.gcn", NameRule.RESERVED), ("Nul", NameRule.RESERVED),
    ("prn.tar.gz", NameRule.RESERVED), ("com1.gcn", NameRule.RESERVED), ("LPT9", NameRule.RESERVED),
    ("COM\u00b9.gcn", NameRule.RESERVED), ("lpt\u00b3.txt", NameRule.RESERVED), ("CON .gcn", NameRule.RESERVED),
    ("CONIN$.gcn", NameRule.RESERVED),
    ("a*?.gcn", NameRule.CHARACTER), ("a:b.gcn", NameRule.CHARACTER), ('say "hi".gcn', NameRule.CHARACTER),
    ("a<b>.gcn", NameRule.CHARACTER), ("a|b.gcn", NameRule.CHARACTER), ("a\\b.gcn", NameRule.CHARACTER),
    ("a/b.gcn", NameRule.CHARACTER), ("tab\there.gcn", NameRule.CHARACTER), ("esc\x1b.gcn", NameRule.CHARACTER),
    ("Finstack.", NameRule.TRAILING), ("Finstack ", NameRule.TRAILING), ("Finstack_X.gcn.", NameRule.TRAILING),
    ("a" * 252 + ".gcn", NameRule.TOO_LONG),  # 256 characters
    ("\U0001f600" * 128, NameRule.TOO_LONG),  # 128 characters, but 256 UTF-16 units
    ("é" * 128, NameRule.TOO_LONG),  # 128 UTF-16 units, but 256 bytes in UTF-8: too long for Linux
    ("", NameRule.NOT_A_NAME), (".", NameRule.NOT_A_NAME), ("..", NameRule.NOT_A_NAME),
])
def test_a_name_that_cannot_exist_everywhere_is_named_by_its_rule(name, rule):
    assert name_rule(name) is rule and not is_portable_name(name)
    problem = name_problem(name)
    assert problem is not None
    for language in LANGUAGES:
        assert problem.text(language).isprintable()


@pytest.mark.parametrize("name", ["Finstack_Administrations.gcn", "COM10.gcn", "LPT0x", "CONSOLE.gcn", "con_.gcn",
                                  "Console", ".hidden", " leading space.gcn", "a" * 251 + ".gcn", "\U0001f600" * 63,
                                  "Rapport koppeling O12345AA.pdf", "é" * 127])
def test_ordinary_names_pass(name):
    assert name_rule(name) is None and name_problem(name) is None


def test_each_rule_says_what_it_is_in_both_languages():
    texts = {name: (name_problem(name).text("en"), name_problem(name).text("nl"))
             for name in ("CON.gcn", "a*?.gcn", "x.", "a" * 300, "")}
    assert 'named after the device CON' in texts["CON.gcn"][0] and "apparaat CON" in texts["CON.gcn"][1]
    assert "the character *" in texts["a*?.gcn"][0] and "het teken *" in texts["a*?.gcn"][1]
    assert "ends in a dot or a space" in texts["x."][0] and "eindigt op een punt" in texts["x."][1]
    assert "300 characters" in texts["a" * 300][0] and "300 tekens" in texts["a" * 300][1]
    assert "is not a file name" in texts[""][0] and "geen bestandsnaam" in texts[""][1]


def test_a_path_names_its_first_bad_part_and_skips_dot_parts():
    assert path_problem("Finstack/./Finstack_Periods.gcn") is None
    assert path_problem("ok/CON/x.gcn").key == "names.reserved"
    assert path_problem("trailing./x.gcn").key == "names.trailing"
    assert path_problem("a\\b:c.gcn").key == "names.character"  # backslashes separate parts too


@pytest.mark.parametrize(("made", "portable"), [
    ("Onboarding report O12345AA.pdf", "Onboarding report O12345AA.pdf"),
    ("Report a/b:c?.pdf", "Report a_b_c_.pdf"),
    ("CON.pdf", "CON_.pdf"), ("aux", "aux_"), ("report. . ", "report"),
    ("line\nbreak.pdf", "line_break.pdf"), ("", "file"), (".pdf", "file.pdf"),
])
def test_a_name_the_wizard_makes_is_made_portable(made, portable):
    assert make_portable(made) == portable
    assert is_portable_name(portable)


def test_a_long_made_name_is_cut_and_keeps_its_extension():
    made = make_portable("é" * 300 + ".pdf")
    assert made.endswith(".pdf") and is_portable_name(made) and len(made.encode("utf-8")) <= 255


def test_on_windows_a_path_over_max_path_is_refused_with_its_length():
    folder = "C:\\Users\\" + "a" * 230  # 239 characters: a folder may be 247
    short, long_file = folder + "\\x.gcn", folder + "\\" + "b" * 30 + ".gcn"
    assert long_path_problem([folder], [short], platform="nt") is None
    problem = long_path_problem([folder], [short, long_file], platform="nt")
    assert problem.key == "names.file_path_too_long" and problem.params["length"] == len(long_file) == 274
    assert "274 characters" in problem.text("en") and "259" in problem.text("en") and "274 tekens" in problem.text("nl")
    deep = folder + "\\" + "c" * 10
    assert long_path_problem([deep], [], platform="nt").key == "names.folder_path_too_long"
    for other in ("posix", "java"):  # macOS and Linux take paths of thousands of characters
        assert long_path_problem([deep], [long_file], platform=other) is None


def test_windows_counts_utf16_units():
    folder = "C:\\" + "\U0001f600" * 123  # 126 characters, 249 UTF-16 units
    assert long_path_problem([folder], [], platform="nt").params["length"] == 249


def test_this_system_decides_by_default(monkeypatch):
    path = "/" + "x" * 300
    monkeypatch.setattr(file_names, "PLATFORM", "nt")
    assert long_path_problem([path], []) is not None
    monkeypatch.setattr(file_names, "PLATFORM", "posix")
    assert long_path_problem([path], []) is None


def test_only_names_still_to_be_made_are_checked(tmp_path):
    existing = tmp_path / "a:b"  # made by someone else on this system: not the wizard's to judge
    existing.mkdir()
    assert new_path_problem(existing / "fine" / "Finstack GetConnectors") is None
    assert new_path_problem(existing / "CON" / "x").key == "names.reserved"
    assert new_path_problem(Path(tmp_path / "new folder.")).key == "names.trailing"
