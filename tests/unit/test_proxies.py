"""Which proxy a request goes through, and where it came from: the environment variables as urllib (and httpx)
read them, NO_PROXY, the operating system's settings (given here as Windows and macOS would give them), never
loopback, and an unusable value as a message that names the setting and hides credentials."""

from __future__ import annotations

import pytest

from wizard.core.proxies import ProxySettingError, ProxySettings, proxy_for, shown_value

AFAS = "https://12345.rest.afas.online/ProfitRestServices"


def chosen(url: str = AFAS, system: dict[str, str] | None = None, exceptions: tuple[str, ...] = (), **environ: str):
    choice = proxy_for(url, ProxySettings(environ, system or {}, exceptions))
    return None if choice is None else (choice.address, choice.variable)


def refusal(value: str, variable: str = "HTTPS_PROXY") -> str:
    with pytest.raises(ProxySettingError) as raised:
        proxy_for(AFAS, ProxySettings({variable: value}))
    return raised.value.text("en")


def test_https_proxy_applies_to_afas_and_is_named():
    assert chosen(HTTPS_PROXY="http://proxy.corp:3128") == ("http://proxy.corp:3128", "HTTPS_PROXY")


def test_http_proxy_alone_does_not_apply_to_https():
    assert chosen(HTTP_PROXY="http://proxy.corp:3128") is None
    assert chosen("http://finstack.example/v1", HTTP_PROXY="http://proxy.corp:3128") == (
        "http://proxy.corp:3128", "HTTP_PROXY")


def test_all_proxy_applies_when_no_scheme_proxy_is_set():
    assert chosen(ALL_PROXY="socks5://socks.corp:1080") == ("socks5://socks.corp:1080", "ALL_PROXY")
    assert chosen(ALL_PROXY="socks5://a:1", HTTPS_PROXY="http://b:2") == ("http://b:2", "HTTPS_PROXY")


def test_lower_case_wins_and_an_empty_lower_case_variable_switches_the_upper_case_one_off():
    assert chosen(HTTPS_PROXY="http://upper:1", https_proxy="http://lower:2") == ("http://lower:2", "https_proxy")
    assert chosen(HTTPS_PROXY="http://upper:1", https_proxy="") is None
    assert chosen(HTTPS_PROXY="") is None


def test_a_value_without_scheme_is_an_http_proxy_with_the_default_port_made_visible():
    assert chosen(HTTPS_PROXY="proxy.corp:8080") == ("http://proxy.corp:8080", "HTTPS_PROXY")
    assert chosen(HTTPS_PROXY="proxy.corp") == ("http://proxy.corp:80", "HTTPS_PROXY")
    assert chosen(HTTPS_PROXY="socks5h://[fd00::1]") == ("socks5h://[fd00::1]:1080", "HTTPS_PROXY")


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8080/ProfitRestServices", "http://127.5.6.7:1/x", "http://localhost:9/x",
    "http://[::1]:9/x", "http://LOCALHOST.:9/x", "http://demo.localhost:9/x", "http://[::ffff:127.0.0.1]:9/x",
])
def test_loopback_is_never_proxied_whatever_no_proxy_says(url):
    assert chosen(url, HTTP_PROXY="http://p:1", HTTPS_PROXY="http://p:1", ALL_PROXY="http://p:1", NO_PROXY="") is None
    assert chosen(url, {"http": "http://p:1", "https": "http://p:1"}) is None


@pytest.mark.parametrize(("no_proxy", "bypassed"), [
    ("*", True),
    ("afas.online", True), (".afas.online", True), ("*.afas.online", True), ("rest.afas.online", True),
    ("12345.rest.afas.online", True), ("other.example, afas.online", True), ("other.example afas.online", True),
    ("AFAS.ONLINE", True), ("afas.online:443", True), ("afas.online:8443", False),
    ("fas.online", False), ("12345.rest.afas.onlin", False), ("online.afas", False), ("", False), (",,", False),
])
def test_no_proxy_by_name(no_proxy, bypassed):
    result = chosen(HTTPS_PROXY="http://p:1", NO_PROXY=no_proxy)
    assert (result is None) is bypassed


@pytest.mark.parametrize(("url", "no_proxy", "bypassed"), [
    ("https://10.1.2.3/x", "10.0.0.0/8", True), ("https://10.1.2.3/x", "10.1.2.3", True),
    ("https://11.1.2.3/x", "10.0.0.0/8", False), ("https://[fd00::5]/x", "fd00::/8", True),
    ("https://[fd00::5]:8443/x", "[fd00::5]:8443", True), ("https://[fd00::5]/x", "[fd00::5]:8443", False),
    ("https://host.example/x", "10.0.0.0/8", False),  # a name is not looked up to compare it with addresses
])
def test_no_proxy_by_address(url, no_proxy, bypassed):
    assert (chosen(url, HTTPS_PROXY="http://p:1", no_proxy=no_proxy) is None) is bypassed


def test_the_system_settings_apply_when_no_variable_names_a_proxy_and_say_so():
    system = {"http": "http://sys.corp:8080", "https": "http://sys.corp:8080"}
    choice = proxy_for(AFAS, ProxySettings({}, system))
    assert choice is not None and choice.address == "http://sys.corp:8080" and choice.variable is None
    assert choice.source.text("en") == "this computer's proxy settings"
    assert choice.source.text("nl") == "de proxy-instellingen van deze computer"
    assert chosen(system=system, HTTPS_PROXY="http://env:1") == ("http://env:1", "HTTPS_PROXY")
    assert chosen(system=system, HTTP_PROXY="http://env:1") is None  # a variable set: urllib's rule, no system
    assert chosen(system=system, NO_PROXY="afas.online") is None


@pytest.mark.parametrize(("exceptions", "bypassed"), [
    (("<local>",), False), (("*.afas.online",), True), (("*.corp.example", "12345.*"), True),
    (("afas.online",), False), (("10.0.0.0/8",), False),
])
def test_the_system_exception_list_is_matched_without_a_lookup(exceptions, bypassed):
    system = {"https": "http://sys.corp:8080"}
    assert (chosen(system=system, exceptions=exceptions) is None) is bypassed


def test_system_exceptions_for_simple_names_and_short_networks():
    system = {"https": "http://sys.corp:8080"}
    assert chosen("https://intranet/x", system, ("<local>",)) is None
    assert chosen("https://169.254.3.4/x", system, ("169.254/16",)) is None
    assert chosen("https://169.255.3.4/x", system, ("169.254/16",)) == ("http://sys.corp:8080", None)


@pytest.mark.parametrize(("value", "reason"), [
    ("ftp://proxy.corp:21", "the wizard works with proxies whose address starts with http://"),
    ("socks4a://proxy.corp:1080", "the wizard works with proxies whose address starts with http://"),
    ("socks4://proxy.corp:1080", "the wizard works with proxies whose address starts with http://"),
    ("http://[::1", "it is not a valid address"),
    ("http://", "it names no server"),
    ("http://:8080", "it names no server"),
    ("http://proxy.corp:99999", "the port must be a number from 1 to 65535"),
    ("http://proxy.corp:0", "the port must be a number from 1 to 65535"),
    ("http://proxy.corp:http", "the port must be a number from 1 to 65535"),
    ("http://proxy.corp:", "the port must be a number from 1 to 65535"),
    ("http://proxy corp:8080", "it is not a valid address"),
    ("http://pröxy.corp:8080", "it is not a valid address"),
    ("http://808010.0.0.1:8080", "it is not a valid address"),
])
def test_an_unusable_value_is_a_message_naming_the_variable_and_the_value(value, reason):
    message = refusal(value)
    assert message.startswith(f'The proxy address in the environment variable HTTPS_PROXY cannot be used: "{value}"')
    assert f"({reason}" in message


def test_an_unusable_system_setting_names_the_system_settings_in_dutch_too():
    with pytest.raises(ProxySettingError) as raised:
        proxy_for(AFAS, ProxySettings({}, {"https": "ftp://sys.corp"}))
    assert raised.value.text("en").startswith("The proxy address in this computer's proxy settings cannot be used")
    assert raised.value.text("nl").startswith(
        "Het proxyadres in de proxy-instellingen van deze computer is onbruikbaar")


def test_a_proxy_that_does_not_apply_is_not_judged():
    assert chosen(HTTP_PROXY="ftp://x", HTTPS_PROXY="http://ok:1") == ("http://ok:1", "HTTPS_PROXY")
    assert chosen("http://127.0.0.1:5/x", HTTP_PROXY="http://[::1") is None


@pytest.mark.parametrize("value", [
    "ftp://alice:s3cret-Passw0rd@proxy.corp:21", "socks4://alice:s3cret-Passw0rd@proxy.corp",
    "http://alice:s3cret-Passw0rd@[::1", "http://alice:s3cret/Passw0rd@proxy.corp:99999",
    "alice:s3cret@Passw0rd@proxy.corp:0",
])
def test_credentials_in_an_unusable_value_are_never_shown(value):
    with pytest.raises(ProxySettingError) as raised:
        proxy_for(AFAS, ProxySettings({"ALL_PROXY": value}))
    for shown in (raised.value.text("en"), raised.value.text("nl"), str(raised.value), repr(raised.value)):
        assert "s3cret" not in shown and "Passw0rd" not in shown and "alice" not in shown
        assert "***@" in shown


def test_credentials_of_a_usable_proxy_stay_out_of_its_address_and_repr():
    choice = proxy_for(AFAS, ProxySettings({"HTTPS_PROXY": "http://alice:s%40cret@proxy.corp:3128"}))
    assert choice is not None and (choice.username, choice.password) == ("alice", "s@cret")
    assert choice.address == "http://proxy.corp:3128"
    assert "cret" not in repr(choice) and "alice" not in repr(choice)


def test_shown_values_escape_control_characters_and_stay_short():
    assert shown_value("http://proxy\x1b[31m:1\n") == "http://proxy\\x1b[31m:1\\n"
    assert len(shown_value("http://" + "a" * 500)) == 121
