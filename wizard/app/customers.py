"""The consultant's book of customers, as use cases: open the last one, read the book in the background, start a
new customer, continue one, remove one, add, import and export. "A customer" is one record: a label, an AFAS
environment and token name, and the progress of the three journeys with them. Two records on the same environment
and token name share the token in the password store: removing one forgets that token only when no other record
uses it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wizard.app.book import CustomerSummary, summarize
from wizard.app.events import CustomersChanged
from wizard.app.flow import FlowContext
from wizard.app.jobs import Job, JobContext, JobKind
from wizard.app.records import LoadedRecord, RecordProblem, RecordStore, new_record_id
from wizard.core.customer_csv import CustomerRow, RowProblem, read_customers_csv
from wizard.core.environment import parse_environment
from wizard.core.identity import normalise_token_name
from wizard.core.messages import Message, UserInputError
from wizard.core.state import WizardState

if TYPE_CHECKING:
    from wizard.app.session import Session


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)  # record ids
    already: list[tuple[int, str]] = field(default_factory=list)  # (line, id of the record it matches)
    problems: list[RowProblem] = field(default_factory=list)  # when any: nothing was added

    @property
    def ok(self) -> bool:
        return not self.problems


class Customers:
    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def loading(self) -> bool:
        return not self.session.book.loaded

    def rows(self) -> list[CustomerSummary]:
        return self.session.book.rows()

    # -- opening -------------------------------------------------------------------------------------------
    def open_last(self, record_id: str) -> None:
        """At start: the record the window showed last, at the page where it stopped (once its token is read back);
        a new one when there is none or its journey finished."""
        loaded, notices = self._read(record_id) if record_id else (None, [])
        if loaded is not None and not self.session.flow.is_finished(FlowContext(loaded.state)):
            self.session.book.put(summarize(loaded.state))
            self._open(loaded, notices)
        else:
            if loaded is not None:
                self.session.book.put(summarize(loaded.state))
            self._open_new(notices)

    def new(self) -> None:
        """Keep the open record and begin a new customer: nothing is carried over."""
        self.session.keeper.flush()
        self._open_new([])

    def continue_(self, record_id: str) -> None:
        """Take up another customer where it stopped (after its stored token is read back)."""
        session = self.session
        session.keeper.flush()
        newest = session.keeper.newest(record_id)  # changed here a moment ago: its save may still be on the way
        if newest is not None:
            self._open(newest, [])
            return
        loaded, notices = self._read(record_id)
        if loaded is None:
            session.book.drop(record_id)
            for message in notices:
                session.notify(message)
            session.emit(CustomersChanged(frozenset({record_id})))
            return
        self._open(loaded, notices)

    def _open(self, loaded: LoadedRecord | WizardState, notices: list[Message]) -> None:
        """Show `loaded`, saying which fields could not be read back, and read its stored token once; then it
        resumes where it stopped."""
        if isinstance(loaded, LoadedRecord) and loaded.reset_fields:
            notices = [*notices, Message("settings.fields_reset", {"fields": ", ".join(sorted(loaded.reset_fields))})]
        self.session.open(loaded, notices)
        self.session.tokens.read(then_resume=True)

    def _open_new(self, notices: list[Message]) -> None:
        state = WizardState(customer_id=new_record_id())
        prefill = self.session.services.prefill
        state.environment_text = prefill.get("environment", "")
        state.administrations_text = prefill.get("administrations", "")
        self.session.open(state, notices)
        if prefill.get("token"):
            self.session.tokens.set_typed(prefill["token"])

    def _read(self, record_id: str) -> tuple[LoadedRecord | None, list[Message]]:
        store = self.session.services.records
        try:
            return store.read(record_id), []
        except FileNotFoundError:
            return None, []
        except RecordProblem as problem:
            return None, [store.problem_notice(problem, set_aside=True)]
        except ValueError:
            return None, []

    def scan(self) -> Job:
        """Read the whole book on a thread; the list fills in when it is done (a damaged file is set aside)."""
        store = self.session.services.records

        def work(ctx: JobContext) -> tuple[list[CustomerSummary], list[Message]]:
            result = store.scan(set_aside=True, cancel=ctx.cancel)
            return [summarize(loaded.state) for loaded in result.records], result.notices

        return self.session.jobs.start(JobKind.SCAN, "", work, on_end=self._scanned)

    def _scanned(self, job: Job) -> None:
        session = self.session
        summaries, notices = job.result if job.result is not None else ([], [])
        session.book.fill(summaries)
        for message in notices:
            session.notify(message)
        session.emit(CustomersChanged())

    # -- changing the book ---------------------------------------------------------------------------------
    def remove(self, record_id: str) -> None:
        """Forget a customer's record, and its token in the password store unless another record uses it."""
        session = self.session
        row = session.book.get(record_id)
        if record_id == session.record.customer_id:
            account = session.tokens.account_of(session.record)
            self._open_new([])
        else:
            account = row.token_account if row else None
        session.keeper.writer.remove(record_id)
        session.keeper.synced.pop(record_id, None)
        session.keeper.latest.pop(record_id, None)
        session.book.drop(record_id)
        if account is not None:
            session.tokens.forget_unless_shared(record_id, account)
        session.emit(CustomersChanged(frozenset({record_id})))

    def add(self, environment: str, token_name: str = "Finstack", label: str = "") -> str:  # noqa: S107
        """A new record for `environment` (its token name and label), saved at once; its id."""
        env = parse_environment(environment)
        name = normalise_token_name(token_name)
        if not name:
            raise UserInputError(Message("flow.token_name_missing"))
        state = WizardState(customer_id=new_record_id(), label=label.strip(), environment_text=env.name,
                            token_name=name)
        self._save_new(state)
        self.session.emit(CustomersChanged(frozenset({state.customer_id})))
        return state.customer_id

    def _save_new(self, state: WizardState) -> None:
        writer = self.session.keeper.writer
        writer.track(state.customer_id, 0)
        writer.put(state.customer_id, state.to_json(), now=True)
        self.session.book.put(summarize(state))

    def import_csv(self, text: str) -> ImportResult:
        """Add a record per row of a customers CSV; all or nothing (see wizard.core.customer_csv). A row that
        matches an existing record (environment, token name and label) is not added twice: it is named."""
        rows, problems = read_customers_csv(text)
        result = ImportResult(problems=problems)
        if problems:
            return result
        existing = {(row.key if row.environment else "", row.token_name, row.label): row.id
                    for row in self.session.book.rows()}
        for row in rows:
            match = existing.get(row.identity)
            if match is not None:
                result.already.append((row.line, match))
                continue
            state = _record_of(row)
            self._save_new(state)
            result.added.append(state.customer_id)
        self.session.emit(CustomersChanged())
        return result



def _record_of(row: CustomerRow) -> WizardState:
    return WizardState(customer_id=new_record_id(), label=row.label, environment_text=row.environment,
                       token_name=row.token_name)


def read_book(store: RecordStore) -> tuple[list[CustomerSummary], list[Message]]:
    """Every record as a summary, for a read-only command: a damaged file is named, never moved."""
    result = store.scan(set_aside=False)
    return [summarize(loaded.state) for loaded in result.records], result.notices
