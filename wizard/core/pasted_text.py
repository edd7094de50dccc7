"""Cleaning what people paste: invisible characters from web pages, Word and AFAS itself."""

from __future__ import annotations

import re

# BOM, zero-width space/joiners, word joiner, soft hyphen: invisible, never part of a value.
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad\u180e"), None)
# Non-breaking and other exotic spaces become a plain space.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))), " ")
_QUOTE_PAIRS = {'"': '"', "'": "'", "“": "”", "„": "”", "‘": "’", "«": "»", "`": "`", "”": "”"}


def normalise_pasted(value: str) -> str:
    """Drop invisible characters, turn exotic spaces into plain ones and trim the ends."""
    return value.translate(_INVISIBLE).translate(_SPACES).strip()


def strip_wrapping_quotes(value: str) -> str:
    """Remove quotes around the whole value, as left by copying from a mail or a JSON file."""
    while len(value) >= 2 and _QUOTE_PAIRS.get(value[0]) == value[-1]:
        value = value[1:-1].strip()
    return value


def remove_all_whitespace(value: str) -> str:
    return re.sub(r"\s+", "", value)
