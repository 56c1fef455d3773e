"""GL407: components of one app pin different Stripe API versions."""

from collections.abc import Iterator

from golive import Context, Env, Finding, Severity, Signal

ID = "GL407"
NAME = "sdk-api-versions-differ"
SEVERITY = Severity.WARNING
SUMMARY = (
    "two components of the app pin different Stripe API versions in their SDK setup (apiVersion, stripe.api_version, "
    "Stripe::setApiVersion, ...)"
)
RATIONALE = """
One account's webhook endpoint renders its events in one API version, and objects passed between
components (a Checkout Session id the storefront creates and the billing service retrieves) change
shape between versions. Components that pin different versions disagree about the same objects, and at
most one of them matches the live endpoint's version: with stripe-go or Stripe.net, the other one's
webhooks fail outright (GL406 compares the pins with the live endpoints under --online).
"""
REMEDIATION = (
    "Pin the same API version in every component (and create the live webhook endpoint with it), upgrading the older "
    "SDK if needed."
)

IGNORED_ENVS = {Env.TEST.value, Env.TEMPLATE.value, Env.DEVELOPMENT.value}


def run(ctx: Context) -> Iterator[Finding]:
    first: dict[tuple[str, str], Signal] = {}  # (component, version) -> its first pin
    for pin in sorted(ctx.inventory.signals_of("stripe_api_version"), key=lambda s: (s.path, s.line)):
        if pin.environment not in IGNORED_ENVS:
            first.setdefault((ctx.inventory.component_of(pin.path), pin.detail), pin)
    for (component, version), pin in first.items():
        others = [
            f"{other.detail} in {other.path}:{other.line}"
            for (where, other_version), other in first.items()
            if where != component and other_version != version
        ]
        if others:
            yield Finding(
                f"this component ({component or 'the root'}) pins Stripe API version {version}, another pins {', '.join(others)}",
                path=pin.path,
                line=pin.line,
                environment=pin.environment,
            )
