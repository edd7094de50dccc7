"""The single state file of earlier versions (config folder's state.json: every customer in one file) becomes one
record file per customer, once, on the first start that may write. The old file is kept, renamed, never deleted; a
customer in it that cannot be read is named, and every other one is migrated. A read-only command never migrates:
it reads the old file as it is (`legacy_records`)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wizard.app.computer import COMPUTER_SETTINGS, SettingsFile
from wizard.app.files import aside_name
from wizard.app.records import RecordStore, new_record_id, valid_id
from wizard.core.messages import Message
from wizard.core.record_coerce import coerce_state
from wizard.core.state import WizardState

LEGACY_FILE = "state.json"
MAX_LEGACY_BYTES = 512 * 1024 * 1024  # the old format had no per-customer limit; read what a consultant could have


@dataclass
class LegacyContent:
    customers: list[WizardState] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)  # language, finstack_api_url, open_record
    unreadable: int = 0  # customers in the file that could not be read


def read_legacy(path: Path) -> LegacyContent | None:
    """What the old file holds; None when it cannot be read at all."""
    try:
        if path.stat().st_size > MAX_LEGACY_BYTES:
            return None
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(raw, dict) or raw.get("schema_version") not in (1, 2):
        return None
    content = LegacyContent(settings={name: raw[name] for name in ("language", "finstack_api_url")
                                      if isinstance(raw.get(name), str)})
    entries: list[Any] = [raw] if raw.get("schema_version") == 1 else raw.get("customers", [])
    if not isinstance(entries, list):
        return content
    seen: set[str] = set()
    for entry in entries:
        if not isinstance(entry, dict):
            content.unreadable += 1
            continue
        state, _ = coerce_state(entry)
        record_id = entry.get("customer_id") if isinstance(entry.get("customer_id"), str) else ""
        state.customer_id = record_id if valid_id(record_id) and record_id not in seen else new_record_id()
        seen.add(state.customer_id)
        if state.has_content():
            content.customers.append(state)
    current = raw.get("current_customer")
    if isinstance(current, str) and current in seen:
        content.settings["open_record"] = current
    return content


def legacy_path(config_folder: Path) -> Path:
    return config_folder / LEGACY_FILE


def migrate(store: RecordStore, settings: SettingsFile) -> list[Message]:
    """Turn the old state file (if any) into record files; what to tell the user (empty: nothing to migrate)."""
    path = legacy_path(settings.folder)
    if not path.is_file():
        return []
    with store.lock():
        if not path.is_file():
            return []  # another window migrated it a moment ago
        content = read_legacy(path)
        if content is None:
            aside = _rename(path, "unreadable")
            return [Message("record.legacy_unreadable", {"path": str(aside or path)})]
        for state in content.customers:
            if not store.exists(state.customer_id):
                store.write(state.customer_id, state.to_json(), 0)
        keep = {name: value for name, value in content.settings.items() if name in COMPUTER_SETTINGS}
        current = settings.load()
        settings.save(**{name: value for name, value in keep.items() if not getattr(current, name)})
        aside = _rename(path, "migrated")
    said = [Message("record.migrated", {"count": len(content.customers), "path": str(aside or path)})]
    if content.unreadable:
        said.append(Message("record.legacy_some_unreadable", {"count": content.unreadable,
                                                              "path": str(aside or path)}))
    return said


def _rename(path: Path, why: str) -> Path | None:
    aside = aside_name(path, why)
    try:
        os.replace(path, aside)
    except OSError:
        return None
    return aside
