"""Looking for a token in what the wizard showed, saved, reported or logged: every form it travels in, and
every fragment of 16 characters of one, in any letter case. Written apart from wizard.core.redact (which it
checks), so a mistake there is not repeated here."""

from __future__ import annotations

import base64
from urllib.parse import quote

FRAGMENT = 16


def token_texts(xml: str) -> list[str]:
    data = xml.split("<data>", 1)[1].split("</data>", 1)[0]
    header = base64.b64encode(xml.encode()).decode()
    return [xml, data, header, quote(header, safe=""), quote(xml, safe="")]


def leaked_fragments(text: str, secrets: list[str]) -> list[str]:
    """The fragments of `secrets` (FRAGMENT characters, any case) found in `text`."""
    folded = text.lower()
    found = []
    for secret in secrets:
        lowered = secret.lower()
        found += [lowered[i:i + FRAGMENT] for i in range(len(lowered) - FRAGMENT + 1)
                  if lowered[i:i + FRAGMENT] in folded]
    return found


def assert_no_token(text: str, xml: str, *more: str) -> None:
    found = leaked_fragments(text, [*token_texts(xml), *more])
    assert not found, f"{len(found)} fragments of a secret, the first: {found[0][:4]}…"
