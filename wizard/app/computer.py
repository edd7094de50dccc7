"""What belongs to this computer rather than to a customer, declared here once: the language the wizard speaks,
the Finstack API address (its key lives in the password store) and which record was open last. Saved in
settings.json in the config folder, atomically; two windows each write only the setting they changed."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from wizard.app.files import write_atomically
from wizard.app.folders import config_dir
from wizard.core.redact import redact_record

SETTINGS_FILE = "settings.json"
SETTINGS_VERSION = 1
MAX_SETTINGS_BYTES = 64 * 1024


@dataclass
class ComputerSettings:
    language: str = ""  # "" = the user's locale
    finstack_api_url: str = ""  # "" = the hand-off to Finstack's web app
    open_record: str = ""  # the record the window showed last


COMPUTER_SETTINGS: tuple[str, ...] = tuple(f.name for f in fields(ComputerSettings))


class SettingsFile:
    """settings.json: read defensively (a value of the wrong kind is ignored), written one setting at a time."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or config_dir()
        self.path = self.folder / SETTINGS_FILE

    def load(self) -> ComputerSettings:
        try:
            data = self.path.read_bytes()[:MAX_SETTINGS_BYTES + 1]
            raw = json.loads(data.decode("utf-8")) if len(data) <= MAX_SETTINGS_BYTES else {}
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raw = {}
        settings = ComputerSettings()
        if isinstance(raw, dict):
            for name in COMPUTER_SETTINGS:
                value = raw.get(name)
                if isinstance(value, str) and len(value) <= 2000:
                    setattr(settings, name, value)
        return settings

    def save(self, **changes: str) -> ComputerSettings:
        """Write the settings named in `changes` (what the file holds for the others is kept). OSError when the
        folder cannot be written."""
        unknown = set(changes) - set(COMPUTER_SETTINGS)
        if unknown:
            raise KeyError(f"not a setting of this computer: {sorted(unknown)}")
        current = self.load()
        for name, value in changes.items():
            setattr(current, name, value)
        document: dict[str, Any] = {"schema_version": SETTINGS_VERSION, **redact_record(asdict(current))}
        write_atomically(self.path, json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))
        return current
