"""Turning a saved customer (raw JSON) back into a WizardState: every field of the right type and a sane size is
kept, every other one is reset to its default and named, so the user is told and a start never crashes."""

from __future__ import annotations

import dataclasses
from enum import StrEnum
from typing import Any

from wizard.core.state import JourneyProgress, Submission, TokenTestRecord, WizardState

MAX_TEXT = 20_000  # characters in one saved text (a pasted list of administrations is a few hundred)
MAX_ENTRIES = 200  # keys in one saved mapping (checklist ticks, parked journeys)
_NESTED: dict[str, type] = {"token_test": TokenTestRecord, "submission": Submission}
_NESTED_MAPS: dict[str, type] = {"parked": JourneyProgress}
_STRING_MAPS = {"gcn_files"}


def coerce_state(raw: dict[str, Any]) -> tuple[WizardState, set[str]]:
    """The WizardState in `raw`, and the names of the fields that had to be reset."""
    return _coerce(WizardState, raw, "")


def _coerce(cls: type, raw: dict[str, Any], prefix: str) -> tuple[Any, set[str]]:
    defaults = cls()
    values: dict[str, Any] = {}
    reset: set[str] = set()
    for f in dataclasses.fields(cls):
        if f.name not in raw:
            continue
        value, default, name = raw[f.name], getattr(defaults, f.name), prefix + f.name
        kept, bad = _field(f.name, value, default, name)
        if kept is not _RESET:
            values[f.name] = kept
        reset |= bad
    try:
        return cls(**values), reset
    except (TypeError, ValueError):  # a combination the dataclass refuses: start this part fresh
        return cls(), reset | {prefix.rstrip(".") or "progress"}


class _Reset:
    """Marks a value that is not kept."""


_RESET = _Reset()


def _field(field_name: str, value: Any, default: Any, name: str) -> tuple[Any, set[str]]:
    if field_name in _NESTED:
        if isinstance(value, dict):
            return _coerce(_NESTED[field_name], value, name + ".")
        return _RESET, {name}
    if field_name in _NESTED_MAPS:
        return _mapping_of(_NESTED_MAPS[field_name], value, name)
    if isinstance(default, StrEnum):
        if isinstance(value, str) and value in type(default).__members__.values():
            return type(default)(value), set()
        return _RESET, {name}
    if field_name in _STRING_MAPS:
        return _strings(value, name)
    if isinstance(default, dict):
        return _ticks(value, name)
    if isinstance(default, list):
        return _records(value, name)
    if type(value) is not type(default):
        return _RESET, {name}
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return _RESET, {name}
    return value, set()


def _strings(value: Any, name: str) -> tuple[Any, set[str]]:
    if not isinstance(value, dict) or len(value) > MAX_ENTRIES:
        return _RESET, {name}
    kept = {str(k)[:200]: v for k, v in value.items() if isinstance(v, str) and len(v) <= MAX_TEXT}
    return kept, set() if len(kept) == len(value) else {name}


def _records(value: Any, name: str) -> tuple[Any, set[str]]:
    """A list of flat records of texts (a test's checks): anything else in it is dropped and named."""
    if not isinstance(value, list) or len(value) > MAX_ENTRIES:
        return _RESET, {name}
    kept = [entry for entry in value if isinstance(entry, dict) and len(entry) <= MAX_ENTRIES
            and all(isinstance(k, str) and isinstance(v, str) and len(v) <= MAX_TEXT for k, v in entry.items())]
    return kept, set() if len(kept) == len(value) else {name}


def _ticks(value: Any, name: str) -> tuple[Any, set[str]]:
    if not isinstance(value, dict) or len(value) > MAX_ENTRIES:
        return _RESET, {name}
    ticks = {str(k)[:100]: v for k, v in value.items() if isinstance(v, bool)}
    return ticks, set() if len(ticks) == len(value) else {name}


def _mapping_of(cls: type, value: Any, name: str) -> tuple[Any, set[str]]:
    if not isinstance(value, dict) or len(value) > MAX_ENTRIES:
        return _RESET, {name}
    kept: dict[str, Any] = {}
    reset: set[str] = set()
    for key, entry in value.items():
        if not isinstance(entry, dict):
            reset.add(name)
            continue
        kept[str(key)], bad = _coerce(cls, entry, f"{name}.{key}.")
        reset |= bad
    return kept, reset
