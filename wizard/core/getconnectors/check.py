"""Checking a bundle the customer already has: a ZIP, a folder or one `.gcn` file, every finding named."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath

from wizard.core.getconnectors.definitions import ConnectorDefinition, load_definitions
from wizard.core.getconnectors.gcn import MAX_FILE_SIZE
from wizard.core.getconnectors.matching import Found, evaluate, found_file, read_found
from wizard.core.getconnectors.model import (
    GCN_SUFFIX,
    MANIFEST,
    MAX_ENTRIES,
    README_EN,
    README_NL,
    BundleError,
    BundleErrorKind,
    CheckItem,
    CheckReport,
    ItemKind,
)
from wizard.core.messages import Message

_COMPANIONS = {README_NL.lower(), README_EN.lower(), MANIFEST}
_JUNK = {".ds_store", "thumbs.db", "desktop.ini"}  # left by file managers; harmless to AFAS


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
    found = read_found(path, path.name)
    per_definition, others, matched = evaluate(definitions, [found])
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
        if len(found) >= MAX_ENTRIES:
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
            for info in archive.infolist()[:MAX_ENTRIES]:
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
    gcn_files: list[Found] = []
    notes: list[CheckItem] = []
    folders: list[str] = []
    for name, data, size in entries:
        pure = PurePosixPath(name)
        if (pure.parts and pure.parts[0] == "__MACOSX") or pure.name.lower() in _JUNK:
            continue
        if pure.suffix.lower() == GCN_SUFFIX:
            gcn_files.append(found_file(name, data, size))
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
    per_definition, others, _ = evaluate(definitions, gcn_files)
    for definition_items in per_definition.values():
        items.extend(definition_items)
    return CheckReport(source, tuple(items + others + notes))
