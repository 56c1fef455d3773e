"""What the Stripe API said about each key: the facts online checks read. No I/O here, no httpx.

A key is identified by the sha256 of its value, never by the value, so facts can be logged,
compared and held in a report without carrying a secret.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from golive.inventory import Env, StripeValue
from golive.keys import Kind

if TYPE_CHECKING:
    from golive.api import Context


class KeyStatus(str, Enum):
    VALID = "valid"  # Stripe answered 200 or a 403 permission error: the key exists and works
    REJECTED = "rejected"  # Stripe answered 401: invalid, rolled or expired
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


@dataclass(frozen=True)
class KeyFacts:
    value_hash: str
    status: KeyStatus
    account: str | None = None  # acct_… from GET /v1/account, or from a permission error
    livemode: bool | None = None  # from GET /v1/balance; None when the key may not read it
    probes: tuple[ProbeResult, ...] = ()  # restricted keys only
    webhook_endpoints: tuple[WebhookEndpoint, ...] | None = None  # None: this key could not list them
    problems: tuple[str, ...] = ()  # what could not be verified, and why (already scrubbed)
    message: str = ""  # Stripe's own words for a rejection (already scrubbed)

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
