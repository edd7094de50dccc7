"""The shape of every AFAS answer the token test reads, checked before use (per AFAS's OpenAPI description).

Each reader takes parsed JSON and returns only what the checks need, or raises AnswerShapeError; the client
turns that into "AFAS answered in a way the wizard does not understand", with the status and the endpoint.
Nothing here trusts a type: `true` is not administration 1, and "٣" is not 3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from wizard.core.afas_client import AnswerShapeError
from wizard.core.getconnectors.definitions import ADMINISTRATION_FIELD

INFO_FACTS = ("envid", "appName", "group", "tokenExpiry")
MAX_ADMINISTRATION_ID = 999  # AdminId has length 3 in AFAS's metainfo
_ADMINISTRATION_TEXT = re.compile(r"[0-9]{1,3}")  # ASCII digits, fullmatch


def _require(condition: bool) -> None:
    if not condition:
        raise AnswerShapeError


def _list_of_objects(body: Any, key: str) -> list[dict[str, Any]]:
    """body[key] as a list of JSON objects; anything else (a number, null, a missing key) is not understood."""
    _require(isinstance(body, dict))
    items = body.get(key)
    _require(isinstance(items, list) and all(isinstance(item, dict) for item in items))
    return items


def _ids(items: list[dict[str, Any]]) -> frozenset[str]:
    _require(all(isinstance(item.get("id"), str) for item in items))
    return frozenset(item["id"] for item in items)


@dataclass(frozen=True)
class Metainfo:
    """What `metainfo` says: the GetConnectors the App connector offers, and the facts about the token."""

    connector_ids: frozenset[str]
    info: dict[str, str]  # INFO_FACTS; "" when AFAS left one out


def read_metainfo(body: Any) -> Metainfo:
    connectors = _ids(_list_of_objects(body, "getConnectors"))
    info = body.get("info")
    if info is None:
        return Metainfo(connectors, dict.fromkeys(INFO_FACTS, ""))
    _require(isinstance(info, dict))
    facts = {key: info.get(key) for key in INFO_FACTS}
    _require(all(value is None or isinstance(value, str) for value in facts.values()))
    return Metainfo(connectors, {key: value or "" for key, value in facts.items()})


def read_field_ids(body: Any) -> frozenset[str]:
    """The field ids (aliases) in `metainfo/get/{connector}`."""
    return _ids(_list_of_objects(body, "fields"))


def read_rows(body: Any) -> list[dict[str, Any]]:
    """The rows of `connectors/{connector}`."""
    return _list_of_objects(body, "rows")


def _administration_id(value: Any) -> int:
    if type(value) is int and 0 <= value <= MAX_ADMINISTRATION_ID:  # type(): True is an int to isinstance
        return value
    _require(isinstance(value, str) and bool(_ADMINISTRATION_TEXT.fullmatch(value.strip())))
    return int(value.strip())


def read_administration_ids(rows: list[dict[str, Any]]) -> set[int]:
    """Every AdministrationId in a page of Finstack_Administrations; a row without one is left out."""
    return {_administration_id(row[ADMINISTRATION_FIELD]) for row in rows if row.get(ADMINISTRATION_FIELD) is not None}


def read_administration_page(body: Any) -> tuple[set[int], int]:
    """The AdministrationIds on one page of Finstack_Administrations, and how many rows the page had."""
    rows = read_rows(body)
    return read_administration_ids(rows), len(rows)
