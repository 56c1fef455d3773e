"""GL106: Stripe says the key does not work."""

from golive import KeyStatus, Severity, finding, require_answers, verified_items

ID = "GL106"
NAME = "key-rejected"
SEVERITY = Severity.ERROR
ONLINE = True
SUMMARY = "Stripe answers its 401 error for a secret or restricted key (invalid, rolled or expired key) [--online]"
RATIONALE = """
A key can look perfect and still be dead: rolled after a leak, expired on schedule, deleted with the
component that used it, or copied from another account's Dashboard. Offline checks cannot tell; only
Stripe can. A dead key fails the first payment after the deploy.
"""
REMEDIATION = "Copy the current key from the Dashboard (Developers > API keys) into the deploy environment's secret store."


def run(ctx):
    require_answers(ctx)
    for item, facts in verified_items(ctx):
        if facts is not None and facts.status is KeyStatus.REJECTED:
            yield finding(item, f"Stripe rejected {item.key.label} key {item.redacted} (401): {facts.message}")
