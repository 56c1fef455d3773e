"""``golive scope``: the minimal restricted-key scope each component's code needs, with the calls
that need it. Render only: the scopes come from golive/scopes.py."""

from __future__ import annotations

import json

from golive.permissions import permission_name, table
from golive.reporters.parts import visible
from golive.scopes import ComponentScope


def text(scopes: tuple[ComponentScope, ...]) -> str:
    if not scopes:
        return "no Stripe API call found in the code: no component needs a restricted key\n"
    lines = []
    for component in scopes:
        keys = ", ".join(component.variables) or "no Stripe key variable found in its code"
        lines.append(visible(f"{component.label}  (reads {keys})"))
        width = max((len(resource) for resource in component.needed), default=0)
        for resource, access in component.needed.items():
            evidence = component.evidence(resource, access)
            first = evidence[0]
            more = f" and {len(evidence) - 1} more" if len(evidence) > 1 else ""
            lines.append(
                visible(
                    f"  {resource:<{width}}  {access:<5}  {permission_name(resource, access):<32}  "
                    f"{first.path}:{first.line} {first.call}{more}"
                )
            )
        for call in component.not_judged:
            lines.append(visible(f"  not judged: {call.path}:{call.line} {call.call}: {call.why_unresolved}"))
        lines.append("")
    source = table()
    lines.append(f"permissions from {source.source} (read {source.read_on}); write includes read")
    return "\n".join(lines) + "\n"


def json_text(scopes: tuple[ComponentScope, ...]) -> str:
    def call(c):
        return {"path": c.path, "line": c.line, "call": c.call, "resource": c.resource, "access": c.access}

    document = {
        "components": [
            {
                "component": component.component,
                "variables": list(component.variables),
                "permissions": component.needed,
                "stripe_permissions": [permission_name(r, a) for r, a in component.needed.items()],
                "calls": [call(c) for c in component.calls],
                "not_judged": [{**call(c), "why": c.why_unresolved} for c in component.not_judged],
            }
            for component in scopes
        ],
        "permissions_table": {"source": table().source, "read_on": table().read_on},
    }
    return json.dumps(document, indent=2) + "\n"
