"""User-facing texts of the core, in English and Dutch.

The core never builds a sentence in code: it names a message (a key in resources/messages/<lang>.json)
and its parameters, and whoever shows it picks the language. Parameters are never secrets.
"""

from __future__ import annotations

import json
import os
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from wizard.core.resources import resource_path

Language = Literal["en", "nl"]
LANGUAGES: tuple[Language, ...] = ("en", "nl")


def default_language(environ: dict[str, str] | None = None) -> Language:
    """Dutch when the user's locale says so, else English."""
    env = os.environ if environ is None else environ
    for var in ("FINSTACK_WIZARD_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "").strip().lower()
        if value:
            return next((language for language in LANGUAGES if value.startswith(language)), "en")
    return "en"


@cache
def catalog(language: Language) -> dict[str, str]:
    """All messages of `language`: resources/messages/<lang>.json plus every <part>.<lang>.json beside it."""
    folder = resource_path("messages")
    merged: dict[str, str] = {}
    for path in [folder / f"{language}.json", *sorted(folder.glob(f"*.{language}.json"))]:
        with path.open(encoding="utf-8") as fh:
            merged.update(json.load(fh))
    return merged


class _Formatter(string.Formatter):
    """str.format, plus real plurals: "{count} {count:plural:problem|problems}" says "1 problem", "7 problems"."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("plural:"):
            one, _, other = format_spec[len("plural:"):].partition("|")
            return one if value == 1 else other
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def text(key: str, language: Language = "en", **params: Any) -> str:
    """The message `key` in `language`, with its parameters filled in."""
    template = catalog(language).get(key) or catalog("en")[key]
    return _FORMATTER.vformat(template, (), params)


@dataclass(frozen=True)
class Message:
    """A message key and its parameters, rendered in whatever language the caller shows."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, language: Language = "en") -> str:
        params = {k: v.text(language) if isinstance(v, Message) else v for k, v in self.params.items()}
        return text(self.key, language, **params)

    def __str__(self) -> str:
        return self.text("en")

    def map_texts(self, change: Callable[[str], str]) -> Message:
        """This message with `change` applied to every text among its parameters (and those of the messages in
        it); the message itself when nothing changed."""
        params = {key: value.map_texts(change) if isinstance(value, Message) else change(value)
                  if isinstance(value, str) else value for key, value in self.params.items()}
        return self if params == self.params else Message(self.key, params)

    def to_json(self) -> dict[str, Any]:
        """The key and its parameters as JSON, so saved progress keeps what was said, not a translation."""
        return {"key": self.key, "params": {k: v.to_json() if isinstance(v, Message) else v
                                            for k, v in self.params.items()}}

    @classmethod
    def from_json(cls, data: Any, depth: int = 0) -> Message | None:
        """The Message saved by `to_json`, or None when it is not one this version can show in every language
        (an unknown key, a missing parameter, a value of the wrong kind)."""
        if depth > 3 or not isinstance(data, dict) or not isinstance(data.get("key"), str):
            return None
        raw = data.get("params", {})
        if not isinstance(raw, dict) or len(raw) > 20:
            return None
        params: dict[str, Any] = {}
        for name, value in raw.items():
            if isinstance(value, dict):
                value = cls.from_json(value, depth + 1)
            if not isinstance(name, str) or not isinstance(value, str | int | float | Message) or (
                    isinstance(value, str) and len(value) > 2000):
                return None
            params[name] = value
        message = cls(data["key"], params)
        for language in LANGUAGES:
            wanted = _placeholders(language, data["key"])
            if wanted is None or not wanted <= set(params):
                return None  # a key this version does not know, or a parameter it needs is missing
        return message


@cache
def _placeholders(language: Language, key: str) -> frozenset[str] | None:
    """The parameters message `key` needs in `language`; None when the key is not in that catalog."""
    template = catalog(language).get(key)
    if template is None:
        return None
    try:
        return frozenset(name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template)
                         if name)
    except ValueError:
        return None


class UserInputError(ValueError):
    """Bad input from a person, explained by a Message. str() is the English text; never holds secrets."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.text("en"))
        self.message = message

    def text(self, language: Language = "en") -> str:
        return self.message.text(language)
