"""The command line: scriptable versions of what the wizard decides. Never imports Qt.

Exit status: 0 success, 1 a check that says "no", 2 bad input or a failure (message on stderr).
Tokens are read from standard input or a hidden prompt, never from arguments (shell history).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from wizard import __version__
from wizard.core.admin_filter import parse_administrations
from wizard.core.environment import AfasEnvironment, EnvironmentType, parse_environment
from wizard.core.messages import Language, Message, UserInputError, default_language, text
from wizard.core.secrets import SecretStore
from wizard.core.token import AfasToken, parse_token

EXIT_OK, EXIT_NO, EXIT_ERROR = 0, 1, 2
Handler = Callable[[argparse.Namespace, "Console"], int]


class Console:
    """stdout/stderr/stdin and the language, so tests can run commands in-process."""

    def __init__(self, language: Language, out: TextIO, err: TextIO, stdin: TextIO) -> None:
        self.language, self.out, self.err, self.stdin = language, out, err, stdin

    def say(self, key: str, **params: object) -> None:
        print(text(key, self.language, **params), file=self.out)

    def warn(self, message: Message) -> None:
        print(text("cli.warning", self.language, text=message.text(self.language)), file=self.err)

    def fail(self, message: Message) -> int:
        print(text("cli.error", self.language, text=message.text(self.language)), file=self.err)
        return EXIT_ERROR


def read_secret(console: Console, prompt_key: str = "cli.token_prompt") -> str:
    """Standard input when piped, else a hidden prompt on the terminal."""
    if console.stdin.isatty():
        return getpass.getpass(text(prompt_key, console.language))
    return console.stdin.read()


def _environment(args: argparse.Namespace) -> AfasEnvironment:
    return parse_environment(args.environment, args.type)


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


def cmd_environment(args: argparse.Namespace, console: Console) -> int:
    env = parse_environment(args.value, args.type)
    for warning in env.warnings:
        console.warn(warning)
    if args.json:
        data = {"number": env.number, "type": env.type.value, "name": env.name, "base_url": env.base_url,
                "type_source": env.type_source}
        print(json.dumps(data, indent=2), file=console.out)
        return EXIT_OK
    console.say("cli.environment_number", number=env.number)
    source = text(f"cli.type_source_{env.type_source}", console.language)
    console.say("cli.environment_type", type=env.type.label.text(console.language), source=source)
    if env.suffix:
        console.say("cli.environment_name", name=env.name)
    console.say("cli.environment_base_url", url=env.base_url)
    return EXIT_OK


def _token_facts(env: AfasEnvironment, name: str, store: SecretStore, console: Console) -> dict[str, str]:
    return {"environment": env.name, "name": name, "where": store.where().text(console.language)}


def cmd_token(args: argparse.Namespace, console: Console) -> int:
    store = SecretStore()
    env = _environment(args)
    facts = _token_facts(env, args.name, store, console)
    if args.action == "store":
        token: AfasToken = parse_token(read_secret(console))
        for warning in token.warnings:
            console.warn(warning)
        store.store_token(env, args.name, token)
        console.say("cli.token_stored", fingerprint=token.fingerprint, **facts)
        return EXIT_OK
    if args.action == "check":
        found = store.read_token(env, args.name)
        if found is None:
            console.say("cli.token_absent", **facts)
            return EXIT_NO
        for warning in found.warnings:
            console.warn(warning)
        console.say("cli.token_present", fingerprint=found.fingerprint, **facts)
        return EXIT_OK
    removed = store.forget_token(env, args.name)
    console.say("cli.token_forgotten" if removed else "cli.token_nothing_to_forget", **facts)
    return EXIT_OK


def add_environment_options(parser: argparse.ArgumentParser) -> None:
    """--environment, --type and --name, as every command about one token takes them."""
    parser.add_argument("--environment", "-e", required=True, help="O12345AA, 12345 or the REST address")
    parser.add_argument("--type", "-t", choices=[t.value for t in EnvironmentType],
                        help="environment type, when --environment does not say it")
    parser.add_argument("--name", "-n", required=True, help="the token name, e.g. Finstack")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="finstack-afas-wizard",
        description="Connect AFAS Profit to Finstack. Without a command, the graphical wizard starts.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--lang", choices=["en", "nl"], help="language of messages (default: your locale)")
    parser.add_argument("--demo", action="store_true",
                        help="start the wizard against built-in AFAS and Finstack stand-ins (no account needed)")
    parser.add_argument("--self-test", metavar="FOLDER", help=(
                        "walk every page offscreen against the stand-ins, save screenshots; exit 0 if all went well"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = commands.add_parser("filter", help="build the AdministrationId filter value (1;2;3)",
                            description="Print the value for 'Filter op deze waarden': numbers sorted, "
                                        "without duplicates, joined by ';'. Reads standard input when no "
                                        "numbers are given.")
    p.add_argument("numbers", nargs="*", help="administration numbers, or lines like '1 - Holding BV'")
    p.set_defaults(handler=cmd_filter)

    p = commands.add_parser("environment", help="show number, type and REST address of an AFAS environment",
                            description="Understand O12345AA, 12345, or a REST address.")
    p.add_argument("value", help="O12345AA, 12345, 12345.resttest.afas.online or a full URL")
    p.add_argument("--type", "-t", choices=[t.value for t in EnvironmentType], help="environment type")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_environment)

    p = commands.add_parser("token", help="store, check or forget a token in the OS password store",
                            description="The token is read from standard input or a hidden prompt, never "
                                        "from the command line. 'check' exits 1 when no token is stored.")
    p.add_argument("action", choices=["store", "check", "forget"])
    add_environment_options(p)
    p.set_defaults(handler=cmd_token)

    from wizard import cli_finstack, cli_getconnectors, cli_token_test  # they import Console from here

    for register in (cli_token_test.register, cli_getconnectors.register, cli_finstack.register, *EXTRA_COMMANDS):
        register(commands)
    return parser


# Extra commands (tests may add some); the token test and the GetConnector bundle register above.
EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []


def run(argv: Sequence[str], stdin: TextIO | None = None, out: TextIO | None = None,
        err: TextIO | None = None) -> int:
    """Run one command; returns the exit status. GUI options are handled by wizard.__main__."""
    args = build_parser().parse_args(list(argv))
    console = Console(args.lang or default_language(), out or sys.stdout, err or sys.stderr, stdin or sys.stdin)
    if not getattr(args, "handler", None):
        build_parser().print_help(console.out)
        return EXIT_ERROR
    try:
        return args.handler(args, console)
    except UserInputError as exc:
        return console.fail(exc.message)
