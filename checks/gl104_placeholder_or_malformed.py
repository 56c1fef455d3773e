"""GL104: a production Stripe variable that cannot work."""

from golive import Env, Kind, Severity, Status, finding, mentions_stripe, named_mode

ID = "GL104"
NAME = "placeholder-or-malformed"
SEVERITY = Severity.ERROR
SUMMARY = "a production Stripe variable is empty, a placeholder, truncated, quoted wrongly, or has whitespace"
RATIONALE = """
A key copied with a trailing space, wrapped in an extra pair of quotes, cut short by a terminal, or
left as 'sk_live_...' from the template passes every deploy step and fails on the first payment.
Stripe answers 'Invalid API Key provided', and the checkout page is down until someone redeploys.
"""
REMEDIATION = "Paste the full key from the Dashboard, without quotes or spaces, into the deploy environment's secret store."

BROKEN = {Status.EMPTY, Status.PLACEHOLDER, Status.MALFORMED, Status.REDACTED, Status.FOREIGN}
SECRET_NAMED = {Kind.SECRET, Kind.RESTRICTED, Kind.ORGANIZATION}


def run(ctx):
    for item in ctx.inventory.where(Env.PRODUCTION):
        if item.name_only or named_mode(item.variable) == "test":  # a sandbox slot production does not use
            continue
        key, promised = item.key, item.named_kind
        if key.status in BROKEN and (key.kind or promised):
            yield finding(item, f"{item.variable or 'value'} is {_what(key)}")
        elif key.is_real and promised and mentions_stripe(item.variable) and not _fits(key.kind, promised):
            yield finding(
                item, f"{item.variable} holds a {key.kind.value} key {item.redacted}, but its name says {promised.value}"
            )


def _what(key):
    if key.status is Status.EMPTY:
        return "empty"
    if key.status is Status.FOREIGN:
        return f"{key.redacted}, which is not a Stripe key"
    return f"{key.redacted}: {key.problem}"


def _fits(kind, promised):
    return kind is promised or (promised in SECRET_NAMED and kind in SECRET_NAMED)
