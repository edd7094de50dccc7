"""The GetConnector bundle as data: Finstack's connectors with their `.gcn` exports, the findings of a check,
and (from errors.py) the errors of bundle work. Matching (matching.py), export (export.py) and checking (check.py)
build on it.

The repository may carry no `.gcn` at all (getconnectors/gcn/ is empty until Finstack exports them from
Profit); then the bundle says so and refuses to export, instead of writing an empty or invented bundle.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from wizard.core.file_names import shown_message
from wizard.core.getconnectors.definitions import ConnectorDefinition
from wizard.core.getconnectors.errors import BundleError as BundleError  # the errors live in errors.py
from wizard.core.getconnectors.errors import BundleErrorKind as BundleErrorKind
from wizard.core.getconnectors.gcn import GcnFile
from wizard.core.messages import Language, Message
from wizard.core.resources import getconnectors_dir

GCN_SUFFIX = ".gcn"
README_NL, README_EN, MANIFEST = "LEESMIJ.txt", "README.txt", "manifest.json"
MAX_ENTRIES = 500  # a bundle holds a handful of files; refuse to walk a whole disk or a ZIP bomb
MAX_TOTAL_READ = 64 * 1024 * 1024  # all .gcn files of one bundle together (real ones are 2-10 KB each)


def default_gcn_dir() -> Path:
    """Where the build keeps the `.gcn` exports: getconnectors/gcn/."""
    return getconnectors_dir() / "gcn"


# ------------------------------------------------------------------------------------- check results


class ItemKind(enum.Enum):
    OK = "ok"
    MISSING = "missing"  # a definition without a file
    OUTDATED = "outdated"  # right connector, fields or filter differ from the definition
    CORRUPT = "corrupt"  # the file does not read as a GetConnector export: damaged
    UNSUPPORTED = "unsupported"  # an export in a format version this wizard does not read: cannot be checked
    EXTRA = "extra"  # a .gcn that is not one of Finstack's connectors, or a second copy of one
    SCATTERED = "scattered"  # .gcn files in more than one folder: AFAS imports one folder
    NESTED = "nested"  # all .gcn files in one sub-folder: fine, that folder is the one to import; a note
    NOT_INTERPRETED = "not_interpreted"  # a sound file with a part the wizard shows as stored; a note
    IGNORED = "ignored"  # a file AFAS skips (not a .gcn); a note

    @property
    def is_problem(self) -> bool:
        return self not in (ItemKind.OK, ItemKind.IGNORED, ItemKind.NESTED, ItemKind.NOT_INTERPRETED)

    @property
    def tag(self) -> Message:
        """The kind in one word (ok, missing, damaged, ...), as a log column and a screen reader say it."""
        return Message(_ITEM_TAGS[self.value])


_ITEM_TAGS = {"ok": "gcn.cli_tag_ok", "missing": "gcn.cli_tag_missing", "outdated": "gcn.cli_tag_outdated",
              "corrupt": "gcn.cli_tag_corrupt", "unsupported": "gcn.cli_tag_unsupported", "extra": "gcn.cli_tag_extra",
              "scattered": "gcn.cli_tag_scattered", "nested": "gcn.cli_tag_nested",
              "not_interpreted": "gcn.cli_tag_not_interpreted", "ignored": "gcn.cli_tag_ignored"}


@dataclass(frozen=True)
class CheckItem:
    """One finding. Its message shows every name escaped (file_names.shown_message): a name from a ZIP or a file
    from the customer can hold control characters; `file` keeps the name as found."""

    kind: ItemKind
    message: Message
    connector: str | None = None
    file: str | None = None  # as found: the ZIP entry name or the path relative to the folder

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", shown_message(self.message))

    def text(self, language: Language = "en") -> str:
        return self.message.text(language)


@dataclass(frozen=True)
class CheckReport:
    source: Path
    items: tuple[CheckItem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problems(self) -> tuple[CheckItem, ...]:
        return tuple(i for i in self.items if i.kind.is_problem)

    @property
    def notes(self) -> tuple[CheckItem, ...]:
        """Worth saying, not a problem: one sub-folder, a part shown as stored, a file AFAS skips."""
        return tuple(i for i in self.items if not i.kind.is_problem and i.kind is not ItemKind.OK)

    def of_kind(self, kind: ItemKind) -> tuple[CheckItem, ...]:
        return tuple(i for i in self.items if i.kind is kind)


class EntryState(enum.Enum):
    PRESENT = "present"
    MISSING = "missing"
    INVALID = "invalid"


@dataclass(frozen=True)
class BundleEntry:
    """One Finstack connector in the build's bundle."""

    definition: ConnectorDefinition
    state: EntryState
    message: Message  # the first (most important) thing to say about it
    details: tuple[CheckItem, ...] = ()
    gcn: GcnFile | None = None
    data: bytes = field(default=b"", repr=False)

    @property
    def file_name(self) -> str:
        return self.definition.file_name

    @property
    def sha256(self) -> str | None:
        return hashlib.sha256(self.data).hexdigest() if self.state is EntryState.PRESENT else None

    @property
    def size(self) -> int | None:
        return len(self.data) if self.state is EntryState.PRESENT else None


@dataclass(frozen=True)
class Bundle:
    entries: tuple[BundleEntry, ...]
    others: tuple[CheckItem, ...]  # files in the gcn folder that belong to no definition
    gcn_dir: Path

    @property
    def has_files(self) -> bool:
        """False when this build carries no usable .gcn file at all."""
        return any(e.state is EntryState.PRESENT for e in self.entries)

    @property
    def complete(self) -> bool:
        return all(e.state is EntryState.PRESENT for e in self.entries)

    @property
    def present(self) -> tuple[BundleEntry, ...]:
        return tuple(e for e in self.entries if e.state is EntryState.PRESENT)

    @property
    def summary(self) -> Message:
        if not self.has_files:
            return Message("gcn.bundle_no_files", {"count": len(self.entries)})
        if self.complete:
            return Message("gcn.bundle_complete", {"count": len(self.entries)})
        return Message("gcn.bundle_partial", {"present": len(self.present), "count": len(self.entries)})
