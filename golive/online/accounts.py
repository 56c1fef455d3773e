"""Which Stripe account each production key belongs to, compared across everything that deploys together.

Every production value is one comparison: the apps of a monorepo (``apps/web`` publishing one
account's ``pk_live_`` while ``apps/api`` charges with another's key), and the tree against the
``--from-env`` environment. Keys of one mode are compared with one anchor: the key whose account
Stripe named, a secret key first. A key sent to Stripe is judged by Stripe's answer; a publishable
key, never sent, by the account id a current-format key embeds. A key whose account cannot be told
is said, never passed over in silence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from golive.environments import Env
from golive.inventory import StripeValue
from golive.keys import Kind
from golive.online.facts import KeyStatus

if TYPE_CHECKING:
    from golive.api import Context

ACCOUNT_KINDS = frozenset({Kind.SECRET, Kind.RESTRICTED, Kind.PUBLISHABLE})


@dataclass
class Comparison:
    mismatches: list[tuple[StripeValue, str]] = field(default_factory=list)  # each stray value, and why, in words
    compared: int = 0  # values compared with their anchor
    untold: list[str] = field(default_factory=list)  # values whose account cannot be told, and why


def compare_accounts(ctx: Context) -> Comparison:
    comparison = Comparison()
    if ctx.online is None:
        return comparison
    modes: dict[str, list[StripeValue]] = {}
    for item in ctx.inventory.where(Env.PRODUCTION):
        if not item.name_only and item.key.is_real and item.key.mode and item.key.kind in ACCOUNT_KINDS:
            modes.setdefault(item.key.mode, []).append(item)
    for mode, items in sorted(modes.items()):
        distinct = {item.key.value for item in items}
        if len(distinct) < 2:
            continue  # one key: nothing to compare it with
        anchor, account = _anchor(ctx, items)
        if anchor is None:
            comparison.untold.append(f"Stripe named the account of none of the {len(distinct)} production {mode} keys")
            continue
        assert account is not None  # _anchor names an account with its anchor
        _compare_with(ctx, anchor, account, items, comparison)
    return comparison


def _compare_with(ctx: Context, anchor: StripeValue, account: str, items: list[StripeValue], comparison: Comparison) -> None:
    assert ctx.online is not None  # compare_accounts returns first when offline
    trust_embedded = anchor.key.account in (None, account)  # the id a key embeds is this account's id
    named = f"{anchor.key.label} key at {anchor.where} belongs to {account}"
    untold: set[str] = set()
    for item in items:
        if item.key.value == anchor.key.value:
            continue
        facts = ctx.online.about(item)
        if facts is not None:  # sent to Stripe: its answer decides; a dead or unanswered key is GL106's or GL902's
            if facts.status is not KeyStatus.VALID:
                continue
            if facts.account is None:
                _untold(comparison, untold, item, "Stripe's answers named no account for it")
                continue
            comparison.compared += 1
            if facts.account != account:
                comparison.mismatches.append(
                    (item, f"Stripe says {item.key.label} key {item.redacted} belongs to {facts.account}, but {named}")
                )
        elif item.key.account and trust_embedded:
            comparison.compared += 1
            if item.key.account != account:
                comparison.mismatches.append(
                    (item, f"{item.key.label} key {item.redacted} embeds account {item.key.account}, but Stripe says {named}")
                )
        elif item.key.account:
            _untold(
                comparison,
                untold,
                item,
                f"it embeds {item.key.account}, but the ids keys of {account} embed do not "
                f"match it ({anchor.key.label} key at {anchor.where} embeds {anchor.key.account}), so they say nothing",
            )
        else:
            assert item.key.kind is not None  # compare_accounts keeps ACCOUNT_KINDS only
            _untold(
                comparison,
                untold,
                item,
                f"a {item.key.format}-format {item.key.kind.value} key embeds no account id, "
                "and golive never sends publishable keys to Stripe",
            )


def _untold(comparison: Comparison, seen: set[str], item: StripeValue, why: str) -> None:
    if item.key.value not in seen:
        seen.add(item.key.value)
        comparison.untold.append(f"{item.key.label} key {item.redacted} ({item.where}): {why}")


def _anchor(ctx: Context, items: list[StripeValue]) -> tuple[StripeValue | None, str | None]:
    """The key whose account Stripe named, a secret key first."""
    assert ctx.online is not None  # compare_accounts returns first when offline
    named = []
    for item in items:
        facts = ctx.online.about(item)
        if facts is not None and facts.status is KeyStatus.VALID and facts.account:
            named.append((item.key.kind is not Kind.SECRET, item.path, item.line, item, facts.account))
    if not named:
        return None, None
    *_, item, account = min(named, key=lambda entry: entry[:3])
    return item, account
