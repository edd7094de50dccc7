"""`finstack-afas-wizard filter`: the value for "Filter op deze waarden" (1;2;3)."""

from __future__ import annotations

import argparse

from wizard.cli.console import EXIT_ERROR, EXIT_OK, Console
from wizard.core.admin_filter import parse_administrations
from wizard.core.messages import Message


def cmd_filter(args: argparse.Namespace, console: Console) -> int:
    source = "\n".join(args.numbers) if args.numbers else console.stdin.read()
    result = parse_administrations(source)
    if result.problems:
        for problem in result.problems:
            console.fail(problem.message)
        return EXIT_ERROR
    if not result.ids:
        return console.fail(Message("admin.empty"))
    if result.duplicates:
        console.warn(Message("cli.filter_duplicates", {"ids": ", ".join(map(str, result.duplicates))}))
    print(result.filter_value, file=console.out)
    return EXIT_OK


def register(commands: argparse._SubParsersAction, name: str) -> None:
    p = commands.add_parser(name, help="build the AdministrationId filter value (1;2;3)",
                            description="Print the value for 'Filter op deze waarden': numbers sorted, "
                                        "without duplicates, joined by ';'. Reads standard input when no "
                                        "numbers are given.")
    p.add_argument("numbers", nargs="*", help="administration numbers, or lines like '1 - Holding BV'")
    p.set_defaults(handler=cmd_filter)
