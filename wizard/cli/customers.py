"""`finstack-afas-wizard customers`: the customer records the window keeps, scriptable. `list` (a table, or
--json), `add`, `remove`, `export` and `import` (CSV with the columns label, environment and token_name; never a
token). Changes go through the same session the window uses."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from wizard.cli.console import EXIT_ERROR, EXIT_OK, Console
from wizard.core.file_names import shown_name
from wizard.core.messages import Message, UserInputError

MAX_CSV_BYTES = 64 * 1024 * 1024
_COLUMNS = ("cli.customers_column_id", "cli.customers_column_label", "cli.customers_column_environment",
            "cli.customers_column_token_name", "cli.customers_column_journey", "cli.customers_column_page",
            "cli.customers_column_stored", "cli.customers_column_test")


def cmd_list(args: argparse.Namespace, console: Console) -> int:
    from wizard.cli.book import read_only_rows

    rows = read_only_rows(console)
    if args.json:
        entries = [{"id": row.id, "label": row.label, "environment": row.environment, "token_name": row.token_name,
                    "journey": row.journey, "page": row.page, "token_stored": row.token_stored,
                    "last_test": {"outcome": row.test_outcome, "at": row.test_at} if row.test_outcome else None,
                    "updated_at": row.updated_at} for row in rows]
        print(json.dumps(entries, ensure_ascii=False, indent=1), file=console.out)
        return EXIT_OK
    if not rows:
        console.say("cli.customers_none")
        return EXIT_OK
    yes, no = console.text("cli.yes"), console.text("cli.no")
    table = [[row.id, shown_name(row.label), row.environment or "—", shown_name(row.token_name), row.journey, row.page,
              yes if row.token_stored else no, row.test_outcome or "—"] for row in rows]
    header = [console.text(key) for key in _COLUMNS]
    widths = [max(len(line[i]) for line in [header, *table]) for i in range(len(header))]
    for line in [header, *table]:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip(),
              file=console.out)
    return EXIT_OK


def cmd_add(args: argparse.Namespace, console: Console) -> int:
    from wizard.cli.book import close_session, open_session
    from wizard.cli.console import token_name_of

    name = token_name_of(args)
    session, dispatcher = open_session(console)
    record_id = session.customers.add(args.environment, name, args.label or "")
    if not close_session(session, dispatcher, console):
        return EXIT_ERROR
    console.say("cli.customer_added", id=record_id)
    return EXIT_OK


def cmd_remove(args: argparse.Namespace, console: Console) -> int:
    from wizard.cli.book import close_session, find_one, open_session

    session, dispatcher = open_session(console)
    row = find_one(session.customers.rows(), args.id, strict=True)
    session.customers.remove(row.id)
    if not close_session(session, dispatcher, console):
        return EXIT_ERROR
    console.say("cli.customer_removed", id=row.id, name=shown_name(row.label or row.environment or row.id))
    return EXIT_OK


def cmd_export(args: argparse.Namespace, console: Console) -> int:
    from wizard.app.files import write_atomically
    from wizard.cli.book import read_only_rows  # read-only: the export writes only its own file
    from wizard.core.customer_csv import write_customers_csv

    rows = read_only_rows(console)  # the customers `list` shows, an earlier version's unmoved file included
    target = Path(args.file)
    try:
        write_atomically(target, write_customers_csv((row.label, row.environment, row.token_name) for row in rows)
                         .encode("utf-8"), mode=0o644)
    except OSError as exc:
        return console.fail(Message("cli.file_write_failed", {"file": str(target),
                                                             "reason": exc.strerror or type(exc).__name__}))
    console.say("cli.customers_exported", count=len(rows), file=str(target))
    return EXIT_OK


def cmd_import(args: argparse.Namespace, console: Console) -> int:
    from wizard.cli.book import close_session, open_session

    text = _read_csv(Path(args.file))
    session, dispatcher = open_session(console)
    result = session.customers.import_csv(text)
    if not result.ok:
        for problem in result.problems[:50]:
            console.warn(Message("cli.csv_line", {"line": problem.line, "problem": problem.message}))
        if len(result.problems) > 50:
            console.warn(Message("cli.csv_more", {"count": len(result.problems) - 50}))
        close_session(session, dispatcher, console)
        return console.fail(Message("cli.csv_refused", {"file": args.file, "count": len(result.problems)}))
    for line, record_id in result.already:
        console.warn(Message("cli.csv_already", {"line": line, "id": record_id}))
    if not close_session(session, dispatcher, console):
        return EXIT_ERROR
    console.say("cli.customers_imported", count=len(result.added), skipped=len(result.already))
    return EXIT_OK


def _read_csv(path: Path) -> str:
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_CSV_BYTES + 1)
    except OSError as exc:
        raise UserInputError(Message("cli.file_read_failed", {"file": str(path),
                                                             "reason": exc.strerror or type(exc).__name__})) from None
    if len(data) > MAX_CSV_BYTES:
        raise UserInputError(Message("cli.csv_too_large", {"file": str(path), "mb": MAX_CSV_BYTES // 2**20}))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")  # Excel on a Dutch Windows saves CSV in this code page
        except UnicodeDecodeError:
            raise UserInputError(Message("cli.csv_not_text", {"file": str(path)})) from None


def register(commands: argparse._SubParsersAction, name: str) -> None:
    parser = commands.add_parser(
        name, help="list, add, remove, export or import the customers the wizard keeps",
        description="A customer is one record: a label, an AFAS environment and a token name, and how far each "
                    "journey got. Two customers on the same environment and token name share one token in the "
                    "password store; removing one forgets that token only when no other customer uses it.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = actions.add_parser("list", help="every customer: id, label, environment, token name, journey, page, "
                                        "token stored, last token test")
    p.add_argument("--json", action="store_true", help="as JSON")
    p.set_defaults(handler=cmd_list)
    p = actions.add_parser("add", help="add a customer")
    p.add_argument("--environment", "-e", required=True, help="O12345AA, 12345 or the REST address")
    p.add_argument("--name", "-n", default="Finstack", help="the token name (default: Finstack)")
    p.add_argument("--label", help="what you call this customer (shown as plain text)")
    p.set_defaults(handler=cmd_add)
    p = actions.add_parser("remove", help="remove a customer (and its token, unless another customer uses it)")
    p.add_argument("id", metavar="ID", help="the id from `customers list` (its first characters will do), "
                                            "or the AFAS environment")
    p.set_defaults(handler=cmd_remove)
    p = actions.add_parser("export", help="write every customer to a CSV file (label,environment,token_name)")
    p.add_argument("file", metavar="FILE.csv")
    p.set_defaults(handler=cmd_export)
    p = actions.add_parser("import", help="add the customers of a CSV file: all of them, or none when a row is bad")
    p.add_argument("file", metavar="FILE.csv")
    p.set_defaults(handler=cmd_import)
