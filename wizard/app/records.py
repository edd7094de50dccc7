"""Customer records on disk: one JSON file per record in the data folder, `<id>.json`, each written atomically and
only by compare-and-write: a record is written only when the file still holds the revision the writer last saw,
under a lock shared by every process (two windows, a window and the command line). A file that cannot be read is
moved aside alone (never by a read-only command) and named; a file written by a newer version is left untouched
and named; every other record still loads. There is no cap on the number of records."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wizard.app.files import aside_name, write_atomically
from wizard.app.folders import records_dir
from wizard.core.file_names import name_rule
from wizard.core.messages import Message
from wizard.core.record_coerce import coerce_state
from wizard.core.redact import redact_record
from wizard.core.state import SCHEMA_VERSION, WizardState

MAX_RECORD_BYTES = 4 * 1024 * 1024  # a record is a few KB; anything this large is not one of ours
LOCK_TIMEOUT_S = 10.0
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SUFFIX = ".json"
_ASIDE_KEYS = {"unreadable": "record.unreadable_aside", "too_large": "record.too_large_aside"}
_IN_PLACE_KEYS = {"unreadable": "record.unreadable", "too_large": "record.too_large"}


def valid_id(record_id: str) -> bool:
    """Letters, digits, - and _, and a record file name valid on every system (never a Windows device name)."""
    return bool(_ID.fullmatch(record_id)) and name_rule(record_id + _SUFFIX) is None


def new_record_id() -> str:
    """32 random hex digits (uuid4's randomness, without loading uuid on the way to the first window)."""
    return os.urandom(16).hex()


class RecordProblem(Exception):
    """A record file this version cannot use. `why` is "unreadable", "too_large" or "newer"."""

    def __init__(self, record_id: str, why: str) -> None:
        super().__init__(f"record {record_id}: {why}")
        self.record_id, self.why = record_id, why


@dataclass(frozen=True)
class LoadedRecord:
    state: WizardState
    revision: int
    reset_fields: frozenset[str] = frozenset()  # fields that could not be read and start afresh

    @property
    def synced(self) -> dict[str, Any]:
        """The record as it is on disk, as JSON (what later merges start from); made only for a record opened."""
        return self.state.to_json()


@dataclass
class ScanResult:
    records: list[LoadedRecord] = field(default_factory=list)
    notices: list[Message] = field(default_factory=list)


@dataclass(frozen=True)
class WriteResult:
    """`written`: the file now holds our record at `revision`. Otherwise another process changed (or removed)
    the file since: `theirs` is what it holds now (None: removed), at `revision`."""

    written: bool
    revision: int
    theirs: dict[str, Any] | None = None


Scrub = Callable[[dict[str, Any]], dict[str, Any]]


class RecordStore:
    """The record files of one folder (default: the data folder's customers/)."""

    def __init__(self, folder: Path | None = None, scrub: Scrub | None = None) -> None:
        self.folder = folder or records_dir()
        self._scrub = scrub or redact_record  # second line: nothing token-like is ever written, whatever its field
        self._lock: Any = None

    def path(self, record_id: str) -> Path:
        if not valid_id(record_id):
            raise ValueError("not a record id")
        return self.folder / f"{record_id}{_SUFFIX}"

    def lock(self) -> Any:
        """The lock every process takes around a compare-and-write (a lock file beside the records). One object
        per store: taken again by the thread that holds it, it is not a deadlock (it counts); another thread or
        process waits."""
        if self._lock is None:
            from filelock import FileLock  # loaded on the first write, not on the way to the first window

            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            self._lock = FileLock(str(self.folder / ".lock"), timeout=LOCK_TIMEOUT_S)
        return self._lock

    # -- reading ----------------------------------------------------------------------------------------
    def ids(self) -> list[str]:
        try:
            names = os.listdir(self.folder)
        except (FileNotFoundError, NotADirectoryError):
            return []
        return sorted(name[: -len(_SUFFIX)] for name in names
                      if name.endswith(_SUFFIX) and valid_id(name[: -len(_SUFFIX)]))

    def exists(self, record_id: str) -> bool:
        return valid_id(record_id) and self.path(record_id).is_file()

    def read(self, record_id: str) -> LoadedRecord:
        """The record, its fields coerced; RecordProblem when the file cannot be used; FileNotFoundError."""
        raw = self._raw(record_id)
        if raw is None:
            raise FileNotFoundError(record_id)
        return _loaded(record_id, raw)

    def _raw(self, record_id: str) -> dict[str, Any] | None:
        path = self.path(record_id)
        try:
            with path.open("rb") as stream:
                data = stream.read(MAX_RECORD_BYTES + 1)
        except FileNotFoundError:
            return None
        except OSError:
            raise RecordProblem(record_id, "unreadable") from None
        if len(data) > MAX_RECORD_BYTES:
            raise RecordProblem(record_id, "too_large")
        try:
            raw = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise RecordProblem(record_id, "unreadable") from None
        version = raw.get("schema_version") if isinstance(raw, dict) else None
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise RecordProblem(record_id, "unreadable")
        if version > SCHEMA_VERSION:
            raise RecordProblem(record_id, "newer")
        return raw

    def scan(self, *, set_aside: bool, cancel: threading.Event | None = None) -> ScanResult:
        """Every record. A record that cannot be used is named in a notice; with `set_aside` (never for a read-only
        command) an unreadable one is also moved aside, alone. `cancel` stops it between two files (closing the
        window while 2000 records are read must not wait for them)."""
        result = ScanResult()
        for record_id in self.ids():
            if cancel is not None and cancel.is_set():
                break
            try:
                result.records.append(self.read(record_id))
            except FileNotFoundError:
                continue  # removed by another process while we looked
            except RecordProblem as problem:
                result.notices.append(self.problem_notice(problem, set_aside=set_aside))
        return result

    def problem_notice(self, problem: RecordProblem, *, set_aside: bool) -> Message:
        """Say what is wrong with a record file; move it aside when allowed (a newer version's file never)."""
        path = self.path(problem.record_id)
        if problem.why == "newer":
            return Message("record.newer_version", {"path": str(path)})
        if set_aside:
            aside = self.set_aside(problem.record_id)
            if aside is not None:
                return Message(_ASIDE_KEYS[problem.why], {"path": str(aside)})
        return Message(_IN_PLACE_KEYS[problem.why], {"path": str(path)})

    def set_aside(self, record_id: str) -> Path | None:
        path = self.path(record_id)
        aside = aside_name(path, "unreadable")
        try:
            os.replace(path, aside)
        except OSError:
            return None  # a read-only folder: the notice names where the file still is
        return aside

    # -- writing ----------------------------------------------------------------------------------------
    def write(self, record_id: str, data: dict[str, Any], expected_revision: int) -> WriteResult:
        """Compare-and-write: write `data` as revision `expected_revision + 1` only while the file still holds
        `expected_revision` (0: no file yet)."""
        with self.lock():
            on_disk = self._revision_on_disk(record_id)
            if on_disk != expected_revision:
                theirs = self._raw_or_none(record_id)
                return WriteResult(False, on_disk, theirs)
            revision = expected_revision + 1
            document = {**self._scrub(data), "schema_version": SCHEMA_VERSION, "revision": revision,
                        "customer_id": record_id}
            payload = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
            write_atomically(self.path(record_id), payload)
            return WriteResult(True, revision)

    def _revision_on_disk(self, record_id: str) -> int:
        """0 when there is no file; -1 when there is one we cannot read (never written over blindly)."""
        try:
            raw = self._raw(record_id)
        except RecordProblem:
            return -1
        return 0 if raw is None else _revision(raw)

    def _raw_or_none(self, record_id: str) -> dict[str, Any] | None:
        try:
            return self._raw(record_id)
        except RecordProblem:
            return None

    def remove(self, record_id: str) -> bool:
        """Delete the record's file; False when there was none."""
        with self.lock():
            try:
                self.path(record_id).unlink()
            except FileNotFoundError:
                return False
            return True

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids())


def _revision(raw: dict[str, Any]) -> int:
    value = raw.get("revision", 0)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _loaded(record_id: str, raw: dict[str, Any]) -> LoadedRecord:
    state, reset = coerce_state(raw)
    state.customer_id = record_id  # the file name says which record it is, whatever the file holds
    return LoadedRecord(state, _revision(raw), frozenset(reset))
