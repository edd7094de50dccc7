"""The command line's commands, written once: each name and the module that registers and runs it (wizard.cli builds
its parser from them), and the options of the window itself. Tiny on purpose and outside wizard.cli: the entry
point takes the window's options from here without loading the command line."""

from __future__ import annotations

import argparse

COMMAND_MODULES: dict[str, str] = {
    "filter": "wizard.cli.filter",
    "environment": "wizard.cli.environment",
    "token": "wizard.cli.token",
    "test-token": "wizard.cli.test_token",
    "getconnectors": "wizard.cli.getconnectors",
    "finstack-api": "wizard.cli.finstack_api",
    "customers": "wizard.cli.customers",
    "submit": "wizard.cli.submit",
    "report": "wizard.cli.report",
    "keyring-backend": "wizard.cli.keyring_backend",  # a diagnostic, not in --help
}
MAX_DEMO_LATENCY = 600.0


def demo_latency(value: str) -> float:
    """--demo-latency: seconds, from 0 up to ten minutes."""
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value[:20]!r}") from None
    if not 0 <= seconds <= MAX_DEMO_LATENCY:
        raise argparse.ArgumentTypeError(f"between 0 and {MAX_DEMO_LATENCY:g} seconds")
    return seconds


def add_window_options(parser: argparse.ArgumentParser) -> None:
    """The options of the window itself (they are also listed by the command line's --help)."""
    parser.add_argument("--lang", choices=["en", "nl"], help="language of the window and of messages "
                                                             "(default: your locale)")
    parser.add_argument("--demo", action="store_true",
                        help="start the wizard against built-in AFAS and Finstack stand-ins (no account needed)")
    parser.add_argument("--demo-latency", type=demo_latency, metavar="SECONDS",
                        help="with --demo: the stand-ins answer this many seconds late, to watch a running job, "
                             "cancel it, or show it in a training")
    parser.add_argument("--color-scheme", choices=["auto", "light", "dark"], default="auto",
                        help="light or dark window colours (default auto: as the operating system)")
    parser.add_argument("--log-level", choices=["error", "warning", "info", "debug"], default="info",
                        help="how much the log file keeps (default info); it never keeps a token or a key")
    parser.add_argument("--self-test", metavar="FOLDER", help=(
        "walk every journey offscreen against the stand-ins, save screenshots in FOLDER; exit 0 if all went well"))
