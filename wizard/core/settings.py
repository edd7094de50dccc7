"""Saving and loading the wizard's progress (state.WizardState) under the user's config folder.

Atomic (temporary file + rename, owner-only), versioned, and forgiving: a file that cannot be read is
kept aside and the wizard starts fresh with a message instead of crashing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import platformdirs

from wizard.core.messages import Message
from wizard.core.state import SCHEMA_VERSION, JourneyProgress, Submission, TokenTestRecord, WizardState

APP_NAME = "finstack-afas-wizard"
STATE_FILE = "state.json"
CONFIG_DIR_ENV = "FINSTACK_WIZARD_CONFIG_DIR"


def config_dir() -> Path:
    """The user config folder (FINSTACK_WIZARD_CONFIG_DIR overrides it, for tests and portable use)."""
    override = os.environ.get(CONFIG_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


_NESTED = {"token_test": TokenTestRecord, "submission": Submission}
_NESTED_MAPS = {"parked": JourneyProgress}


def _coerce(cls: type, raw: dict[str, Any]) -> Any:
    """Build `cls` from raw JSON, keeping each field whose type is right and defaulting the rest."""
    defaults = cls()
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in raw:
            continue
        value, default = raw[f.name], getattr(defaults, f.name)
        if f.name in _NESTED and isinstance(value, dict):
            values[f.name] = _coerce(_NESTED[f.name], value)
        elif f.name in _NESTED_MAPS and isinstance(value, dict):
            values[f.name] = {str(k): _coerce(_NESTED_MAPS[f.name], v) for k, v in value.items()
                              if isinstance(v, dict)}
        elif isinstance(default, StrEnum) and isinstance(value, str):
            values[f.name] = type(default)(value) if value in type(default).__members__.values() else default
        elif isinstance(default, dict) and isinstance(value, dict):
            values[f.name] = {str(k): bool(v) for k, v in value.items() if isinstance(v, bool)}
        elif type(value) is type(default):
            values[f.name] = value
    return cls(**values)


@dataclass(frozen=True)
class LoadResult:
    state: WizardState
    notice: Message | None = None  # shown once to the user, e.g. "your saved progress was unreadable"
    kept_aside: Path | None = None


class SettingsStore:
    """Reads and writes WizardState as JSON in `directory` (default: the user config folder)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or config_dir()
        self.path = self.directory / STATE_FILE
        self._lock = threading.Lock()

    def load(self) -> LoadResult:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return LoadResult(WizardState())
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            return self._keep_aside("settings.corrupt")
        if not isinstance(raw, dict):
            return self._keep_aside("settings.corrupt")
        version = raw.get("schema_version")
        if not isinstance(version, int) or version > SCHEMA_VERSION or version < 1:
            return self._keep_aside("settings.newer_version" if isinstance(version, int) else "settings.corrupt")
        return LoadResult(_coerce(WizardState, raw))

    def _keep_aside(self, key: str) -> LoadResult:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{STATE_FILE}.unreadable-{stamp}")
        with contextlib.suppress(OSError):
            os.replace(self.path, aside)
        return LoadResult(WizardState(), Message(key, {"path": str(aside)}), aside)

    def save(self, state: WizardState) -> None:
        """Write atomically: a private temporary file in the same folder, then rename over the old one."""
        payload = json.dumps(state.to_json(), ensure_ascii=False, indent=2, sort_keys=True)
        with self._lock:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(prefix=".state-", suffix=".tmp", dir=self.directory)
            try:
                os.chmod(tmp, 0o600)
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(payload)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
