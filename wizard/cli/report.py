"""`finstack-afas-wizard report OUT.pdf|OUT.html [--customer ENV]`: the onboarding report from the saved
progress, as the Done page saves it. The PDF is rendered with Qt's own text layout, loaded only for a PDF."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.cli.console import EXIT_OK, Console
from wizard.core.file_names import name_problem, shown_name
from wizard.core.messages import Message, UserInputError

if TYPE_CHECKING:
    from wizard.core.state import WizardState


def _customer(args: argparse.Namespace) -> WizardState:
    from wizard.core.customers import find_customer, newest_first
    from wizard.core.settings import SettingsStore

    loaded = SettingsStore().load()
    customers = list(loaded.customers)
    if args.customer:
        found = find_customer(customers, args.customer)
        if found is None:
            raise UserInputError(Message("cli.report_no_customer", {"customer": args.customer[:40]}))
        return found
    in_hand = next((c for c in customers if c.customer_id == loaded.state.customer_id), None)
    chosen = in_hand or (newest_first(customers)[0] if customers else None)
    if chosen is None:
        raise UserInputError(Message("cli.report_nothing_saved"))
    return chosen


def cmd_report(args: argparse.Namespace, console: Console) -> int:
    out = Path(args.out)
    kind = out.suffix.lower()
    if kind not in (".pdf", ".html", ".htm"):
        return console.fail(Message("cli.report_format", {"file": shown_name(out.name)}))
    bad_name = name_problem(out.name)  # the report is handed over: its name must exist on Windows and macOS too
    if bad_name is not None:
        return console.fail(Message("cli.report_bad_name", {"problem": bad_name}))
    from wizard.core.report import build_report, save_html  # the report's parts: only for this command

    report = build_report(_customer(args), console.language)
    try:
        if kind == ".pdf":
            from wizard.ui.report_pdf import ensure_gui_application, save_pdf  # Qt: only for a PDF

            ensure_gui_application()
            save_pdf(report, out)
        else:
            save_html(report, out)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return console.fail(Message("cli.report_write_failed", {"file": shown_name(str(out)), "reason": reason}))
    console.say("cli.report_written", file=shown_name(str(out)))
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "report", help="write the onboarding report (PDF or HTML) from the saved progress",
        description="The report the Done page saves: environment, token name and fingerprint (never the token), "
                    "App connector settings, GetConnectors, the AdministrationId filter, the token test, the "
                    "Finstack outcome, what was deferred and the next steps. The file name's extension (.pdf or "
                    ".html) chooses the format.")
    p.add_argument("out", metavar="OUT", help="the file to write: report.pdf or report.html")
    p.add_argument("--customer", metavar="ENV", help="the customer's AFAS environment (O12345AA or 12345); "
                                                     "default: the customer worked on last")
    p.set_defaults(handler=cmd_report)
