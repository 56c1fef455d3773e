"""GL105: one secret key serving production and another environment."""

from golive import Env, Kind, Severity, finding

ID = "GL105"
NAME = "key-reused-across-environments"
SEVERITY = Severity.WARNING
SUMMARY = "the same secret or restricted key appears in production and in another environment"
RATIONALE = """
A key shared between production and staging, development, CI or a template cannot be rolled for one
without breaking the other, and every copy outside production is one more place it leaks from:
laptops, CI logs, staging databases. An incident in staging is then an incident in production.
Each environment should have its own key, so each can be rolled on its own.
"""
REMEDIATION = (
    "Create a separate key for each environment (a sandbox or restricted key outside production) and roll the shared "
    "key in the Dashboard."
)

API_KEY_KINDS = {Kind.SECRET, Kind.RESTRICTED, Kind.ORGANIZATION}  # keys that call the API; webhook secrets are per endpoint


def run(ctx):
    production = {}
    for item in ctx.inventory.where(Env.PRODUCTION):
        if item.key.is_real and item.key.kind in API_KEY_KINDS:
            production.setdefault(item.key.value, item)  # values are sorted by path and line: the first one named
    for item in ctx.inventory.values:
        if item.environment is Env.PRODUCTION or not item.key.is_real:
            continue
        shared = production.get(item.key.value)
        if shared is not None:
            yield finding(
                item,
                f"{item.key.kind.value} key {item.redacted} in {item.environment.value} config is the "
                f"production key at {shared.where} ({shared.variable or 'no variable name'})",
            )
