"""GL107: keys of one production target belong to different Stripe accounts, by Stripe's own word."""

from collections import defaultdict

from golive import Env, Kind, Severity, finding
from golive.online.facts import KeyStatus

ID = "GL107"
NAME = "account-mismatch"
SEVERITY = Severity.ERROR
ONLINE = True
SUMMARY = "keys of one production target belong to different accounts: the account GET /v1/account names vs the account of the others [--online]"
RATIONALE = """
Keys from two accounts fail together at checkout ('No such payment_intent'), and webhooks signed by
one account never match the other's secret. Offline, golive can only compare the account ids that
current-format keys appear to embed; online, Stripe names the account of each secret and restricted
key, and the id embedded in publishable keys is compared with that.
"""
REMEDIATION = "Take every key of the target from the one Stripe account the app runs on; roll and replace the stray key."


def run(ctx):
    if ctx.online is None:
        return
    targets = defaultdict(list)
    for item in ctx.inventory.where(Env.PRODUCTION):
        if not item.name_only and item.key.is_real and item.key.mode:
            targets[item.target].append(item)
    for items in targets.values():
        anchor, account = _anchor(ctx, items)
        if anchor is None:
            continue
        trust_embedded = anchor.key.account in (None, account)  # the embedding holds for this account
        for item in items:
            if item.key.mode != anchor.key.mode or item.key.value == anchor.key.value:
                continue
            facts = ctx.online.about(item)
            if facts is not None:  # sent to Stripe: its answer decides; a dead or unanswered key is GL106's or GL902's
                if facts.account and facts.account != account:
                    yield finding(item, f"Stripe says {item.key.label} key {item.redacted} belongs to {facts.account}, but "
                                  f"{anchor.key.label} key at {anchor.where} belongs to {account}")
            elif trust_embedded and item.key.account and item.key.account != account:
                yield finding(item, f"{item.key.label} key {item.redacted} embeds account {item.key.account}, but Stripe says "
                              f"{anchor.key.label} key at {anchor.where} belongs to {account}")


def _anchor(ctx, items):
    """The key whose account Stripe named, a secret key first."""
    named = []
    for item in items:
        facts = ctx.online.about(item)
        if facts is not None and facts.status is KeyStatus.VALID and facts.account:
            named.append((item.key.kind is not Kind.SECRET, item.path, item.line, item, facts.account))
    if not named:
        return None, None
    *_, item, account = min(named, key=lambda entry: entry[:3])
    return item, account
