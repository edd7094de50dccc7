"""Merging a record changed in two places at once (two windows, a window and the command line): a three-way merge
per field, from the version both started from. A field changed on one side only takes that change; a field changed
on both sides to different values is a conflict: the side that saves last (the person at this window) keeps its
value, and the conflict is named, with the other value kept in a file beside the record, so nothing is lost."""

from __future__ import annotations

from typing import Any

_NOT_MERGED = frozenset({"schema_version", "revision", "updated_at", "customer_id"})
_PER_KEY = frozenset({"checklist", "steps", "gcn_files", "parked"})  # maps merged key by key


def merge_records(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]) -> tuple[dict[str, Any],
                                                                                                list[str]]:
    """(the merged record, the names of the fields in conflict, where ours was kept)."""
    merged = dict(theirs)
    conflicts: list[str] = []
    for name in sorted((set(ours) | set(theirs)) - _NOT_MERGED):
        if name in _PER_KEY and all(isinstance(side.get(name), dict) for side in (base, ours, theirs)):
            merged[name], clashing = _merge_map(base[name], ours[name], theirs[name])
            conflicts += [f"{name}.{key}" for key in clashing]
            continue
        value, clash = _merge_value(base.get(name), ours.get(name), theirs.get(name))
        merged[name] = value
        if clash:
            conflicts.append(name)
    merged["updated_at"] = max(str(ours.get("updated_at", "")), str(theirs.get("updated_at", "")))
    return merged, conflicts


def _merge_map(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]) -> tuple[dict[str, Any],
                                                                                         list[str]]:
    merged: dict[str, Any] = {}
    clashing: list[str] = []
    for key in sorted(set(base) | set(ours) | set(theirs)):
        value, clash = _merge_value(base.get(key), ours.get(key), theirs.get(key))
        if value is not None:
            merged[key] = value
        if clash:
            clashing.append(key)
    return merged, clashing


def _merge_value(base: Any, ours: Any, theirs: Any) -> tuple[Any, bool]:
    if ours == theirs or ours == base:
        return theirs, False
    if theirs == base:
        return ours, False
    return ours, True
