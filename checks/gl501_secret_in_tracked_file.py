"""GL501: a secret committed to git."""

from golive import Env, Severity, finding

ID = "GL501"
NAME = "secret-in-tracked-file"
SEVERITY = Severity.ERROR
SUMMARY = "a secret key, restricted key or webhook secret sits in a file tracked by git (error for live, warning for test)"
RATIONALE = """
A committed key is in every clone, every fork, every CI cache and in history for good: deleting the
line does not take it back. Anyone with read access to the repository can move money with a live key.
A sandbox key cannot, but it still opens the test account's data and teaches the team to commit keys.
golive asks git which files it tracks; outside a git work tree the check does not apply.
"""
REMEDIATION = """Roll the key in the Stripe Dashboard (the committed one is burnt), move the new one to the
deploy environment's secret store, and stop tracking the file (git rm --cached, add it to .gitignore)."""


def run(ctx):
    for item in ctx.inventory.values:
        if item.tracked and item.key.is_real and item.key.is_secret:
            yield finding(
                item, f"{item.key.label} key {item.redacted} is committed to git in {item.path}", severity=_severity(item)
            )


def _severity(item):
    live = item.key.mode == "live" or (item.key.mode is None and item.environment is Env.PRODUCTION)
    return Severity.ERROR if live else Severity.WARNING
