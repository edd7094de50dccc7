"""Matching `.gcn` files to Finstack's definitions: which file is which connector, what differs, what is left
over. Shared by the build's bundle, the check of a customer's bundle and unpacking."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from wizard.core.getconnectors.budget import ReadBudget
from wizard.core.getconnectors.definitions import ConnectorDefinition, load_definitions
from wizard.core.getconnectors.gcn import MAX_FILE_SIZE, GcnError, GcnErrorKind, GcnFile, detached, read_gcn
from wizard.core.getconnectors.gcn_filter import StoredFilter, join_messages
from wizard.core.getconnectors.model import (
    GCN_SUFFIX,
    MAX_ENTRIES,
    Bundle,
    BundleEntry,
    BundleError,
    BundleErrorKind,
    CheckItem,
    EntryState,
    ItemKind,
    default_gcn_dir,
)
from wizard.core.messages import Message


@dataclass(frozen=True)
class Found:
    """A .gcn file found in a folder or ZIP, read or failed."""

    path: str
    data: bytes
    gcn: GcnFile | None
    error: GcnError | None

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name


def found_file(path: str, data: bytes | None, size: int, budget: ReadBudget | None = None) -> Found:
    """Read one export; `data` is None when the file was too large to be one (and was not read). A `budget` is the
    bundle's: its BundleError (spent, cancelled) stops the whole reading."""
    if data is None:
        return Found(path, b"", None, GcnError(GcnErrorKind.NOT_A_GETCONNECTOR, "gcn.too_large", size=size))
    try:
        return Found(path, data, read_gcn(data, budget), None)
    except GcnError as error:
        return Found(path, data, None, detached(error))  # kept: without the frames of the reading


def compare(definition: ConnectorDefinition, found: Found) -> list[CheckItem]:
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
    if _filter_differs(definition, gcn.stored_filter):  # a stored filter returns with every re-import
        none = Message("gcn.no_filter")
        outdated("gcn.outdated_filter", filter=none if gcn.stored_filter.is_empty else gcn.stored_filter.describe(),
                 expected="; ".join(f"{c.field} {c.operator} {c.value}" for c in definition.stored_filter) or none)
    return problems


def _filter_differs(definition: ConnectorDefinition, stored: StoredFilter) -> bool:
    """True when the export's filter is not the definition's. A filter in an unknown layout differs from "none";
    against an expected filter it cannot be compared, and the not-interpreted note says so."""
    expected = {(c.field, c.value) for c in definition.stored_filter}
    if stored.layout_known:
        return {(c.field, c.value) for c in stored.criteria} != expected
    return stored.raw is not None and not expected


def notes(definition: ConnectorDefinition, found: Found) -> list[CheckItem]:
    """Notes (not problems) about a sound export of `definition`: the parts the wizard shows as stored."""
    parts = found.gcn.not_interpreted if found.gcn else ()
    if not parts:
        return []
    message = Message("gcn.item_not_interpreted", {
        "file": found.path, "connector": definition.external_name,
        "parts": join_messages([p.message for p in parts], "gcn.list_next")})
    return [CheckItem(ItemKind.NOT_INTERPRETED, message, definition.external_name, found.path)]


def evaluate(definitions: Sequence[ConnectorDefinition], files: Sequence[Found]) -> tuple[
        dict[str, list[CheckItem]], list[CheckItem], dict[str, Found]]:
    """Per definition: its items and the file that matched; plus items about files no definition claims."""
    per_definition: dict[str, list[CheckItem]] = {}
    matched: dict[str, Found] = {}
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
            items = compare(definition, chosen) or [CheckItem(ItemKind.OK, Message("gcn.item_ok", {
                "file": chosen.path, "connector": name, "count": len(chosen.gcn.fields) if chosen.gcn else 0,
                "version": chosen.gcn.format_version if chosen.gcn else 0}), name, chosen.path)]
            items += notes(definition, chosen)
            for copy in candidates[1:]:
                claimed.add(copy.path)
                others.append(CheckItem(ItemKind.EXTRA, Message("gcn.item_duplicate", {
                    "file": copy.path, "connector": name, "other": chosen.path}), name, copy.path))
        elif broken:
            claimed.add(broken[0].path)
            assert broken[0].error is not None
            items = [CheckItem(_unusable(broken[0]), Message("gcn.item_corrupt", {
                "file": broken[0].path, "problem": broken[0].error.message}), name, broken[0].path)]
        else:
            items = [CheckItem(ItemKind.MISSING, Message("gcn.item_missing", {
                "file": definition.file_name, "connector": name}), name, None)]
        per_definition[name] = items
    for unclaimed in (f for f in files if f.path not in claimed):
        if unclaimed.gcn is None:
            assert unclaimed.error is not None
            others.append(CheckItem(_unusable(unclaimed), Message("gcn.item_corrupt", {
                "file": unclaimed.path, "problem": unclaimed.error.message}), None, unclaimed.path))
        else:
            others.append(CheckItem(ItemKind.EXTRA, Message("gcn.item_unknown_connector", {
                "file": unclaimed.path, "connector": unclaimed.gcn.external_name}), None, unclaimed.path))
    return per_definition, others, matched


def _unusable(found: Found) -> ItemKind:
    """Damaged, or an export in a format version this wizard does not read (not damage: update the wizard)."""
    assert found.error is not None
    return ItemKind.UNSUPPORTED if found.error.kind is GcnErrorKind.UNSUPPORTED_VERSION else ItemKind.CORRUPT


# -------------------------------------------------------------------------------------------- building


def build_bundle(definitions_dir: Path | None = None, gcn_dir: Path | None = None) -> Bundle:
    """The build's bundle: every definition with its `.gcn` from `gcn_dir` (default getconnectors/gcn/)."""
    folder = gcn_dir if gcn_dir is not None else default_gcn_dir()
    definitions = load_definitions(definitions_dir)
    files: list[Found] = []
    if folder.is_dir():
        for path in sorted(folder.iterdir())[:MAX_ENTRIES]:
            if path.is_file() and path.suffix.lower() == GCN_SUFFIX:
                files.append(read_found(path, path.name))
    per_definition, others, matched = evaluate(definitions, files)
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


def read_found(path: Path, shown: str) -> Found:
    try:
        size = path.stat().st_size
        return found_file(shown, path.read_bytes() if size <= MAX_FILE_SIZE else None, size)
    except OSError as error:
        raise BundleError(BundleErrorKind.UNREADABLE, "gcn.bundle_unreadable", path=str(path),
                          reason=error.strerror or type(error).__name__) from None
