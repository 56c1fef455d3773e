"""GL902: a key golive asked Stripe about, and got no usable answer for."""

from golive import Env, KeyStatus, Severity, finding, require_sent, verified_items

ID = "GL902"
NAME = "verification-incomplete"
SEVERITY = Severity.ERROR
ONLINE = True
SUMMARY = (
    "a key could not be verified (timeout, 5xx, rate limit exhausted, network down, redirect, an answer that is not "
    "Stripe's, such as a gateway's 403) [--online]"
)
RATIONALE = """
golive fails closed: an unanswered question is not a yes. If Stripe could not be asked, or did not
answer in time, the key's validity, account and scope are unknown, and the gate must not pass on
the strength of checks that never ran.
"""
REMEDIATION = (
    "Run again when the Stripe API is reachable (https://status.stripe.com); check proxies and firewalls between the "
    "runner and api.stripe.com."
)


def run(ctx):
    require_sent(ctx)
    verified = verified_items(ctx)
    for item, facts in verified:
        if facts is None:
            yield finding(item, f"{item.key.label} key {item.redacted} was not verified: golive recorded no answer for it")
        elif not facts.complete:
            how = "" if facts.status is KeyStatus.UNVERIFIED else "fully "
            yield finding(item, f"{item.key.label} key {item.redacted} could not be {how}verified: {'; '.join(facts.problems)}")
    if ctx.settings.webhooks.endpoints:
        readers = [(i, f) for i, f in verified if i.environment is Env.PRODUCTION and f and f.status is KeyStatus.VALID]
        if readers and all(f.webhook_endpoints is None for _, f in readers):
            yield finding(
                readers[0][0],
                "no production key could list webhook endpoints (a restricted key needs "
                "rak_webhook_read), so the endpoints declared in golive's config were not checked",
            )
