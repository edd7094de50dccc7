"""The command line: scriptable versions of what the wizard decides. Never imports Qt.

One module per command group; each registers its parser and imports what only it needs (the password store,
the HTTP client) when it runs, so `filter` and `environment` start without them.
Exit status: 0 success, 1 a check that says "no", 2 bad input or a failure (message on stderr).
Tokens are read from standard input or a hidden prompt, never from arguments (shell history).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from typing import NoReturn, TextIO

from wizard import __version__
from wizard.app.folders import log_dir
from wizard.cli.console import EXIT_ERROR, Console
from wizard.commands import COMMAND_MODULES, add_window_options
from wizard.core.logs import LogSetup, log_unhandled, start_logging
from wizard.core.messages import Message, UserInputError, default_language, text
from wizard.core.token import looks_like_token


class _Parser(argparse.ArgumentParser):
    """argparse, except that its errors never show a value that looks like a token ("unrecognized arguments:
    <the token>"). Subcommand parsers are made of this class too."""

    def error(self, message: str) -> NoReturn:
        if looks_like_token(message):
            message = text("cli.argument_looks_like_token", default_language())
        super().error(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="finstack-afas-wizard",
        description="Connect AFAS Profit to Finstack. Without a command, the graphical wizard starts.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_window_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in COMMAND_MODULES.items():
        importlib.import_module(module).register(commands, name)
    return parser


def run(argv: Sequence[str], stdin: TextIO | None = None, out: TextIO | None = None,
        err: TextIO | None = None) -> int:
    """Run one command; returns the exit status. GUI options are handled by wizard.__main__."""
    parser = build_parser()
    args = parser.parse_args(list(argv))
    console = Console(args.lang or default_language(), out or sys.stdout, err or sys.stderr, stdin or sys.stdin)
    if not getattr(args, "handler", None):
        parser.print_help(console.out)
        return EXIT_ERROR
    log = _start_log(args, console)
    try:
        return args.handler(args, console)
    except UserInputError as exc:
        return console.fail(exc.message)
    except Exception as exc:  # a bug: a plain line and the log file, never a traceback on the terminal
        log_unhandled(type(exc), exc, exc.__traceback__, f"the command {args.command}")
        key = "cli.unexpected_error" if log.path else "cli.unexpected_error_no_log"
        return console.fail(Message(key, {"error": type(exc).__name__, "file": str(log.path)}))


def _start_log(args: argparse.Namespace, console: Console) -> LogSetup:
    """The same log file as the window's; a folder that cannot be written is said once, as a warning."""
    log = start_logging(log_dir(), args.log_level)
    if log.problem is not None:
        console.warn(log.problem)
    logging.getLogger(__name__).info("command %s", args.command)
    return log
