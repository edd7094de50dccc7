"""parse_token on anything: a token whose header and value are pure ASCII, or a TokenInputError. And
looks_like_token answers for any text without raising."""

from __future__ import annotations

from hypothesis import given

from tests.fuzz.strategies import token_text
from wizard.core.token import TokenInputError, check_token, looks_like_token, parse_token


@given(token_text())
def test_parse_token_gives_an_ascii_token_or_its_own_error(value):
    try:
        token = parse_token(value)
    except TokenInputError as exc:
        assert exc.text("en") and exc.text("nl")
        return
    assert token.reveal().isascii()
    assert token.authorization_header().startswith("AfasToken ")
    if len(token.reveal_data()) >= 12:  # shorter ones may turn up in the 8-hex fingerprint by chance
        assert token.reveal_data() not in repr(token) + str(token)
    assert looks_like_token(value) in (True, False)


@given(token_text())
def test_check_token_and_looks_like_token_never_raise(value):
    check = check_token(value)
    assert (check.token is None) != (check.error is None)
    if looks_like_token(value) is False:
        assert check.token is None or check.token.form == "data"
