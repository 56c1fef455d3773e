"""What GL303 can judge of a restricted key against its declared scope, and what it cannot.

The 12 read probes show which of 12 resources a key may read. They cannot show write permissions
(a write request would change the account), nor resources golive does not probe: for each key the
report says so, naming the resources its scope declares that no probe covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from golive.environments import Env
from golive.inventory import StripeValue
from golive.keys import Kind
from golive.online.facts import KeyFacts, KeyStatus, verifiable, verified_items

if TYPE_CHECKING:
    from collections.abc import Iterable

    from golive.api import Context
    from golive.settings import RestrictedKeyScope


@dataclass(frozen=True)
class DeclaredScope:
    """A scope from golive.toml, its resource names as a probe names them (``checkout-sessions`` -> ``checkout_sessions``)."""

    permissions: dict[str, str]

    @classmethod
    def of(cls, scope: RestrictedKeyScope) -> DeclaredScope:
        return cls({name.lower().replace("-", "_").replace(" ", "_"): access for name, access in scope.permissions.items()})

    def access(self, names: Iterable[str]) -> str:
        """The access declared for a resource known by ``names``; ``"*"`` covers every resource not named."""
        return next(
            (self.permissions[name] for name in sorted(names) if name in self.permissions), self.permissions.get("*", "none")
        )


def _scope_of(ctx: Context, item: StripeValue) -> RestrictedKeyScope | None:
    """The declared scope GL303 judges a production restricted key by; None when there is none to judge by
    (no scope: GL301; write on everything: nothing a read probe could exceed)."""
    if item.environment is not Env.PRODUCTION or item.kind is not Kind.RESTRICTED:
        return None
    scope = ctx.settings.restricted_keys.get(item.variable or "")
    return None if scope is None or scope.writes_everything else scope


def probed_keys(ctx: Context) -> list[tuple[StripeValue, DeclaredScope, KeyFacts]]:
    """Production restricted keys with a declared scope that Stripe answered the probes of."""
    return [
        (item, DeclaredScope.of(scope), facts)
        for item, facts in verified_items(ctx)
        if (scope := _scope_of(ctx, item)) is not None and facts is not None and facts.status is KeyStatus.VALID
    ]


def unprobed_keys(ctx: Context) -> list[str]:
    """Production restricted keys with a declared scope that were not probed, and why, in words."""
    assert ctx.online is not None  # callers require_answers first
    found: list[str] = []
    for item in ctx.inventory.values:
        if _scope_of(ctx, item) is None:
            continue
        if not verifiable(item, ctx.target_env):
            found.append(
                f"{item.variable} ({item.where}) was not sent: "
                + ("only its name is in the tree" if item.name_only else item.key.problem or item.key.status.value)
            )
        elif (facts := ctx.online.about(item)) is None or facts.status is not KeyStatus.VALID:
            found.append(f"{item.variable} ({item.where}) was not verified (GL106 or GL902 says why)")
    return found


def unjudged(ctx: Context) -> list[str]:
    """For each probed key, what GL303 did not judge: write access, and resources no probe covers."""
    said, seen = [], set()
    for item, scope, facts in probed_keys(ctx):
        if item.key.value in seen:
            continue
        seen.add(item.key.value)
        covered = {name for probe in facts.probes for name in probe.names}
        unprobed = sorted(name for name in scope.permissions if name != "*" and name not in covered)
        declared = f" and {len(unprobed)} resource(s) its scope declares ({', '.join(unprobed)})" if unprobed else ""
        said.append(
            f"GL303 judged what restricted key {item.redacted} ({item.variable}) can read of the {len(facts.probes)} "
            f"resources golive probes; write access{declared} not judged, nor any other resource golive does not "
            "probe: GET probes cannot see them"
        )
    return said
