"""Customers as a CSV file, for a consultant's spreadsheet: the columns label, environment and token_name, never a
token. Reading is all or nothing: a file with any bad row is refused as a whole, and every bad row is named by its
line number, so nothing is half imported. A header in another order, a semicolon (Dutch Excel) instead of a comma,
and a UTF-8 BOM are understood. A label is text: markup and quotes are kept as typed. Cells that a spreadsheet would
run as a formula (= + - @ first) are written with a leading apostrophe and read back without it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from wizard.core.environment import parse_environment
from wizard.core.identity import normalise_token_name
from wizard.core.messages import Message, UserInputError
from wizard.core.token import looks_like_token

COLUMNS = ("label", "environment", "token_name")
DEFAULT_TOKEN_NAME = "Finstack"  # noqa: S105 - a label, not a secret
MAX_LABEL = 200
MAX_TOKEN_NAME = 100
_FORMULA_FIRST = ("=", "+", "-", "@")


@dataclass(frozen=True)
class CustomerRow:
    line: int
    label: str
    environment: str  # as AFAS names it (O12345AA), or "" when the row gives none
    environment_key: str  # "production:12345", or ""
    token_name: str

    @property
    def identity(self) -> tuple[str, str, str]:
        """What makes two rows the same customer: the environment, the token name and the label."""
        return self.environment_key, self.token_name, self.label


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: Message


def read_customers_csv(text: str) -> tuple[list[CustomerRow], list[RowProblem]]:
    """The rows of the file and every problem in it (line numbers as a spreadsheet shows them, header = 1)."""
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        return [], [RowProblem(1, Message("csv.empty_file"))]
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [cell.strip().lower() for cell in next(reader)]
        columns, problems = _columns(header)
        rows: list[CustomerRow] = []
        seen: dict[tuple[str, str, str], int] = {}
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            row = _row(line, cells, columns, problems) if columns else None
            if row is None:
                continue
            if row.identity in seen:
                problems.append(RowProblem(line, Message("csv.duplicate", {"first": seen[row.identity]})))
                continue
            seen[row.identity] = line
            rows.append(row)
    except csv.Error:
        return [], [RowProblem(reader.line_num, Message("csv.malformed"))]
    return rows, problems


def _columns(header: list[str]) -> tuple[dict[str, int] | None, list[RowProblem]]:
    if any(looks_like_token(cell) for cell in header):
        return None, [RowProblem(1, Message("csv.token"))]
    unknown = [cell for cell in header if cell not in COLUMNS]
    missing = [column for column in COLUMNS if column not in header]
    if "token" in unknown:
        return None, [RowProblem(1, Message("csv.token_column"))]
    if missing or unknown or len(set(header)) != len(header):
        return None, [RowProblem(1, Message("csv.header", {"columns": ",".join(COLUMNS),
                                                          "found": ",".join(h[:30] for h in header[:10])}))]
    return {column: header.index(column) for column in COLUMNS}, []


def _row(line: int, cells: list[str], columns: dict[str, int], problems: list[RowProblem]) -> CustomerRow | None:
    if len(cells) != len(columns):
        problems.append(RowProblem(line, Message("csv.cells", {"count": len(cells), "expected": len(columns)})))
        return None
    if any(looks_like_token(cell) for cell in cells):
        problems.append(RowProblem(line, Message("csv.token")))
        return None
    label = _unescape(cells[columns["label"]].strip())
    environment_text = _unescape(cells[columns["environment"]].strip())
    token_name = normalise_token_name(_unescape(cells[columns["token_name"]])) or DEFAULT_TOKEN_NAME
    before = len(problems)
    if len(label) > MAX_LABEL or len(token_name) > MAX_TOKEN_NAME:
        problems.append(RowProblem(line, Message("csv.too_long", {"label": MAX_LABEL, "name": MAX_TOKEN_NAME})))
    if any(not ch.isprintable() for ch in label + token_name):
        problems.append(RowProblem(line, Message("csv.control")))
    if not label and not environment_text:
        problems.append(RowProblem(line, Message("csv.nothing")))
    environment, key = "", ""
    if environment_text:
        try:
            env = parse_environment(environment_text)
            environment, key = env.name, env.key
        except UserInputError as exc:
            problems.append(RowProblem(line, exc.message))
    return CustomerRow(line, label, environment, key, token_name) if len(problems) == before else None


def _unescape(cell: str) -> str:
    return cell[1:] if cell[:1] == "'" and cell[1:2] in _FORMULA_FIRST else cell


def _escape(cell: str) -> str:
    return "'" + cell if cell[:1] in _FORMULA_FIRST else cell


def write_customers_csv(rows: Iterable[tuple[str, str, str]]) -> str:
    """(label, environment, token name) rows as CSV text with a BOM, so Excel on Windows reads it as UTF-8."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for label, environment, token_name in rows:
        writer.writerow([_escape(label), _escape(environment), _escape(token_name)])
    return "\ufeff" + out.getvalue()
