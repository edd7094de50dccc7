"""`finstack-afas-wizard keyring-backend`: which password store the wizard keeps tokens in, by keyring backend class.
Left out of --help: a diagnostic for the release smoke tests and for a help desk that asks. Never imports Qt."""

from __future__ import annotations

import argparse

from wizard.cli.console import EXIT_NO, EXIT_OK, Console


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


def register(commands: argparse._SubParsersAction, name: str) -> None:
    # No help=: left out of the command list.
    commands.add_parser(name, description="Say which password store (keyring backend) the wizard keeps tokens in; "
                        "exit 1 when it refuses the one keyring picked.").set_defaults(handler=cmd_keyring_backend)
