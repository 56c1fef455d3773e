"""GL301: a production restricted key with no declared scope."""

from golive import Env, Kind, Severity, finding

ID = "GL301"
NAME = "restricted-key-unscoped"
SEVERITY = Severity.ERROR
SUMMARY = (
    "a restricted key is used in production with no declared permission scope in golive's config, or a scope that grants "
    "write on everything"
)
RATIONALE = """
A restricted key is only safer than a secret key when its permissions are narrow and someone wrote
down which component needs which resource. Without a declared scope, nobody can review whether the
key is over-permissioned, and a key with write on everything is a secret key by another name.
"""
REMEDIATION = (
    "Declare the scope in golive.toml under [restricted_keys.VARIABLE] with the resources the component needs, e.g. "
    'permissions = { charges = "read", refunds = "write" }.'
)


def run(ctx):
    scopes = ctx.settings.restricted_keys
    for item in ctx.inventory.where(Env.PRODUCTION):
        if not (item.key.is_real and item.key.kind is Kind.RESTRICTED):
            continue
        scope = scopes.get(item.variable or "")
        if scope is None:
            yield finding(item, f"restricted key {item.redacted} in {item.variable or 'an unnamed value'} has no declared scope")
        elif scope.writes_everything:
            yield finding(item, f"the declared scope of {item.variable} grants write on every resource")
