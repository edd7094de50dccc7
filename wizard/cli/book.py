"""The customer records as the commands see them: read-only (a damaged file is named, never moved; the single state
file of an earlier version is read as it is) or through a session (migrated first, every change saved before the
command ends)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wizard.cli.console import Console
from wizard.core.messages import Message, UserInputError

if TYPE_CHECKING:
    from wizard.app.book import CustomerSummary
    from wizard.app.dispatch import QueueDispatcher
    from wizard.app.session import Session
    from wizard.core.state import WizardState


def read_only_states(console: Console) -> list[WizardState]:
    """Every customer record, each read once, for a command that changes nothing (an earlier version's single
    state file is read as it is: its version-1 customer has no id of its own, so it is read once and used as read)."""
    from wizard.app.folders import config_dir
    from wizard.app.migration import legacy_path, read_legacy
    from wizard.app.records import RecordStore

    scanned = RecordStore().scan(set_aside=False)
    states, notices = [loaded.state for loaded in scanned.records], list(scanned.notices)
    legacy = legacy_path(config_dir())
    if legacy.is_file():
        content = read_legacy(legacy)
        known = {state.customer_id for state in states}
        if content is not None:
            states += [state for state in content.customers if state.customer_id not in known]
        notices.append(Message("cli.legacy_not_moved", {"path": str(legacy)}))
    for message in notices:
        console.warn(message)
    return states


def read_only_rows(console: Console) -> list[CustomerSummary]:
    """Every customer as a row, for a command that changes nothing."""
    from wizard.app.book import summarize

    return [summarize(state) for state in read_only_states(console)]


def find_one(rows: list[CustomerSummary], wanted: str, *, strict: bool = False) -> CustomerSummary:
    """The customer `wanted` names (an id, its first characters, or an environment). Several on one environment:
    the one worked on last, unless `strict` (removing asks for the one meant)."""
    from wizard.app.book import find_customers

    found = find_customers(rows, wanted)
    if not found:
        raise UserInputError(Message("record.not_found", {"customer": wanted[:40]}))
    by_id = any(row.id.startswith(wanted.strip().lower()) for row in found)
    if len(found) > 1 and (strict or by_id):
        raise UserInputError(Message("record.ambiguous", {"customer": wanted[:40], "count": len(found)}))
    return found[0]


def open_session(console: Console, afas_base_url: str | None = None) -> tuple[Session, QueueDispatcher]:
    """A session for a command that changes records: an earlier version's state file migrated first, the whole
    book read (so a change never misses a record). `afas_base_url`: a loopback stand-in (tests, demos)."""
    from wizard.app.customers import read_book
    from wizard.app.dispatch import QueueDispatcher
    from wizard.app.services import Services
    from wizard.app.session import Session, migrate_earlier_version

    services, dispatcher = Services(afas_base_url=afas_base_url), QueueDispatcher()
    session = Session(services, dispatcher, console.language)
    try:
        for message in migrate_earlier_version(session):
            console.warn(message)
    except OSError as exc:
        raise UserInputError(Message("record.migration_failed", {"detail": exc.strerror or type(exc).__name__})) \
            from None
    rows, notices = read_book(services.records)
    session.book.fill(rows)
    for message in notices:
        console.warn(message)
    return session, dispatcher


def close_session(session: Session, dispatcher: QueueDispatcher, console: Console) -> bool:
    """Let every job end and every change reach the disk; False (said) when something could not be saved."""
    dispatcher.wait_until(lambda: not session.jobs.running(), timeout=60)
    said = session.shutdown(timeout=5.0)
    dispatcher.run_pending()
    notices = [notice.message for notice in session.notices if notice.tone == "error"]
    for message in [*notices, *said]:
        console.warn(message)
    return not notices and not said
