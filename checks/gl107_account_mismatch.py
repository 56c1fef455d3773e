"""GL107: production keys belong to different Stripe accounts, by Stripe's own word."""

from golive import NotRun, Severity, compare_accounts, finding, require_answers

ID = "GL107"
NAME = "account-mismatch"
SEVERITY = Severity.ERROR
ONLINE = True
SUMMARY = (
    "production keys belong to different accounts (all apps of the tree and --from-env together): the account Stripe "
    "names vs the others' [--online]"
)
RATIONALE = """
Keys from two accounts fail together at checkout ('No such payment_intent'), and webhooks signed by
one account never match the other's secret. Everything that deploys to production is compared: a
monorepo's web app publishing one account's key while its API charges with another's fails just the
same. Offline, golive can only compare the account ids that current-format keys appear to embed;
online, Stripe names the account of each secret and restricted key, and the id embedded in
publishable keys is compared with that. A key whose account cannot be told is named in the report.
"""
REMEDIATION = "Take every production key from the one Stripe account the app runs on; roll and replace the stray key."


def run(ctx):
    require_answers(ctx)
    comparison = compare_accounts(ctx)
    if not comparison.compared and comparison.untold:
        raise NotRun("no two production keys could be compared: " + "; ".join(comparison.untold))
    for item, message in comparison.mismatches:
        yield finding(item, message)
