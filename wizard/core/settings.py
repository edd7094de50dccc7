"""Non-secret wizard state, saved under the user's config folder after every change.

Atomic (temporary file + rename, owner-only), versioned, and forgiving: a file that cannot be read is
kept aside and the wizard starts fresh with a message instead of crashing. The token is not a field
here, so it cannot reach this file.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs

from wizard.core.messages import Message

APP_NAME = "finstack-afas-wizard"
SCHEMA_VERSION = 1
STATE_FILE = "state.json"
CONFIG_DIR_ENV = "FINSTACK_WIZARD_CONFIG_DIR"


def config_dir() -> Path:
    """The user config folder (FINSTACK_WIZARD_CONFIG_DIR overrides it, for tests and portable use)."""
    override = os.environ.get(CONFIG_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


@dataclass
class TokenTestRecord:
    """The last token test: for which environment/name/token it ran and how it ended."""

    environment_key: str = ""
    token_name: str = ""
    token_fingerprint: str = ""  # 8 hex characters of a SHA-256, never the token
    outcome: str = ""  # passed / warning / failed
    at: str = ""


@dataclass
class Submission:
    status: str = "none"  # none / submitted / handoff_confirmed / failed
    idempotency_key: str = ""
    source_id: str = ""
    message: str = ""
    at: str = ""
    submitted_for: str = ""  # what the key was made for: environment key, token name, token fingerprint

    @staticmethod
    def content_id(environment_key: str, token_name: str, token_fingerprint: str) -> str:
        """What a submit sends, in words that are never secret (the fingerprint, not the token)."""
        return f"{environment_key}/{token_name.strip()}/{token_fingerprint}"

    def key_for(self, content: str, new_key: Callable[[], str]) -> str:
        """The Idempotency-Key for submitting `content`: the same one for every retry of that content (so
        Finstack never creates the source twice), a new one when the content changed (Finstack refuses a
        key reused with a different body)."""
        if self.idempotency_key and not self.submitted_for:
            self.submitted_for = content  # saved before `submitted_for` existed: assume it is the same submit
        if not self.idempotency_key or self.submitted_for != content:
            self.idempotency_key, self.submitted_for = new_key(), content
        return self.idempotency_key


@dataclass
class WizardState:
    current_page: str = "welcome"
    language: str = ""
    environment_text: str = ""
    environment_type: str = ""  # explicit choice; empty = taken from what was typed
    token_name: str = "Finstack"  # noqa: S105 - a label, not a secret
    administrations_text: str = ""
    checklist: dict[str, bool] = field(default_factory=dict)
    preparation_deferred: bool = False
    export_folder: str = ""
    token_stored: bool = False
    token_test: TokenTestRecord = field(default_factory=TokenTestRecord)
    submission: Submission = field(default_factory=Submission)
    finstack_api_url: str = ""
    demo: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"schema_version": SCHEMA_VERSION, **dataclasses.asdict(self)}


_NESTED = {"token_test": TokenTestRecord, "submission": Submission}


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

    def exists(self) -> bool:
        return self.path.is_file()

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

    def clear(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
