"""proxy_for on any proxy value and NO_PROXY: a proxy httpx accepts, none, or a ProxySettingError whose texts
never hold the value's password. Nothing else escapes; loopback is never proxied."""

from __future__ import annotations

import httpx
from hypothesis import given
from hypothesis import strategies as st

from wizard.core.proxies import ProxySettingError, ProxySettings, proxy_for
from wizard.core.proxy_transport import httpx_proxy

PASSWORD = "Zq9-secret-Wv"
SCHEMES = st.sampled_from(["", "http://", "https://", "socks5://", "socks5h://", "socks4://", "ftp://", "HTTP://"])
PIECES = st.sampled_from(["proxy.corp", "[::1", "[fd00::1]", ":", "@", "/", "%", "8080", "99999", "0", ".", "-",
                          "*", " ", "\x1b", "é", "10.0.0.1", "[", "]", "?", "#", "user"])
HOSTS = st.lists(PIECES, max_size=6).map("".join) | st.text(max_size=20)
NO_PROXY = st.lists(st.sampled_from(["*", "corp", ".afas.online", "10.0.0.0/8", "[::1]:443", ":", "/", "[", "x:99999",
                                     "afas.online:abc"]), max_size=4).map(",".join) | st.text(max_size=20)
TARGETS = st.sampled_from(["https://12345.rest.afas.online/ProfitRestServices", "https://api.finstack.example/v1",
                           "http://127.0.0.1:8080/ProfitRestServices", "http://[::1]:9/x", "https://10.1.2.3/x"])


@given(SCHEMES, st.booleans(), HOSTS, NO_PROXY, TARGETS)
def test_any_proxy_value_is_usable_absent_or_a_message_without_its_password(scheme, credentials, rest, no_proxy, url):
    value = scheme + (f"alice:{PASSWORD}@" if credentials else "") + rest
    try:
        choice = proxy_for(url, ProxySettings({"HTTPS_PROXY": value, "HTTP_PROXY": value, "NO_PROXY": no_proxy}))
    except ProxySettingError as exc:
        for text in (exc.text("en"), exc.text("nl"), str(exc), repr(exc)):
            assert PASSWORD not in text
            assert "environment variable HTTPS_PROXY" in text or "omgevingsvariabele HTTPS_PROXY" in text
        return
    if choice is None:
        return
    assert "127.0.0.1" not in url and "[::1]" not in url
    assert PASSWORD not in choice.address + repr(choice)
    proxy = httpx_proxy(choice, None)  # what the clients build: httpx must accept every usable choice
    assert isinstance(proxy, httpx.Proxy) and PASSWORD not in repr(proxy)
