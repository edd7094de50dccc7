"""The GetConnector bundle: Finstack's `.gcn` exports checked against the definitions, saved as a flat ZIP or a
folder for AFAS's "Acties > Importeren > Map", and the check of a bundle a customer already has.

The repository may carry no `.gcn` at all (getconnectors/gcn/ is empty until Finstack exports them from
Profit); then the bundle says so and refuses to export, instead of writing an empty or invented bundle.
"""

from __future__ import annotations

import enum
import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from wizard import __version__
from wizard.core.connector_definitions import ADMINISTRATIONS_CONNECTOR, ConnectorDefinition, load_definitions
from wizard.core.gcn import MAX_FILE_SIZE, GcnError, GcnErrorKind, GcnFile, read_gcn
from wizard.core.messages import Language, Message, UserInputError
from wizard.core.resources import getconnectors_dir

GCN_SUFFIX = ".gcn"
README_NL, README_EN, MANIFEST = "LEESMIJ.txt", "README.txt", "manifest.json"
_COMPANIONS = {README_NL.lower(), README_EN.lower(), MANIFEST}
_JUNK = {".ds_store", "thumbs.db", "desktop.ini"}  # left by file managers; harmless to AFAS
_FOLDER_MODE, _FILE_MODE = 0o755, 0o644
_MAX_ENTRIES = 500  # a bundle holds a handful of files; refuse to walk a whole disk or a ZIP bomb


def default_gcn_dir() -> Path:
    """Where the build keeps the `.gcn` exports: getconnectors/gcn/."""
    return getconnectors_dir() / "gcn"


# ------------------------------------------------------------------------------------------------ errors


class BundleErrorKind(enum.Enum):
    NO_FILES = "no_files"  # nothing to export
    EXISTS_DIFFERENT = "exists_different"  # would overwrite a different file
    NOT_A_FOLDER = "not_a_folder"
    UNREADABLE = "unreadable"  # the bundle to check cannot be opened
    WRITE_FAILED = "write_failed"


class BundleError(UserInputError):
    def __init__(self, kind: BundleErrorKind, key: str, **params: Any) -> None:
        super().__init__(Message(key, params))
        self.kind = kind


# ------------------------------------------------------------------------------------- check results


class ItemKind(enum.Enum):
    OK = "ok"
    MISSING = "missing"  # a definition without a file
    OUTDATED = "outdated"  # right connector, fields or filter differ from the definition
    CORRUPT = "corrupt"  # the file does not read as a GetConnector export
    EXTRA = "extra"  # a .gcn that is not one of Finstack's connectors, or a second copy of one
    NESTED = "nested"  # files in a sub-folder: AFAS imports one flat folder
    IGNORED = "ignored"  # a file AFAS skips (not a .gcn); reported, not a problem

    @property
    def is_problem(self) -> bool:
        return self not in (ItemKind.OK, ItemKind.IGNORED)


@dataclass(frozen=True)
class CheckItem:
    kind: ItemKind
    message: Message
    connector: str | None = None
    file: str | None = None  # as found: the ZIP entry name or the path relative to the folder

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


# ----------------------------------------------------------------------------------- matching (shared)


@dataclass(frozen=True)
class _Found:
    """A .gcn file found in a folder or ZIP, read or failed."""

    path: str
    data: bytes
    gcn: GcnFile | None
    error: GcnError | None

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name


def _found(path: str, data: bytes | None, size: int) -> _Found:
    """Read one export; `data` is None when the file was too large to be one (and was not read)."""
    if data is None:
        return _Found(path, b"", None, GcnError(GcnErrorKind.NOT_A_GETCONNECTOR, "gcn.too_large", size=size))
    try:
        return _Found(path, data, read_gcn(data), None)
    except GcnError as error:
        return _Found(path, data, None, error)


def _compare(definition: ConnectorDefinition, found: _Found) -> list[CheckItem]:
    """What differs between the export and its definition; empty when it matches."""
    gcn = found.gcn
    assert gcn is not None
    problems: list[CheckItem] = []

    def outdated(key: str, **params: Any) -> None:
        params = {"file": found.path, "connector": definition.external_name, **params}
        problems.append(CheckItem(ItemKind.OUTDATED, Message(key, params), definition.external_name, found.path))

    missing = [a for a in definition.aliases if a not in gcn.aliases]
    extra = [a for a in gcn.aliases if a not in definition.aliases]
    if missing:
        outdated("gcn.outdated_missing_fields", fields=", ".join(missing), count=len(missing))
    if extra:
        outdated("gcn.outdated_extra_fields", fields=", ".join(extra), count=len(extra))
    expected = {(c.field, c.value) for c in definition.stored_filter}
    stored = {(c.field, c.value) for c in gcn.stored_filter}
    if stored != expected:  # a stored filter returns with every re-import, so it must be the intended one
        none = Message("gcn.no_filter")
        outdated("gcn.outdated_filter", filter="; ".join(str(c) for c in gcn.stored_filter) or none,
                 expected="; ".join(f"{c.field} {c.operator} {c.value}" for c in definition.stored_filter) or none)
    return problems


def _evaluate(definitions: Sequence[ConnectorDefinition], files: Sequence[_Found]) -> tuple[
        dict[str, list[CheckItem]], list[CheckItem], dict[str, _Found]]:
    """Per definition: its items and the file that matched; plus items about files no definition claims."""
    per_definition: dict[str, list[CheckItem]] = {}
    matched: dict[str, _Found] = {}
    claimed: set[str] = set()
    others: list[CheckItem] = []
    for definition in definitions:
        name = definition.external_name
        # The export is recognised by the external name inside it; the file name is only Profit's habit.
        candidates = [f for f in files if f.gcn is not None and f.gcn.external_name == name]
        candidates.sort(key=lambda f: f.name != definition.file_name)
        broken = [f for f in files if f.gcn is None and f.name.lower() == definition.file_name.lower()]
        if candidates:
            chosen = candidates[0]
            claimed.add(chosen.path)
            matched[name] = chosen
            items = _compare(definition, chosen) or [CheckItem(ItemKind.OK, Message("gcn.item_ok", {
                "file": chosen.path, "connector": name, "count": len(chosen.gcn.fields) if chosen.gcn else 0,
                "version": chosen.gcn.format_version if chosen.gcn else 0}), name, chosen.path)]
            for copy in candidates[1:]:
                claimed.add(copy.path)
                others.append(CheckItem(ItemKind.EXTRA, Message("gcn.item_duplicate", {
                    "file": copy.path, "connector": name, "other": chosen.path}), name, copy.path))
        elif broken:
            claimed.add(broken[0].path)
            assert broken[0].error is not None
            items = [CheckItem(ItemKind.CORRUPT, Message("gcn.item_corrupt", {
                "file": broken[0].path, "problem": broken[0].error.message}), name, broken[0].path)]
        else:
            items = [CheckItem(ItemKind.MISSING, Message("gcn.item_missing", {
                "file": definition.file_name, "connector": name}), name, None)]
        per_definition[name] = items
    for unclaimed in (f for f in files if f.path not in claimed):
        if unclaimed.gcn is None:
            assert unclaimed.error is not None
            others.append(CheckItem(ItemKind.CORRUPT, Message("gcn.item_corrupt", {
                "file": unclaimed.path, "problem": unclaimed.error.message}), None, unclaimed.path))
        else:
            others.append(CheckItem(ItemKind.EXTRA, Message("gcn.item_unknown_connector", {
                "file": unclaimed.path, "connector": unclaimed.gcn.external_name}), None, unclaimed.path))
    return per_definition, others, matched


# -------------------------------------------------------------------------------------------- building


def build_bundle(definitions_dir: Path | None = None, gcn_dir: Path | None = None) -> Bundle:
    """The build's bundle: every definition with its `.gcn` from `gcn_dir` (default getconnectors/gcn/)."""
    folder = gcn_dir if gcn_dir is not None else default_gcn_dir()
    definitions = load_definitions(definitions_dir)
    files: list[_Found] = []
    if folder.is_dir():
        for path in sorted(folder.iterdir())[:_MAX_ENTRIES]:
            if path.is_file() and path.suffix.lower() == GCN_SUFFIX:
                files.append(_read_found(path, path.name))
    per_definition, others, matched = _evaluate(definitions, files)
    entries = []
    for definition in definitions:
        items = per_definition[definition.external_name]
        chosen = matched.get(definition.external_name)
        if items[0].kind is ItemKind.OK and chosen is not None:
            entries.append(BundleEntry(definition, EntryState.PRESENT, items[0].message, tuple(items),
                                       chosen.gcn, chosen.data))
        elif items[0].kind is ItemKind.MISSING:
            entries.append(BundleEntry(definition, EntryState.MISSING, items[0].message, tuple(items)))
        else:
            entries.append(BundleEntry(definition, EntryState.INVALID, items[0].message, tuple(items),
                                       chosen.gcn if chosen else None))
    return Bundle(tuple(entries), tuple(others), folder)


def _read_found(path: Path, shown: str) -> _Found:
    try:
        size = path.stat().st_size
        return _found(shown, path.read_bytes() if size <= MAX_FILE_SIZE else None, size)
    except OSError as error:
        raise BundleError(BundleErrorKind.UNREADABLE, "gcn.bundle_unreadable", path=str(path),
                          reason=error.strerror or type(error).__name__) from None


# --------------------------------------------------------------------------------------------- export


@dataclass(frozen=True)
class ExportResult:
    destination: Path
    files: tuple[str, ...]  # the .gcn files written
    left_out: tuple[BundleEntry, ...]  # connectors without a usable .gcn


def bundle_files(bundle: Bundle) -> dict[str, bytes]:
    """Every file of the exported bundle, by name: the .gcn exports, LEESMIJ.txt, README.txt, manifest.json."""
    if not bundle.has_files:
        raise BundleError(BundleErrorKind.NO_FILES, "gcn.export_no_files", count=len(bundle.entries))
    files = {e.file_name: e.data for e in bundle.present}
    files[README_NL] = _readme(bundle, "nl").encode("utf-8-sig")
    files[README_EN] = _readme(bundle, "en").encode("utf-8-sig")
    files[MANIFEST] = (json.dumps(_manifest(bundle), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return files


def _manifest(bundle: Bundle) -> dict[str, Any]:
    return {
        "generator": f"finstack-afas-wizard {__version__}",
        "connectors": [
            {"connector": e.definition.external_name, "file": e.file_name, "sha256": e.sha256, "size": e.size,
             "format_version": e.gcn.format_version if e.gcn else None}
            for e in bundle.present
        ],
        "missing": [e.definition.external_name for e in bundle.entries if e.state is not EntryState.PRESENT],
    }


def _readme(bundle: Bundle, language: Language) -> str:
    lines = [Message("gcn.readme_title").text(language), "",
             Message("gcn.readme_contents", {"count": len(bundle.present)}).text(language)]
    lines += [Message("gcn.readme_item", {"file": e.file_name, "connector": e.definition.external_name})
              .text(language) for e in bundle.present]
    left_out = [e.definition.external_name for e in bundle.entries if e.state is not EntryState.PRESENT]
    if left_out:
        lines += ["", Message("gcn.readme_left_out", {"connectors": ", ".join(left_out)}).text(language)]
    lines += ["", Message("gcn.readme_steps", {"admin_connector": ADMINISTRATIONS_CONNECTOR}).text(language), ""]
    return "\r\n".join("\r\n".join(line.splitlines()) for line in lines)  # Windows line ends: read in Notepad


def _left_out(bundle: Bundle) -> tuple[BundleEntry, ...]:
    return tuple(e for e in bundle.entries if e.state is not EntryState.PRESENT)


def export_folder(bundle: Bundle, destination: Path) -> ExportResult:
    """Write the bundle into the folder `destination`, ready for Acties > Importeren > Map.

    A new folder appears whole or not at all (written beside it, then renamed). In an existing folder, a file
    with the same name and different content is never overwritten; identical files are left as they are."""
    files = bundle_files(bundle)
    destination = Path(destination)
    result = ExportResult(destination, tuple(e.file_name for e in bundle.present), _left_out(bundle))
    try:
        if destination.exists() and not destination.is_dir():
            raise BundleError(BundleErrorKind.NOT_A_FOLDER, "gcn.export_not_a_folder", path=str(destination))
        if not destination.exists():
            destination.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", dir=destination.parent))
            try:
                for name, data in files.items():
                    (staging / name).write_bytes(data)
                staging.chmod(_FOLDER_MODE)  # mkdtemp makes it private; the bundle is for sharing
                staging.rename(destination)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            return result
        to_write = _refuse_different(destination, files)
        for name in to_write:
            _write_atomically(destination / name, files[name])
    except OSError as error:
        raise BundleError(BundleErrorKind.WRITE_FAILED, "gcn.export_write_failed", path=str(destination),
                          reason=error.strerror or type(error).__name__) from None
    return result


def _refuse_different(folder: Path, files: dict[str, bytes]) -> list[str]:
    """The names still to write; raises before writing anything if one would replace different content."""
    to_write = []
    for name, data in files.items():
        target = folder / name
        if not target.exists():
            to_write.append(name)
        elif not target.is_file() or target.read_bytes() != data:
            raise BundleError(BundleErrorKind.EXISTS_DIFFERENT, "gcn.export_exists_different", path=str(target))
    return to_write


def _write_atomically(target: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _FILE_MODE)  # mkstemp makes it private; the bundle is for sharing
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def export_zip(bundle: Bundle, destination: Path) -> ExportResult:
    """Write the bundle as a flat ZIP (files at the root, as AFAS's own bundles). An existing ZIP with the
    same files is left alone; one with different content is never overwritten."""
    files = bundle_files(bundle)
    destination = Path(destination)
    result = ExportResult(destination, tuple(e.file_name for e in bundle.present), _left_out(bundle))
    try:
        if destination.exists():
            if _zip_members(destination) == files:
                return result
            raise BundleError(BundleErrorKind.EXISTS_DIFFERENT, "gcn.export_exists_different", path=str(destination))
        destination.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(destination, _zip_bytes(files, _zip_date(bundle)))
    except OSError as error:
        raise BundleError(BundleErrorKind.WRITE_FAILED, "gcn.export_write_failed", path=str(destination),
                          reason=error.strerror or type(error).__name__) from None
    return result


def _zip_date(bundle: Bundle) -> tuple[int, int, int, int, int, int]:
    """The newest export date of the files: the same bundle always gives the same ZIP."""
    dates = [e.gcn.changed or e.gcn.created for e in bundle.present if e.gcn and (e.gcn.changed or e.gcn.created)]
    newest = max((d for d in dates if d is not None and d.year >= 1980), default=None)
    return newest.timetuple()[:6] if newest else (1980, 1, 1, 0, 0, 0)


def _zip_bytes(files: dict[str, bytes], date: tuple[int, int, int, int, int, int]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=date)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _zip_members(path: Path) -> dict[str, bytes] | None:
    try:
        with zipfile.ZipFile(path) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()[:_MAX_ENTRIES]
                    if info.file_size <= MAX_FILE_SIZE}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        return None


# --------------------------------------------------------------------------------- checking a bundle


def check_bundle(path: Path, definitions_dir: Path | None = None) -> CheckReport:
    """Check a bundle the customer has: a ZIP, a folder, or a single .gcn file.

    Raises BundleError (UNREADABLE) when `path` cannot be opened at all."""
    path = Path(path)
    definitions = load_definitions(definitions_dir)
    try:
        if path.is_dir():
            entries = _folder_entries(path)
        elif path.is_file() and path.suffix.lower() == GCN_SUFFIX:
            return _check_single(path, definitions)
        elif path.is_file() and zipfile.is_zipfile(path):
            entries = _zip_entries(path)
        elif path.exists():
            raise BundleError(BundleErrorKind.UNREADABLE, "gcn.check_not_a_bundle", path=str(path))
        else:
            raise BundleError(BundleErrorKind.UNREADABLE, "gcn.check_no_such_path", path=str(path))
    except OSError as error:
        raise BundleError(BundleErrorKind.UNREADABLE, "gcn.bundle_unreadable", path=str(path),
                          reason=error.strerror or type(error).__name__) from None
    return _report(path, definitions, entries, in_zip=path.is_file())


def _check_single(path: Path, definitions: Sequence[ConnectorDefinition]) -> CheckReport:
    """One file: is it sound, and does it match its definition? Other connectors are not reported missing."""
    found = _read_found(path, path.name)
    per_definition, others, matched = _evaluate(definitions, [found])
    items = [i for name, items in per_definition.items() for i in items
             if name in matched or i.kind is not ItemKind.MISSING]
    return CheckReport(path, tuple(items + others))


_Entry = tuple[str, bytes | None, int]  # (path inside the bundle, content or None when not read, size)


def _folder_entries(folder: Path) -> list[_Entry]:
    """Files in the folder and its direct sub-folders. Only .gcn files of a plausible size are read."""
    found: list[_Entry] = []
    for path in _walk(folder, depth=2):
        size = path.stat().st_size
        wanted = path.suffix.lower() == GCN_SUFFIX and size <= MAX_FILE_SIZE
        found.append((path.relative_to(folder).as_posix(), path.read_bytes() if wanted else None, size))
        if len(found) >= _MAX_ENTRIES:
            break
    return found


def _walk(folder: Path, depth: int) -> Iterable[Path]:
    for path in sorted(folder.iterdir()):
        if path.is_file():
            yield path
        elif path.is_dir() and depth > 1 and not path.name.startswith("."):
            yield from _walk(path, depth - 1)


def _zip_entries(path: Path) -> list[_Entry]:
    try:
        with zipfile.ZipFile(path) as archive:
            found: list[_Entry] = []
            for info in archive.infolist()[:_MAX_ENTRIES]:
                if info.is_dir():
                    continue
                wanted = PurePosixPath(info.filename).suffix.lower() == GCN_SUFFIX and info.file_size <= MAX_FILE_SIZE
                found.append((info.filename, archive.read(info) if wanted else None, info.file_size))
            return found
    except (zipfile.BadZipFile, EOFError, ValueError, RuntimeError, NotImplementedError) as error:
        raise BundleError(BundleErrorKind.UNREADABLE, "gcn.check_bad_zip", path=str(path),
                          reason=str(error) or type(error).__name__) from None


def _report(source: Path, definitions: Sequence[ConnectorDefinition], entries: list[_Entry],
            in_zip: bool) -> CheckReport:
    gcn_files: list[_Found] = []
    notes: list[CheckItem] = []
    folders: list[str] = []
    for name, data, size in entries:
        pure = PurePosixPath(name)
        if (pure.parts and pure.parts[0] == "__MACOSX") or pure.name.lower() in _JUNK:
            continue
        if pure.suffix.lower() == GCN_SUFFIX:
            gcn_files.append(_found(name, data, size))
            folder = str(pure.parent)
            if folder != "." and folder not in folders:
                folders.append(folder)
        elif pure.name.lower() not in _COMPANIONS or len(pure.parts) > 1:
            notes.append(CheckItem(ItemKind.IGNORED, Message("gcn.item_not_gcn", {"file": name}), None, name))
    items: list[CheckItem] = []
    for folder in folders:
        key = "gcn.item_nested_zip" if in_zip else "gcn.item_nested_folder"
        items.append(CheckItem(ItemKind.NESTED, Message(key, {"folder": folder, "source": source.name}), None, folder))
    if not gcn_files:
        items.append(CheckItem(ItemKind.MISSING, Message("gcn.check_no_gcn_files", {"source": source.name})))
    per_definition, others, _ = _evaluate(definitions, gcn_files)
    for definition_items in per_definition.values():
        items.extend(definition_items)
    return CheckReport(source, tuple(items + others + notes))
