"""Entry point: `finstack-afas-wizard` and `python -m wizard`. Commands run without Qt; no command starts
the graphical wizard (Qt is imported only then)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import wizard.cli as cli


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    parsed, _ = cli.build_parser().parse_known_args(args)
    if parsed.command:
        return cli.run(args)
    from wizard.ui.app import run_gui  # Qt only from here on

    return run_gui(parsed)


if __name__ == "__main__":
    sys.exit(main())
