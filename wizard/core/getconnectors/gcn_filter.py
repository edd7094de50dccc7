"""The built-in filter of a `.gcn` export (the view's AfasMdFilterData) and what the reader could not interpret.

A filter lives inside a payload whose ZIP checksum already held, so it is what Profit wrote: a layout, operator or
value the wizard does not know is shown as stored ("not interpreted"), never called damage. The forms met in real
exports are written down in getconnectors/README.md.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Any

from wizard.core.getconnectors.gcn_encoding import GcnError, is_int, text_token
from wizard.core.messages import Message

# REST `operatortypes` numbers (AFAS get-connector docs) as Profit stores them in AfasMdFilterData.
OPERATOR_SYMBOLS: dict[int, str] = {1: "=", 2: ">=", 3: "<=", 4: ">", 5: "<", 6: "*", 7: "!=", 8: "[]", 9: "![]",
                                    10: "@", 11: "!*", 12: "!@", 13: "&", 14: "!&", 15: "Sf"}
QUICK_FILTER = 15  # the value carries its own operator: "!=iedereen", "=0", "1;2;3"
RAW_LIMIT = 300  # characters of a not-interpreted text kept for display; the whole file stays byte for byte
# A Profit macro inside a value, as stored: ~*NOW*~DD@ (today), ~*NOW*~DDm-3@ (today minus 3 months).
_MACRO = re.compile(r"~\*[^*@~]*\*~[^@]*@")


class Uninterpreted(enum.Enum):
    """What part of a sound export the wizard shows as stored instead of interpreting it."""

    MACRO = "macro"  # a value holding a Profit macro such as a date relative to today
    OPERATOR = "operator"  # an operator code that is not one of AFAS's operatortypes
    FILTER_LAYOUT = "filter_layout"  # AfasMdFilterData in a layout the wizard does not know
    VIEW = "view"  # the view's insert statement (data collection name and filter) in an unknown form
    RECORD = "record"  # the definition record (data collection code) in an unknown form


_UNINTERPRETED_KEYS = {
    Uninterpreted.MACRO: "gcn.not_interpreted_macro", Uninterpreted.OPERATOR: "gcn.not_interpreted_operator",
    Uninterpreted.FILTER_LAYOUT: "gcn.not_interpreted_filter_layout", Uninterpreted.VIEW: "gcn.not_interpreted_view",
    Uninterpreted.RECORD: "gcn.not_interpreted_record",
}


@dataclass(frozen=True)
class NotInterpreted:
    """One part of a sound export the wizard did not interpret, with its text as stored (cut at RAW_LIMIT)."""

    what: Uninterpreted
    raw: str

    @property
    def message(self) -> Message:
        return Message(_UNINTERPRETED_KEYS[self.what], {"text": self.raw})


def clip(raw: str) -> str:
    return raw if len(raw) <= RAW_LIMIT else raw[:RAW_LIMIT] + "…"


@dataclass(frozen=True)
class GcnCriterion:
    """One criterion of the connector's built-in filter. Criteria of one filter are ANDed; filters are ORed."""

    field: str
    operator: int  # REST operatortypes number
    value: str  # as stored, with one level of Profit's ~ escaping undone (a macro keeps its own notation)
    filter_index: int = 0

    @property
    def symbol(self) -> str:
        return OPERATOR_SYMBOLS.get(self.operator, str(self.operator))

    @property
    def uninterpreted(self) -> Uninterpreted | None:
        """Why the wizard cannot say what this criterion selects, or None when it can."""
        if self.operator not in OPERATOR_SYMBOLS:
            return Uninterpreted.OPERATOR
        if _MACRO.search(self.value):
            return Uninterpreted.MACRO
        return None

    def __str__(self) -> str:
        if self.operator == QUICK_FILTER:
            return f"{self.field} {self.value}"
        return f"{self.field} {self.symbol} {self.value}".rstrip()


@dataclass(frozen=True)
class StoredFilter:
    """AfasMdFilterData, read. `criteria` holds every criterion whose layout was understood (a criterion with a
    macro or an unknown operator is one of them, marked by its `uninterpreted`); when the layout itself is
    unknown, `layout_known` is False and `raw` is all there is."""

    criteria: tuple[GcnCriterion, ...] = ()
    filter_count: int = 0
    raw: str | None = None  # as stored; None when the file has none or the view could not be read
    layout_known: bool = True

    @property
    def is_empty(self) -> bool:
        return self.layout_known and not self.criteria

    @property
    def not_interpreted(self) -> tuple[NotInterpreted, ...]:
        parts = [NotInterpreted(reason, clip(str(c))) for c in self.criteria if (reason := c.uninterpreted)]
        if not self.layout_known and self.raw is not None:
            parts.append(NotInterpreted(Uninterpreted.FILTER_LAYOUT, clip(self.raw)))
        return tuple(parts)

    def __iter__(self) -> Iterator[GcnCriterion]:
        return iter(self.criteria)

    def __len__(self) -> int:
        return len(self.criteria)

    def describe(self) -> Message | str:
        """The filter as people read it: criteria of one filter joined by "; ", alternatives by "or"."""
        if not self.layout_known:
            return clip(self.raw or "")
        groups = [[c for c in self.criteria if c.filter_index == i] for i in range(self.filter_count)]
        texts = ["; ".join(map(str, g)) for g in groups if g]
        if len(texts) > 1:
            texts = [f"({t})" for t in texts]
        return join_messages(texts, "gcn.filter_or")


def join_messages(parts: Sequence[Message | str], key: str) -> Message | str:
    """Parts joined by the two-placeholder message `key` ("{first} or {second}"), in whatever language is shown."""
    if not parts:
        return ""
    return reduce(lambda first, second: Message(key, {"first": first, "second": second}), parts)


class _UnknownLayout(Exception):
    """The filter text does not follow the layout below; it is shown as stored."""


def parse_stored_filter(data: str | None) -> StoredFilter:
    """AfasMdFilterData: `<kind> <n filters> (<tag> <name> <int> <int> <tag> <n criteria> (<tag> <field> <value>
    <operator> <null> <int> <int>)* <bool> <bool>)*`; `C1@D0` / `D1@D0`: no filter. Never raises."""
    if not data:
        return StoredFilter(raw=data)
    try:
        tokens = [text_token(t) for t in data.split("@")]
        criteria, count = _read_filters(tokens)
    except (GcnError, _UnknownLayout):
        return StoredFilter(raw=data, layout_known=False)
    return StoredFilter(tuple(criteria), count, data)


def _read_filters(tokens: list[Any]) -> tuple[list[GcnCriterion], int]:
    position = 0

    def take(check: Callable[[Any], bool]) -> Any:
        nonlocal position
        if position >= len(tokens) or not check(tokens[position]):
            raise _UnknownLayout
        position += 1
        return tokens[position - 1]

    def is_text(value: Any) -> bool:
        return isinstance(value, str)

    def is_bool(value: Any) -> bool:
        return isinstance(value, bool)

    criteria: list[GcnCriterion] = []
    take(is_int)
    count = take(is_int)
    for filter_index in range(count):
        take(is_int), take(is_text), take(is_int), take(is_int), take(is_int)
        for _ in range(take(is_int)):
            take(is_int)
            field, value, operator = take(is_text), take(is_text), take(is_int)
            take(lambda v: v is None), take(is_int), take(is_int)
            criteria.append(GcnCriterion(field, operator, value, filter_index))
        take(is_bool), take(is_bool)  # every filter closes with two flags
    if position != len(tokens):
        raise _UnknownLayout
    return criteria, count
