"""The real public `.gcn` exports in ../shared/reference/gcn-samples/ (test data only, never in this repository).

Tests that need them skip with a clear reason when that folder is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SAMPLES_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "reference" / "gcn-samples"

GROUPS_V7 = "Tools4ever - HelloID - T4E_HelloID_Groups_v2.gcn"
COSTCENTERS_V5 = "Tools4ever - HelloID - Costcenters.gcn"
PLANNEN_V8 = "SH_AUDIT_Plannen.gcn"
TRANSACTIONS_V8 = "SH_AUDIT_Transactions.gcn"
ALL_SAMPLES = (COSTCENTERS_V5, GROUPS_V7, PLANNEN_V8, TRANSACTIONS_V8)

needs_samples = pytest.mark.skipif(
    not all((SAMPLES_DIR / name).is_file() for name in ALL_SAMPLES),
    reason=f"the real .gcn sample exports are not available in {SAMPLES_DIR.resolve()}",
)


def sample_path(name: str) -> Path:
    return (SAMPLES_DIR / name).resolve()


def sample_bytes(name: str) -> bytes:
    return sample_path(name).read_bytes()


# Definitions written to match the real samples, so bundle tests run the whole path on real exports.
SAMPLE_DEFINITIONS = {
    GROUPS_V7: {
        "external_name": "T4E_HelloID_Groups_v2",
        "description": "Tools4ever - HelloID - T4E_HelloID_Groups_v2",
        "data_collection": {"code": "B_Grp02", "name_nl": "Gebruikers per groep", "standard_connector": None},
        "system": "Kn",
        "aliases": ["GroupId", "Description"],
        "stored_filter": [{"field": "U001", "operator": "15", "value": "!=iedereen"},
                          {"field": "U002", "operator": "15", "value": "=0"}],
    },
    COSTCENTERS_V5: {
        "external_name": "T4E_HelloID_Costcenters",
        "description": "Tools4ever - HelloID - Costcenters",
        "data_collection": {"code": "B_Jcr00", "name_nl": "Werkgever/kostenplaatsen", "standard_connector": None},
        "system": "Hr",
        "aliases": ["Werkgever", "Kostenplaats", "Omschrijving"],
        "stored_filter": [{"field": "HrJcrCrTy", "operator": "15", "value": "=01"}],
    },
}


_OTHER_CONNECTOR = {
    "data_collection": {"code": None, "name_nl": "Testgegevens", "standard_connector": None},
    "system": "Kn",
    "stored_filter": [],
}


def write_definition(folder: Path, sample: str | None, order: int = 1, **changes: object) -> Path:
    """A definition JSON for the connector in `sample`, with `changes` (aliases, stored_filter) applied. Without a
    sample, `changes` give at least external_name, description and aliases."""
    spec = {**SAMPLE_DEFINITIONS.get(sample or "", _OTHER_CONNECTOR), **changes}
    raw = {
        "external_name": spec["external_name"],
        "description": spec["description"],
        "order": order,
        "data_collection": spec["data_collection"],
        "system": spec["system"],
        "key_fields": [spec["aliases"][0]],
        "fields": [{"source_field": a, "label_nl": a, "alias": a, "type": "string"} for a in spec["aliases"]],
        "stored_filter": spec["stored_filter"],
        "customer_edit": None,
        "purpose": {"en": f"Test connector {spec['external_name']}.", "nl": f"Testconnector {spec['external_name']}."},
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{spec['external_name']}.json"
    path.write_text(json.dumps(raw, indent=2), encoding="utf-8")
    return path


def copy_sample(name: str, folder: Path, as_name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (as_name or name)
    target.write_bytes(sample_bytes(name))
    return target
