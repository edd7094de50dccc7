"""Checking a bundle the customer has: a ZIP, a folder or one `.gcn` file, every finding named. The same assessment
tells unpacking (unpack.py) which file is which connector, so both say the same about one bundle."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from wizard.core.getconnectors.budget import ReadBudget
from wizard.core.getconnectors.definitions import ConnectorDefinition, load_definitions
from wizard.core.getconnectors.matching import Found, evaluate, found_file
from wizard.core.getconnectors.model import (
    MANIFEST,
    README_EN,
    README_NL,
    CheckItem,
    CheckReport,
    ItemKind,
)
from wizard.core.getconnectors.sources import Source, SourceEntry, SourceKind, open_source
from wizard.core.messages import Message

_COMPANIONS = {README_NL.lower(), README_EN.lower(), MANIFEST}
_JUNK = {".ds_store", "thumbs.db", "desktop.ini"}  # left by file managers; harmless to AFAS


@dataclass(frozen=True)
class Assessment:
    """A checked source: the report, and for each Finstack connector the export chosen for it."""

    source: Source
    report: CheckReport
    matched: dict[str, Found]  # external name -> the export that stands for it (sound; maybe outdated)


def check_bundle(path: Path, definitions_dir: Path | None = None,
                 cancel: threading.Event | None = None) -> CheckReport:
    """Check a bundle the customer has: a ZIP, a folder, or a single .gcn file, within a ReadBudget.

    Raises BundleError when `path` cannot be opened or is refused: UNREADABLE, UNSAFE (also: the budget is spent),
    BAD_NAME, CANCELLED (`cancel` was set; it is read between files and between payloads)."""
    budget = ReadBudget(Path(path), cancel)
    source = open_source(Path(path), budget)
    definitions = load_definitions(definitions_dir)
    if source.kind is SourceKind.FILES:
        return _check_single(source, definitions, budget)
    return assess(source, definitions, budget).report


def found_entry(entry: SourceEntry, budget: ReadBudget | None = None) -> Found:
    """One `.gcn` of a source, read (or the reason it could not be)."""
    if entry.error is not None:
        return Found(entry.path, b"", None, entry.error)
    return found_file(entry.path, entry.data, entry.size, budget)


def _check_single(source: Source, definitions: Sequence[ConnectorDefinition], budget: ReadBudget) -> CheckReport:
    """One file: is it sound, and does it match its definition? Other connectors are not reported missing."""
    per_definition, others, matched = evaluate(definitions, [found_entry(e, budget) for e in source.entries])
    items = [i for name, items in per_definition.items() for i in items
             if name in matched or i.kind is not ItemKind.MISSING]
    return CheckReport(source.path, tuple(items + others))


def assess(source: Source, definitions: Sequence[ConnectorDefinition], budget: ReadBudget | None = None) -> Assessment:
    """Every finding about `source` against the definitions: one item per connector, then the other files. With a
    `budget`, reading stops with its BundleError when it is spent or cancelled."""
    gcn_entries = [e for e in source.entries if e.is_gcn and not _is_junk(e)]
    folders = list(dict.fromkeys(str(e.pure.parent) for e in gcn_entries))
    notes = [CheckItem(ItemKind.IGNORED, Message("gcn.item_not_gcn", {"file": e.path}), None, e.path)
             for e in source.entries if not e.is_gcn and not _is_junk(e) and not _is_companion(e, folders)]
    items = _layout(source, folders)
    if not gcn_entries:
        items.append(CheckItem(ItemKind.MISSING, Message("gcn.check_no_gcn_files", {"source": source.path.name})))
    per_definition, others, matched = evaluate(definitions, [found_entry(e, budget) for e in gcn_entries])
    for definition_items in per_definition.values():
        items.extend(definition_items)
    return Assessment(source, CheckReport(source.path, tuple(items + others + notes)), matched)


def _is_junk(entry: SourceEntry) -> bool:
    return (entry.pure.parts[:1] == ("__MACOSX",)) or entry.pure.name.lower() in _JUNK


def _is_companion(entry: SourceEntry, folders: list[str]) -> bool:
    """The bundle's own LEESMIJ.txt, README.txt and manifest.json, beside the .gcn files."""
    return entry.pure.name.lower() in _COMPANIONS and str(entry.pure.parent) in (folders or ["."])


def _layout(source: Source, folders: list[str]) -> list[CheckItem]:
    """Flat, or all in one sub-folder (a note: that folder is the one to import); several folders are a problem."""
    if source.kind is SourceKind.FILES or folders in ([], ["."]):
        return []
    name = source.path.name
    if len(folders) == 1:
        key = "gcn.item_nested_zip" if source.kind is SourceKind.ZIP else "gcn.item_nested_folder"
        return [CheckItem(ItemKind.NESTED, Message(key, {"folder": folders[0], "source": name}), None, folders[0])]
    shown = ", ".join(f'"{name if f == "." else f}"' for f in folders)
    return [CheckItem(ItemKind.SCATTERED, Message("gcn.item_scattered", {
        "source": name, "count": len(folders), "folders": shown}), None, None)]
