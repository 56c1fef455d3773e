"""GL305: a restricted key's declared scope grants more than its component's code uses."""

from collections import defaultdict
from collections.abc import Iterator

from golive import (
    ComponentScope,
    Context,
    Env,
    Finding,
    NotRun,
    Severity,
    declared_scope,
    permission_name,
)

ID = "GL305"
NAME = "restricted-key-scope-broader-than-code"
SEVERITY = Severity.WARNING
SUMMARY = (
    "a restricted key's declared scope grants resources, or write access, that no Stripe call in the components reading it uses"
)
RATIONALE = """
A restricted key limits what a leaked key can do only if its scope is no wider than the code needs.
A key that can refund and read every customer, held by a service that only creates Checkout
Sessions, gives an attacker both. golive derives the scope each component's code needs from its
Stripe calls and names every declared permission beyond it. Calls golive cannot resolve are named
too: they may need what looks extra. Reading webhook endpoints is not extra where golive.toml
declares endpoints: `golive check --online` reads them with that key to hold them against the app.
"""
REMEDIATION = (
    "Remove the named permissions from the key in the Dashboard and from its scope in golive.toml; `golive scope` "
    "prints the scope the code needs."
)

LEVEL = {"none": 0, "read": 1, "write": 2}


def run(ctx: Context) -> Iterator[Finding]:
    restricted = ctx.settings.restricted_keys
    readers: dict[str, list[ComponentScope]] = defaultdict(list)
    for component in ctx.scopes:
        for variable in component.variables:
            readers[variable].append(component)
    linked = [variable for variable in sorted(restricted) if readers.get(variable)]
    if restricted and not linked:
        raise NotRun(
            f"no component's code calls Stripe with a key golive can link to a declared scope ({', '.join(sorted(restricted))})"
        )
    for variable in linked:
        components = readers[variable]
        needed: dict[str, str] = {"webhook_endpoints": "read"} if ctx.settings.webhooks.endpoints else {}
        for component in components:
            for resource, access in component.needed.items():
                needed[resource] = max(access, needed.get(resource, "none"), key=LEVEL.__getitem__)
        extra = [
            f"{resource} {access} ({'every resource' if resource == '*' else permission_name(resource, access)})"
            for resource, access in sorted(declared_scope(restricted[variable].permissions).items())
            if LEVEL[access] > LEVEL[needed.get(resource, "none")]
        ]
        if not extra:
            continue
        where = next(
            read
            for read in ctx.inventory.signals_of("stripe_key_read")
            if read.detail == variable and ctx.inventory.component_of(read.path) in {c.component for c in components}
        )
        uses = ", ".join(f"{resource} {access}" for resource, access in sorted(needed.items())) or "nothing golive can resolve"
        unresolved = [call for component in components for call in component.not_judged]
        caveat = (
            (
                f"; {len(unresolved)} call(s) golive cannot resolve may need more: "
                + ", ".join(f"{c.path}:{c.line}" for c in unresolved[:5])
            )
            if unresolved
            else ""
        )
        yield Finding(
            f"the declared scope of {variable} grants {', '.join(extra)} beyond what the code of "
            f"{', '.join(c.label for c in components)} uses ({uses}){caveat}",
            path=where.path,
            line=where.line,
            variable=variable,
            environment=Env.PRODUCTION.value,
        )
