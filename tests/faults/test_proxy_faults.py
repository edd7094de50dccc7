"""The fault matrix's proxy cases: `test-token` as a consultant runs it, behind a proxy setting that is unusable,
a proxy that fails in every way a real one does, and proxies that work (tests/proxy_servers.py).

Against the real AFAS name of 12345 (no --base-url), which does not resolve here: only the test proxies know
where it is (the AFAS stand-in behind TLS from an authority the child trusts through SSL_CERT_FILE). For each
case: the exit status, a plain message that names the setting, no traceback, no credential in the output, a
bounded wall time and peak memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial

import pytest

from tests.faults.conftest import Run, prefetched, selected_cases, test_token_against
from tests.faults.test_fault_matrix import MAX_PEAK_MB, MAX_SECONDS
from tests.local_tls import served_as
from tests.proxy_servers import HttpProxy, Socks5Proxy, WebServer, closed_port
from wizard.standins.afas_profit import AfasProfitStandin
from wizard.standins.afas_scenario import AfasScenario

AFAS_HOST = "12345.rest.afas.online"
SECRET = "s3cret-Passw0rd"
UNUSABLE = "Error: The proxy address in the environment variable"


@dataclass
class World:
    """What the cases run against, started once for the module."""

    afas: AfasProfitStandin
    ca_file: str
    proxies: dict[str, HttpProxy | Socks5Proxy | WebServer]

    def url(self, name: str, credentials: str = "") -> str:
        proxy = self.proxies[name]
        scheme = "socks5h" if isinstance(proxy, Socks5Proxy) else "socks5" if isinstance(proxy, WebServer) else "http"
        return f"{scheme}://{credentials}127.0.0.1:{proxy.port}"


@dataclass(frozen=True)
class Case:
    env: Callable[[World], dict[str, str]]
    says: str  # in stdout or stderr
    exit_status: int = 1
    loopback: bool = False  # --base-url the stand-in on 127.0.0.1
    saw: Callable[[World], bool] = lambda world: True  # what the proxies saw, once the case ran


def _unusable(variable: str, value: str, shown: str, reason: str) -> Case:
    return Case(lambda world: {variable: value}, f'{UNUSABLE} {variable} cannot be used: "{shown}" ({reason})', 2)


SCHEMES = "the wizard works with proxies whose address starts with http://, https://, socks5:// or socks5h://"
CASES: dict[str, Case] = {
    "ftp_scheme": _unusable("HTTPS_PROXY", "ftp://x", "ftp://x", SCHEMES),
    "socks4a_scheme": _unusable("ALL_PROXY", "socks4a://proxy.corp:1080", "socks4a://proxy.corp:1080", SCHEMES),
    "broken_ipv6": _unusable("HTTPS_PROXY", "http://[::1", "http://[::1", "it is not a valid address"),
    "empty_host": _unusable("https_proxy", "http://", "http://", "it names no server"),
    "port_out_of_range": _unusable("HTTPS_PROXY", "http://proxy.corp:65536", "http://proxy.corp:65536",
                                   "the port must be a number from 1 to 65535"),
    "credentials_masked": _unusable("ALL_PROXY", f"ftp://alice:{SECRET}@proxy.corp", "ftp://***@proxy.corp", SCHEMES),
    "proxy_refuses_connections": Case(lambda world: {"HTTPS_PROXY": f"http://127.0.0.1:{closed_port()}"},
                                      "(set in the environment variable HTTPS_PROXY) could not be reached"),
    "proxy_407": Case(lambda world: {"HTTPS_PROXY": world.url("auth")},
                      "asks for a user name and password, or did not accept the ones in its address (407 Proxy"),
    "proxy_407_wrong_password": Case(lambda world: {"HTTPS_PROXY": world.url("auth", f"alice:wrong-{SECRET}@")},
                                     "asks for a user name and password"),
    "connect_refused": Case(lambda world: {"HTTPS_PROXY": world.url("forbidden")},
                            f"refused to connect to {AFAS_HOST} (403 Forbidden)"),
    "proxy_dns_failure": Case(lambda world: {"HTTPS_PROXY": world.url("no_dns")},
                              f"could not reach {AFAS_HOST} (503 Service Unavailable)"),
    "socks_at_a_web_server": Case(lambda world: {"ALL_PROXY": world.url("web")},
                                  "did not answer as a proxy of that kind does"),
    "through_http_proxy": Case(
        lambda world: {"HTTPS_PROXY": world.url("http"), "SSL_CERT_FILE": world.ca_file},
        f"✓ The AFAS server answers — {AFAS_HOST} answered through the proxy server", 0,
        saw=lambda world: {seen.target for seen in world.proxies["http"].seen} == {f"{AFAS_HOST}:443"}),
    "through_socks5_with_password": Case(
        lambda world: {"ALL_PROXY": world.url("socks", f"alice:{SECRET}@"), "SSL_CERT_FILE": world.ca_file},
        "(set in the environment variable ALL_PROXY).", 0,
        saw=lambda world: {seen.headers["user"] for seen in world.proxies["socks"].seen} == {"alice"}),
    "loopback_not_proxied": Case(
        lambda world: {name: world.url("watch") for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "ALL_PROXY")}
        | {"NO_PROXY": ""}, "✓ The AFAS server answers — 127.0.0.1 answered.", 0, loopback=True,
        saw=lambda world: world.proxies["watch"].seen == []),
}


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Iterator[World]:
    with ExitStack() as stack:
        afas = stack.enter_context(AfasProfitStandin("O12345AA", scenario=AfasScenario()))
        ca_file, table = stack.enter_context(served_as(tmp_path_factory.mktemp("tls"), {AFAS_HOST: afas.port}))
        proxies = {
            "http": HttpProxy(table), "auth": HttpProxy(table, credentials=("alice", SECRET)),
            "forbidden": HttpProxy(table, answer=403), "no_dns": HttpProxy({}),
            "socks": Socks5Proxy(table, credentials=("alice", SECRET)), "web": WebServer(),
            "watch": HttpProxy(table),  # the loopback case's: it must see nothing
        }
        for proxy in proxies.values():
            stack.enter_context(proxy)
        yield World(afas, str(ca_file), proxies)


def _run_case(world: World, name: str) -> Run:
    case = CASES[name]
    return test_token_against(world.afas.base_url if case.loopback else None, "--timeout", "5", env=case.env(world))


@pytest.fixture(scope="module")
def matrix(request, world):
    with prefetched({name: partial(_run_case, world, name) for name in selected_cases(request)}) as prefetch:
        yield prefetch


@pytest.mark.parametrize("case", list(CASES))
def test_a_proxy_fault_ends_in_a_plain_message_in_bounded_time_and_memory(case, matrix, world):
    run, expected = matrix.result(case), CASES[case]
    assert expected.says in run.output, run.output
    assert run.exit_status == expected.exit_status, run.output
    assert "Traceback" not in run.output and SECRET not in run.output, run.output
    assert ("Error:" in run.stderr) is (expected.exit_status == 2), run.output
    assert run.seconds < MAX_SECONDS
    assert run.peak_mb < MAX_PEAK_MB
    assert expected.saw(world)
