"""Redaction on anything: a token's fragment of 16+ characters, in any case, anywhere in any text, never survives
the first line; neither line ever raises; text without a secret passes the first line unchanged."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.leaks import leaked_fragments, token_texts
from wizard.core.redact import Redactor, redact_record, redact_tokenlike
from wizard.core.token import parse_token

_DATA = st.text("0123456789abcdefABCDEF", min_size=64, max_size=64)


@given(_DATA, st.data(), st.text(max_size=200), st.text(max_size=200))
def test_no_fragment_of_the_token_survives(data, draw, before, after):
    xml = parse_token(data).reveal()
    form = draw.draw(st.sampled_from(token_texts(xml)))
    start = draw.draw(st.integers(0, len(form) - 16))
    piece = form[start:draw.draw(st.integers(start + 16, len(form)))]
    piece = piece.upper() if draw.draw(st.booleans()) else piece
    redacted = Redactor.for_token(xml)(before + piece + after)
    assert not leaked_fragments(redacted, token_texts(xml))


@given(_DATA, st.text(alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFF), max_size=300))
def test_text_without_the_token_passes_unchanged(data, said):
    xml = parse_token(data).reveal()
    if not leaked_fragments(said, token_texts(xml)) and "<token>" not in said.lower():
        assert Redactor.for_token(xml)(said) == said


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=80),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                                  max_size=4), max_leaves=20))
def test_the_second_line_takes_any_json_and_keeps_its_shape(value):
    redacted = redact_record({"x": value})
    assert type(redacted["x"]) is (list if isinstance(value, tuple) else type(value))
    assert isinstance(redact_tokenlike(str(value)), str)
