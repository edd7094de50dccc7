"""The AdministrationId list for "Filter op deze waarden" of Finstack_Administrations.

Users paste numbers separated by ; , spaces or new lines, or lines copied from AFAS's "Administratie
selecteren" list (`1 - Holding BV`). The result is numeric, sorted, without duplicates: `1;2;3`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from wizard.core.messages import Message, UserInputError
from wizard.core.pasted_text import normalise_pasted
from wizard.core.token import looks_like_token

MAX_ADMINISTRATION_ID = 999  # "Een omgeving kan maximaal 999 administraties bevatten" (AFAS help)
MAX_DIGITS = 3  # AFAS's metainfo gives AdminId length 3; longer is refused before int() (4300-digit limit)
SEPARATOR = ";"

# `1 - Holding BV`, `1: Holding`, `1 | Holding`, `1<TAB>Holding`: a number, a separator, a name with a
# letter in it. A bare space is not a separator, so `1 abc 2` reports "abc" instead of dropping it. The
# number may be in any script's digits here, so that _check_part names the problem with non-ASCII digits.
_LIST_LINE = re.compile(r"^(\d+)[ ]*(?:[-–—:|][ \t]*|\t[ \t]*)(?=.*[^\W\d_])(.*\S.*)$")
_PART = re.compile(r"[^;,\s]+")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")  # ASCII digits only: \d would take ١٢٣ and １２３ too


class AdministrationsInputError(UserInputError):
    """The administration list has a part that is not an administration number."""


@dataclass(frozen=True)
class Problem:
    """One offending part: where it is (1-based line and column) and what is wrong with it."""

    line: int
    column: int
    part: str
    message: Message


@dataclass(frozen=True)
class AdministrationList:
    ids: tuple[int, ...]
    duplicates: tuple[int, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return bool(self.ids) and not self.problems

    @property
    def filter_value(self) -> str:
        """What goes in "Filter op deze waarden": `1;2;3`."""
        return SEPARATOR.join(str(i) for i in self.ids)


def _token_problem(line: int, column: int) -> Problem:
    """The token pasted here: said so, and the value is never shown back or kept in the problem."""
    return Problem(line, column, "", Message("admin.looks_like_token"))


def _check_part(part: str, line: int, column: int) -> int | Problem:
    def problem(key: str) -> Problem:
        shown = part if len(part) <= 30 else part[:27] + "..."
        return Problem(line, column, shown, Message(key, {"part": shown, "line": line, "column": column}))

    if looks_like_token(part):
        return _token_problem(line, column)
    if any(c.isdigit() and not c.isascii() for c in part):
        return problem("admin.digits_not_ascii")
    if not _INTEGER.match(part):
        return problem("admin.not_a_number")
    digits = part.lstrip("+-").lstrip("0")
    if not digits:
        return problem("admin.zero")
    if part.startswith("-"):
        return problem("admin.negative")
    if len(digits) > MAX_DIGITS or int(digits) > MAX_ADMINISTRATION_ID:
        return problem("admin.too_large")
    return int(digits)


@lru_cache(maxsize=32)  # asked several times per keystroke (the field, Next, the bottom bar): read once
def parse_administrations(text: str) -> AdministrationList:
    """Read every administration number in `text`; report each offending part instead of raising."""
    if looks_like_token(text):
        return AdministrationList((), (), (_token_problem(1, 1),))
    found: list[int] = []
    problems: list[Problem] = []
    for line_no, raw_line in enumerate(normalise_pasted(text).splitlines(), start=1):
        line = raw_line.replace("\u00a0", " ")
        listed = _LIST_LINE.match(line.strip())
        if listed:
            column = line.index(listed.group(1)) + 1
            outcome = _check_part(listed.group(1), line_no, column)
            (found if isinstance(outcome, int) else problems).append(outcome)  # type: ignore[arg-type]
            continue
        for match in _PART.finditer(line):
            outcome = _check_part(match.group(0), line_no, match.start() + 1)
            (found if isinstance(outcome, int) else problems).append(outcome)  # type: ignore[arg-type]
    unique = sorted(set(found))
    duplicates = sorted({i for i in found if found.count(i) > 1})
    return AdministrationList(tuple(unique), tuple(duplicates), tuple(problems))


def administration_ids(text: str) -> tuple[int, ...]:
    """The administrations `text` names, for the token test (the window's and the command line's alike): none for
    an empty text (nothing to compare), AdministrationsInputError naming the first offending part."""
    result = parse_administrations(text)
    if result.problems:
        raise AdministrationsInputError(result.problems[0].message)
    return result.ids


def build_filter_value(text: str) -> str:
    """`1;2;3` from whatever was pasted; AdministrationsInputError naming the first offending part."""
    if not administration_ids(text):
        raise AdministrationsInputError(Message("admin.empty"))
    return parse_administrations(text).filter_value  # read once: parse_administrations keeps its last answers
