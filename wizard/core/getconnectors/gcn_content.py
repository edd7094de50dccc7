"""The logical content of a `.gcn` export's ExternalData: the definition record, the view (SQL inserts, with the
built-in filter in AfasMdFilterData) and the external field map. Companion of gcn.py (the container) and
gcn_encoding.py (the three encodings)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from wizard.core.getconnectors.gcn_encoding import corrupt, is_int, tree_v5, tree_v7, tree_v8
from wizard.core.getconnectors.gcn_filter import (
    GcnCriterion,
    NotInterpreted,
    StoredFilter,
    Uninterpreted,
    clip,
    parse_stored_filter,
)

__all__ = ["GcnCriterion", "GcnField", "Payload", "read_payload"]


@dataclass(frozen=True)
class GcnField:
    view_field_id: str  # U001, HrJcrCrId, ...: the field in the connector's view
    alias: str  # the JSON property name a REST call returns


@dataclass(frozen=True)
class Payload:
    data_collection_code: str | None
    data_collection_name: str | None
    external_name: str
    view_guid: str
    fields: tuple[GcnField, ...]
    stored_filter: StoredFilter
    not_interpreted: tuple[NotInterpreted, ...]  # the record or view, when in a form the wizard does not know


def read_payload(version: int, raw: bytes) -> Payload:
    """The content of ExternalData. Only the field map is essential (it names the connector and its aliases):
    without it the file is damaged. The record and the view are read where their form is known."""
    if version == 5:
        tree = tree_v5(raw)
        record = _record_v5(tree)
    else:
        tree = tree_v7(raw) if version == 7 else tree_v8(raw)
        if not isinstance(tree, list):
            raise corrupt("gcn.corrupt_payload")
        record = _record_named(tree)
    view, view_guid, external_name, fields = _field_map(tree)
    view_row = _view_row(view)
    unknown: list[NotInterpreted] = []
    if record is None:
        unknown.append(NotInterpreted(Uninterpreted.RECORD, ""))
    if view_row is None:
        statement = next((v for v in view if isinstance(v, str) and "afasmdview " in v[:40].lower()), "")
        unknown.append(NotInterpreted(Uninterpreted.VIEW, clip(statement)))
    code = (record or {}).get("ObId")
    name = (view_row or {}).get("AfasMdDescription")
    stored = parse_stored_filter(view_row.get("AfasMdFilterData")) if view_row is not None else StoredFilter(
        layout_known=False)
    return Payload(
        data_collection_code=code if isinstance(code, str) and code else None,
        data_collection_name=name if isinstance(name, str) and name else None,
        external_name=external_name,
        view_guid=view_guid,
        fields=fields,
        stored_filter=stored,
        not_interpreted=tuple(unknown),
    )


def _record_named(tree: list[Any]) -> dict[str, Any] | None:
    """Versions 7/8: the definition record is a field count and (name, value) pairs, starting at `Guid`."""
    for index, value in enumerate(tree[1:], start=1):
        if value == "Guid" and is_int(tree[index - 1]):
            count = tree[index - 1]
            pairs = tree[index:index + 2 * count]
            names = pairs[0::2]
            if len(pairs) != 2 * count or not all(isinstance(n, str) for n in names):
                return None
            return dict(zip(names, pairs[1::2], strict=True))
    return None


_SCHEMA_FIELD = re.compile(r'<Field Id="([^"]*)"')


def _record_v5(tree: list[Any]) -> dict[str, Any] | None:
    """Version 5: the record's values are positional, in the order of the <AFASTable> schema fragment."""
    schema = next((v for v in tree if isinstance(v, str) and v.startswith("<AFASTable")), None)
    field_ids = _SCHEMA_FIELD.findall(schema or "")
    if not field_ids or field_ids[0] != "Guid":
        return None
    start = next((i for i, v in enumerate(tree) if isinstance(v, str) and re.fullmatch(r"[0-9A-F]{32}", v)), None)
    if start is None or start + len(field_ids) > len(tree):
        return None
    return dict(zip(field_ids, tree[start:start + len(field_ids)], strict=True))


def _field_map(tree: list[Any]) -> tuple[list[Any], str, str, tuple[GcnField, ...]]:
    """The trailing section: view array, SyId, view GUID, external name, n, then n (viewFieldId, alias)."""
    pairs = 0
    while True:
        index = len(tree) - 1 - 2 * pairs
        if index < 4:
            raise corrupt("gcn.corrupt_field_map")
        if is_int(tree[index]):
            break
        if not (isinstance(tree[index], str) and isinstance(tree[index - 1], str)):
            raise corrupt("gcn.corrupt_field_map")
        pairs += 1
    view, system, view_guid, external_name = tree[index - 4:index]
    if tree[index] != pairs or not isinstance(view, list):
        raise corrupt("gcn.corrupt_field_map")
    if not all(isinstance(v, str) for v in (system, view_guid, external_name)) or not external_name.strip():
        raise corrupt("gcn.corrupt_field_map")
    flat = tree[index + 1:]
    fields = tuple(GcnField(flat[i], flat[i + 1]) for i in range(0, len(flat), 2))
    if any(not f.view_field_id or not f.alias for f in fields):
        raise corrupt("gcn.corrupt_field_map")
    return view, view_guid, external_name, fields


_INSERT = re.compile(r"\s*insert\s+(\w+)\s*\(([^)]*)\)\s*values\s*\(", re.IGNORECASE)


def _view_row(view: list[Any]) -> dict[str, Any] | None:
    """The columns of the `insert AfasMdView (...) values (...)` statement; None when it is not in that form."""
    for statement in view:
        if not isinstance(statement, str):
            continue
        match = _INSERT.match(statement)
        if match and match.group(1).lower() == "afasmdview":
            columns = [c.strip() for c in match.group(2).split(",")]
            values = _sql_values(statement, match.end())
            if values is None or len(values) != len(columns):
                return None
            return dict(zip(columns, values, strict=True))
    return None


def _sql_values(sql: str, pos: int) -> list[str | None] | None:
    """The literals of a VALUES list: 'text' (with '' for a quote), NULL, or a bare number; None if malformed."""
    values: list[str | None] = []
    while True:
        pos = _skip_space(sql, pos)
        if sql.startswith("'", pos):
            text, pos = _quoted(sql, pos + 1)
            if text is None:
                return None
            values.append(text)
        else:
            end = min((i for i in (sql.find(",", pos), sql.find(")", pos)) if i >= 0), default=-1)
            if end < 0:
                return None
            bare = sql[pos:end].strip()
            values.append(None if bare.upper() == "NULL" else bare)
            pos = end
        pos = _skip_space(sql, pos)
        if sql.startswith(")", pos):
            return values
        if not sql.startswith(",", pos):
            return None
        pos += 1


def _skip_space(sql: str, pos: int) -> int:
    while pos < len(sql) and sql[pos].isspace():
        pos += 1
    return pos


def _quoted(sql: str, pos: int) -> tuple[str | None, int]:
    """The text of a quoted literal that starts at `pos` (after its quote), and the position after it."""
    chunks: list[str] = []
    while True:
        end = sql.find("'", pos)
        if end < 0:
            return None, pos
        chunks.append(sql[pos:end])
        if not sql.startswith("''", end):
            return "".join(chunks), end + 1
        chunks.append("'")
        pos = end + 2
