"""GL401: webhooks handled, but no signing secret for production."""

from golive import Env, Finding, Kind, Severity, Status, finding

ID = "GL401"
NAME = "webhook-secret-missing"
SEVERITY = Severity.ERROR
SUMMARY = (
    "the app handles Stripe webhooks (signature verification in code, or endpoints in golive's config) but production "
    "has no usable whsec_ secret"
)
RATIONALE = """
A webhook handler that verifies signatures rejects every event when its signing secret is missing or
wrong: fulfilment, subscription renewals and dispute notices silently stop. One that skips
verification to 'make it work' accepts forged events from anyone who finds the URL.
"""
REMEDIATION = (
    "Copy the endpoint's signing secret (whsec_) from the Dashboard into the production environment, e.g. STRIPE_WEBHOOK_SECRET."
)

IGNORED_ENVS = {Env.TEST.value, Env.TEMPLATE.value}


def run(ctx):
    handlers = sorted(
        (s for s in ctx.inventory.signals_of("webhook_handler") if s.environment not in IGNORED_ENVS),
        key=lambda s: (s.path, s.line),
    )
    endpoints = ctx.settings.webhooks.endpoints
    if not handlers and not endpoints:
        return
    production = ctx.inventory.where(Env.PRODUCTION)
    if any(item.key.is_real and item.key.kind is Kind.WEBHOOK_SECRET for item in production):
        return
    because = (
        f"{handlers[0].detail} at {handlers[0].path}:{handlers[0].line}" if handlers else "webhook endpoints in golive's config"
    )
    named = [item for item in production if item.named_kind is Kind.WEBHOOK_SECRET and not item.name_only]
    if named:
        for item in named:
            if item.key.status is Status.REFERENCE:
                problem = "only a reference filled in at deploy time; run golive with --from-env where it is resolved"
            else:
                problem = item.key.problem or "not a usable whsec_ secret"
            yield finding(item, f"the app verifies webhooks ({because}) but {item.variable} is {problem}")
    elif handlers:
        yield Finding(
            "the app verifies Stripe webhooks here, but production has no whsec_ signing secret in the tree; "
            "if the deploy environment injects it, run golive there with --from-env",
            path=handlers[0].path,
            line=handlers[0].line,
            environment=Env.PRODUCTION.value,
        )
    else:
        yield Finding(
            "golive's config declares webhook endpoints, but production has no whsec_ signing secret",
            path="golive.toml",
            line=0,
            environment=Env.PRODUCTION.value,
        )
