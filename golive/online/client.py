"""One shared async HTTP client for the Stripe API, with golive's security and politeness rules.

GET only. TLS is verified, redirects are never followed (a 3xx could carry the key to another host),
requests are bounded in flight and paced per second, and 429s, 5xx answers and network errors are
retried with exponential backoff and jitter unless Stripe says ``Stripe-Should-Retry: false``. The key
travels only in the Authorization header; nothing here logs, and every message is scrubbed.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from golive import __version__
from golive.keys import scrub
from golive.online.options import OnlineOptions, is_loopback

# Stripe echoes keys half-masked ('rk_test_****…qs8Kgd'); show them the way golive shows every key.
_ECHOED_KEY = re.compile(r"\b((?:sk_org|sk|rk|pk)_(?:live_|test_)?)[A-Za-z0-9]*\*[A-Za-z0-9*]*?([A-Za-z0-9]{0,4})(?![A-Za-z0-9*])")


class Unanswered(Exception):
    """No usable answer: the request timed out, failed, was redirected, or the body was not JSON."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]

    @property
    def error_message(self) -> str:
        error = self.body.get("error")
        message = error.get("message") if isinstance(error, dict) else None
        return quiet(message) if isinstance(message, str) else ""


def quiet(message: str) -> str:
    """Stripe's own words, with every key or key echo reduced to prefix and last four."""
    return scrub(_ECHOED_KEY.sub(lambda m: f"{m.group(1)}…{m.group(2)}", message))


class StripeClient:
    def __init__(self, options: OnlineOptions) -> None:
        self._options = options
        self._slots = asyncio.Semaphore(options.concurrency)
        self._pace_lock = asyncio.Lock()
        self._next_start = {True: 0.0, False: 0.0}  # by live mode
        self._http = httpx.AsyncClient(
            base_url=options.base,
            timeout=options.timeout,
            follow_redirects=False,
            verify=True,
            trust_env=not is_loopback(options.base),  # HTTPS_PROXY is honoured for Stripe, never for a local double
            headers={"User-Agent": f"golive/{__version__}", "Accept": "application/json"},
            limits=httpx.Limits(max_connections=options.concurrency),
        )

    async def __aenter__(self) -> StripeClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._http.aclose()

    async def get(self, key: str, path: str) -> Answer:
        """GET ``path`` as ``key``; any status Stripe meant (200, 401, 403, 404 …) is an :class:`Answer`."""
        attempts = self._options.retries + 1
        for attempt in range(attempts):
            retry_after = None
            async with self._slots:
                await self._pace(live="_live_" in key[:12])
                try:
                    response = await self._http.get(path, headers={"Authorization": f"Bearer {key}"})
                except httpx.TimeoutException:
                    problem = f"no answer within {self._options.timeout:g}s"
                except httpx.HTTPError as error:
                    problem = f"network error ({type(error).__name__})"
                else:
                    if response.is_redirect or 300 <= response.status_code < 400:
                        raise Unanswered(_redirect_problem(response))
                    should_retry = response.headers.get("Stripe-Should-Retry", "").lower()
                    transient = response.status_code == 429 or response.status_code >= 500
                    if not (should_retry == "true" or (transient and should_retry != "false")):
                        return Answer(response.status_code, _json(response))
                    problem = _status_problem(response)
                    if should_retry == "false":
                        raise Unanswered(f"{problem}; Stripe-Should-Retry: false")
                    retry_after = _seconds(response.headers.get("Retry-After"))
            if attempt + 1 < attempts:
                await asyncio.sleep(self._delay(attempt, retry_after))
        raise Unanswered(f"{problem}, {attempts} attempts")

    async def _pace(self, live: bool) -> None:
        """Start at most the mode's rate of requests per second, however many are allowed in flight."""
        loop = asyncio.get_running_loop()
        rate = self._options.live_rate if live else self._options.sandbox_rate
        async with self._pace_lock:
            now = loop.time()
            start = max(now, self._next_start[live])
            self._next_start[live] = start + 1 / rate
        if start > now:
            await asyncio.sleep(start - now)

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        backoff = min(self._options.max_backoff, self._options.backoff * 2**attempt) * random.uniform(0.5, 1.0)
        return min(self._options.max_backoff, max(backoff, retry_after or 0.0))


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = json.loads(response.content)
    except ValueError:
        raise Unanswered(f"answered {response.status_code} with a body that is not JSON") from None
    if not isinstance(body, dict):
        raise Unanswered(f"answered {response.status_code} with JSON that is not an object")
    return body


def _status_problem(response: httpx.Response) -> str:
    return "rate limited (429)" if response.status_code == 429 else f"Stripe answered {response.status_code}"


def _redirect_problem(response: httpx.Response) -> str:
    target = urlsplit(response.headers.get("Location", ""))
    where = f" to {target.scheme}://{target.hostname}" if target.hostname else ""
    return f"answered {response.status_code}, a redirect{where}; golive never follows redirects with a key"


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None
