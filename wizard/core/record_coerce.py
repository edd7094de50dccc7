"""Turning a saved customer record (raw JSON) back into a WizardState: every field of the right type and a sane size
is kept, every other one is reset to its default and named, so the user is told and a start never crashes. Records
of earlier versions are read too (their checks kept translated titles; those are turned back into message keys)."""

from __future__ import annotations

import dataclasses
from enum import StrEnum
from typing import Any

from wizard.core.messages import Message
from wizard.core.state import JourneyProgress, Submission, TokenTestRecord, WizardState

MAX_TEXT = 20_000  # characters in one saved text (a pasted list of administrations is a few hundred)
MAX_ENTRIES = 200  # keys in one saved mapping (checklist ticks, parked journeys)
_NESTED: dict[str, type] = {"token_test": TokenTestRecord, "submission": Submission}
_NESTED_MAPS: dict[str, type] = {"parked": JourneyProgress}
_STRING_MAPS = {"gcn_files"}
_MESSAGES = {"reason"}
_CHECK_LISTS = {"checks"}


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
    if field_name in _MESSAGES:
        message = Message.from_json(value) if value is not None else None
        return (message, set()) if message is not None or value is None else (_RESET, {name})
    if field_name in _CHECK_LISTS:
        return _checks(value, name)
    if isinstance(default, StrEnum):
        if isinstance(value, str) and value in type(default).__members__.values():
            return type(default)(value), set()
        return _RESET, {name}
    if field_name in _STRING_MAPS:
        return _strings(value, name)
    if isinstance(default, dict):
        return _ticks(value, name)
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


def _checks(value: Any, name: str) -> tuple[Any, set[str]]:
    """A test's checks: id, status and messages. A check saved by an earlier version (translated titles) keeps its
    id and status, and gets its title back from the id; a check this version cannot read is dropped and named."""
    from wizard.core.token_test.report import CHECK_IDS, CheckStatus, check_titles

    if not isinstance(value, list) or len(value) > MAX_ENTRIES:
        return _RESET, {name}
    kept: list[dict[str, Any]] = []
    for entry in value:
        if not isinstance(entry, dict) or entry.get("status") not in CheckStatus.__members__.values():
            continue
        check_id = entry.get("id")
        title = Message.from_json(entry.get("title"))
        if title is None and check_id in CHECK_IDS:
            title = check_titles()[check_id]
        if not isinstance(check_id, str) or title is None:
            continue
        kept.append({"id": check_id, "status": entry["status"], "title": title.to_json(),
                     **{part: _message_json(entry.get(part)) for part in ("explanation", "fix")}})
    return kept, set() if len(kept) == len(value) else {name}


def _message_json(value: Any) -> dict[str, Any] | None:
    message = Message.from_json(value)
    return message.to_json() if message is not None else None


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
