"""`finstack-afas-wizard environment`: number, type and REST address of what was typed."""

from __future__ import annotations

import argparse
import json

from wizard.cli.console import EXIT_OK, Console
from wizard.core.environment import (
    TYPE_SOURCE_DEFAULT,
    TYPE_SOURCE_EXPLICIT,
    TYPE_SOURCE_HOST,
    TYPE_SOURCE_NAME,
    EnvironmentType,
    parse_environment,
)
from wizard.core.messages import Message

# Where the type came from, in words (the keys written out, so the catalog check finds them).
TYPE_SOURCES = {
    TYPE_SOURCE_NAME: Message("cli.type_source_name"),
    TYPE_SOURCE_HOST: Message("cli.type_source_host"),
    TYPE_SOURCE_EXPLICIT: Message("cli.type_source_explicit"),
    TYPE_SOURCE_DEFAULT: Message("cli.type_source_default"),
}


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
    source = TYPE_SOURCES[env.type_source].text(console.language)
    console.say("cli.environment_type", type=env.type.label.text(console.language), source=source)
    if env.suffix:
        console.say("cli.environment_name", name=env.name)
    console.say("cli.environment_base_url", url=env.base_url)
    return EXIT_OK


def register(commands: argparse._SubParsersAction, name: str) -> None:
    p = commands.add_parser(name, help="show number, type and REST address of an AFAS environment",
                            description="Understand O12345AA, 12345, or a REST address.")
    p.add_argument("value", help="O12345AA, 12345, 12345.resttest.afas.online or a full URL")
    p.add_argument("--type", "-t", choices=[t.value for t in EnvironmentType], help="environment type")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_environment)

