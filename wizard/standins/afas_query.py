"""GetConnector query semantics as AFAS documents them: skip/take, orderbyfieldids, and filters where a comma
means AND and a semicolon OR, given as parallel lists or as filterjson.

Errors are raised as QueryError with the AFAS message key; the stand-in turns them into AFAS's 500 body.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

DEFAULT_SKIP = 0
DEFAULT_TAKE = 100


class QueryError(Exception):
    """`key` is "field_not_found" (with the field name) or "unexpected" (AFAS's generic error)."""

    def __init__(self, key: str, field: str = "") -> None:
        super().__init__(key, field)
        self.key = key
        self.field = field


@dataclass(frozen=True)
class Condition:
    field: str
    operator: int
    value: str


Groups = list[list[Condition]]  # OR of ANDs


def parse_paging(params: Mapping[str, str]) -> tuple[int, int]:
    """(skip, take) as requested; take -1 = everything. skip=-1 is only valid together with take=-1."""
    try:
        skip = int(params.get("skip", DEFAULT_SKIP))
        take = int(params.get("take", DEFAULT_TAKE))
    except ValueError:
        raise QueryError("unexpected") from None
    if take < -1 or (take == -1 and skip > 0):
        raise QueryError("unexpected")  # e.g. skip=2&take=-1, documented as a 500
    return skip, take


def page(rows: Sequence[Any], skip: int, take: int) -> list[Any]:
    if take == -1:
        return list(rows)
    start = max(skip, 0)  # a skip below 0 behaves like 0
    # take=0 returned one row in a test against AFAS (PracticalAfas, 2017): mirror it, clients must not rely on 0.
    return list(rows[start:start + max(take, 1)])


def _split(value: str) -> list[list[str]]:
    return [group.split(",") for group in value.split(";")]


def parse_filters(params: Mapping[str, str]) -> Groups:
    """Filters from filterjson, else from the three parallel lists. Empty when none are given."""
    if params.get("filterjson"):
        return _parse_filterjson(params["filterjson"])
    fields = params.get("filterfieldids", "")
    if not fields:
        return []
    values = params.get("filtervalues", "")
    operators = params.get("operatortypes", "")
    field_groups, value_groups = _split(fields), _split(values)
    operator_groups = _split(operators) if operators else [["1"] * len(g) for g in field_groups]
    shapes = [[len(g) for g in groups] for groups in (field_groups, value_groups, operator_groups)]
    if not shapes[0] == shapes[1] == shapes[2]:
        raise QueryError("unexpected")
    return [
        [Condition(f.strip(), _operator(o), v) for f, v, o in zip(fg, vg, og, strict=True)]
        for fg, vg, og in zip(field_groups, value_groups, operator_groups, strict=True)
    ]


def _operator(text: str) -> int:
    try:
        code = int(text)
    except ValueError:
        raise QueryError("unexpected") from None
    if not 1 <= code <= 15:
        raise QueryError("unexpected")
    return code


def _parse_filterjson(text: str) -> Groups:
    try:
        filters = json.loads(text)["Filters"]["Filter"]
        if isinstance(filters, dict):
            filters = [filters]
        groups = []
        for group in filters:
            fields = group["Field"]
            fields = [fields] if isinstance(fields, dict) else fields
            groups.append([
                Condition(str(f["@FieldId"]), _operator(str(f.get("@OperatorType", "1"))), str(f.get("#text", "")))
                for f in fields
            ])
        return groups
    except (ValueError, KeyError, TypeError):
        raise QueryError("unexpected") from None


def parse_order(params: Mapping[str, str]) -> list[tuple[str, bool]]:
    """[(field, descending)] from "A,-B"."""
    text = params.get("orderbyfieldids", "")
    found = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        found.append((part[1:], True) if part.startswith("-") else (part.lstrip("+"), False))
    return found


def check_fields(known: Mapping[str, str], groups: Groups, order: Sequence[tuple[str, bool]]) -> None:
    """AFAS answers "Connector field 'X' not found" for a filter or sort on a field it does not have."""
    for name in [c.field for g in groups for c in g] + [name for name, _ in order]:
        if name not in known:
            raise QueryError("field_not_found", name)


# -- comparing values as AFAS does: typed for numbers and dates, case-insensitive for text (SQL collation) ------
def _typed(value: Any, kind: str) -> Any:
    if value is None or value == "":
        return None
    if kind == "int":
        return int(value)
    if kind == "decimal":
        return float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    if kind == "date":
        text = str(value).strip().removesuffix("Z")
        return (text + "T00:00:00" if len(text) == 10 else text)[:19]
    if kind == "boolean":
        return str(value).lower() in ("true", "1", "ja", "yes")
    return str(value).casefold()


def _text(value: Any) -> str:
    return "" if value is None else str(value).casefold()


_COMPARE: dict[int, Callable[[Any, Any], bool]] = {
    1: lambda a, b: a == b,
    2: lambda a, b: a >= b,
    3: lambda a, b: a <= b,
    4: lambda a, b: a > b,
    5: lambda a, b: a < b,
    7: lambda a, b: a != b,
}
_TEXT: dict[int, Callable[[str, str], bool]] = {
    6: lambda a, b: b in a,
    10: lambda a, b: a.startswith(b),
    11: lambda a, b: b not in a,
    12: lambda a, b: not a.startswith(b),
    13: lambda a, b: a.endswith(b),
    14: lambda a, b: not a.endswith(b),
    15: lambda a, b: b in a,  # quick filter: behaves as "contains" for a single value
}


def _matches(row: Mapping[str, Any], condition: Condition, kinds: Mapping[str, str]) -> bool:
    value = row.get(condition.field)
    if condition.operator == 8:
        return value is None or value == ""
    if condition.operator == 9:
        return not (value is None or value == "")
    if condition.operator in _TEXT:
        return _TEXT[condition.operator](_text(value), condition.value.casefold())
    kind = kinds[condition.field]
    try:
        wanted = _typed(condition.value, kind)
    except ValueError:
        raise QueryError("unexpected") from None
    actual = _typed(value, kind)
    if actual is None or wanted is None:
        return condition.operator == 7 and (actual is None) != (wanted is None)
    return _COMPARE[condition.operator](actual, wanted)


def apply(rows: Sequence[Mapping[str, Any]], kinds: Mapping[str, str], groups: Groups,
          order: Sequence[tuple[str, bool]]) -> list[Mapping[str, Any]]:
    """Filter (OR over groups, AND inside a group), then sort by the given fields."""
    found = [r for r in rows if any(all(_matches(r, c, kinds) for c in g) for g in groups)] if groups else list(rows)
    for name, descending in reversed(order):  # stable sorts, last key first
        kind = kinds[name]
        found.sort(key=lambda r, n=name, k=kind: _sort_key(r.get(n), k), reverse=descending)
    return found


def _sort_key(value: Any, kind: str) -> tuple[int, Any]:
    typed = _typed(value, kind)
    return (0, "") if typed is None else (1, typed)
