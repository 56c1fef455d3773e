"""GL406: the live webhook endpoints render events in an API version other than the one the SDK pins."""

from collections.abc import Iterator

from golive import Context, Env, Finding, NotRun, Severity, live_app_endpoints, require_answers, require_listing

ID = "GL406"
NAME = "webhook-api-version-mismatch"
SEVERITY = Severity.ERROR
ONLINE = True
SUMMARY = (
    "a live webhook endpoint at the app's URLs (declared in golive's config) renders events in an API version other than "
    "the one the code's Stripe SDK pins: an error for stripe-go and Stripe.net, which refuse such events, a warning "
    "elsewhere [--online]"
)
RATIONALE = """
An endpoint renders every event in its own api_version, fixed when it was created. stripe-go's
webhook.ConstructEvent and Stripe.net's EventUtility.ConstructEvent refuse an event whose version
is not the SDK's, so every delivery fails with 400 and Stripe disables the endpoint after days of
retries: nothing is fulfilled in production although every sandbox test passed with the CLI. The
other SDKs accept the event, but its objects have the shape of another version: fields the code
reads may be missing or renamed.
"""
REMEDIATION = (
    "Create the live endpoint with the API version the SDK pins (Dashboard: Developers > Webhooks > Add endpoint > API "
    "version; API: api_version), move the traffic, then delete the old endpoint; or upgrade the SDK and its pin to the "
    "endpoint's version."
)

SHIPPED_ENVS = {Env.PRODUCTION.value, Env.UNKNOWN.value}  # code that runs behind the live endpoints
REFUSING_SDKS = {"go": "stripe-go's webhook.ConstructEvent", "dotnet": "Stripe.net's EventUtility.ConstructEvent"}


def run(ctx: Context) -> Iterator[Finding]:
    require_answers(ctx)
    require_listing(ctx)
    endpoints = [endpoint for _, endpoint in live_app_endpoints(ctx) if endpoint.enabled]
    versioned = [endpoint for endpoint in endpoints if endpoint.api_version]
    pins = [s for s in ctx.inventory.signals_of("stripe_api_version") if s.environment in SHIPPED_ENVS]
    if not versioned:
        if endpoints and pins:
            raise NotRun(
                f"the live endpoints ({', '.join(e.id for e in endpoints)}) render events in the account's default API "
                "version, which golive cannot read with a key: the SDK's pin was not compared"
            )
        return
    if not pins:
        raise NotRun(
            f"the live endpoints render events in {_versions(versioned)}, but the code pins no API version golive reads "
            "(stripe-go and Stripe.net pin theirs by release, which golive does not read)"
        )
    if len(versioned) < len(endpoints):
        return  # an endpoint in the account's default version may be the one a pin matches: nothing is proven
    rendered = {endpoint.api_version for endpoint in versioned}
    allowed = {ctx.inventory.component_of(s.path) for s in ctx.inventory.signals_of("stripe_api_version_mismatch_allowed")}
    for pin in sorted(pins, key=lambda s: (s.path, s.line)):
        if pin.detail in rendered:
            continue
        sdk = pin.names[0] if pin.names else ""
        said = (
            f"the live webhook endpoint(s) {_versions(versioned)} render events in another API version than the "
            f"{pin.detail} this code pins"
        )
        if sdk in REFUSING_SDKS and ctx.inventory.component_of(pin.path) not in allowed:
            yield Finding(
                f"{said}: {REFUSING_SDKS[sdk]} refuses every such event, so every webhook fails in production",
                path=pin.path,
                line=pin.line,
                environment=pin.environment,
            )
        else:
            yield Finding(
                f"{said}: the events' objects have that version's shape, so fields the code reads may be missing or renamed",
                path=pin.path,
                line=pin.line,
                environment=pin.environment,
                severity=Severity.WARNING,
            )


def _versions(endpoints: list) -> str:
    return ", ".join(f"{endpoint.id} ({endpoint.url}): {endpoint.api_version}" for endpoint in endpoints)
