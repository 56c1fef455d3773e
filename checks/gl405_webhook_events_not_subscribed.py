"""GL405: the app's handlers fulfil on event types that no live webhook endpoint of the app subscribes to."""

from collections.abc import Iterator

from golive import Context, Env, Finding, NotRun, Severity, Signal, finding, live_app_endpoints, require_answers, require_listing

ID = "GL405"
NAME = "webhook-events-not-subscribed"
SEVERITY = Severity.ERROR
ONLINE = True
SUMMARY = (
    "a handler acts on an event type (checkout.session.completed, invoice.paid, SDK constants alike) that no live "
    "webhook endpoint at the app's URLs (declared in golive's config) subscribes to; an endpoint subscribed to every "
    "event is a warning [--online]"
)
RATIONALE = """
Stripe sends an endpoint only the event types it subscribes to (enabled_events). A handler written for
checkout.session.completed behind an endpoint that subscribes to payment_intent.succeeded never runs:
orders are paid and never fulfilled, and nothing fails loudly. The sandbox endpoint or the Stripe CLI
forwards every event, so the gap shows only in production. An endpoint subscribed to every event ('*')
works, but Stripe advises subscribing only to the events the app handles: every other event is load,
retries and noise on the endpoint.
"""
REMEDIATION = (
    "Add the event types to the live endpoint in the Dashboard (Developers > Webhooks > the endpoint > Select events), "
    "or with the API's enabled_events; replace '*' by the events the handlers act on."
)

SHIPPED_ENVS = {Env.PRODUCTION.value, Env.UNKNOWN.value}  # code that runs behind the live endpoints


def run(ctx: Context) -> Iterator[Finding]:
    require_answers(ctx)
    require_listing(ctx)
    handled = _handled(ctx)
    declared = ", ".join(ctx.settings.webhooks.endpoints)
    if not declared:
        if handled:
            raise NotRun(
                f"the code handles {_listed(handled)}, but golive's config declares no [webhooks] endpoints: "
                "golive cannot tell the app's endpoints from the account's others"
            )
        return
    endpoints = live_app_endpoints(ctx)
    if unlisted := [endpoint.id for _, endpoint in endpoints if endpoint.enabled_events is None]:
        raise NotRun(f"Stripe did not list the events of {', '.join(unlisted)}, so the subscriptions went unchecked")
    for item, endpoint in endpoints:
        if "*" in endpoint.enabled_events:
            yield finding(
                item,
                f"live webhook endpoint {endpoint.id} ({endpoint.url}) subscribes to every event ('*'): Stripe advises "
                f"subscribing only to the events the app handles ({_listed(handled) or 'none found in the code'})",
                Severity.WARNING,
            )
    subscribed = {event for _, endpoint in endpoints for event in endpoint.enabled_events}
    if "*" in subscribed:
        return
    if not endpoints:
        said = f"no live webhook endpoint is registered at {declared} on the production key's account"
    else:
        listed = ", ".join(f"{endpoint.id} ({endpoint.url})" for _, endpoint in endpoints)
        said = f"the live webhook endpoint(s) {listed} subscribe only to {', '.join(sorted(subscribed)) or 'nothing'}"
    for event_type, signal in handled.items():
        if event_type not in subscribed:
            yield Finding(
                f"a handler acts on {event_type} here, but {said}: Stripe never sends {event_type}, so this handler "
                "never runs in production (if another endpoint serves it, declare its URL in [webhooks] endpoints)",
                path=signal.path,
                line=signal.line,
                environment=signal.environment,
            )


def _handled(ctx: Context) -> dict[str, Signal]:
    """Each event type the production code acts on, at its first place (a development or test handler has no live endpoint)."""
    handled: dict[str, Signal] = {}
    for signal in sorted(ctx.inventory.signals_of("webhook_event_type"), key=lambda s: (s.path, s.line)):
        if signal.environment in SHIPPED_ENVS:
            handled.setdefault(signal.detail, signal)
    return handled


def _listed(handled: dict[str, Signal]) -> str:
    return ", ".join(sorted(handled))
