"""GL103: keys of one production target that cannot work together."""

from collections import defaultdict

from golive import Env, Kind, Severity, finding, named_mode

ID = "GL103"
NAME = "mixed-keys"
SEVERITY = Severity.ERROR
SUMMARY = "within one production target, keys disagree on mode (pk_live_ with sk_test_) or on the embedded account id"
RATIONALE = """
A publishable key and a secret key only work together when they come from the same account and the
same mode. A live publishable key with a sandbox secret key creates PaymentIntents the browser cannot
confirm; keys from two accounts fail at checkout with 'No such payment_intent'. Both pass a
key-by-key review.
"""
REMEDIATION = "Take every key of the target from the same Stripe account and the same mode (all live for production)."


def run(ctx):
    targets = defaultdict(list)
    for item in ctx.inventory.where(Env.PRODUCTION):
        if item.key.is_real and item.key.mode and named_mode(item.variable) != "test":  # not the sandbox slot
            targets[item.target].append(item)
    for items in targets.values():
        anchor = next((i for i in items if i.key.kind in (Kind.SECRET, Kind.RESTRICTED)), items[0])
        for item in items:
            if item.key.mode != anchor.key.mode:
                yield finding(
                    item,
                    f"{item.key.label} key {item.redacted} is {item.key.mode} mode, but "
                    f"{anchor.key.label} key at {anchor.where} in the same target is {anchor.key.mode} mode",
                )
            elif item.key.account and anchor.key.account and item.key.account != anchor.key.account:
                yield finding(
                    item,
                    f"{item.key.label} key {item.redacted} appears to belong to account {_short(item.key.account)}, "
                    f"but {anchor.key.label} key at {anchor.where} to {_short(anchor.key.account)}",
                )


def _short(account):
    """The embedded account id is 16 characters of the key's body: show only its last four."""
    return f"acct_…{account[-4:]}"
