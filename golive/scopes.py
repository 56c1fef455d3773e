"""The restricted-key scope each component's code needs, derived from its Stripe calls.

A component is an app folder (the deepest folder with a project manifest: package.json, go.mod,
pom.xml, ...; the repository root otherwise). Its code's calls (golive/sources/stripe_calls.py) give
the minimal scope: per resource, read or write, with the call sites as evidence. Its code's
references to Stripe key variables (``process.env.STRIPE_REFUNDS_KEY``) link it to the restricted
keys configured for it. Calls in tests, docs and templates do not count; calls golive cannot resolve
are kept apart as not judged.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from golive.environments import Env
from golive.inventory import Inventory
from golive.keys import Kind, named_kind
from golive.permissions import LEVEL, Access, resource_named
from golive.sources import StripeCall

IGNORED_ENVS = frozenset({Env.TEST.value, Env.TEMPLATE.value})
KEY_KINDS = frozenset({Kind.SECRET, Kind.RESTRICTED})


@dataclass(frozen=True)
class ComponentScope:
    component: str  # folder relative to the root; "" for the root
    variables: tuple[str, ...]  # the Stripe key variables its code reads
    calls: tuple[StripeCall, ...]  # resolved calls, the evidence
    not_judged: tuple[StripeCall, ...]  # calls golive cannot resolve

    @property
    def needed(self) -> dict[str, Access]:
        """The minimal scope: each resource its calls use, at the highest access any call needs."""
        needs: dict[str, Access] = {}
        for call in self.calls:
            if call.resource and LEVEL[call.access or "none"] > LEVEL[needs.get(call.resource, "none")]:
                needs[call.resource] = call.access  # type: ignore[assignment]
        return dict(sorted(needs.items()))

    def evidence(self, resource: str, access: Access) -> list[StripeCall]:
        """The calls that need ``access`` (or more) on ``resource``."""
        return [c for c in self.calls if c.resource == resource and LEVEL[c.access or "none"] >= LEVEL[access]]

    @property
    def label(self) -> str:
        return self.component or "the repository root"


def component_scopes(inventory: Inventory) -> tuple[ComponentScope, ...]:
    calls: dict[str, list[StripeCall]] = defaultdict(list)
    for call in inventory.calls:
        if call.environment not in IGNORED_ENVS:
            calls[inventory.component_of(call.path)].append(call)
    variables: dict[str, set[str]] = defaultdict(set)
    for read in inventory.signals_of("stripe_key_read"):
        if _names_an_api_key(read.detail) and read.environment not in IGNORED_ENVS:
            variables[inventory.component_of(read.path)].add(read.detail)
    return tuple(
        ComponentScope(
            component=component,
            variables=tuple(sorted(variables.get(component, ()))),
            calls=tuple(c for c in found if c.resource and c.access),
            not_judged=tuple(c for c in found if not (c.resource and c.access)),
        )
        for component, found in sorted(calls.items())
    )


def _names_an_api_key(variable: str) -> bool:
    """``STRIPE_SECRET_KEY``, ``STRIPE_RESTRICTED_KEY``, and ``STRIPE_REFUNDS_KEY`` too: any Stripe key
    that is neither publishable nor a webhook secret."""
    kind = named_kind(variable)
    return kind in KEY_KINDS or (kind is None and re.search(r"(?:^|_)(?:KEY|API_KEY)$", variable.upper()) is not None)


def declared_scope(permissions: dict[str, str]) -> dict[str, Access]:
    """A declared scope in the table's resource names (``charge`` and ``Checkout Sessions`` as
    ``charges`` and ``checkout_sessions``); names the table does not know stay as written."""
    scope: dict[str, Access] = {}
    for name, access in permissions.items():
        resource = resource_named(name) if name != "*" else None
        scope[resource.name if resource else name] = access  # type: ignore[assignment]
    return scope


def grants(scope: dict[str, Access], resource: str, access: Access) -> bool:
    return LEVEL[scope.get(resource, scope.get("*", "none"))] >= LEVEL[access]
