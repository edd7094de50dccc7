"""`finstack-afas-wizard finstack-api`: where the wizard submits sources. The key goes to the keyring only."""

from __future__ import annotations

import argparse

from wizard.cli import EXIT_NO, EXIT_OK, Console, read_secret
from wizard.core.finstack_client import check_api_url
from wizard.core.messages import Message, UserInputError
from wizard.core.secrets import SecretStore
from wizard.core.settings import SettingsStore


def _url(value: str) -> str:
    try:
        return check_api_url(value)
    except ValueError:
        raise UserInputError(Message("cli.finstack_url_invalid", {"url": value[:80]})) from None


def cmd_finstack_api(args: argparse.Namespace, console: Console) -> int:
    settings = SettingsStore()
    state = settings.load().state
    store = SecretStore()
    where = store.where().text(console.language)
    if args.action == "set":
        url = _url(args.url)
        key = read_secret(console, "cli.api_key_prompt").strip()
        if not key:
            raise UserInputError(Message("cli.api_key_empty"))
        store.store_api_key(url, key)
        if state.finstack_api_url and state.finstack_api_url != url:
            store.forget_api_key(state.finstack_api_url)  # no unused key left behind (as the GUI does)
        state.finstack_api_url = url
        settings.save(state)
        console.say("cli.finstack_set", url=url, where=where)
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
        store.forget_api_key(url)
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
