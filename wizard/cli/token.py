"""`finstack-afas-wizard token store|check|forget`: the token in the OS password store. The token comes from
standard input or a hidden prompt, never from an argument (it would land in shell history)."""

from __future__ import annotations

import argparse

from wizard.cli.console import EXIT_NO, EXIT_OK, Console, add_environment_options, read_secret, token_name_of
from wizard.core.environment import parse_environment
from wizard.core.token import parse_token


def cmd_token(args: argparse.Namespace, console: Console) -> int:
    from wizard.core.secrets import SecretStore  # keyring: only for the commands that use it

    env = parse_environment(args.environment, args.type)
    store = SecretStore()
    facts = {"environment": env.name, "name": token_name_of(args), "where": store.where().text(console.language)}
    if args.action == "store":
        token = parse_token(read_secret(console))
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


def cmd_keyring_backend(args: argparse.Namespace, console: Console) -> int:
    """Which password store the wizard would keep a token in, by keyring backend class; exit 1 when it refuses
    what keyring picked. Not listed in --help: for the release smoke tests and a help desk that asks."""
    from wizard.core.secret_backends import Verdict
    from wizard.core.secrets import SecretStore

    store = SecretStore()
    choice = store.choice()
    if choice.verdict is Verdict.NO_STORE:
        console.say("cli.keyring_backend_no_store", configured=choice.configured_name)
        return EXIT_NO
    if choice.verdict is Verdict.FILE_STORE:
        console.say("cli.keyring_backend_file_store", configured=choice.configured_name,
                    refused=", ".join(choice.refused_names))
        return EXIT_NO
    where = store.where().text(console.language)
    key = "cli.keyring_backend_os_store" if choice.verdict is Verdict.OS_STORE else "cli.keyring_backend_other"
    console.say(key, where=where, backend=choice.used_name)
    if choice.used is not choice.configured:
        console.say("cli.keyring_backend_chain", configured=choice.configured_name, backend=choice.used_name)
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("token", help="store, check or forget a token in the OS password store",
                            description="The token is read from standard input or a hidden prompt, never "
                                        "from the command line. 'check' exits 1 when no token is stored.")
    p.add_argument("action", choices=["store", "check", "forget"])
    add_environment_options(p)
    p.set_defaults(handler=cmd_token)
    # No help=: left out of the command list (a diagnostic, see cmd_keyring_backend).
    commands.add_parser("keyring-backend", description="Say which password store (keyring backend) the wizard "
                        "keeps tokens in; exit 1 when it refuses the one keyring picked.").set_defaults(
        handler=cmd_keyring_backend)
