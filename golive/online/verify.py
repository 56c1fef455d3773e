"""The online phase: verify each distinct secret and restricted key with side-effect-free GETs.

Per key, in this order: ``GET /v1/account`` (Stripe's 401 ends it: the key is rejected; otherwise the
account id), then ``GET /v1/webhook_endpoints`` for a secret key, or every read probe in
:data:`~golive.online.probes.PROBES` for a restricted key, concurrently. Only Stripe's own answers
count: a 200 with the object asked for, Stripe's 401 error, and, for a restricted key, Stripe's
permission error naming this key and its account. Anything else (a gateway's 403, a 403 for a secret
key, which may read everything) is a problem on the key's facts, in words, never a silent pass.

The whole phase ends by the deadline whatever the network does: it runs on its own event loop in a
daemon thread, name resolution runs in daemon threads that nothing waits for, and the caller takes
what is known at the deadline and leaves the rest behind.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from golive.environments import Env
from golive.inventory import Inventory
from golive.keys import Kind, StripeKey
from golive.online.client import Answer, StripeClient, Unanswered, quiet
from golive.online.facts import (
    KeyFacts,
    KeyStatus,
    OnlineFacts,
    ProbeResult,
    WebhookEndpoint,
    value_hash,
    verifiable,
)
from golive.online.options import OnlineOptions
from golive.online.probes import (
    PROBES,
    WEBHOOK_ENDPOINTS,
    account_in,
    missing_permission,
    named_key,
)

ACCOUNT = "/v1/account"
GRACE = 0.25  # seconds the caller waits past the deadline for a loop that does not give way (a CPU-bound answer)
CLEANUP = 1.0  # seconds the loop spends closing connections after it has handed over the facts
# Stripe's own error types (https://docs.stripe.com/api/errors); a proxy's body names none of them.
STRIPE_ERROR_TYPES = frozenset({"api_error", "card_error", "idempotency_error", "invalid_request_error"})
_ACCOUNT_ID = re.compile(r"acct_[A-Za-z0-9]{1,64}")
_MASKED = re.compile(r"([A-Za-z0-9]*)[*•…]+([A-Za-z0-9]*)|([A-Za-z0-9]*)")  # AB****qs8Kgd, or the last few alone


def verify(inventory: Inventory, target_env: Env, options: OnlineOptions) -> OnlineFacts:
    keys: dict[str, StripeKey] = {}
    for item in inventory.values:
        if verifiable(item, target_env):
            keys.setdefault(value_hash(item.key.value), item.key)
    return _bounded(keys, options) if keys else OnlineFacts({})


def _bounded(keys: dict[str, StripeKey], options: OnlineOptions) -> OnlineFacts:
    """The facts known at ``options.deadline``, however the network or the loop behaves."""
    ends_at = time.monotonic() + options.deadline
    handed: list[OnlineFacts] = []
    failed: list[BaseException] = []
    ready = threading.Event()

    def hand_over(facts: OnlineFacts) -> None:
        handed.append(facts)
        ready.set()

    def run() -> None:
        loop = asyncio.new_event_loop()
        loop.set_default_executor(_DaemonThreads())
        try:
            loop.run_until_complete(_verify_all(keys, options, ends_at, hand_over))
        except BaseException as error:  # noqa: BLE001 - handed to the caller, which raises it (exit 3)
            failed.append(error)
            ready.set()
        finally:
            loop.close()

    threading.Thread(target=run, name="golive-online", daemon=True).start()
    ready.wait(max(0.0, ends_at - time.monotonic()) + GRACE)
    if handed:
        return handed[0]
    if failed:
        raise failed[0]
    return OnlineFacts({digest: _late(digest, options) for digest in keys})


class _DaemonThreads(ThreadPoolExecutor):
    """asyncio runs name resolution (``getaddrinfo``) in its default executor, and joins that executor's
    threads when the loop ends and again when Python exits: a resolver that never answers then holds
    golive for minutes after its deadline. Here each call gets a daemon thread that nothing waits for."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()

        def work() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                result = fn(*args, **kwargs)
            except BaseException as error:  # noqa: BLE001 - delivered to whoever awaits it
                future.set_exception(error)
            else:
                future.set_result(result)

        threading.Thread(target=work, name="golive-resolve", daemon=True).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Nothing to wait for: a thread still resolving is left to finish, or not, on its own."""


async def _verify_all(
    keys: dict[str, StripeKey], options: OnlineOptions, ends_at: float, hand_over: Callable[[OnlineFacts], None]
) -> None:
    client = StripeClient(options)
    tasks = {digest: asyncio.create_task(_verify_key(client, digest, key)) for digest, key in keys.items()}
    done, pending = await asyncio.wait(tasks.values(), timeout=max(0.0, ends_at - time.monotonic()))
    hand_over(OnlineFacts({digest: task.result() if task in done else _late(digest, options) for digest, task in tasks.items()}))
    for task in pending:
        task.cancel()
    # Closing may wait on a silent network too; the facts are handed over, so it gets a moment, no more.
    await asyncio.wait([asyncio.ensure_future(_close(client, pending))], timeout=CLEANUP)


async def _close(client: StripeClient, pending: set[asyncio.Task]) -> None:
    await asyncio.gather(*pending, return_exceptions=True)
    await client.aclose()


def _late(digest: str, options: OnlineOptions) -> KeyFacts:
    return KeyFacts(digest, KeyStatus.UNVERIFIED, problems=(f"not finished within the {options.deadline:g}s deadline",))


async def _verify_key(client: StripeClient, digest: str, key: StripeKey) -> KeyFacts:
    restricted = key.kind is Kind.RESTRICTED
    try:
        first = await client.get(key.value, ACCOUNT)
    except Unanswered as unanswered:
        return KeyFacts(digest, KeyStatus.UNVERIFIED, problems=(f"GET {ACCOUNT}: {unanswered}",), requests=1)
    if first.status == 401 and _stripe_error(first):
        return KeyFacts(digest, KeyStatus.REJECTED, message=first.error_message or "401 Unauthorized", requests=1)
    why = _problem(ACCOUNT, first, key)
    if why and (first.status == 401 or not restricted):  # a secret key reads its own account: nothing else is Stripe's word
        return KeyFacts(digest, KeyStatus.UNVERIFIED, problems=(f"GET {ACCOUNT}: {why}",), requests=1)
    paths = tuple(probe.path for probe in PROBES) if restricted else (WEBHOOK_ENDPOINTS,)
    answers: dict[str, Answer | Unanswered] = {ACCOUNT: first}
    answers.update(zip(paths, await asyncio.gather(*(_answer(client, key.value, path) for path in paths)), strict=True))

    problems = [f"GET {path}: {why}" for path, answer in answers.items() if (why := _problem(path, answer, key))]
    usable = {path: answer for path, answer in answers.items() if isinstance(answer, Answer) and not _problem(path, answer, key)}
    if not usable:  # nothing Stripe said proves the key exists
        return KeyFacts(digest, KeyStatus.UNVERIFIED, problems=tuple(problems), requests=len(answers))
    listing = usable.get(WEBHOOK_ENDPOINTS)
    endpoints = _endpoints(listing.body) if listing and listing.status == 200 else None
    probes = tuple(
        ProbeResult(probe.resource, _permission(probe.permission, usable[probe.path]), usable[probe.path].status == 200)
        for probe in PROBES
        if restricted and probe.path in usable
    )
    return KeyFacts(
        digest,
        KeyStatus.VALID,
        account=_account(usable),
        probes=probes,
        webhook_endpoints=endpoints,
        problems=tuple(problems),
        requests=len(answers),
    )


async def _answer(client: StripeClient, key: str, path: str) -> Answer | Unanswered:
    try:
        return await client.get(key, path)
    except Unanswered as why:
        return why


def _problem(path: str, answer: Answer | Unanswered, key: StripeKey) -> str:
    """Why an answer says nothing about the key; empty when it is Stripe's word."""
    if isinstance(answer, Unanswered):
        return str(answer)
    if answer.status == 200:
        return _shape_problem(path, answer.body)
    if answer.status == 403 and key.kind is Kind.RESTRICTED and _permission_error(answer, key):
        return ""
    return _unproven(answer, key)


def _unproven(answer: Answer, key: StripeKey) -> str:
    """An answer that proves nothing, and what came back, in words."""
    said = f": {answer.said}" if answer.said else ""
    if answer.status == 403 and key.kind is Kind.SECRET:
        return f"answered 403{said}; a secret key may read everything, so this is no answer from Stripe about the key"
    if answer.status == 403:
        return f"answered 403{said}; not Stripe's permission error for this key, so it proves nothing about the key"
    if answer.status == 401:
        return f"answered 401{said}; not Stripe's error, so it proves nothing about the key"
    return f"Stripe answered {answer.status}{said}" if _stripe_error(answer) else f"answered {answer.status}{said}"


def _stripe_error(answer: Answer) -> bool:
    """Stripe's error body: ``{"error": {"type": "invalid_request_error", "message": "…"}}``."""
    return answer.error.get("type") in STRIPE_ERROR_TYPES and isinstance(answer.error.get("message"), str)


def _permission_error(answer: Answer, key: StripeKey) -> bool:
    """Stripe's 403 for a restricted key, and only that: an ``invalid_request_error`` whose message names this
    key as Stripe shows it (``rk_live_****…qs8Kgd``), the account, and the permission that is missing (or, for
    ``/v1/account``, that no permission of a restricted key allows it)."""
    message = answer.error.get("message")
    if answer.error.get("type") != "invalid_request_error" or not isinstance(message, str):
        return False
    shown = named_key(message)
    return (
        shown is not None
        and _shows(shown, key.value)
        and account_in(message) is not None
        and (missing_permission(message) is not None or "not available for use by restricted keys" in message)
    )


def _shows(shown: str, value: str) -> bool:
    """Whether Stripe's masked form of a key is this key's: its prefix, then perhaps a few leading characters,
    stars, and the last few characters (``rk_live_AB****qs8Kgd``, ``rk_test_****qs8Kgd``, ``rk_test_qs8Kgd``)."""
    prefix, _, body = value.rpartition("_")
    masked = _MASKED.fullmatch(shown.removeprefix(prefix + "_")) if shown.startswith(prefix + "_") else None
    if masked is None:
        return False
    head, tail = (masked.group(1), masked.group(2)) if masked.group(3) is None else ("", masked.group(3))
    return 2 <= len(head) + len(tail) < len(body) and body.startswith(head) and body.endswith(tail)


def _shape_problem(path: str, body: dict[str, Any]) -> str:
    """A 200 is Stripe's word only if it is the object asked for."""
    expected = "account" if path == ACCOUNT else "balance" if path.startswith("/v1/balance") else "list"
    if body.get("object") != expected or (expected == "list" and not isinstance(body.get("data"), list)):
        return f"answered 200 with something that is not a Stripe {expected} object"
    if expected == "account" and not (isinstance(body.get("id"), str) and _ACCOUNT_ID.fullmatch(body["id"])):
        return "answered 200 with an account object that carries no account id"
    if path == WEBHOOK_ENDPOINTS and (body.get("has_more") or not all(_endpoint_shaped(e) for e in body["data"])):
        return "not a complete list of webhook endpoints"
    return ""


def _endpoint_shaped(endpoint: Any) -> bool:
    return isinstance(endpoint, dict) and all(isinstance(endpoint.get(name), str) for name in ("id", "url", "status"))


def _permission(expected: str, answer: Answer) -> str:
    """Stripe's 403 names the permission it wants; trust it over golive's table."""
    return (missing_permission(answer.error_message) or expected) if answer.status == 403 else expected


def _account(usable: dict[str, Answer]) -> str | None:
    own = usable.get(ACCOUNT)
    if own is not None and own.status == 200:
        return own.body["id"]
    return next((found for a in usable.values() if a.status == 403 and (found := account_in(a.error_message))), None)


def _endpoints(body: dict[str, Any]) -> tuple[WebhookEndpoint, ...]:
    return tuple(
        WebhookEndpoint(
            id=quiet(e["id"], 64),
            url=quiet(e["url"], 2048),
            enabled=e["status"] == "enabled",
            livemode=e.get("livemode") is True,
            enabled_events=_events(e.get("enabled_events")),
            api_version=quiet(e["api_version"], 64) if isinstance(e.get("api_version"), str) else None,
        )
        for e in body["data"]
    )


def _events(listed: Any) -> tuple[str, ...] | None:
    """The endpoint's event types; None unless Stripe listed them as strings (at most a few hundred)."""
    if not isinstance(listed, list) or not all(isinstance(event, str) for event in listed):
        return None
    return tuple(quiet(event, 100) for event in listed[:1000])
