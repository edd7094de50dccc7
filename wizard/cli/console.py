"""What every command shares: the Console (streams and language), exit codes, reading a secret, and the
options that name one token."""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Callable
from typing import TextIO

from wizard.core.environment import AfasEnvironment, EnvironmentType, parse_environment
from wizard.core.messages import Language, Message, UserInputError, text
from wizard.core.token import looks_like_token

EXIT_OK, EXIT_NO, EXIT_ERROR = 0, 1, 2


class Console:
    """stdout/stderr/stdin and the language, so tests can run commands in-process."""

    def __init__(self, language: Language, out: TextIO, err: TextIO, stdin: TextIO) -> None:
        self.language, self.out, self.err, self.stdin = language, out, err, stdin

    def text(self, key: str, **params: object) -> str:
        return text(key, self.language, **params)

    def say(self, key: str, **params: object) -> None:
        print(text(key, self.language, **params), file=self.out)

    def warn(self, message: Message) -> None:
        print(text("cli.warning", self.language, text=message.text(self.language)), file=self.err)

    def fail(self, message: Message) -> int:
        print(text("cli.error", self.language, text=message.text(self.language)), file=self.err)
        return EXIT_ERROR


Handler = Callable[[argparse.Namespace, Console], int]


def read_secret(console: Console, prompt_key: str = "cli.token_prompt") -> str:
    """Standard input when piped, else a hidden prompt on the terminal. Bytes that are not UTF-8 are an input
    error: a strict stream fails to decode them, a surrogateescape one (the C locale) hands on lone surrogates."""
    try:
        if console.stdin.isatty():
            value = getpass.getpass(text(prompt_key, console.language))
        else:
            value = console.stdin.read()
        value.encode("utf-8")
    except UnicodeError:
        raise UserInputError(Message("cli.stdin_not_text")) from None
    return value


def add_environment_options(parser: argparse.ArgumentParser) -> None:
    """--environment, --type and --name, as every command about one token takes them."""
    parser.add_argument("--environment", "-e", required=True, help="O12345AA, 12345 or the REST address")
    parser.add_argument("--type", "-t", choices=[t.value for t in EnvironmentType],
                        help="environment type, when --environment does not say it")
    parser.add_argument("--name", "-n", required=True, help="the token name, e.g. Finstack")


def token_name_of(args: argparse.Namespace) -> str:
    """--name, unless it is the token itself (then it is neither used nor shown back)."""
    if looks_like_token(args.name):
        raise UserInputError(Message("cli.name_looks_like_token"))
    return args.name


def environment_of(args: argparse.Namespace, console: Console) -> AfasEnvironment:
    """The environment --environment/--type name, its warnings printed once."""
    environment = parse_environment(args.environment, args.type)
    for warning in environment.warnings:
        console.warn(warning)
    return environment
