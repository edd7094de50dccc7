"""Entry point: `finstack-afas-wizard` and `python -m wizard`. Commands run without Qt; no command starts
the graphical wizard (Qt is imported only then). Starting the window does not build the command line's parser:
only its own few options are read, so the first page is up sooner."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from wizard import __version__

COMMANDS = frozenset({"filter", "environment", "token", "test-token", "getconnectors", "finstack-api", "report",
                      "keyring-backend"})
_HELP = frozenset({"-h", "--help"})


def gui_parser() -> argparse.ArgumentParser:
    """The options of the window itself (the full parser, with every command, is wizard.cli.build_parser)."""
    parser = argparse.ArgumentParser(prog="finstack-afas-wizard", add_help=False)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--lang", choices=["en", "nl"])
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--self-test", metavar="FOLDER")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if COMMANDS.intersection(args) or _HELP.intersection(args):
        import wizard.cli as cli  # a command (or the help that lists them): the command line, never Qt

        return cli.run(args)
    parsed, unknown = gui_parser().parse_known_args(args)
    if unknown:
        import wizard.cli as cli  # let the full parser say what is wrong with the arguments

        return cli.run(args)
    from wizard.ui.app import run_gui  # Qt only from here on

    return run_gui(parsed)


if __name__ == "__main__":
    sys.exit(main())
