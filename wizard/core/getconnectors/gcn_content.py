"""The logical content of a `.gcn` export's ExternalData: the definition record, the view (SQL inserts, with the
built-in filter in AfasMdFilterData) and the external field map. Companion of gcn.py (the container) and
gcn_encoding.py (the three encodings)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wizard.core.getconnectors.gcn_encoding import corrupt, is_int, text_token, tree_v5, tree_v7, tree_v8


@dataclass(frozen=True)
class GcnField:
    view_field_id: str  # U001, HrJcrCrId, ...: the field in the connector's view
    alias: str  # the JSON property name a REST call returns


# REST `operatortypes` numbers (AFAS get-connector docs) as Profit stores them in AfasMdFilterData.
OPERATOR_SYMBOLS: dict[int, str] = {1: "=", 2: ">=", 3: "<=", 4: ">", 5: "<", 6: "*", 7: "!=", 8: "[]", 9: "![]",
                                    10: "@", 11: "!*", 12: "!@", 13: "&", 14: "!&", 15: "Sf"}
QUICK_FILTER = 15  # the value carries its own operator: "!=iedereen", "=0", "1;2;3"


@dataclass(frozen=True)
class GcnCriterion:
    """One criterion of the connector's built-in filter. Criteria of one filter are ANDed; filters are ORed."""

    field: str
    operator: int  # REST operatortypes number
    value: str
    filter_index: int = 0

    @property
    def symbol(self) -> str:
        return OPERATOR_SYMBOLS.get(self.operator, str(self.operator))

    def __str__(self) -> str:
        if self.operator == QUICK_FILTER:
            return f"{self.field} {self.value}"
        return f"{self.field} {self.symbol} {self.value}".rstrip()


@dataclass(frozen=True)
class Payload:
    data_collection_code: str | None
    data_collection_name: str | None
    external_name: str
    view_guid: str
    fields: tuple[GcnField, ...]
    stored_filter: tuple[GcnCriterion, ...]


def read_payload(version: int, raw: bytes) -> Payload:
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
    code = record.get("ObId")
    name = view_row.get("AfasMdDescription")
    return Payload(
        data_collection_code=code if isinstance(code, str) and code else None,
        data_collection_name=name if isinstance(name, str) and name else None,
        external_name=external_name,
        view_guid=view_guid,
        fields=fields,
        stored_filter=_parse_filter(view_row.get("AfasMdFilterData")),
    )


def _record_named(tree: list[Any]) -> dict[str, Any]:
    """Versions 7/8: the definition record is a field count and (name, value) pairs, starting at `Guid`."""
    for index, value in enumerate(tree[1:], start=1):
        if value == "Guid" and is_int(tree[index - 1]):
            count = tree[index - 1]
            pairs = tree[index:index + 2 * count]
            names = pairs[0::2]
            if len(pairs) != 2 * count or not all(isinstance(n, str) for n in names):
                break
            return dict(zip(names, pairs[1::2], strict=True))
    raise corrupt("gcn.corrupt_record")


_SCHEMA_FIELD = re.compile(r'<Field Id="([^"]*)"')


def _record_v5(tree: list[Any]) -> dict[str, Any]:
    """Version 5: the record's values are positional, in the order of the <AFASTable> schema fragment."""
    schema = next((v for v in tree if isinstance(v, str) and v.startswith("<AFASTable")), None)
    field_ids = _SCHEMA_FIELD.findall(schema or "")
    if not field_ids or field_ids[0] != "Guid":
        raise corrupt("gcn.corrupt_record")
    start = next((i for i, v in enumerate(tree) if isinstance(v, str) and re.fullmatch(r"[0-9A-F]{32}", v)), None)
    if start is None or start + len(field_ids) > len(tree):
        raise corrupt("gcn.corrupt_record")
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


def _view_row(view: list[Any]) -> dict[str, Any]:
    """The columns of the `insert AfasMdView (...) values (...)` statement."""
    for statement in view:
        if not isinstance(statement, str):
            continue
        match = _INSERT.match(statement)
        if match and match.group(1).lower() == "afasmdview":
            columns = [c.strip() for c in match.group(2).split(",")]
            values = _sql_values(statement, match.end())
            if len(values) != len(columns):
                raise corrupt("gcn.corrupt_view")
            return dict(zip(columns, values, strict=True))
    raise corrupt("gcn.corrupt_view")


def _sql_values(sql: str, pos: int) -> list[str | None]:
    """The literals of a VALUES list: 'text' (with '' for a quote), NULL, or a bare number."""
    values: list[str | None] = []
    while True:
        while pos < len(sql) and sql[pos].isspace():
            pos += 1
        if pos < len(sql) and sql[pos] == "'":
            chunks, pos = [], pos + 1
            while True:
                end = sql.find("'", pos)
                if end < 0:
                    raise corrupt("gcn.corrupt_view")
                chunks.append(sql[pos:end])
                if sql.startswith("''", end):
                    chunks.append("'")
                    pos = end + 2
                    continue
                pos = end + 1
                break
            values.append("".join(chunks))
        else:
            end = min((i for i in (sql.find(",", pos), sql.find(")", pos)) if i >= 0), default=-1)
            if end < 0:
                raise corrupt("gcn.corrupt_view")
            bare = sql[pos:end].strip()
            values.append(None if bare.upper() == "NULL" else bare)
            pos = end
        while pos < len(sql) and sql[pos].isspace():
            pos += 1
        if pos >= len(sql):
            raise corrupt("gcn.corrupt_view")
        if sql[pos] == ")":
            return values
        if sql[pos] != ",":
            raise corrupt("gcn.corrupt_view")
        pos += 1


def _parse_filter(data: str | None) -> tuple[GcnCriterion, ...]:
    """AfasMdFilterData: `<kind> <n filters> (<tag> <name> <int> <int> <int> <n criteria>
    (<tag> <field> <value> <operator> <null> <int> <int>)*)* <bool> <bool>`. `C1@D0` / `D1@D0`: no filter."""
    if not data:
        return ()
    tokens = [text_token(t) for t in data.split("@")]
    position = 0

    def take(check: Callable[[Any], bool]) -> Any:
        nonlocal position
        if position >= len(tokens) or not check(tokens[position]):
            raise corrupt("gcn.corrupt_filter")
        position += 1
        return tokens[position - 1]

    def is_text(v: Any) -> bool:
        return isinstance(v, str)

    def anything(_: Any) -> bool:
        return True

    criteria: list[GcnCriterion] = []
    take(is_int)
    for filter_index in range(take(is_int)):
        take(is_int), take(is_text), take(is_int), take(is_int), take(is_int)
        for _ in range(take(is_int)):
            take(is_int)
            field, value, operator = take(is_text), take(is_text), take(is_int)
            take(anything), take(is_int), take(is_int)
            criteria.append(GcnCriterion(field, operator, value, filter_index))
    while position < len(tokens):  # two closing flags in every export
        take(lambda v: isinstance(v, bool))
    return tuple(criteria)
