"""GL404: a live webhook endpoint of the app that Stripe no longer calls."""

from golive import Severity, finding, live_app_endpoints, require_answers, require_listing

ID = "GL404"
NAME = "webhook-endpoint-disabled"
SEVERITY = Severity.WARNING
ONLINE = True
SUMMARY = "a live webhook endpoint at the app's URL (declared in golive's config) is disabled [--online]"
RATIONALE = """
Stripe disables an endpoint by hand or after days of failed deliveries. Nothing in the app notices:
fulfilment, renewals and dispute notices simply stop arriving until someone re-enables it.
"""
REMEDIATION = (
    "Fix what made deliveries fail, then re-enable the endpoint in the Dashboard (Developers > Webhooks), or delete "
    "it if it is obsolete."
)


def run(ctx):
    require_answers(ctx)
    require_listing(ctx)
    for item, endpoint in live_app_endpoints(ctx):
        if not endpoint.enabled:
            yield finding(item, f"live webhook endpoint {endpoint.id} for {endpoint.url} is disabled: Stripe sends it no events")
