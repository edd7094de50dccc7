import base64
import copy
import logging
import pickle

import pytest

from wizard.core.token import TokenInputError, check_token, looks_like_token, parse_token

DATA = "949C1A9C0BB8B1A4E0CCE6A2F1D0E3B2C4A5968778695A4B3C2D1E0F1A2B3C4D"
XML = f"<token><version>1</version><data>{DATA}</data></token>"
HEADER = "AfasToken " + base64.b64encode(XML.encode()).decode()


@pytest.mark.parametrize(
    ("pasted", "form"),
    [
        (XML, "xml"),
        (DATA, "data"),
        (base64.b64encode(XML.encode()).decode(), "base64"),
        (f"  {XML}\n", "xml"),
        (f"<token>\n  <version>1</version>\n  <data>{DATA}</data>\n</token>", "xml"),
        (f"\ufeff{XML}", "xml"),
        (f"\u200b{DATA[:30]}\u200b{DATA[30:]}\u00a0", "data"),
        (f'"{XML}"', "xml"),
        (f"“{DATA}”", "data"),
        (f"{DATA[:32]}\r\n{DATA[32:]}", "data"),
        (HEADER, "base64"),
        (base64.b64encode(f"<token>\n<version>1</version>\n<data>{DATA}</data>\n</token>\n".encode()).decode(),
         "base64"),
    ],
)
def test_every_pasted_form_gives_the_same_header(pasted, form):
    token = parse_token(pasted)
    assert token.authorization_header() == HEADER
    assert token.form == form
    assert token.warnings == ()


def test_the_header_is_base64_of_the_complete_xml_with_one_space_after_afastoken():
    header = parse_token(DATA).authorization_header()
    scheme, encoded = header.split(" ")
    assert scheme == "AfasToken"
    assert base64.b64decode(encoded).decode() == XML


def test_an_unusual_data_part_is_accepted_with_a_warning_naming_its_length():
    token = parse_token("ABCDEF0123")
    assert token.reveal_data() == "ABCDEF0123"
    assert "has 10 characters" in token.warnings[0].text("en")
    assert "heeft 10 tekens" in token.warnings[0].text("nl")


@pytest.mark.parametrize(
    ("pasted", "says"),
    [
        ("", "Paste the token"),
        ("   \n ", "Paste the token"),
        ("<token><version>1</version></token>", "has no <data> value"),
        ("<token><version>1</version><data>AB", "incomplete or broken"),
        ("<tokens><data>AB</data></tokens>", "starts with <tokens>"),
        ("<token><version>x</version><data>AB</data></token>", "is not a number"),
        ("<token><data>AB</data><user>me</user></token>", "(user)"),
        ("token: ABC!!DEF", "characters an AFAS token never has"),
        ("A" * 9000, "far too long"),
    ],
)
def test_unusable_tokens_are_refused_with_a_message_that_says_why(pasted, says):
    with pytest.raises(TokenInputError) as caught:
        parse_token(pasted)
    assert says in caught.value.text("en")


def test_entity_declarations_are_refused_before_any_expansion():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<token><version>1</version><data>&b;</data></token>"
    )
    with pytest.raises(TokenInputError) as caught:
        parse_token(bomb)
    assert "<!DOCTYPE" in caught.value.text("en")


def test_external_entities_in_base64_form_are_refused_too():
    evil = '<!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]><token><data>&x;</data></token>'
    with pytest.raises(TokenInputError):
        parse_token(base64.b64encode(evil.encode()).decode())


def test_the_token_value_never_shows_in_repr_str_format_or_logs(caplog):
    token = parse_token(XML)
    shown = [repr(token), str(token), f"{token}", f"{token!r}", "%s" % (token,)]  # noqa: UP031
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("wizard.test").info("token is %s", token)
    for text in [*shown, caplog.text]:
        assert DATA not in text
        assert DATA[:16] not in text
        assert token.fingerprint in text


def test_a_token_cannot_be_pickled_or_deep_copied_to_disk():
    token = parse_token(XML)
    with pytest.raises(TypeError):
        pickle.dumps(token)
    with pytest.raises(TypeError):
        copy.deepcopy(token)


def test_error_messages_never_quote_the_token():
    bad = "<token><version>1</version><data>" + DATA + "</data><extra>" + DATA + "</extra></token>"
    with pytest.raises(TokenInputError) as caught:
        parse_token(bad)
    for language in ("en", "nl"):
        assert DATA not in caught.value.text(language)
    assert DATA not in str(caught.value)


def test_fingerprints_tell_tokens_apart_and_stay_stable():
    first, again, other = parse_token(XML), parse_token(DATA), parse_token(DATA[::-1])
    assert first.fingerprint == again.fingerprint
    assert first.fingerprint != other.fingerprint
    assert len(first.fingerprint) == 8
    assert first == again and first != other


def test_check_token_reports_instead_of_raising_for_live_feedback():
    assert check_token("").error is not None
    result = check_token(DATA)
    assert result.error is None and result.token is not None


@pytest.mark.parametrize("version", ["²", "١", "１", "1²"])
def test_the_version_is_ascii_digits_only(version):
    with pytest.raises(TokenInputError) as caught:
        parse_token(f"<token><version>{version}</version><data>{DATA}</data></token>")
    assert "characters an AFAS token never has" in caught.value.text("en")


@pytest.mark.parametrize("pasted", [f"<token><version>1</version><data>{DATA}\udcff</data></token>",
                                    f"<token><version>1</version><data>\xff{DATA}</data></token>",
                                    f"<token><version>1</version><data>{DATA}</data><x>\ud800</x></token>",
                                    base64.b64encode(f"<token><data>{DATA}é</data></token>".encode()).decode()])
def test_undecodable_or_non_ascii_token_data_is_a_plain_input_error(pasted):
    with pytest.raises(TokenInputError) as caught:
        parse_token(pasted)
    assert caught.value.text("en") and DATA not in caught.value.text("en")


@pytest.mark.parametrize(
    "text",
    [XML, DATA, HEADER, base64.b64encode(XML.encode()).decode(), f"<data>{DATA[:10]}", "DEADBEEF" * 8,
     f"{DATA[:32]}\n{DATA[32:]}", f"the token is {DATA[:44]}", "Bearer " + base64.b64encode(XML.encode()).decode()],
)
def test_looks_like_token_finds_a_token_in_any_form(text):
    assert looks_like_token(text)


@pytest.mark.parametrize(
    "text",
    ["", "O12345AA", "12345", "https://12345.rest.afas.online/ProfitRestServices/connectors/Finstack_Administrations",
     "1;2;3", " ".join(str(i) for i in range(1, 200)), "1" * 64, "Finstack", "Finstack API token 2025",
     "1 - Holding BV\n2 - Werkmaatschappij Noord BV", "ABCDEF"],
)
def test_looks_like_token_leaves_what_belongs_in_other_fields_alone(text):
    assert not looks_like_token(text)
