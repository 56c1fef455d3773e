"""``golive init``: a commented golive.toml written from what the tree holds, never from its values.

Everything inferred from names and paths (environments, variables, webhook handlers) goes in as
comments, so the file starts out declaring nothing the team did not decide. Restricted-key scopes are
the exception where the code is the evidence: the scope each key's component needs, derived from its
Stripe calls, is written with the calls as comments. A restricted key no code can be linked to gets a
commented-out skeleton, so GL301 keeps failing until someone writes down what it may do.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import tomli_w

from golive import inventory as inventory_module
from golive.config_files import CONFIG_FILE
from golive.environments import Env
from golive.inventory import Inventory
from golive.keys import Kind, scrub
from golive.permissions import LEVEL
from golive.scopes import component_scopes
from golive.sources.scan import collect

KIND_LABELS: dict[Kind | None, str] = {
    Kind.SECRET: "secret key",
    Kind.RESTRICTED: "restricted key",
    Kind.PUBLISHABLE: "publishable key",
    Kind.WEBHOOK_SECRET: "webhook secret",
    Kind.ORGANIZATION: "organization key",
}
EXAMPLE_SCOPE = {"component": "", "permissions": {"payment_intents": "write", "customers": "read"}}


class ConfigExists(Exception):
    """golive.toml is there already and --force was not given."""


def inspect(root: Path) -> Inventory:
    return inventory_module.build(collect(root, []), Env.PRODUCTION)


def config_text(inventory: Inventory, today: date) -> str:
    """The commented golive.toml for an inventory: names, paths and reasons only."""
    variables: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, Kind] = {}
    environments: dict[str, str] = {}
    for item in inventory.values:
        environments.setdefault(item.path, item.environment_reason)
        if item.variable:
            variables[item.variable].append(item.where)
            if item.kind:
                kinds.setdefault(item.variable, item.kind)
    restricted = sorted(name for name, kind in kinds.items() if kind is Kind.RESTRICTED)
    handlers = [f"{s.path}:{s.line} ({s.detail})" for s in inventory.signals_of("webhook_handler")]

    out = [
        "# golive configuration, written by `golive init`; `golive check` reads it.",
        "# GOLIVE_* environment variables and command-line flags override what is set here.",
        "#",
        f"# golive read {inventory.files_scanned} files and found {len(variables)} Stripe variables"
        " (names only: golive never copies a value):",
    ]
    width = max((len(_safe(name)) for name in variables), default=0)
    out += [
        f"#   {_safe(name):<{width}}  {KIND_LABELS.get(kinds.get(name), 'unknown kind')}: {_safe(', '.join(places[:4]))}"
        + (f" and {len(places) - 4} more" if len(places) > 4 else "")
        for name, places in sorted(variables.items())
    ]
    out += ["", "# The environment a deploy is judged for; files with no environment marker count as this."]
    out += tomli_w.dumps({"env": Env.PRODUCTION.value}).splitlines()
    out += ["", "# Environments golive inferred for the files that hold Stripe values:"]
    out += [f"#   {_safe(path)}: {_safe(reason)}" for path, reason in sorted(environments.items())] or ["#   (none)"]
    out += ["# Where a name misleads golive, map a path glob to an environment:"]
    out += _commented({"environments": {"deploy/app.env": Env.PRODUCTION.value}})
    out += ["", '# Restricted keys: what each component\'s key may do ("none", "read" or "write" per resource).']
    derived = _derived_scopes(inventory)
    if derived:
        out += [
            "# Derived from the Stripe calls each component's code makes (`golive scope` shows them all);",
            "# create each key in the Dashboard with exactly these permissions.",
        ]
        for name, (components, permissions, evidence) in derived.items():
            out += [f"# {_safe(line)}" for line in evidence]
            out += tomli_w.dumps({"restricted_keys": {name: {"component": components, "permissions": permissions}}}).splitlines()
    undeclared = [name for name in restricted if name not in derived]
    if undeclared:
        out += ["# GL301 fails until a scope is declared: uncomment and list only what the component needs."]
        out += _commented({"restricted_keys": {name: EXAMPLE_SCOPE for name in undeclared}})
    elif not derived:
        out += ["# No restricted key found; when you add one, declare its scope like this:"]
        out += _commented({"restricted_keys": {"STRIPE_RESTRICTED_KEY": EXAMPLE_SCOPE}})
    out += ["", "# Webhook endpoints this app serves: production then needs a usable whsec_ secret (GL401)."]
    out += [f"# Signature verification found at: {_safe(', '.join(handlers))}"] if handlers else []
    out += tomli_w.dumps({"webhooks": {"endpoints": []}}).splitlines()
    out += ["", "# Accepting a known risk: a check, a path glob and/or a variable, a reason, and an expiry date."]
    out += ["# An expired exception stops working; one that matches nothing is reported as stale."]
    example = {
        "check": "GL102",
        "path": ".env.staging",
        "reason": "staging shares the live account until PAY-123 moves it to a sandbox",
        "expires": today + timedelta(days=90),
    }
    out += _commented({"exceptions": [example]})
    return scrub("\n".join(out) + "\n")


def _derived_scopes(inventory: Inventory) -> dict[str, tuple[str, dict[str, str], list[str]]]:
    """Per key variable its code reads: the components, the scope their calls need, and the evidence."""
    derived: dict[str, tuple[str, dict[str, str], list[str]]] = {}
    for component in component_scopes(inventory):
        if not component.needed:
            continue
        for name in component.variables:
            components, permissions, evidence = derived.get(name, ("", {}, []))
            for resource, access in component.needed.items():
                if LEVEL[access] > LEVEL[permissions.get(resource, "none")]:
                    permissions[resource] = access
            evidence += [f"{c.path}:{c.line} {c.call} needs {c.resource} {c.access}" for c in component.calls[:20]]
            evidence += [f"not judged: {c.path}:{c.line} {c.call}: {c.why_unresolved}" for c in component.not_judged]
            label = component.component or "."
            derived[name] = (f"{components}, {label}" if components else label, dict(sorted(permissions.items())), evidence)
    return dict(sorted(derived.items()))


def write_config(root: Path, force: bool, today: date) -> tuple[Path, Inventory]:
    target = root / CONFIG_FILE
    if target.exists() and not force:
        raise ConfigExists(f"{target} exists; golive init never overwrites it without --force")
    inventory = inspect(root)
    target.write_text(config_text(inventory, today), encoding="utf-8")
    return target, inventory


def _commented(table: dict) -> list[str]:
    return [f"# {line}".rstrip() for line in tomli_w.dumps(table).splitlines()]


def _safe(text: str) -> str:
    """A name or path from the tree, fit for a one-line comment: no line breaks, no key."""
    return scrub("".join(c if c.isprintable() else "?" for c in text))
