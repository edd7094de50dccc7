"""Keeping the records on disk while the session works: after each change the open record's newest copy goes to
the writer (saved after a pause in typing, or at once when committed); what the writer reports comes back here. A
record changed elsewhere meanwhile (another window, the command line) is merged field by field; a field changed in
both places keeps this window's value, and the other value is kept in a file beside the record and named."""

from __future__ import annotations

import dataclasses
import json
import logging
from typing import TYPE_CHECKING, Any

from wizard.app.book import summarize
from wizard.app.events import CustomersChanged, RecordReloaded
from wizard.app.files import aside_name, write_atomically
from wizard.app.flow import repair
from wizard.app.merge import merge_records
from wizard.app.records import LoadedRecord
from wizard.app.writer import Clash, Outcome, RecordWriter, Removed, WriteFailed, Written
from wizard.core.messages import Message
from wizard.core.record_coerce import coerce_state
from wizard.core.state import WizardState, now_text

if TYPE_CHECKING:
    from wizard.app.session import Session

_log = logging.getLogger(__name__)


class RecordKeeper:
    def __init__(self, session: Session) -> None:
        self.session = session
        store = session.services.records
        self.writer = RecordWriter(store, lambda outcome: session.dispatcher.post(lambda: self.heard(outcome)))
        self.synced: dict[str, dict[str, Any]] = {}  # record id -> the record as this session last saw it on disk
        self.latest: dict[str, dict[str, Any]] = {}  # record id -> the newest copy this session made (maybe unsaved)
        self._failure_said = False

    def track(self, loaded: LoadedRecord) -> None:
        self.synced[loaded.state.customer_id] = loaded.synced
        self.writer.track(loaded.state.customer_id, loaded.revision)

    def changed(self, *, now: bool = False) -> None:
        """The open record changed: its newest copy is saved (after the pause in typing, or `now`)."""
        record = self.session.record
        if not record.has_content() and record.customer_id not in self.synced:
            return  # a customer nobody worked on yet is not worth a file
        record.updated_at = now_text()
        self.latest[record.customer_id] = data = record.to_json()
        self.writer.put(record.customer_id, data, now=now)
        if self.session.book.put(summarize(record, self.session.flow)):
            self.session.emit(CustomersChanged(frozenset({record.customer_id})))

    def flush(self) -> None:
        self.writer.flush()

    def newest(self, record_id: str) -> WizardState | None:
        """The record as this session last changed it (its save may still be on the way), or None when this
        session has not changed it: then the file is the newest."""
        data = self.latest.get(record_id)
        if data is None:
            return None
        state, _ = coerce_state(data)
        state.customer_id = record_id
        return state

    # -- what the writer reports (on the session's thread) -------------------------------------------------
    def heard(self, outcome: Outcome) -> None:
        if isinstance(outcome, Written):
            self.synced[outcome.record_id] = outcome.data
            self._failure_said = False
        elif isinstance(outcome, Clash):
            self._clash(outcome)
        elif isinstance(outcome, WriteFailed):
            self._failed(outcome)
        elif isinstance(outcome, Removed):
            self.synced.pop(outcome.record_id, None)
            self.latest.pop(outcome.record_id, None)

    def _failed(self, outcome: WriteFailed) -> None:
        if self._failure_said:
            return  # said once; it is tried again and said again only after a save worked
        self._failure_said = True
        path = self.session.services.records.folder
        self.session.notify(Message("ui.save_failed", {"path": str(path), "detail": outcome.error.strerror
                                                       or type(outcome.error).__name__}), "error")

    def _clash(self, clash: Clash) -> None:
        record_id, session = clash.record_id, self.session
        is_open = session.record.customer_id == record_id
        ours = session.record.to_json() if is_open else clash.ours
        if clash.theirs is None:  # removed elsewhere, or a file that cannot be read: ours is kept, said
            if clash.revision == -1:
                session.services.records.set_aside(record_id)
            self.writer.track(record_id, 0)
            self.writer.put(record_id, ours, now=True)
            session.notify(Message("record.removed_elsewhere", {"name": self._name(record_id)}), "warning")
            return
        base = self.synced.get(record_id, ours)
        merged, conflicts = merge_records(base, ours, clash.theirs)
        if conflicts:
            kept = self._keep_theirs(record_id, clash.theirs)
            session.notify(Message("record.conflict", {"name": self._name(record_id), "fields": ", ".join(conflicts),
                                                       "path": kept}), "warning")
        self.synced[record_id] = clash.theirs
        self.latest[record_id] = merged
        self.writer.track(record_id, clash.revision)
        self.writer.put(record_id, merged, now=True)
        if is_open and merged != ours:
            state, _ = coerce_state(merged)
            for f in dataclasses.fields(WizardState):  # the open record object stays; its fields take the merge
                if f.name != "customer_id":
                    setattr(session.record, f.name, getattr(state, f.name))
            repair(session.record)
            session.emit(RecordReloaded(record_id))

    def _keep_theirs(self, record_id: str, theirs: dict[str, Any]) -> str:
        """Where the other version is kept (written by the writer's thread, before ours goes over it)."""
        aside = aside_name(self.session.services.records.path(record_id), "other-version")
        payload = json.dumps(theirs, ensure_ascii=False, indent=1).encode("utf-8")
        self.writer.run(lambda: write_atomically(aside, payload))
        return str(aside)

    def _name(self, record_id: str) -> str:
        row = self.session.book.get(record_id)
        return (row.label or row.environment or record_id[:8]) if row else record_id[:8]

    def close(self, timeout: float) -> list[str]:
        return self.writer.close(timeout)
