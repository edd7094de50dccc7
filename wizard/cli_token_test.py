"""`finstack-afas-wizard test-token`: the wizard's token test on the command line. Never imports Qt."""

from __future__ import annotations

import argparse
import json

from wizard.cli import EXIT_NO, EXIT_OK, Console, add_environment_options, read_secret
from wizard.core.admin_filter import build_filter_value
from wizard.core.environment import AfasEnvironment, parse_environment
from wizard.core.messages import Message
from wizard.core.secrets import SecretStore
from wizard.core.token import AfasToken, TokenInputError, parse_token
from wizard.core.token_test import CheckResult, CheckStatus, run_token_test

SYMBOLS = {
    CheckStatus.PASSED: "✓", CheckStatus.WARNING: "⚠", CheckStatus.FAILED: "✗", CheckStatus.SKIPPED: "–",
}


def _token(args: argparse.Namespace, environment: AfasEnvironment, console: Console) -> AfasToken:
    if not args.stdin:
        stored = SecretStore().read_token(environment, args.name)
        if stored is not None:
            return stored
    pasted = read_secret(console)
    if not pasted.strip():
        raise TokenInputError(Message("cli.token_stdin_empty"))
    return parse_token(pasted)


def _print_check(check: CheckResult, console: Console) -> None:
    if check.status not in SYMBOLS:
        return
    language = console.language
    explanation = f" — {check.explanation.text(language)}" if check.explanation else ""
    print(f"{SYMBOLS[check.status]} {check.title.text(language)}{explanation}", file=console.out)
    for name, detail in check.details.items():
        if check.status in (CheckStatus.FAILED, CheckStatus.WARNING) and name not in ("envid", "appName", "group",
                                                                                       "tokenExpiry"):
            print(f"    {detail}", file=console.out)
    if check.fix and check.status in (CheckStatus.FAILED, CheckStatus.WARNING):
        print(f"    → {check.fix.text(language)}", file=console.out)


def cmd_test_token(args: argparse.Namespace, console: Console) -> int:
    environment = parse_environment(args.environment, args.type)
    for warning in environment.warnings:
        console.warn(warning)
    ids: tuple[int, ...] = ()
    if args.administrations:
        ids = tuple(int(i) for i in build_filter_value(args.administrations).split(";"))
    token = _token(args, environment, console)
    for warning in token.warnings:
        console.warn(warning)
    try:
        report = run_token_test(environment, token, ids, token_name=args.name, base_url=args.base_url,
                                language=console.language)
    except ValueError:
        return console.fail(Message("cli.base_url_not_local"))
    if args.json:
        print(json.dumps(report.to_json(console.language), indent=2, ensure_ascii=False), file=console.out)
    else:
        for check in report.checks:
            _print_check(check, console)
    return EXIT_OK if report.outcome == "passed" else EXIT_NO


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "test-token", help="test a token against AFAS the way the wizard does",
        description="Run the wizard's token test. The token comes from the password store (stored with "
                    "'token store'), or from standard input / a hidden prompt. Exit status: 0 when every check "
                    "passed, 1 otherwise, 2 on bad input.")
    add_environment_options(p)
    p.add_argument("--administrations", "-a", help="the AdministrationId filter to compare, e.g. 1;2;3")
    p.add_argument("--stdin", action="store_true", help="read the token from standard input, not the password store")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--base-url", help="test against a local stand-in on 127.0.0.1 instead of AFAS (tests, demos)")
    p.set_defaults(handler=cmd_test_token)
