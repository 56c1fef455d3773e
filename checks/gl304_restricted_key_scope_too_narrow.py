"""GL304: a call in the code needs a permission the component's restricted key does not have."""

from collections.abc import Iterator

from golive import Context, Finding, Severity, declared_scope, grants, permission_name

ID = "GL304"
NAME = "restricted-key-scope-too-narrow"
SEVERITY = Severity.ERROR
SUMMARY = "a Stripe call in a component's code needs a permission that the declared scope of every key the component reads lacks"
RATIONALE = """
A call that worked in the sandbox with the full secret key answers 403 with a restricted key that
lacks its permission: on launch day, checkout or fulfilment fails for every customer. golive reads
the Stripe calls each component makes (SDK calls and raw API requests), maps each to the
restricted-key permission it needs, and compares them with the scope declared for the keys the
component reads. It judges a component only when every Stripe key it reads has a declared scope: a
component that also reads a full secret key may send the call with that one.
"""
REMEDIATION = (
    "Add the named permission to the restricted key in the Dashboard (Developers > API keys > the key > Edit) "
    "and to its scope in golive.toml; `golive scope` prints the scope the code needs."
)


def run(ctx: Context) -> Iterator[Finding]:
    scopes = {name: declared_scope(scope.permissions) for name, scope in ctx.settings.restricted_keys.items()}
    for component in ctx.scopes:
        keys = component.variables
        if not keys or any(key not in scopes for key in keys):
            continue
        for call in component.calls:
            if any(grants(scopes[key], call.resource, call.access) for key in keys):
                continue
            permission = permission_name(call.resource, call.access)
            yield Finding(
                f"{call.call} needs {call.resource} {call.access} ({permission}), which the declared scope of "
                f"{' and '.join(keys)} does not grant: this call will answer 403 in production",
                path=call.path,
                line=call.line,
                environment=call.environment,
            )
