"""What the Stripe API said about each key: the facts online checks read. No I/O here, no httpx.

A key is identified by the sha256 of its value, never by the value, so facts can be logged,
compared and held in a report without carrying a secret.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from golive.api import NotRun
from golive.environments import Env
from golive.inventory import StripeValue
from golive.keys import Kind, Status

if TYPE_CHECKING:
    from golive.api import Context


class KeyStatus(StrEnum):
    VALID = "valid"  # Stripe answered 200, or its own 403 permission error for this restricted key: the key works
    REJECTED = "rejected"  # Stripe answered its 401 error: invalid, rolled or expired
    UNVERIFIED = "unverified"  # no usable answer; ``problems`` says why


@dataclass(frozen=True)
class ProbeResult:
    """One read probe of a restricted key: can it list this resource?"""

    resource: str  # the name a golive.toml scope uses: customers
    permission: str  # Stripe's name for the read permission: rak_customer_read
    granted: bool

    @property
    def names(self) -> frozenset[str]:
        """Names a scope may give this resource: ``customers``, ``customer``."""
        stem = self.permission.removeprefix("rak_").removesuffix("_read")
        return frozenset({self.resource, stem, f"{stem}s"})


@dataclass(frozen=True)
class WebhookEndpoint:
    id: str
    url: str
    enabled: bool
    livemode: bool
    enabled_events: tuple[str, ...] | None = None  # the event types it subscribes to, "*" for all; None: not listed
    api_version: str | None = None  # the version its events are rendered in; None: the account's default


@dataclass(frozen=True)
class KeyFacts:
    value_hash: str
    status: KeyStatus
    account: str | None = None  # acct_… from GET /v1/account, or from a permission error
    probes: tuple[ProbeResult, ...] = ()  # restricted keys only
    webhook_endpoints: tuple[WebhookEndpoint, ...] | None = None  # None: this key could not list them
    problems: tuple[str, ...] = ()  # what could not be verified, and why (already scrubbed)
    message: str = ""  # Stripe's own words for a rejection (already scrubbed)
    requests: int = 0  # the GET requests golive sent with this key (retries aside)

    @property
    def complete(self) -> bool:
        return self.status is not KeyStatus.UNVERIFIED and not self.problems


@dataclass(frozen=True)
class OnlineFacts:
    keys: Mapping[str, KeyFacts]  # value hash -> facts

    def about(self, item: StripeValue) -> KeyFacts | None:
        return self.keys.get(value_hash(item.key.value))


VERIFIED_KINDS = frozenset({Kind.SECRET, Kind.RESTRICTED})


def verified_items(ctx: Context) -> list[tuple[StripeValue, KeyFacts | None]]:
    """Every value golive sent to Stripe, with what Stripe said; None means no answer was recorded."""
    if ctx.online is None:
        return []
    return [(item, ctx.online.about(item)) for item in ctx.inventory.values if verifiable(item, ctx.target_env)]


def require_sent(ctx: Context) -> None:
    """NotRun unless golive asked Stripe about at least one key: nothing asked is nothing verified."""
    if ctx.online is not None and not ctx.online.keys:
        raise NotRun(f"no secret or restricted key for {_deployed(ctx.target_env)} reached golive: {_why_none(ctx)}")


def require_answers(ctx: Context) -> None:
    """NotRun unless Stripe answered for at least one key: a check that reads Stripe's answers judged
    nothing when every question went unanswered (GL902 lists them)."""
    require_sent(ctx)
    if ctx.online is not None and all(facts.status is KeyStatus.UNVERIFIED for facts in ctx.online.keys.values()):
        raise NotRun(f"Stripe answered for none of the {len(ctx.online.keys)} key(s) golive sent (GL902 says why)")


def _deployed(target_env: Env) -> str:
    return "production" if target_env is Env.PRODUCTION else f"production or {target_env.value}"


MAX_NAMED = 4  # variables named in a reason; the rest are counted


def _why_none(ctx: Context) -> str:
    """Each production secret or restricted key variable, and why its value never reached golive."""
    places: dict[str, list[StripeValue]] = {}
    for item in ctx.inventory.values:
        if item.environment in {Env.PRODUCTION, ctx.target_env} and item.kind in (*VERIFIED_KINDS, Kind.ORGANIZATION):
            places.setdefault(item.variable or item.where, []).append(item)
    from_env = ctx.settings.from_env
    unset = [name for name in ctx.settings.restricted_keys if name not in places]
    where = "in the tree or in this process's environment" if from_env else "in the tree"
    reasons = [
        *(_why_not_sent(name, items) for name, items in places.items()),
        *(f"{name}, whose scope golive's config declares, is set nowhere {where}" for name in unset),
    ]
    if not reasons:
        said = f"none is set {where}"
    else:
        said = "; ".join(reasons[:MAX_NAMED]) + (f"; and {len(reasons) - MAX_NAMED} more" if len(reasons) > MAX_NAMED else "")
    if from_env:
        return f"{said} (--from-env read this process's environment: the secret is not set where golive runs)"
    return f"{said} (run golive with --from-env in the step where the deploy's secrets are set)"


def _why_not_sent(name: str, items: list[StripeValue]) -> str:
    first = items[0]
    more = f" and {len(items) - 1} more place(s)" if len(items) > 1 else ""
    where = f"{first.where}{more}"
    if first.name_only:
        return f"{name} is only named ({where}): its value is set elsewhere"
    if first.key.kind is Kind.ORGANIZATION:
        return f"{name} is an organization key ({where}), which golive does not send"
    if first.key.status is Status.REFERENCE:
        return f"{name} is a reference ({where})"
    return f"{name} is {first.key.problem or first.key.status.value} ({where})"


def value_hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def verifiable(item: StripeValue, target_env: Env) -> bool:
    """Keys golive sends to Stripe: real secret and restricted keys of production or the target environment.

    Publishable keys are not sent: Stripe documents no harmless request that proves one. Organization
    keys need an account context golive cannot know, and templates hold examples, not deployments.
    """
    return (
        not item.name_only
        and item.key.is_real
        and item.key.kind in VERIFIED_KINDS
        and item.environment in {Env.PRODUCTION, target_env}
    )
