"""`finstack-afas-wizard test-token`: the wizard's token test on the command line. Never imports Qt."""

from __future__ import annotations

import argparse
import json

from wizard.cli.console import (
    EXIT_NO,
    EXIT_OK,
    Console,
    add_environment_options,
    environment_of,
    read_secret,
    token_name_of,
)
from wizard.core.admin_filter import administration_ids
from wizard.core.environment import AfasEnvironment
from wizard.core.loopback import loopback_base_url
from wizard.core.messages import Message, UserInputError
from wizard.core.proxies import ProxySettings, proxy_for
from wizard.core.token import AfasToken, TokenInputError, parse_token
from wizard.core.token_test.report import DEFAULT_DEADLINE, CheckResult, CheckStatus, TestOutcome  # no HTTP client

# Facts the environment check reports in its details; shown only in --json, not under a failed check.
_FACTS = ("envid", "appName", "group", "tokenExpiry")
MAX_TIMEOUT = 3600.0


def _stored_token(args: argparse.Namespace, environment: AfasEnvironment, console: Console) -> AfasToken | Message:
    """The token in the password store; else why there is none (for the message when stdin is empty too)."""
    from wizard.core.secrets import SecretStore, SecretStoreError

    store = SecretStore()
    try:
        stored = store.read_token(environment, args.name)
    except SecretStoreError as exc:  # no usable keyring: a token on standard input still works
        console.warn(Message("cli.token_store_unusable", {"reason": exc.message}))
        return Message("cli.token_stdin_empty")
    return stored if stored is not None else Message("cli.token_not_given", {
        "environment": environment.name, "name": args.name, "where": store.where()})


def _token(args: argparse.Namespace, environment: AfasEnvironment, console: Console) -> AfasToken:
    """With --stdin the token on standard input; otherwise the stored one, or standard input when there is
    none or the password store cannot be used."""
    absent = Message("cli.token_stdin_empty")
    if not args.stdin:
        stored = _stored_token(args, environment, console)
        if isinstance(stored, AfasToken):
            return stored
        absent = stored
    pasted = read_secret(console)
    if not pasted.strip():
        raise TokenInputError(absent)
    return parse_token(pasted)


def _print_check(check: CheckResult, console: Console) -> None:
    symbols = {CheckStatus.PASSED: "✓", CheckStatus.WARNING: "⚠", CheckStatus.FAILED: "✗", CheckStatus.SKIPPED: "–"}
    if check.status not in symbols:
        return
    language = console.language
    explanation = f" — {check.explanation.text(language)}" if check.explanation else ""
    print(f"{symbols[check.status]} {check.title.text(language)}{explanation}", file=console.out)
    open_problem = check.status in (CheckStatus.FAILED, CheckStatus.WARNING)
    for name, detail in check.details.items():
        if open_problem and name not in _FACTS:
            print(f"    {detail}", file=console.out)
    if check.fix and open_problem:
        print(f"    → {check.fix.text(language)}", file=console.out)


def cmd_test_token(args: argparse.Namespace, console: Console) -> int:
    base_url = loopback_base_url(args.base_url) if args.base_url is not None else None
    if not 0 < args.timeout <= MAX_TIMEOUT:  # also refuses nan
        raise UserInputError(Message("cli.timeout_invalid", {"max": f"{MAX_TIMEOUT:g}"}))
    token_name_of(args)
    environment = environment_of(args, console)
    proxy_for(base_url or environment.base_url, ProxySettings.of_this_computer())  # an unusable proxy: exit 2
    ids = administration_ids(args.administrations or "")
    token = _token(args, environment, console)
    for warning in token.warnings:
        console.warn(warning)
    from wizard.core.token_test.run import run_token_test  # the HTTP client: only when a test runs

    report = run_token_test(environment, token, ids, token_name=args.name, base_url=base_url,
                            language=console.language, deadline=args.timeout)
    if args.json:
        print(json.dumps(report.to_json(console.language), indent=2, ensure_ascii=False), file=console.out)
    else:
        for check in report.checks:
            _print_check(check, console)
    return EXIT_OK if report.outcome is TestOutcome.PASSED else EXIT_NO


def register(commands: argparse._SubParsersAction, name: str) -> None:
    p = commands.add_parser(
        name, help="test a token against AFAS the way the wizard does",
        description="Run the wizard's token test. The token comes from the password store (stored with "
                    "'token store'); from standard input / a hidden prompt with --stdin, when none is stored, or "
                    "when there is no usable password store. Exit status: 0 when every check passed, 1 otherwise, "
                    "2 on bad input.")
    add_environment_options(p)
    p.add_argument("--administrations", "-a", help="the AdministrationId filter to compare, e.g. 1;2;3")
    p.add_argument("--stdin", action="store_true", help="read the token from standard input, not the password store")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--base-url", help="test against a local stand-in on 127.0.0.1 instead of AFAS (tests, demos)")
    p.add_argument("--timeout", type=float, default=DEFAULT_DEADLINE, metavar="SECONDS",
                   help=f"stop the whole test after this many seconds (default {DEFAULT_DEADLINE:g})")
    p.set_defaults(handler=cmd_test_token)
