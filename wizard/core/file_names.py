"""File names as the wizard shows them and writes them, the same on Windows, macOS and Linux.

- `shown_name`: a name that came from outside (a ZIP entry, a file on disk, a folder someone typed) as it may be
  shown in a terminal, the window or a report. Every character that is not printable is escaped (`\\x1b`,
  `\\n`, `\\u202e`), so a name cannot colour the terminal, start a line of its own or turn text around.
  `shown_message` does it to every text parameter of a message.
- `name_rule` / `name_problem`: why a name cannot exist on one of the three systems, or None. The rules are
  Windows's (the strictest; see Microsoft's "Naming Files, Paths, and Namespaces"), with Linux's byte limit.
- `make_portable`: a name the wizard makes itself (a report's), changed until every system takes it.
- `long_path_problem`: Windows's MAX_PATH. The wizard refuses a folder whose paths would be longer, with a plain
  message naming the length, rather than writing through the `\\\\?\\` prefix: Explorer and AFAS's import dialog
  could not open what it wrote there.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Iterable
from pathlib import Path

from wizard.core.messages import Message

PLATFORM = os.name  # "nt" on Windows; a module constant so that tests can decide for Windows here
MAX_NAME_UNITS = 255  # NTFS, APFS and HFS+: UTF-16 code units of one name
MAX_NAME_BYTES = 255  # ext4, Btrfs, XFS: bytes of one name in UTF-8
WINDOWS_MAX_PATH = 259  # MAX_PATH (260) less the closing NUL
WINDOWS_MAX_FOLDER = 247  # CreateDirectory leaves room for an 8.3 name: MAX_PATH less 12, less the NUL

_FORBIDDEN = frozenset('<>:"|?*/\\')
_DEVICES = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
                     | {f"{port}{digit}" for port in ("COM", "LPT") for digit in "123456789\u00b9\u00b2\u00b3"})


class NameRule(enum.Enum):
    NOT_A_NAME = "not_a_name"  # empty, "." or ".."
    CHARACTER = "character"  # < > : " | ? * / \ or a control character
    RESERVED = "reserved"  # a device name of Windows, with any extension: CON, aux.gcn, COM1.txt, LPT¹
    TRAILING = "trailing"  # ends in a dot or a space: Windows drops them, so the file would get another name
    TOO_LONG = "too_long"  # more than 255 UTF-16 units (Windows, macOS) or 255 UTF-8 bytes (Linux)


def shown_name(name: str) -> str:
    """`name` as it may be shown: every character that is not printable escaped as Python writes it (a space
    stays a space; a backslash stays itself, so a Windows path reads as it is)."""
    if name.isprintable():
        return name
    return "".join(char if char.isprintable() or char == " " else _escaped(char) for char in name)


def shown_message(message: Message) -> Message:
    """`message` with every text among its parameters (and those of the messages in it) as `shown_name` shows it:
    for the findings and errors that name files, so that no caller can show a raw name by forgetting to."""
    return message.map_texts(shown_name)


def _escaped(char: str) -> str:
    code = ord(char)
    if char in "\n\r\t":
        return repr(char)[1:-1]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def name_rule(name: str) -> NameRule | None:
    """The rule `name` (one file or folder name, no path) breaks on Windows, macOS or Linux; None if none."""
    if name in ("", ".", ".."):
        return NameRule.NOT_A_NAME
    if _bad_character(name) is not None:
        return NameRule.CHARACTER
    if _device(name) is not None:
        return NameRule.RESERVED
    if name[-1] in ". ":
        return NameRule.TRAILING
    if _units(name) > MAX_NAME_UNITS or len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        return NameRule.TOO_LONG
    return None


def is_portable_name(name: str) -> bool:
    """True when a file or folder of this name can exist on Windows, macOS and Linux alike."""
    return name_rule(name) is None


_RULE_KEYS = {NameRule.NOT_A_NAME: "names.not_a_name", NameRule.CHARACTER: "names.character",
              NameRule.RESERVED: "names.reserved", NameRule.TRAILING: "names.trailing",
              NameRule.TOO_LONG: "names.too_long"}


def name_problem(name: str) -> Message | None:
    """Why `name` cannot be a file name everywhere, in words that name the rule; None when it can."""
    rule = name_rule(name)
    if rule is None:
        return None
    params: dict[str, object] = {"name": shown_name(name)}
    if rule is NameRule.CHARACTER:
        params["char"] = shown_name(_bad_character(name) or "")
    elif rule is NameRule.RESERVED:
        params["device"] = _device(name)
    elif rule is NameRule.TOO_LONG:
        params.update(name=shown_name(name[:60]) + "…", units=_units(name), limit=MAX_NAME_UNITS,
                      bytes=len(name.encode("utf-8", "surrogatepass")))
    return Message(_RULE_KEYS[rule], params)


def path_problem(path: str) -> Message | None:
    """The first part of a relative path (a ZIP entry: `/` or `\\` between the parts) that cannot be a name
    everywhere; `.` parts are skipped (they name no file)."""
    for part in path.replace("\\", "/").split("/"):
        if part != ".":
            problem = name_problem(part)
            if problem is not None:
                return problem
    return None


def new_path_problem(path: Path) -> Message | None:
    """The first name along `path` that does not exist yet (so the wizard would create it) and cannot exist on every
    system; None when all can. Names that exist already were made by someone else, on this system."""
    to_create: list[str] = []
    current = Path(os.path.abspath(path))
    while current != current.parent and not os.path.lexists(current):
        to_create.append(current.name)
        current = current.parent
    return next((p for p in map(name_problem, reversed(to_create)) if p is not None), None)


def make_portable(name: str, fallback: str = "file") -> str:
    """`name` changed as little as possible until every system takes it: bad characters become `_`, a device name
    gets `_` after it, trailing dots and spaces go, and a long name is cut (keeping its extension)."""
    cleaned = "".join("_" if char in _FORBIDDEN or not char.isprintable() else char for char in name).rstrip(". ")
    if _device(cleaned) is not None:
        head, dot, rest = cleaned.partition(".")
        cleaned = head.rstrip(" ") + "_" + dot + rest
    stem, dot, extension = cleaned.rpartition(".")
    if not dot:
        stem, extension = cleaned, ""
    stem = stem[:MAX_NAME_UNITS]
    while stem and name_rule(stem + dot + extension) is NameRule.TOO_LONG:
        stem = stem[:-1]
    made = (stem or fallback) + dot + extension
    return made if is_portable_name(made) else fallback


def long_path_problem(folders: Iterable[str], files: Iterable[str], platform: str | None = None) -> Message | None:
    """On Windows (`platform` "nt"; default: this system), the first folder or file the wizard would create whose
    full path is longer than Windows takes without the `\\\\?\\` prefix; None when all fit, and on every other
    system. `folders` and `files` are absolute paths, as strings."""
    if (platform or PLATFORM) != "nt":
        return None
    for kind, paths, limit in (("names.folder_path_too_long", folders, WINDOWS_MAX_FOLDER),
                               ("names.file_path_too_long", files, WINDOWS_MAX_PATH)):
        for path in paths:
            if _units(path) > limit:
                return Message(kind, {"path": shown_name(path), "length": _units(path), "limit": limit})
    return None


def _units(text: str) -> int:
    """Length in UTF-16 code units, as Windows counts: a character outside the BMP counts two."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _bad_character(name: str) -> str | None:
    return next((char for char in name if char in _FORBIDDEN or ord(char) < 32 or 0x7F <= ord(char) <= 0x9F), None)


def _device(name: str) -> str | None:
    """The device name `name` stands for on Windows (the part before the first dot, trailing spaces ignored)."""
    stem = name.partition(".")[0].rstrip(" ").upper()
    return stem if stem in _DEVICES else None
