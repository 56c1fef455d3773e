"""GL403: live webhook endpoints the configured secrets cannot cover, or that receive events over http."""

from urllib.parse import urlsplit

from golive import Env, Kind, Severity, finding, live_app_endpoints, require_answers, require_listing

ID = "GL403"
NAME = "webhook-endpoints-unsecured"
SEVERITY = Severity.ERROR
ONLINE = True
SUMMARY = (
    "enabled live webhook endpoints at the app's URLs (declared in golive's config) outnumber the production whsec_ "
    "secrets, or one uses http:// [--online]"
)
RATIONALE = """
Every webhook endpoint signs with its own secret. Two enabled endpoints for one app and one whsec_
in production means one endpoint's events fail signature verification, or the handler was relaxed to
accept them unverified. An endpoint at an http:// URL sends payment events, and their signatures,
in clear text.
"""
REMEDIATION = (
    "Delete the duplicate endpoint in the Dashboard (Developers > Webhooks) or configure its signing secret; "
    "register only https:// URLs."
)


def run(ctx):
    require_answers(ctx)
    require_listing(ctx)
    enabled = [(item, endpoint) for item, endpoint in live_app_endpoints(ctx) if endpoint.enabled]
    for item, endpoint in enabled:
        if urlsplit(endpoint.url).scheme.lower() == "http":
            yield finding(item, f"live webhook endpoint {endpoint.id} sends events to {endpoint.url} over plain http")
    secrets = {i.key.value for i in ctx.inventory.where(Env.PRODUCTION) if i.key.is_real and i.key.kind is Kind.WEBHOOK_SECRET}
    if len(enabled) > len(secrets):
        ids = ", ".join(f"{endpoint.id} ({endpoint.url})" for _, endpoint in enabled)
        yield finding(
            enabled[0][0],
            f"{len(enabled)} enabled live webhook endpoints for the app ({ids}), "
            f"but production configures {len(secrets)} whsec_ signing secret(s)",
        )
