"""Entry point: `finstack-afas-wizard` and `python -m wizard`. A command runs the command line, without Qt; no
command starts the graphical wizard (Qt is imported only then). Starting the window does not build the command
line's parser: only the window's own options are read, so the first page is up sooner."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from wizard import __version__
from wizard.commands import add_window_options


def gui_parser() -> argparse.ArgumentParser:
    """The options of the window itself (the full parser, with every command, is wizard.cli.build_parser)."""
    parser = argparse.ArgumentParser(prog="finstack-afas-wizard", add_help=False)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_window_options(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    parsed, unknown = gui_parser().parse_known_args(args)
    if unknown:  # a command, its arguments, --help, or something the window does not take: the command line
        import wizard.cli as cli  # never Qt

        return cli.run(args)
    from wizard.ui.app import run_gui  # Qt only from here on

    return run_gui(parsed)


if __name__ == "__main__":
    sys.exit(main())
