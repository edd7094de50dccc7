"""Submitting the AFAS source to Finstack through the contract in docs/finstack-source-api.md (the hand-off,
when no API is configured, is in finstack_api.py).

A submit carries an Idempotency-Key that the caller keeps (in the saved state) across retries and
restarts, so a retried submit can never create a second source. Requests go through the proxy that
wizard.core.proxies chooses; an unusable proxy setting or a proxy that refuses is an outcome with its own message.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx

from wizard import __version__
from wizard.core.afas_client import tls_context
from wizard.core.environment import AfasEnvironment
from wizard.core.finstack_api import FinstackConfig, SubmitOutcome, SubmitStatus, check_api_url
from wizard.core.messages import Message
from wizard.core.proxies import ProxyChoice, ProxySettingError, ProxySettings, proxy_for
from wizard.core.proxy_transport import (
    NO_ANSWER,
    ProxyTrouble,
    httpx_proxy,
    proxy_detail,
    proxy_trouble,
    trouble_message,
)
from wizard.core.redact import SEEN_SECRETS, Redactor
from wizard.core.token import AfasToken

SOURCES_PATH = "/v1/sources/afas"
SOURCE_ID = re.compile(r"src_[0-9a-f]{24}")  # the contract's ids: nothing else goes into a URL path
MAX_ATTEMPTS = 4
MAX_RETRY_AFTER = 30.0  # longer waits are reported to the user instead of sleeping through them
TIMEOUT = httpx.Timeout(connect=10.0, read=30.0, write=10.0, pool=10.0)
_RETRY_STATUSES = {429, 500, 502, 503, 504}
_LASTING = (ProxyTrouble.AUTH, ProxyTrouble.REFUSED, ProxyTrouble.PROTOCOL)


def source_body(environment: AfasEnvironment, token_name: str, token: AfasToken) -> dict[str, str]:
    return {
        "environment": environment.name,
        "environment_number": environment.number,
        "environment_type": environment.type.value,
        "token_name": token_name.strip(),
        "token_value": token.reveal(),
    }


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _error_body(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except (ValueError, json.JSONDecodeError):
        return {}
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else {}


def _outcome(response: httpx.Response, attempts: int, redact: Redactor, replacing: str = "") -> SubmitOutcome:
    """What Finstack answered, its texts redacted: an error may quote the request, token and key included.
    `replacing`: the id of the source whose token was being replaced (a PUT), else ""."""
    status = response.status_code
    if replacing and status in (200, 404):
        kind, key = (SubmitStatus.UPDATED, "finstack.token_replaced") if status == 200 \
            else (SubmitStatus.NOT_FOUND, "finstack.source_gone")
        return SubmitOutcome(kind, Message(key, {"id": redact(replacing)}), replacing if status == 200 else None,
                             attempts=attempts)
    if status in (200, 201):
        body = response.json()
        kind, key = (SubmitStatus.CREATED, "finstack.created") if status == 201 \
            else (SubmitStatus.REPLAYED, "finstack.replayed")
        raw_id = body.get("id")
        source_id = redact(str(raw_id)) if raw_id is not None else ""
        return SubmitOutcome(kind, Message(key, {"id": source_id}), source_id or None, attempts=attempts)
    error = redact.strings(_error_body(response))
    if status == 401:
        return SubmitOutcome(SubmitStatus.UNAUTHORIZED, Message("finstack.unauthorized"), attempts=attempts)
    if status == 409:
        source = str(error.get("source_id") or "")
        return SubmitOutcome(SubmitStatus.EXISTS, Message("finstack.exists", {"id": source or "-"}), source or None,
                             attempts=attempts)
    if status in (400, 422):
        fields = error.get("fields") if isinstance(error.get("fields"), dict) else {}
        listed = "; ".join(f"{name}: {', '.join(map(str, problems))}" for name, problems in fields.items())
        key = "finstack.key_reused" if error.get("code") == "idempotency_key_reused" else "finstack.invalid"
        return SubmitOutcome(SubmitStatus.INVALID, Message(key, {"fields": listed or str(error.get("message") or "-")}),
                             field_errors={k: list(map(str, v)) for k, v in fields.items()}, attempts=attempts)
    retry_after = _retry_after(response)
    minutes = max(1, round((retry_after or 60) / 60))
    message = Message("finstack.unavailable", {"status": status, "minutes": minutes})
    return SubmitOutcome(SubmitStatus.UNAVAILABLE, message, retry_after=retry_after, attempts=attempts)


def _headers(config: FinstackConfig, idempotency_key: str) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {config.api_key}",
        "Idempotency-Key": idempotency_key,
        "User-Agent": f"finstack-afas-wizard/{__version__}",
        "Accept": "application/json",
    }


def _network_outcome(exc: Exception, proxy: ProxyChoice | None, url: str,
                     attempts: int) -> tuple[SubmitOutcome, bool]:
    """The outcome of a request that got no answer (a failing proxy named, with its setting), and whether a
    retry could change it."""
    trouble = proxy_trouble(exc) if proxy is not None else None
    if proxy is None or trouble is None:
        return SubmitOutcome(SubmitStatus.NETWORK, Message("finstack.network"), attempts=attempts), True
    problem, fix = trouble_message(trouble, proxy, urlsplit(url).hostname or "", proxy_detail(exc, proxy))
    outcome = SubmitOutcome(SubmitStatus.NETWORK, Message("finstack.proxy", {"problem": problem, "fix": fix}),
                            attempts=attempts)
    return outcome, trouble not in _LASTING  # the proxy's rules and kind do not change in seconds


def submit_source(
    config: FinstackConfig,
    environment: AfasEnvironment,
    token_name: str,
    token: AfasToken,
    idempotency_key: str,
    **options: Any,
) -> SubmitOutcome:
    """Create the AFAS source in Finstack (POST /v1/sources/afas). Blocks; see _send for the retries and options."""
    url = check_api_url(config.base_url) + SOURCES_PATH
    return _send(config, "POST", url, source_body(environment, token_name, token), token, idempotency_key, **options)


def replace_source_token(
    config: FinstackConfig,
    source_id: str,
    token_name: str,
    token: AfasToken,
    idempotency_key: str,
    **options: Any,
) -> SubmitOutcome:
    """Put a renewed token into the existing source `source_id` (PUT /v1/sources/{id}/token). Blocks."""
    if not SOURCE_ID.fullmatch(source_id):
        return SubmitOutcome(SubmitStatus.NOT_FOUND, Message("finstack.source_gone", {"id": source_id[:40]}))
    url = f"{check_api_url(config.base_url)}/v1/sources/{source_id}/token"
    body = {"token_name": token_name.strip(), "token_value": token.reveal()}
    return _send(config, "PUT", url, body, token, idempotency_key, replacing=source_id, **options)


def _send(
    config: FinstackConfig,
    method: str,
    url: str,
    body: dict[str, str],
    token: AfasToken,
    idempotency_key: str,
    *,
    replacing: str = "",
    cancel: threading.Event | None = None,
    max_attempts: int = MAX_ATTEMPTS,
    sleep: Callable[[float], None] | None = None,
    proxy_settings: ProxySettings | None = None,
) -> SubmitOutcome:
    """One request that changes something in Finstack. Retries network faults, 5xx and 429 with backoff and the
    SAME Idempotency-Key, honouring Retry-After; every other outcome is returned at once."""
    cancel = cancel or threading.Event()
    wait = sleep or (lambda seconds: cancel.wait(seconds))
    try:
        proxy = proxy_for(url, proxy_settings or ProxySettings.of_this_computer())
    except ProxySettingError as exc:
        return SubmitOutcome(SubmitStatus.NETWORK, exc.message)
    headers = _headers(config, idempotency_key)
    redact = Redactor.for_token(token.reveal(), config.api_key)
    SEEN_SECRETS.remember(config.api_key)
    last = SubmitOutcome(SubmitStatus.NETWORK, Message("finstack.network"))
    context = tls_context()
    with httpx.Client(timeout=TIMEOUT, verify=context, trust_env=False, proxy=httpx_proxy(proxy, context),
                      follow_redirects=False) as http:
        for attempt in range(1, max_attempts + 1):
            if cancel.is_set():
                return SubmitOutcome(SubmitStatus.CANCELLED, Message("finstack.cancelled"), attempts=attempt - 1)
            delay = min(8.0, 0.5 * 2 ** (attempt - 1))
            try:
                response = http.request(method, url, json=body, headers=headers)
            except NO_ANSWER as exc:
                last, retry = _network_outcome(exc, proxy, url, attempt)
                if not retry:
                    return last
            else:
                last = _outcome(response, attempt, redact, replacing)
                if response.status_code not in _RETRY_STATUSES:
                    return last
                if last.retry_after is not None:
                    if last.retry_after > MAX_RETRY_AFTER:
                        return last
                    delay = last.retry_after
            if attempt < max_attempts:
                wait(delay)
    return last
