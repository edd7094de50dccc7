"""The token test and the Finstack submit behind real proxies on this computer (tests/proxy_servers.py).

The AFAS host is the real production name for 12345, which does not resolve here: only the test proxy knows
where it is (a TLS front for the AFAS stand-in, with a certificate from an authority trusted through
SSL_CERT_FILE). So a test that passes proves the request went through the proxy, and the recording resolver
proves nothing looked the name up on this computer.
"""

from __future__ import annotations

import itertools
import json
import os
import socket

import pytest

from tests.local_tls import served_as
from tests.proxy_servers import HttpProxy, Socks5Proxy, WebServer, closed_port
from wizard.core.environment import parse_environment
from wizard.core.finstack_api import FinstackConfig
from wizard.core.finstack_client import submit_source
from wizard.core.state import new_idempotency_key
from wizard.core.token import parse_token
from wizard.core.token_test.report import CheckStatus
from wizard.core.token_test.run import run_token_test
from wizard.standins.afas_profit import DEMO_TOKEN_DATA, AfasProfitStandin
from wizard.standins.afas_scenario import AfasScenario
from wizard.standins.finstack import FinstackStandin

AFAS_HOST = "12345.rest.afas.online"
FINSTACK_HOST = "api.finstack.example"
ENV = parse_environment("O12345AA")
TOKEN = parse_token(DEMO_TOKEN_DATA)
API_KEY = "proxy-test-api-key"
SECRET = "s3cret-Passw0rd"


@pytest.fixture(autouse=True)
def no_proxy_settings(monkeypatch):
    """No proxy from the machine the tests run on: each test sets its own."""
    for name in list(os.environ):
        if name.lower().endswith("_proxy"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    """The AFAS and Finstack stand-ins, each behind TLS for its real-looking name; (CA file, proxy's name table)."""
    with AfasProfitStandin("O12345AA", scenario=AfasScenario()) as afas, FinstackStandin(api_key=API_KEY) as finstack, \
            served_as(tmp_path_factory.mktemp("tls"), {AFAS_HOST: afas.port, FINSTACK_HOST: finstack.port}) as served:
        yield afas, finstack, served


@pytest.fixture
def names(services, monkeypatch):
    """The name table a test proxy resolves with; the stand-ins' certificate authority is trusted meanwhile."""
    _, _, (ca_file, table) = services
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    return table


@pytest.fixture
def lookups(monkeypatch):
    """Every name this process looks up (asyncio and anyio both resolve through socket.getaddrinfo)."""
    seen: list[str] = []
    real = socket.getaddrinfo

    def recording(host, *args, **kwargs):
        seen.append(host.decode() if isinstance(host, bytes) else str(host))
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", recording)
    return seen


def token_test(**kwargs):
    return run_token_test(ENV, TOKEN, (), token_name="Finstack", **kwargs)


def host_text(report, language="en") -> str:
    check = report.check("host")
    return " ".join(m.text(language) for m in (check.explanation, check.fix) if m is not None)


def everything_shown(report) -> str:
    return json.dumps([report.to_json("en"), report.to_json("nl")], ensure_ascii=False)


def test_without_a_proxy_the_afas_host_is_looked_up_here_and_does_not_exist(names, lookups):
    report = token_test()
    assert report.check("host").status is CheckStatus.FAILED
    assert "12345.rest.afas.online does not exist" in host_text(report)
    assert AFAS_HOST in lookups  # the recorder sees the wizard's own look-up


def test_through_an_http_proxy_the_token_test_passes_and_nothing_looks_up_the_afas_host(names, lookups, monkeypatch):
    with HttpProxy(names) as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        report = token_test()
    assert report.outcome == "passed", everything_shown(report)
    assert AFAS_HOST not in lookups
    assert {(seen.method, seen.target) for seen in proxy.seen} == {("CONNECT", f"{AFAS_HOST}:443")}
    assert all("authorization" not in seen.headers for seen in proxy.seen)  # the token travels inside TLS
    assert host_text(report) == (f"{AFAS_HOST} answered through the proxy server http://127.0.0.1:{proxy.port} "
                                 "(set in the environment variable HTTPS_PROXY).")


def test_through_a_socks5_proxy_the_name_is_resolved_by_the_proxy(names, lookups, monkeypatch):
    with Socks5Proxy(names) as proxy:
        monkeypatch.setenv("all_proxy", proxy.url)
        report = token_test()
    assert report.outcome == "passed", everything_shown(report)
    assert AFAS_HOST not in lookups
    assert {(s.target, s.headers["address_type"]) for s in proxy.seen} == {(f"{AFAS_HOST}:443", "name")}
    assert "(set in the environment variable all_proxy)" in host_text(report)


def test_socks5_with_user_and_password_passes_and_a_wrong_password_is_named(names, monkeypatch):
    with Socks5Proxy(names, credentials=("alice", SECRET)) as proxy:
        monkeypatch.setenv("ALL_PROXY", f"socks5h://alice:{SECRET}@127.0.0.1:{proxy.port}")
        assert token_test().outcome == "passed"
        assert {s.headers["user"] for s in proxy.seen} == {"alice"}
        monkeypatch.setenv("ALL_PROXY", f"socks5h://alice:wrong-{SECRET}@127.0.0.1:{proxy.port}")
        report = token_test()
    assert host_text(report).startswith(f"The proxy server socks5h://127.0.0.1:{proxy.port} (set in the environment "
                                        "variable ALL_PROXY) asks for a user name and password")
    assert SECRET not in everything_shown(report) and "alice" not in everything_shown(report)


def test_an_http_proxy_that_wants_credentials_gets_them_from_the_address_and_never_shows_them(names, monkeypatch):
    with HttpProxy(names, credentials=("alice", SECRET)) as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        refused = token_test()
        monkeypatch.setenv("HTTPS_PROXY", f"http://alice:{SECRET}@127.0.0.1:{proxy.port}")
        passed = token_test()
    assert host_text(refused).startswith(f"The proxy server http://127.0.0.1:{proxy.port} (set in the environment "
                                         "variable HTTPS_PROXY) asks for a user name and password")
    assert "(407 Proxy Authentication Required)" in host_text(refused)
    assert "De proxyserver" in host_text(refused, "nl") and "IT-afdeling" in host_text(refused, "nl")
    assert passed.outcome == "passed"
    assert any("proxy-authorization" in seen.headers for seen in proxy.seen)
    assert SECRET not in everything_shown(passed) + everything_shown(refused)


@pytest.mark.parametrize(("answer", "names_known", "says", "fix_says"), [
    (403, True, f"refused to connect to {AFAS_HOST} (403 Forbidden)", f"let HTTPS to {AFAS_HOST} through"),
    (502, True, f"could not reach {AFAS_HOST} (502 Bad Gateway)", "Check the environment number 12345"),
    (None, False, f"could not reach {AFAS_HOST} (503 Service Unavailable)", "Check the environment number 12345"),
])
def test_a_proxy_that_refuses_or_cannot_reach_afas_is_named(names, monkeypatch, answer, names_known, says, fix_says):
    with HttpProxy(names if names_known else {}, answer=answer) as proxy:  # no names: the proxy's DNS fails
        monkeypatch.setenv("https_proxy", proxy.url)
        report = token_test()
    assert report.check("host").status is CheckStatus.FAILED
    assert "(set in the environment variable https_proxy)" in host_text(report)
    assert says in host_text(report) and fix_says in host_text(report)
    assert all(c.status is CheckStatus.SKIPPED for c in report.checks[1:])


@pytest.mark.parametrize("proxy_url", [f"http://127.0.0.1:{closed_port()}", "http://proxy.invalid:3128",
                                       f"socks5://127.0.0.1:{closed_port()}"])
def test_a_proxy_that_cannot_be_reached_is_named_with_the_setting(names, monkeypatch, proxy_url):
    monkeypatch.setenv("HTTPS_PROXY", proxy_url)
    report = token_test()
    assert host_text(report).startswith(f"The proxy server {proxy_url} (set in the environment variable HTTPS_PROXY) "
                                        "could not be reached")
    assert "Check the proxy address in the environment variable HTTPS_PROXY" in host_text(report)


def test_a_socks_setting_for_something_that_is_no_socks_proxy_is_named(names, monkeypatch):
    with WebServer() as server:
        monkeypatch.setenv("HTTPS_PROXY", f"socks5://127.0.0.1:{server.port}")
        report = token_test()
    assert host_text(report).startswith(f"The proxy server socks5://127.0.0.1:{server.port} (set in the environment "
                                        "variable HTTPS_PROXY) did not answer as a proxy of that kind does")
    assert "a SOCKS proxy's address starts with socks5://" in host_text(report) and server.seen


def test_an_http_setting_for_a_socks_proxy_ends_in_a_message_that_names_the_proxy(names, monkeypatch):
    with Socks5Proxy(names) as proxy:
        monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{proxy.port}")
        report = token_test()
    assert host_text(report).startswith(f"The connection to {AFAS_HOST} through the proxy server "
                                        f"http://127.0.0.1:{proxy.port} (set in the environment variable HTTPS_PROXY) "
                                        "was broken off")
    assert "a SOCKS proxy's address starts with socks5://" in host_text(report)


def test_loopback_never_goes_through_a_proxy_whatever_no_proxy_says(services, monkeypatch):
    afas, _, _ = services
    with HttpProxy() as proxy:
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy"):
            monkeypatch.setenv(name, proxy.url)
        monkeypatch.setenv("NO_PROXY", "")
        before = len(afas.requests)
        report = token_test(base_url=afas.base_url)
    assert report.outcome == "passed" and proxy.seen == []
    assert len(afas.requests) > before  # the stand-in was asked directly
    assert host_text(report) == "127.0.0.1 answered."


@pytest.mark.parametrize("value", ["ftp://x", "http://[::1", "socks4a://proxy.corp:1080", "http://",
                                   "http://proxy.corp:70000"])
def test_an_unusable_proxy_setting_is_the_first_checks_result_not_a_crash(monkeypatch, value):
    monkeypatch.setenv("HTTPS_PROXY", value)
    report = token_test()
    assert report.outcome == "failed"
    assert host_text(report).startswith(
        f'The proxy address in the environment variable HTTPS_PROXY cannot be used: "{value}" (')
    assert host_text(report, "nl").startswith(f'Het proxyadres in de omgevingsvariabele HTTPS_PROXY is onbruikbaar: '
                                              f'"{value}" (')
    assert all(c.status is CheckStatus.SKIPPED for c in report.checks[1:])


# -- the Finstack submit ----------------------------------------------------------------------------------------

_ENVIRONMENTS = (parse_environment(f"T{number}AA") for number in itertools.count(20000))


def submit(base_url: str = f"https://{FINSTACK_HOST}"):
    """A submit for an environment not submitted before (the stand-in keeps one source per environment)."""
    return submit_source(FinstackConfig(base_url, API_KEY), next(_ENVIRONMENTS), "Finstack", TOKEN,
                         new_idempotency_key(), sleep=lambda seconds: None)


@pytest.mark.parametrize("kind", [HttpProxy, Socks5Proxy])
def test_the_submit_goes_through_a_proxy(services, names, lookups, monkeypatch, kind):
    _, finstack, _ = services
    with kind(names) as proxy:
        monkeypatch.setenv("ALL_PROXY", proxy.url)
        outcome = submit()
    assert outcome.status == "created", outcome.message.text("en")
    assert outcome.source_id in {source.id for source in finstack.sources}
    assert {seen.target for seen in proxy.seen} == {f"{FINSTACK_HOST}:443"} and FINSTACK_HOST not in lookups


def test_a_submit_refused_by_the_proxy_says_so_at_once(names, monkeypatch):
    with HttpProxy(names, credentials=("alice", SECRET)) as proxy:
        monkeypatch.setenv("HTTPS_PROXY", f"http://alice:wrong@127.0.0.1:{proxy.port}")
        outcome = submit()
    assert outcome.status == "network" and outcome.attempts == 1  # a retry would meet the same refusal
    assert outcome.message.text("en").startswith(
        f"The proxy server http://127.0.0.1:{proxy.port} (set in the environment variable HTTPS_PROXY) asks for")
    assert outcome.message.text("en").endswith("a retry never creates a second source.")
    assert "wrong" not in outcome.message.text("en") + outcome.message.text("nl")


@pytest.mark.parametrize("value", ["socks4://alice:" + SECRET + "@proxy.corp", "http://[::1"])
def test_an_unusable_proxy_setting_is_the_submits_outcome(monkeypatch, value):
    monkeypatch.setenv("HTTPS_PROXY", value)
    outcome = submit()
    assert outcome.status == "network" and outcome.attempts == 0
    assert outcome.message.text("en").startswith("The proxy address in the environment variable HTTPS_PROXY cannot")
    assert SECRET not in outcome.message.text("en")


def test_a_submit_to_a_loopback_finstack_never_goes_through_a_proxy(services, monkeypatch):
    _, finstack, _ = services
    with HttpProxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        outcome = submit(finstack.root_url)
    assert outcome.status == "created" and proxy.seen == []
