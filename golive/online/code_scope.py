"""What GL303 holds a restricted key's real read permissions against besides its declared scope: the
scope its component's code needs (golive/scopes.py), and how many requests golive sent per key.

A permission the key really holds that no call of the components reading it needs is named, unless
golive cannot resolve some of those calls (they may need it): then the report says the key was not
held against its code, and why. Reading webhook endpoints is needed where golive.toml declares
endpoints: ``--online`` lists them with that key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from golive.online.facts import KeyStatus
from golive.online.scopes import probed_keys
from golive.permissions import LEVEL

if TYPE_CHECKING:
    from golive.api import Context
    from golive.inventory import StripeValue
    from golive.online.facts import ProbeResult
    from golive.scopes import ComponentScope


@dataclass(frozen=True)
class Unneeded:
    """A read permission a restricted key really holds, and the components whose code never needs it."""

    item: StripeValue
    probe: ProbeResult
    components: tuple[ComponentScope, ...]
    uses: str  # what the code needs, in words


def code_needs(ctx: Context, variable: str) -> tuple[dict[str, str], tuple[ComponentScope, ...]]:
    """The scope the code reading ``variable`` needs, and those components (none: no code links to it)."""
    components = tuple(component for component in ctx.scopes if variable in component.variables)
    needed: dict[str, str] = {"webhook_endpoints": "read"} if ctx.settings.webhooks.endpoints else {}
    for component in components:
        for resource, access in component.needed.items():
            needed[resource] = max(access, needed.get(resource, "none"), key=LEVEL.__getitem__)
    return needed, components


def unneeded_reads(ctx: Context) -> list[Unneeded]:
    """Granted probes the declared scope allows but no call of the key's components needs (the declared
    scope's own excess is GL303's error; this is the key's excess over its code)."""
    found = []
    for item, scope, facts in probed_keys(ctx):
        needed, components = code_needs(ctx, item.variable or "")
        if not components or any(component.not_judged for component in components):
            continue
        uses = ", ".join(f"{resource} {access}" for resource, access in sorted(needed.items())) or "nothing"
        for probe in facts.probes:
            if (
                probe.granted
                and scope.access(probe.names) != "none"
                and LEVEL[needed.get(probe.resource, "none")] < LEVEL["read"]
            ):
                found.append(Unneeded(item, probe, components, uses))
    return found


def unheld(ctx: Context) -> list[str]:
    """For each probed key, why GL303 did not hold it against its code: no code reads its variable, or some
    of its component's calls golive cannot resolve."""
    said, seen = [], set()
    for item, _, _ in probed_keys(ctx):
        if item.key.value in seen:
            continue
        seen.add(item.key.value)
        _, components = code_needs(ctx, item.variable or "")
        unresolved = [call for component in components for call in component.not_judged]
        if not components:
            said.append(
                f"restricted key {item.redacted} ({item.variable}) was not held against the scope its code needs (GL303): "
                "no component's code golive reads uses that variable"
            )
        elif unresolved:
            said.append(
                f"restricted key {item.redacted} ({item.variable}) was not held against the scope its code needs (GL303): "
                f"{len(unresolved)} Stripe call(s) golive cannot resolve may need more "
                f"({', '.join(f'{c.path}:{c.line}' for c in unresolved[:3])})"
            )
    return said


def request_counts(ctx: Context) -> str:
    """One line: the read-only requests golive sent, per key, and the bound."""
    if ctx.online is None or not ctx.online.keys:
        return ""
    names: dict[str, str] = {}
    for item in ctx.inventory.values:
        if not item.name_only and (facts := ctx.online.about(item)) is not None:
            names.setdefault(facts.value_hash, f"{item.redacted} ({item.variable or item.where})")
    per_key = [(names.get(digest, "a key"), facts.requests) for digest, facts in ctx.online.keys.items()]
    total = sum(count for _, count in per_key)
    unverified = sum(1 for facts in ctx.online.keys.values() if facts.status is KeyStatus.UNVERIFIED)
    late = f"; {unverified} key(s) not verified (GL902)" if unverified else ""
    return (
        f"--online sent {total} read-only GET request(s) for {len(per_key)} key(s): "
        + ", ".join(f"{name} {count}" for name, count in per_key)
        + f" (at most 2 per secret key and 13 per restricted key, retries aside; none for publishable keys){late}"
    )
