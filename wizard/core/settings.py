"""Saving and loading the wizard's progress under the user's config folder: one WizardState per customer (the
AFAS environment tells them apart), plus what belongs to this computer (language, Finstack API address).

Atomic (temporary file + rename, owner-only), versioned, and forgiving: a file that cannot be read is kept aside
and the wizard starts fresh with a message; a field of the wrong type or an absurd size is reset, and the message
names it. Nothing in the file can crash a start. Version 1 files (one progress) are read as one customer.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs

from wizard.core.messages import Message
from wizard.core.settings_coerce import coerce_state
from wizard.core.state import SCHEMA_VERSION, WizardState, now_text

APP_NAME = "finstack-afas-wizard"
STATE_FILE = "state.json"
CONFIG_DIR_ENV = "FINSTACK_WIZARD_CONFIG_DIR"
MAX_FILE_BYTES = 4 * 1024 * 1024  # a hundred customers take a few hundred KB; refuse to read more
MAX_CUSTOMERS = 500
_COMPUTER_FIELDS = ("language", "finstack_api_url")  # saved once, not per customer
# When the unreadable file cannot be moved aside (a read-only folder), the message names where it still is.
_IN_PLACE = {"settings.corrupt": "settings.corrupt_in_place", "settings.too_large": "settings.too_large_in_place",
             "settings.newer_version": "settings.newer_version_in_place"}


def _new_id() -> str:
    import uuid  # only when a customer is first saved: not on the way to the first window

    return uuid.uuid4().hex


def config_dir() -> Path:
    """The user config folder (FINSTACK_WIZARD_CONFIG_DIR overrides it, for tests and portable use)."""
    override = os.environ.get(CONFIG_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class LoadResult:
    state: WizardState  # the customer in hand (a fresh one when there is none)
    notice: Message | None = None  # shown once to the user, e.g. "your saved progress was unreadable"
    kept_aside: Path | None = None
    customers: tuple[WizardState, ...] = field(default=())  # every saved customer, the one in hand included


class _Unreadable(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class SettingsStore:
    """Reads and writes the customers' progress as JSON in `directory` (default: the user config folder)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or config_dir()
        self.path = self.directory / STATE_FILE
        self._lock = threading.Lock()

    # -- reading --------------------------------------------------------------------------------------------
    def load(self) -> LoadResult:
        try:
            raw = self._read()
        except FileNotFoundError:
            return LoadResult(WizardState())
        except _Unreadable as problem:
            return self._keep_aside(problem.key)
        computer, customers, current, reset = _parse(raw)
        state = next((c for c in customers if c.customer_id == current), None) or WizardState()
        for name, value in computer.items():
            setattr(state, name, value)
        notice = Message("settings.fields_reset", {"fields": ", ".join(sorted(reset))}) if reset else None
        return LoadResult(state, notice, None, tuple(customers))

    def _read(self) -> dict[str, Any]:
        """The file's JSON object; _Unreadable (with what to tell the user) when it is not one we can use."""
        try:
            if self.path.stat().st_size > MAX_FILE_BYTES:
                raise _Unreadable("settings.too_large")
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise _Unreadable("settings.corrupt") from None
        if not isinstance(raw, dict):
            raise _Unreadable("settings.corrupt")
        version = raw.get("schema_version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise _Unreadable("settings.corrupt")
        if version > SCHEMA_VERSION:
            raise _Unreadable("settings.newer_version")
        return raw

    def _keep_aside(self, key: str) -> LoadResult:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{STATE_FILE}.unreadable-{stamp}")
        try:
            os.replace(self.path, aside)
        except OSError:  # a read-only folder: say where the file still is, not a name that was never made
            return LoadResult(WizardState(), Message(_IN_PLACE[key], {"path": str(self.path)}))
        return LoadResult(WizardState(), Message(key, {"path": str(aside)}), aside)

    # -- writing --------------------------------------------------------------------------------------------
    def save(self, state: WizardState) -> None:
        """Save `state` as the customer in hand, keeping every other customer. Gives a new customer its id."""
        with self._lock:
            if not state.customer_id and state.has_content():
                state.customer_id = _new_id()
            if state.customer_id:
                state.updated_at = now_text()
            others = [c for c in self._customers_on_disk() if c.customer_id != state.customer_id]
            self._write(state, [*others, state])

    def remove_customer(self, customer_id: str) -> None:
        """Forget one customer's progress (its token is the caller's to forget)."""
        with self._lock:
            loaded = self._loaded_or_none()
            if loaded is None:
                return
            kept = [c for c in loaded.customers if c.customer_id != customer_id]
            in_hand = loaded.state if loaded.state.customer_id != customer_id else WizardState(
                language=loaded.state.language, finstack_api_url=loaded.state.finstack_api_url)
            self._write(in_hand, kept)

    def _customers_on_disk(self) -> list[WizardState]:
        loaded = self._loaded_or_none()
        return list(loaded.customers) if loaded is not None else []

    def _loaded_or_none(self) -> LoadResult | None:
        try:
            raw = self._read()
        except (FileNotFoundError, _Unreadable):
            return None
        computer, customers, current, _ = _parse(raw)
        state = next((c for c in customers if c.customer_id == current), None) or WizardState()
        for name, value in computer.items():
            setattr(state, name, value)
        return LoadResult(state, customers=tuple(customers))

    def _write(self, in_hand: WizardState, customers: list[WizardState]) -> None:
        """Write atomically: a private temporary file in the same folder, then rename over the old one."""
        kept = sorted(customers, key=lambda c: c.updated_at)[-MAX_CUSTOMERS:]
        document = {
            "schema_version": SCHEMA_VERSION,
            **{name: getattr(in_hand, name) for name in _COMPUTER_FIELDS},
            "current_customer": in_hand.customer_id,
            "customers": [_customer_json(c) for c in kept if c.customer_id],
        }
        payload = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)
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


def _customer_json(state: WizardState) -> dict[str, Any]:
    data = state.to_json()
    data.pop("schema_version", None)
    for name in _COMPUTER_FIELDS:
        data.pop(name, None)
    return data


def _parse(raw: dict[str, Any]) -> tuple[dict[str, Any], list[WizardState], str, set[str]]:
    """(computer fields, customers, id of the customer in hand, names of fields that were reset)."""
    reset: set[str] = set()
    if raw.get("schema_version") == 1:  # one progress: it becomes the one customer
        state, reset = coerce_state(raw)
        state.customer_id = state.customer_id or _new_id()
        return {name: getattr(state, name) for name in _COMPUTER_FIELDS}, [state], state.customer_id, reset
    computer_state, reset = coerce_state({name: raw[name] for name in _COMPUTER_FIELDS if name in raw})
    computer = {name: getattr(computer_state, name) for name in _COMPUTER_FIELDS}
    entries = raw.get("customers")
    if not isinstance(entries, list):
        entries, reset = [], reset | ({"customers"} if "customers" in raw else set())
    customers: list[WizardState] = []
    for entry in entries[:MAX_CUSTOMERS]:
        if not isinstance(entry, dict):
            reset.add("customers")
            continue
        state, fields = coerce_state(entry)
        reset |= fields
        if state.customer_id and all(c.customer_id != state.customer_id for c in customers):
            customers.append(state)
    current = raw.get("current_customer")
    return computer, customers, current if isinstance(current, str) else "", reset
