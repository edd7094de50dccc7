"""`finstack-afas-wizard report OUT.pdf|OUT.html [--customer ID|ENV]`: the onboarding report of a customer record,
as the Done page saves it (the same content and the same choice of format: wizard.app.reports). Read-only: no
record file is moved or changed. The PDF is drawn with Qt's own text layout, loaded only for a PDF."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.cli.console import EXIT_OK, Console
from wizard.core.file_names import shown_name
from wizard.core.messages import Message, UserInputError

if TYPE_CHECKING:
    from wizard.core.state import WizardState


def _record(args: argparse.Namespace, console: Console) -> WizardState:
    """The customer --customer names, else the one the window showed last, else the one worked on last."""
    from wizard.app.book import summarize
    from wizard.app.computer import SettingsFile
    from wizard.cli.book import find_one, read_only_states

    states = {state.customer_id: state for state in read_only_states(console)}
    rows = [summarize(state) for state in states.values()]
    if args.customer:
        return states[find_one(rows, args.customer).id]
    last = SettingsFile().load().open_record
    row = next((r for r in rows if r.id == last), None) or (rows[0] if rows else None)
    if row is None:
        raise UserInputError(Message("cli.report_nothing_saved"))
    return states[row.id]


def _pdf_writer():  # noqa: ANN202 - Qt's writer, loaded only for a PDF
    from wizard.ui.report_pdf import ensure_gui_application, save_pdf  # Qt: only for a PDF

    ensure_gui_application()
    return save_pdf


def cmd_report(args: argparse.Namespace, console: Console) -> int:
    from wizard.app.reports import ReportFormat, build, report_format, write

    kind, out = report_format(Path(args.out))  # a name this cannot write is refused before anything is read
    record = _record(args, console)
    written = write(build(record, console.language, record.token_test.token_fingerprint), out,
                    _pdf_writer() if kind is ReportFormat.PDF else None)
    console.say("cli.report_written", file=shown_name(str(written)))
    return EXIT_OK


def register(commands: argparse._SubParsersAction, name: str) -> None:
    p = commands.add_parser(
        name, help="write the onboarding report (PDF or HTML) of a customer",
        description="The report the Done page saves: environment, token name and fingerprint (never the token), "
                    "App connector settings, GetConnectors, the AdministrationId filter, the token test, the "
                    "Finstack outcome, what was deferred and the next steps. The file name's extension (.pdf or "
                    ".html; none: .pdf) chooses the format.")
    p.add_argument("out", metavar="OUT", help="the file to write: report.pdf or report.html")
    p.add_argument("--customer", metavar="ID|ENV", help="the customer: its id from `customers list` (or its first "
                                                        "characters), or its AFAS environment (O12345AA or 12345); "
                                                        "default: the customer worked on last")
    p.set_defaults(handler=cmd_report)
