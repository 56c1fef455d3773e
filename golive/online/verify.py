"""The online phase: verify each distinct secret and restricted key with side-effect-free GETs.

Per key, in this order: ``GET /v1/account`` (401 ends it: the key is rejected; otherwise the
account id), then concurrently ``GET /v1/balance`` (livemode) and ``GET /v1/webhook_endpoints``
for a secret key, or every read probe in :data:`~golive.online.probes.PROBES` for a restricted key.
Whatever cannot be answered becomes a problem on the key's facts, never a silent pass.
"""

from __future__ import annotations

import asyncio
from typing import Any

from golive.inventory import Env, Inventory
from golive.keys import Kind, StripeKey
from golive.online.client import Answer, StripeClient, Unanswered
from golive.online.facts import KeyFacts, KeyStatus, OnlineFacts, ProbeResult, WebhookEndpoint, value_hash, verifiable
from golive.online.options import OnlineOptions
from golive.online.probes import PROBES, WEBHOOK_ENDPOINTS, account_in, missing_permission

ACCOUNT = "/v1/account"
BALANCE = "/v1/balance"
SECRET_KEY_PATHS = (BALANCE, WEBHOOK_ENDPOINTS)


def verify(inventory: Inventory, target_env: Env, options: OnlineOptions) -> OnlineFacts:
    keys: dict[str, StripeKey] = {}
    for item in inventory.values:
        if verifiable(item, target_env):
            keys.setdefault(value_hash(item.key.value), item.key)
    return asyncio.run(_verify_all(keys, options)) if keys else OnlineFacts({})


async def _verify_all(keys: dict[str, StripeKey], options: OnlineOptions) -> OnlineFacts:
    async with StripeClient(options) as client:
        tasks = {digest: asyncio.create_task(_verify_key(client, digest, key)) for digest, key in keys.items()}
        done, pending = await asyncio.wait(tasks.values(), timeout=options.deadline)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    late = (f"not finished within the {options.deadline:g}s deadline",)
    return OnlineFacts({
        digest: task.result() if task in done else KeyFacts(digest, KeyStatus.UNVERIFIED, problems=late)
        for digest, task in tasks.items()
    })


async def _verify_key(client: StripeClient, digest: str, key: StripeKey) -> KeyFacts:
    try:
        first = await client.get(key.value, ACCOUNT)
    except Unanswered as why:
        return KeyFacts(digest, KeyStatus.UNVERIFIED, problems=(f"GET {ACCOUNT}: {why}",))
    if first.status == 401:
        return KeyFacts(digest, KeyStatus.REJECTED, message=first.error_message or "401 Unauthorized")
    restricted = key.kind is Kind.RESTRICTED
    paths = tuple(probe.path for probe in PROBES) if restricted else SECRET_KEY_PATHS
    answers = dict(zip(paths, await asyncio.gather(*(_answer(client, key.value, path) for path in paths)), strict=True))
    answers[ACCOUNT] = first
    problems = [f"GET {path}: {_problem(answer)}" for path, answer in answers.items() if _problem(answer)]
    usable = {path: answer for path, answer in answers.items() if not _problem(answer)}

    account = _account(usable, problems)
    balance = usable.get(BALANCE)
    livemode = balance.body.get("livemode") if balance and balance.status == 200 else None
    listing = usable.get(WEBHOOK_ENDPOINTS)
    endpoints = _endpoints(listing.body, problems) if listing and listing.status == 200 else None
    probes = tuple(
        ProbeResult(probe.resource, _permission(probe.permission, usable[probe.path]), usable[probe.path].status == 200)
        for probe in PROBES if restricted and probe.path in usable
    )
    return KeyFacts(
        digest,
        KeyStatus.VALID,
        account=account,
        livemode=livemode if isinstance(livemode, bool) else None,
        probes=probes,
        webhook_endpoints=endpoints,
        problems=tuple(problems),
    )


async def _answer(client: StripeClient, key: str, path: str) -> Answer | Unanswered:
    try:
        return await client.get(key, path)
    except Unanswered as why:
        return why


def _problem(answer: Answer | Unanswered) -> str:
    """Why an answer says nothing about the key: 200 and 403 permission errors are facts, the rest is not."""
    if isinstance(answer, Unanswered):
        return str(answer)
    if answer.status in (200, 403):
        return ""
    detail = f": {answer.error_message}" if answer.error_message else ""
    return f"Stripe answered {answer.status}{detail}"


def _permission(expected: str, answer: Answer) -> str:
    """Stripe's 403 names the permission it wants; trust it over golive's table."""
    return (missing_permission(answer.error_message) or expected) if answer.status == 403 else expected


def _account(usable: dict[str, Answer], problems: list[str]) -> str | None:
    own = usable.get(ACCOUNT)
    if own is not None and own.status == 200:
        account = own.body.get("id")
        if isinstance(account, str) and account.startswith("acct_"):
            return account
        problems.append(f"GET {ACCOUNT}: the answer carries no account id")
        return None
    return next((found for a in usable.values() if a.status == 403 and (found := account_in(a.error_message))), None)


def _endpoints(body: dict[str, Any], problems: list[str]) -> tuple[WebhookEndpoint, ...] | None:
    data = body.get("data")
    shaped = isinstance(data, list) and all(isinstance(e, dict) and isinstance(e.get("url"), str) for e in data)
    if not shaped or body.get("has_more"):
        problems.append(f"GET {WEBHOOK_ENDPOINTS}: not a complete list of webhook endpoints")
        return None
    return tuple(
        WebhookEndpoint(id=str(e.get("id", "")), url=e["url"], enabled=e.get("status") == "enabled", livemode=e.get("livemode") is True)
        for e in data
    )
