"""GL402: Stripe events are acted on without a verified signature."""

from posixpath import dirname, splitext

from golive import Env, Finding, Severity

ID = "GL402"
NAME = "webhook-signature-not-verified"
SEVERITY = Severity.ERROR
SUMMARY = (
    "a handler acts on Stripe events (or builds the event from the request) without verifying the signature itself, "
    "or its verification does not protect it (only when the secret is set, a catch that goes on, no tolerance, a parsed body)"
)
RATIONALE = """
A webhook URL is public. Without a Stripe-Signature check, anyone who finds it can post a forged
checkout.session.completed and get the order shipped, or an invoice.paid and keep the subscription.
Each route is judged on its own: a verified controller does not protect an unverified one beside it,
since a forger simply posts to the other URL. Stripe's own samples verify only 'if (endpointSecret)',
so a deploy that lost the secret silently accepts every forged event instead of failing. A verification
whose catch logs and goes on with the parsed body, one without a timestamp tolerance (a captured event
replays forever), and one handed a body a JSON parser has already consumed protect nothing either.
Parse-only helpers (EventUtility.ParseEvent, Event.construct_from, Event::constructFrom) do not verify.
"""
REMEDIATION = (
    "Verify every event in every handler with the SDK (stripe.webhooks.constructEvent, stripe.Webhook.construct_event, "
    "webhook.ConstructEvent, EventUtility.ConstructEvent, ...) using the raw body, the Stripe-Signature header "
    "and the endpoint's whsec_ secret; return 400 when it fails or the secret is missing, keep the default tolerance, "
    "and give the route the raw body (express.raw before any express.json, bodyParser: false in Next.js pages)."
)

IGNORED_ENVS = {Env.TEST.value, Env.TEMPLATE.value}


def run(ctx):
    signals = [s for s in ctx.inventory.signals if s.environment not in IGNORED_ENVS]
    roots = sorted({dirname(s.path) for s in ctx.inventory.signals_of("project_root")}, key=len, reverse=True)
    verifying_apps = {_app(s.path, roots) for s in signals if s.kind in ("webhook_handler", "webhook_verifier")}
    verifiers = {(_app(s.path, roots), name) for s in signals if s.kind == "webhook_verifier" for name in s.names}
    verifying_modules = {
        (_app(s.path, roots), f"file:{splitext(s.path)[0]}"): s.path for s in signals if s.kind == "webhook_handler"
    }
    for signal in signals:
        app = _app(signal.path, roots)
        calls_a_verifier = any((app, name) in verifiers for name in signal.names)
        if signal.kind == "webhook_verify_conditional":
            yield Finding(
                f"the webhook handler verifies Stripe signatures only if the secret is set: {signal.detail}; "
                "without it every forged event is accepted",
                path=signal.path,
                line=signal.line,
                environment=signal.environment,
            )
        elif signal.kind == "webhook_verify_flawed":
            yield Finding(
                f"the webhook verification does not protect its handler: {signal.detail}",
                path=signal.path,
                line=signal.line,
                environment=signal.environment,
            )
        elif signal.kind == "webhook_body_parsed" and (
            calls_a_verifier or any((app, n) in verifying_modules for n in signal.names)
        ):
            where = next((verifying_modules[app, n] for n in signal.names if (app, n) in verifying_modules), "another file")
            yield Finding(
                f"{signal.detail} parses every request body before the webhook routes mounted after it (verified in "
                f"{where}): the verification gets a parsed object, never the raw bytes Stripe signed, and every "
                "event fails (or the check gets loosened until anything passes)",
                path=signal.path,
                line=signal.line,
                environment=signal.environment,
            )
        elif signal.kind == "webhook_unverified" and not calls_a_verifier:
            elsewhere = "; a verified handler elsewhere in the app does not protect this route" if app in verifying_apps else ""
            yield Finding(
                f"{signal.detail}: nothing in this handler, the functions it calls or a middleware on its route "
                f"verifies the Stripe-Signature header{elsewhere}",
                path=signal.path,
                line=signal.line,
                environment=signal.environment,
            )
        elif signal.kind == "webhook_event_handling" and app not in verifying_apps and not calls_a_verifier:
            yield Finding(
                f"{signal.detail}, but nothing in its app ({app or 'the repository root'}) verifies the Stripe-Signature header",
                path=signal.path,
                line=signal.line,
                environment=signal.environment,
            )


def _app(path, roots):
    """The deepest folder with a project manifest above ``path``; "" for the root."""
    folder = dirname(path)
    return next((root for root in roots if root == "" or folder == root or folder.startswith(root + "/")), "")
