"""GL303: a restricted key that can read more than its declared scope."""

from golive import Env, Kind, Severity, finding
from golive.online.facts import KeyStatus, verified_items

ID = "GL303"
NAME = "restricted-key-overscoped"
SEVERITY = Severity.ERROR
ONLINE = True
SUMMARY = "a restricted key can read a resource its declared scope does not grant (a read probe answers 200); each extra permission is named (rak_customer_read) [--online]"
RATIONALE = """
A declared scope is a promise about what a leaked key could do. Keys drift: someone ticks one more
box in the Dashboard to fix an outage and never unticks it. golive probes the key with read-only list
requests; a 200 where the scope says none means the key is broader than anyone reviewed.
"""
REMEDIATION = "Remove the extra permission from the key in the Dashboard (Developers > API keys > Edit), or declare it in golive.toml if the component needs it."


def run(ctx):
    scopes = ctx.settings.restricted_keys
    for item, facts in verified_items(ctx):
        if item.environment is not Env.PRODUCTION or item.key.kind is not Kind.RESTRICTED:
            continue
        scope = scopes.get(item.variable or "")
        if facts is None or facts.status is not KeyStatus.VALID or scope is None or scope.writes_everything:
            continue  # unanswered: GL902; no scope or write on everything: GL301
        declared = {name.lower().replace("-", "_").replace(" ", "_"): access for name, access in scope.permissions.items()}
        for probe in facts.probes:
            access = next((declared[name] for name in sorted(probe.names) if name in declared), declared.get("*", "none"))
            if probe.granted and access == "none":
                yield finding(item, f"restricted key {item.redacted} in {item.variable} holds {probe.permission}: it can read "
                              f"{probe.resource}, which its declared scope does not grant")
