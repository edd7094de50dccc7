"""`finstack-afas-wizard finstack-api`: where the wizard submits sources. The key goes to the keyring only."""

from __future__ import annotations

import argparse

from wizard.cli.console import EXIT_NO, EXIT_OK, Console, read_secret
from wizard.core.messages import Message


def cmd_finstack_api(args: argparse.Namespace, console: Console) -> int:
    from wizard.app.computer import SettingsFile
    from wizard.app.handover import set_finstack_api
    from wizard.core.finstack_api import forget_api_settings
    from wizard.core.secrets import SecretStore  # keyring: only for this command

    settings = SettingsFile()
    url = settings.load().finstack_api_url
    store = SecretStore()
    where = store.where().text(console.language)
    if args.action == "set":
        # The address is checked before the key is asked for; the key goes in first and is taken back when the
        # address cannot be saved, so nothing is left stranded in the password store.
        from wizard.core.finstack_api import check_api_url

        check_api_url(args.url or "")
        config = set_finstack_api(store, settings, args.url or "", read_secret(console, "cli.api_key_prompt"), url)
        console.say("cli.finstack_set", url=config.base_url, where=where)
        return EXIT_OK
    if args.action == "show":
        if not url:
            console.say("cli.finstack_none")
            return EXIT_NO
        has_key = store.read_api_key(url) is not None
        console.say("cli.finstack_show" if has_key else "cli.finstack_show_no_key", url=url, where=where)
        return EXIT_OK if has_key else EXIT_NO
    if url:
        try:
            settings.save(finstack_api_url="")
        except OSError as exc:
            return console.fail(Message("settings.write_failed", {"path": str(settings.path),
                                                                  "detail": exc.strerror or type(exc).__name__}))
        forget_api_settings(store, url)
    console.say("cli.finstack_forgotten")
    return EXIT_OK


def register(commands: argparse._SubParsersAction, name: str) -> None:
    p = commands.add_parser(
        name, help="set, show or forget the Finstack API the wizard submits sources to",
        description="Without a Finstack API the wizard hands the three values over for Finstack's web form. "
                    "'set' reads the API key from standard input or a hidden prompt and keeps it in the "
                    "password store; the address is a setting of this computer.")
    p.add_argument("action", choices=["set", "show", "forget"])
    p.add_argument("--url", help="the API address, https://… (with 'set')")
    p.set_defaults(handler=cmd_finstack_api)
