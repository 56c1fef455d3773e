"""GL402: Stripe events are acted on without a verified signature."""

from posixpath import dirname

from golive import Env, Finding, Severity

ID = "GL402"
NAME = "webhook-signature-not-verified"
SEVERITY = Severity.ERROR
SUMMARY = "code handles Stripe events (checkout.session.completed and friends) but never verifies the signature, or verifies only when the secret happens to be set"
RATIONALE = """
A webhook URL is public. Without a Stripe-Signature check, anyone who finds it can post a forged
checkout.session.completed and get the order shipped, or an invoice.paid and keep the subscription.
Stripe's own samples verify only 'if (endpointSecret)', so a deploy that lost the secret silently
accepts every forged event instead of failing.
"""
REMEDIATION = (
    "Verify every event with the SDK (stripe.webhooks.constructEvent, stripe.Webhook.construct_event, "
    "webhook.ConstructEvent, EventUtility.ConstructEvent, ...) using the raw body, the Stripe-Signature header "
    "and the endpoint's whsec_ secret; fail the request when the secret is missing instead of skipping verification."
)

IGNORED_ENVS = {Env.TEST.value, Env.TEMPLATE.value}


def run(ctx):
    signals = [s for s in ctx.inventory.signals if s.environment not in IGNORED_ENVS]
    roots = sorted({dirname(s.path) for s in ctx.inventory.signals_of("project_root")}, key=len, reverse=True)
    verifying_apps = {_app(s.path, roots) for s in signals if s.kind == "webhook_handler"}
    for signal in signals:
        if signal.kind == "webhook_verify_conditional":
            yield Finding(f"the webhook handler verifies Stripe signatures only if the secret is set: {signal.detail}; "
                          "without it every forged event is accepted", path=signal.path, line=signal.line,
                          environment=signal.environment)
        elif signal.kind == "webhook_event_handling" and _app(signal.path, roots) not in verifying_apps:
            app = _app(signal.path, roots) or "the repository root"
            yield Finding(f"the code {signal.detail} from Stripe events, but nothing in its app ({app}) verifies "
                          "the Stripe-Signature header", path=signal.path, line=signal.line, environment=signal.environment)


def _app(path, roots):
    """The deepest folder with a project manifest above ``path``; "" for the root."""
    folder = dirname(path)
    return next((root for root in roots if root == "" or folder == root or folder.startswith(root + "/")), "")
