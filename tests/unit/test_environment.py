import pytest

from wizard.core.environment import EnvironmentInputError, EnvironmentType, parse_environment


@pytest.mark.parametrize(
    ("pasted", "number", "kind", "base_url"),
    [
        ("O12345AA", "12345", EnvironmentType.PRODUCTION, "https://12345.rest.afas.online/ProfitRestServices"),
        ("T12345AB", "12345", EnvironmentType.TEST, "https://12345.resttest.afas.online/ProfitRestServices"),
        ("A12345AA", "12345", EnvironmentType.ACCEPT, "https://12345.restaccept.afas.online/ProfitRestServices"),
        ("12345", "12345", EnvironmentType.PRODUCTION, "https://12345.rest.afas.online/ProfitRestServices"),
        (" o12345aa ", "12345", EnvironmentType.PRODUCTION, "https://12345.rest.afas.online/ProfitRestServices"),
        (
            "https://12345.rest.afas.online/ProfitRestServices/metainfo",
            "12345",
            EnvironmentType.PRODUCTION,
            "https://12345.rest.afas.online/ProfitRestServices",
        ),
        ("12345.resttest.afas.online", "12345", EnvironmentType.TEST, "https://12345.resttest.afas.online/ProfitRestServices"),
        ("\u200bT54321AA\u00a0", "54321", EnvironmentType.TEST, "https://54321.resttest.afas.online/ProfitRestServices"),
        ('"A11111AA"', "11111", EnvironmentType.ACCEPT, "https://11111.restaccept.afas.online/ProfitRestServices"),
        ("12345.soaptest.afas.online", "12345", EnvironmentType.TEST, "https://12345.resttest.afas.online/ProfitRestServices"),
    ],
)
def test_what_people_paste_becomes_number_type_and_base_url(pasted, number, kind, base_url):
    env = parse_environment(pasted)
    assert (env.number, env.type, env.base_url) == (number, kind, base_url)


def test_the_environment_name_keeps_its_letters_in_capitals():
    env = parse_environment(" t12345ab ")
    assert env.name == "T12345AB"
    assert env.suffix == "AB"


def test_a_bare_number_takes_the_chosen_type():
    env = parse_environment("12345", EnvironmentType.ACCEPT)
    assert env.base_url == "https://12345.restaccept.afas.online/ProfitRestServices"
    assert env.type_source == "explicit"


def test_a_bare_number_without_a_choice_is_production_and_says_it_assumed_so():
    env = parse_environment("12345")
    assert env.type is EnvironmentType.PRODUCTION
    assert env.type_source == "default"


def test_a_type_given_by_the_name_and_the_same_choice_agree():
    assert parse_environment("T12345AA", "test").type is EnvironmentType.TEST


@pytest.mark.parametrize(("pasted", "chosen"), [("T12345AA", "production"), ("12345.rest.afas.online", "test")])
def test_a_conflict_between_text_and_choice_is_an_error_naming_both(pasted, chosen):
    with pytest.raises(EnvironmentInputError) as caught:
        parse_environment(pasted, chosen)
    message = caught.value.text("en")
    assert chosen in message
    assert "is a" in message


def test_the_conflict_message_is_dutch_for_dutch_users():
    with pytest.raises(EnvironmentInputError) as caught:
        parse_environment("T12345AA", "production")
    assert caught.value.text("nl") == (
        '"T12345AA" is een testomgeving, maar je hebt productie gekozen. Kies test, of vul de productieomgeving in.'
    )


@pytest.mark.parametrize(
    ("pasted", "says"),
    [
        ("", "Enter your AFAS environment"),
        ("X12345AA", "starts with O (production), T (test) or A (accept)"),
        ("123", "has 5 digits, like 12345"),
        ("1234567890", "has 5 digits, like 12345"),
        ("finstack", "Enter the environment name (O12345AA)"),
        ("https://example.com/ProfitRestServices", "is not an AFAS REST address"),
        ("12345.rest.afas.online.evil.example", "is not an AFAS REST address"),
        ("https://12345.rest.afas.online@evil.example/", "is not an AFAS REST address"),
        ("ftp://12345.rest.afas.online", "is not an AFAS REST address"),
        ("12345.restcursus.afas.online", "training (cursus)"),
    ],
)
def test_wrong_input_gets_a_specific_message_with_a_right_example(pasted, says):
    with pytest.raises(EnvironmentInputError) as caught:
        parse_environment(pasted)
    assert says in caught.value.text("en")


def test_a_number_of_unusual_length_is_accepted_with_a_warning():
    env = parse_environment("123456")
    assert env.number == "123456"
    assert "does not have the usual 5 digits" in env.warnings[0].text("en")


def test_the_legacy_connector_host_is_rewritten_to_the_current_one():
    env = parse_environment("https://12345.afasonlineconnector.nl/profitrestservices")
    assert env.host == "12345.rest.afas.online"
    assert "old connector address" in env.warnings[0].text("en")


@pytest.mark.parametrize(
    "pasted",
    [
        "https://12345.rest.afas.online/../../evil.example",
        "https://12345.rest.afas.online:8443/ProfitRestServices",
        "12345.resttest.afas.online/path?x=https://evil.example",
        "https://12345.rest.afas.online/ProfitRestServices#@evil.example",
    ],
)
def test_nothing_typed_can_move_the_request_off_the_afas_host(pasted):
    env = parse_environment(pasted)
    assert env.base_url.startswith(f"https://{env.number}.")
    assert env.host in {"12345.rest.afas.online", "12345.resttest.afas.online"}
    assert env.base_url.endswith(".afas.online/ProfitRestServices")


def test_envid_from_afas_is_compared_on_type_and_number():
    env = parse_environment("O12345AA")
    assert env.matches_envid("O12345AA")
    assert not env.matches_envid("T12345AA")
    assert not env.matches_envid("O54321AA")
    assert not env.matches_envid("O12345AB")
    assert parse_environment("12345").matches_envid("O12345AB")


@pytest.mark.parametrize(
    "pasted",
    ["[12345.rest.afas.online]", "https://[::1", "12345.rest.afas.online]", "https://[12345.rest.afas.online]/x",
     "[O12345AA]"],
)
def test_brackets_get_their_own_message_not_a_traceback(pasted):
    with pytest.raises(EnvironmentInputError) as caught:
        parse_environment(pasted)
    assert caught.value.text("en").startswith("Square brackets [ ] are not part of an AFAS environment.")
    assert caught.value.text("nl").startswith("Vierkante haken [ ] horen niet bij een AFAS-omgeving.")


@pytest.mark.parametrize(
    "pasted",
    ["١٢٣٤٥", "１２３４５", "𝟏𝟐𝟑𝟒𝟓", "O１２３４５AA", "T12٣45AA", "https://١٢٣٤٥.rest.afas.online/ProfitRestServices",
     "12345.rest.afas.online".replace("5", "５")],
)
def test_only_ascii_digits_make_an_environment_number(pasted):
    with pytest.raises(EnvironmentInputError) as caught:
        parse_environment(pasted)
    assert "contains digits that are not the plain digits 0-9" in caught.value.text("en")
    assert "bevat cijfers die niet de gewone cijfers 0-9 zijn" in caught.value.text("nl")


@pytest.mark.parametrize("pasted",
                         ["https://12345.rest.afas.online\uff03@evil.example/", "12345.rest.afas.online\u2100x"])
def test_what_urlsplit_refuses_is_an_input_error_too(pasted):
    with pytest.raises(EnvironmentInputError) as caught:
        parse_environment(pasted)
    assert "is not an AFAS REST address" in caught.value.text("en")


TOKEN_DATA = "88537B2C00112233445566778899AABBCCDDEEFF0011223344556677BA7A6D24"


@pytest.mark.parametrize(
    "pasted",
    [TOKEN_DATA, f"<token><version>1</version><data>{TOKEN_DATA}</data></token>",
     "PHRva2VuPjx2ZXJzaW9uPjE8L3ZlcnNpb24+PGRhdGE+ODg1MzdCMkMwMDExMjIzMzQ0NTU2Njc3ODg5OUFBQkJDQ0RERUVGRjAwMTEy"],
)
def test_a_token_in_the_environment_field_is_named_and_never_shown_back(pasted):
    with pytest.raises(EnvironmentInputError) as caught:
        parse_environment(pasted)
    assert caught.value.text("en").startswith("This looks like the token — paste it in the token field")
    assert caught.value.text("nl").startswith("Dit lijkt het token — plak het in het tokenveld")
    assert pasted[:12] not in caught.value.text("en") + repr(caught.value)


def test_an_unknown_type_is_the_modules_own_error():
    with pytest.raises(EnvironmentInputError) as caught:
        parse_environment("12345", "staging")
    assert '"staging" is not an environment type' in caught.value.text("en")
