"""Text that is likely to break a parser: what people paste, mixed with what attackers and unlucky
clipboards add (other scripts' digits, look-alike punctuation, invisible characters, lone surrogates)."""

from __future__ import annotations

import base64

from hypothesis import strategies as st

UNICODE_DIGITS = "٠١٢٣٤٥٦٧٨٩۰۱۲３４５６𝟎𝟏𝟐𝟑१२३²³¹①⑴"
TRICKY = [
    "[", "]", "@", ":", "%", "#", "?", "/", "\\", ".", ";", ",", "-", "+", "=", "_", " ", "\t", "\n", "\r\n",
    "\u00a0", "\u200b", "\ufeff", "\u202e", "\uff03", "\uff0f", "\u2100", "\u2024", "\udcff", "\ud800", "\x00",
    "\x7f", '"', "'", "“", "”", "«", "»", "`", "<", ">", "&", "İ", "ß", "K", "ſ",
]
digits = st.text(alphabet="0123456789", min_size=1, max_size=12)
long_digits = st.integers(min_value=4, max_value=6000).map(lambda n: "9" * n)
foreign_digits = st.text(alphabet=UNICODE_DIGITS, min_size=1, max_size=8)
tricky = st.sampled_from(TRICKY)
hexadecimal = st.text(alphabet="0123456789ABCDEFabcdef", min_size=1, max_size=80)


def _mixed(pieces: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Sequences of meaningful pieces, tricky characters and bits of arbitrary text."""
    return st.lists(st.one_of(pieces, tricky, digits, foreign_digits, st.text(max_size=4)), max_size=14).map("".join)


def token_xml(data: st.SearchStrategy[str] = hexadecimal) -> st.SearchStrategy[str]:
    version = st.one_of(st.just("1"), digits, foreign_digits, st.text(max_size=3))
    return st.builds(lambda v, d, tail: f"<token><version>{v}</version><data>{d}</data></token>{tail}",
                     version, st.one_of(data, _mixed(hexadecimal)), st.one_of(st.just(""), tricky))


def base64_of(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return text.map(lambda t: base64.b64encode(t.encode("utf-8", "surrogatepass")).decode("ascii"))


def environment_text() -> st.SearchStrategy[str]:
    pieces = st.sampled_from([
        "O", "T", "A", "X", "AA", "ab", "12345", "1234", "123456", "http://", "https://", "ftp://", "HTTPS://",
        ".rest", ".resttest", ".restaccept", ".restcursus", ".soap", "test", ".afas.online", ".afasonlineconnector.nl",
        "/ProfitRestServices", "/metainfo", "evil.example", "[::1]", "::1", "127.0.0.1", "user@", ":443", ":99999",
        "production", "acceptatie",
    ])
    return st.one_of(st.text(), _mixed(pieces), token_xml(), long_digits)


def token_text() -> st.SearchStrategy[str]:
    xml = token_xml()
    return st.one_of(
        st.text(), xml, base64_of(xml), base64_of(st.text()), hexadecimal, xml.map(lambda x: "AfasToken " + x),
        base64_of(xml).map(lambda b: "Authorization: AfasToken " + b),
        _mixed(st.sampled_from(["<token>", "</token>", "<version>", "</version>", "<data>", "</data>", "<!DOCTYPE",
                                "<?xml?>", "<!ENTITY x 'y'>", "&x;", "<![CDATA[", "]]>", "<x/>", "AfasToken "])),
    )


def administrations_text() -> st.SearchStrategy[str]:
    pieces = st.sampled_from([
        "1", "2", "999", "1000", "0", "-1", "+3", "007", " - Holding BV", ": Holding", " | Export", "\t", ";", ",",
        "\n", " ", "1 - ", "٣ - Holding", "abc",
    ])
    return st.one_of(st.text(), _mixed(pieces), long_digits, token_xml(), hexadecimal)
