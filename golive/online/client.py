"""One shared async HTTP client for the Stripe API, with golive's security and politeness rules.

GET only. TLS is verified, redirects are never followed (a 3xx could carry the key to another host),
requests are bounded in flight and paced per second, each attempt has one time limit for the whole
answer, bodies are read no further than :data:`MAX_ANSWER_BYTES`, and 429s, 5xx answers and network
errors are retried with exponential backoff and jitter unless Stripe says ``Stripe-Should-Retry: false``.
The key travels only in the Authorization header; nothing here logs. Every text that comes back has
the key that was sent taken out (:mod:`golive.online.echoes`), however it was disguised, before it
becomes an :class:`Answer` or an :class:`Unanswered` message; an answer that repeats the key is not
Stripe's (Stripe shows at most a key's last characters) and is unanswered.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import ssl
from dataclasses import dataclass
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

import httpx

from golive import __version__
from golive.keys import scrub
from golive.online.echoes import CONTROL, KeyEcho
from golive.online.options import OnlineOptions, is_loopback

# Stripe echoes keys half-masked ('rk_test_****…qs8Kgd'); show them the way golive shows every key.
_ECHOED_KEY = re.compile(
    r"\b((?:sk_org|sk|rk|pk)_(?:live_|test_)?)[A-Za-z0-9]*\*[A-Za-z0-9*]*?([A-Za-z0-9]{0,4})(?![A-Za-z0-9*])"
)


# Stripe's largest answer golive asks for (a webhook endpoint list, at most 16) is a few kilobytes.
MAX_ANSWER_BYTES = 1 << 20


class Unanswered(Exception):
    """No usable answer: the request timed out, failed, was redirected, or the body was no Stripe API answer."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]  # holds no echo of the key: such a body is no Stripe answer
    said: str = ""  # what came back, in words, for a finding: Stripe's error, or the body, cut short

    @property
    def error(self) -> dict[str, Any]:
        """Stripe's error object (``type``, ``message``, ``code``…), or an empty dict when there is none."""
        error = self.body.get("error")
        return error if isinstance(error, dict) else {}

    @property
    def error_message(self) -> str:
        message = self.error.get("message")
        return quiet(message) if isinstance(message, str) else ""


MAX_MESSAGE_CHARS = 500  # Stripe's messages are a sentence or two; a hostile server's may be a megabyte
MAX_SAID_CHARS = 200  # a body quoted back in a finding: enough to recognise a gateway's answer


def quiet(message: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """Stripe's own words, with every key or key echo reduced to prefix and last four, control characters
    as spaces, and cut short."""
    said = scrub(_ECHOED_KEY.sub(lambda m: f"{m.group(1)}…{m.group(2)}", CONTROL.sub(" ", message)))
    return said if len(said) <= limit else said[:limit] + "… (cut)"


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
            # identity: a body is read as sent, so the size cap holds (a gzip bomb cannot inflate past it)
            headers={"User-Agent": f"golive/{__version__}", "Accept": "application/json", "Accept-Encoding": "identity"},
            limits=httpx.Limits(max_connections=options.concurrency),
        )

    async def __aenter__(self) -> StripeClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def get(self, key: str, path: str) -> Answer:
        """GET ``path`` as ``key``; any status Stripe meant (200, 401, 403, 404 …) is an :class:`Answer`."""
        attempts = self._options.retries + 1
        echo = KeyEcho(key)
        for attempt in range(attempts):
            retry_after = None
            async with self._slots:
                await self._pace(live="_live_" in key[:12])
                try:
                    # httpx times each read; a trickle must end too, and so must name resolution, connecting and TLS
                    async with asyncio.timeout(self._options.timeout):
                        response, content = await self._fetch(key, path, echo)
                except (TimeoutError, httpx.TimeoutException):
                    problem = f"no answer within {self._options.timeout:g}s"
                except httpx.HTTPError as error:
                    problem = echo.remove(_network_problem(error))
                else:
                    should_retry = response.headers.get("Stripe-Should-Retry", "").lower()
                    transient = response.status_code == 429 or response.status_code >= 500
                    if not (should_retry == "true" or (transient and should_retry != "false")):
                        body = _stripe_body(response, content, echo)
                        return Answer(response.status_code, body, _said(body, echo))
                    problem = _status_problem(response, content, echo)
                    if should_retry == "false":
                        raise Unanswered(f"{problem}; Stripe-Should-Retry: false")
                    retry_after = _seconds(response.headers.get("Retry-After"))
            if attempt + 1 < attempts:
                await asyncio.sleep(self._delay(attempt, retry_after))
        raise Unanswered(f"{problem}, {attempts} attempts")

    async def _fetch(self, key: str, path: str, echo: KeyEcho) -> tuple[httpx.Response, bytes]:
        """The response and its body, streamed so that a redirect is never read and a flood is cut off."""
        async with self._http.stream("GET", path, headers={"Authorization": f"Bearer {key}"}) as response:
            if response.is_redirect or 300 <= response.status_code < 400:
                raise Unanswered(echo.remove(_redirect_problem(response)))
            encoding = response.headers.get("Content-Encoding", "identity").lower()
            if encoding != "identity":
                raise Unanswered(f"answered with a {encoding}-encoded body golive did not ask for, not a Stripe API answer")
            content = bytearray()
            async for chunk in response.aiter_raw():
                content += chunk
                if len(content) > MAX_ANSWER_BYTES:
                    limit = f"{MAX_ANSWER_BYTES >> 20} MiB"
                    raise Unanswered(f"answer larger than {limit} (status {response.status_code}); golive stopped reading")
            return response, bytes(content)

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


def _stripe_body(response: httpx.Response, content: bytes, echo: KeyEcho) -> dict[str, Any]:
    """The JSON object every Stripe API answer is; a proxy's error page, a broken body, or a body that
    repeats the key is not one."""
    if "html" in response.headers.get("Content-Type", "").lower():
        raise Unanswered(f"answered {response.status_code} with an HTML page, not a Stripe API answer")
    try:
        body = json.loads(content)
    except ValueError:
        raise Unanswered(f"answered {response.status_code} with a body that is not JSON, not a Stripe API answer") from None
    except RecursionError:
        raise Unanswered(f"answered {response.status_code} with JSON nested too deep to read, not a Stripe API answer") from None
    if not isinstance(body, dict):
        raise Unanswered(f"answered {response.status_code} with JSON that is not an object, not a Stripe API answer")
    if echo.found_in("\n".join(_strings(body))):
        raise Unanswered(
            f"answered {response.status_code} with a body that repeats the key golive sent, which Stripe "
            f"never does, so it is no Stripe API answer: {_said(body, echo)}"
        )
    return body


def _said(body: dict[str, Any], echo: KeyEcho) -> str:
    """What came back, in words: Stripe's error type and message, or the body itself as JSON, cut short.
    Each string loses the key before JSON escapes it, so no escape can hide an echo."""
    error = body.get("error")
    kind, message = (error.get("type"), error.get("message")) if isinstance(error, dict) else (None, None)
    if isinstance(kind, str) and isinstance(message, str):
        return quiet(echo.remove(f"{kind}: {message}"[: 2 * MAX_SAID_CHARS]), MAX_SAID_CHARS)
    budget = 2 * MAX_SAID_CHARS

    def shown(node: Any, depth: int) -> Any:
        nonlocal budget
        if budget <= 0 or depth > 8:
            return "…"
        if isinstance(node, str):
            text = echo.remove(node[:budget])
            budget -= len(text)
            return text
        if isinstance(node, dict):
            return {echo.remove(str(name)[:64]): shown(value, depth + 1) for name, value in islice(node.items(), 16)}
        if isinstance(node, list):
            return [shown(value, depth + 1) for value in node[:16]]
        return node

    return quiet(json.dumps(shown(body, 0), ensure_ascii=False), MAX_SAID_CHARS)


def _strings(body: dict[str, Any]) -> list[str]:
    """Every string in a JSON document, names included; iterative, since the nesting may be as deep as JSON allows."""
    found: list[str] = []
    stack: list[Any] = [body]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, dict):
            found.extend(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def _status_problem(response: httpx.Response, content: bytes, echo: KeyEcho) -> str:
    try:
        _stripe_body(response, content, echo)
    except Unanswered as not_stripe:
        return str(not_stripe)
    return "rate limited (429)" if response.status_code == 429 else f"Stripe answered {response.status_code}"


def _network_problem(error: httpx.HTTPError) -> str:
    """What went wrong on the wire, in words: the cause httpx wraps, never httpx's own text."""
    causes = []
    cause: BaseException | None = error
    while cause is not None and cause not in causes:
        causes.append(cause)
        cause = cause.__cause__ or cause.__context__
    tls = next((c for c in causes if isinstance(c, ssl.SSLError)), None)
    if tls is not None:
        return f"TLS handshake failed ({tls.reason})" if tls.reason else "TLS handshake failed"
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return "connection refused"
    if any(isinstance(c, ConnectionResetError) for c in causes):
        return "connection reset by the server"
    if isinstance(error, httpx.RemoteProtocolError):
        return "the server closed the connection without a complete answer"
    return f"network error ({type(error).__name__})"


def _redirect_problem(response: httpx.Response) -> str:
    target = urlsplit(response.headers.get("Location", ""))
    where = f" to {target.scheme}://{target.hostname}" if target.hostname else ""
    return f"answered {response.status_code}, a redirect{where}; golive never follows redirects with a key"


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None
