"""`finstack-afas-wizard finstack-api`: where the wizard submits sources. The key goes to the keyring only."""

from __future__ import annotations

import argparse

from wizard.cli.console import EXIT_NO, EXIT_OK, Console, read_secret


def cmd_finstack_api(args: argparse.Namespace, console: Console) -> int:
    from wizard.core.finstack_api import check_api_url, forget_api_settings, save_api_settings
    from wizard.core.secrets import SecretStore  # keyring: only for this command
    from wizard.core.settings import SettingsStore

    settings = SettingsStore()
    state = settings.load().state
    store = SecretStore()
    where = store.where().text(console.language)
    if args.action == "set":
        url = check_api_url(args.url or "")
        state.finstack_api_url = save_api_settings(store, url, read_secret(console, "cli.api_key_prompt"),
                                                   state.finstack_api_url)
        settings.save(state)
        console.say("cli.finstack_set", url=state.finstack_api_url, where=where)
        return EXIT_OK
    url = state.finstack_api_url
    if args.action == "show":
        if not url:
            console.say("cli.finstack_none")
            return EXIT_NO
        has_key = store.read_api_key(url) is not None
        console.say("cli.finstack_show" if has_key else "cli.finstack_show_no_key", url=url, where=where)
        return EXIT_OK if has_key else EXIT_NO
    if url:
        forget_api_settings(store, url)
        state.finstack_api_url = ""
        settings.save(state)
    console.say("cli.finstack_forgotten")
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "finstack-api", help="set, show or forget the Finstack API the wizard submits sources to",
        description="Without a Finstack API the wizard hands the three values over for Finstack's web form. "
                    "'set' reads the API key from standard input or a hidden prompt and keeps it in the "
                    "password store; the address is saved with the wizard's progress.")
    p.add_argument("action", choices=["set", "show", "forget"])
    p.add_argument("--url", help="the API address, https://… (with 'set')")
    p.set_defaults(handler=cmd_finstack_api)
