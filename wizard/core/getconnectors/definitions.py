"""Finstack's GetConnector definitions (getconnectors/definitions/*.json): the source of truth for what
the bundle must hold, what the token test requires and what the AFAS stand-in serves."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from wizard.core.messages import Language
from wizard.core.resources import getconnectors_dir

ADMINISTRATIONS_CONNECTOR = "Finstack_Administrations"
ADMINISTRATION_FIELD = "AdministrationId"


@dataclass(frozen=True)
class FieldDefinition:
    source_field: str  # the field's name in AFAS's standard connector (Mutaties.openapi.json)
    label_nl: str  # the field's label in AFAS's data collection
    alias: str  # the JSON property name (the alias in the GetConnector's field list)
    type: str  # AFAS metainfo dataType: int, string, decimal, date, boolean


@dataclass(frozen=True)
class FilterCriterion:
    field: str
    operator: str
    value: str


@dataclass(frozen=True)
class CustomerEdit:
    field: str
    kind: str
    text: dict[str, str]


@dataclass(frozen=True)
class ConnectorDefinition:
    external_name: str  # the REST id: /connectors/{external_name}
    description: str  # Omschrijving; Profit names the export file <description>.gcn
    order: int
    data_collection_code: str | None  # ObId such as B_Jcr00; None where no public source settles it
    data_collection_name: str  # Dutch name of the gegevensverzameling
    standard_connector: str | None
    system: str
    key_fields: tuple[str, ...]
    fields: tuple[FieldDefinition, ...]
    stored_filter: tuple[FilterCriterion, ...]
    customer_edit: CustomerEdit | None
    purpose: dict[str, str]

    @property
    def file_name(self) -> str:
        return f"{self.description}.gcn"

    @property
    def aliases(self) -> tuple[str, ...]:
        return tuple(f.alias for f in self.fields)

    def purpose_text(self, language: Language) -> str:
        return self.purpose.get(language) or self.purpose["en"]


def _definition(raw: dict[str, Any]) -> ConnectorDefinition:
    collection = raw["data_collection"]
    edit = raw.get("customer_edit")
    return ConnectorDefinition(
        external_name=raw["external_name"],
        description=raw["description"],
        order=int(raw.get("order", 99)),
        data_collection_code=collection.get("code"),
        data_collection_name=collection["name_nl"],
        standard_connector=collection.get("standard_connector"),
        system=raw["system"],
        key_fields=tuple(raw["key_fields"]),
        fields=tuple(FieldDefinition(**f) for f in raw["fields"]),
        stored_filter=tuple(FilterCriterion(**c) for c in raw.get("stored_filter", [])),
        customer_edit=CustomerEdit(edit["field"], edit["kind"], {k: edit[k] for k in ("en", "nl")}) if edit else None,
        purpose=dict(raw["purpose"]),
    )


def definitions_dir() -> Path:
    return getconnectors_dir() / "definitions"


@cache
def _load(directory: Path) -> tuple[ConnectorDefinition, ...]:
    found = [_definition(json.loads(p.read_text(encoding="utf-8"))) for p in sorted(directory.glob("*.json"))]
    return tuple(sorted(found, key=lambda d: (d.order, d.external_name)))


def load_definitions(directory: Path | None = None) -> tuple[ConnectorDefinition, ...]:
    """Every definition, in the order the wizard lists them."""
    return _load((directory or definitions_dir()).resolve())


def required_connector_ids(directory: Path | None = None) -> tuple[str, ...]:
    """The GetConnectors the token test demands in metainfo's getConnectors."""
    return tuple(d.external_name for d in load_definitions(directory))
