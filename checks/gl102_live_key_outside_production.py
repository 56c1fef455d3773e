"""GL102: a live secret outside production."""

from golive import Env, Kind, Severity, finding

ID = "GL102"
NAME = "live-key-outside-production"
SEVERITY = Severity.WARNING
SUMMARY = "a live secret or restricted key sits in development, test, staging or template config"
RATIONALE = """
A live secret key moves real money. Outside production it is copied to laptops, CI logs, staging
databases and pull requests, where it outlives everyone's memory of it. Staging and development
should use sandbox keys; templates should hold placeholders.
"""
REMEDIATION = (
    "Replace it with a sandbox key (sk_test_/rk_test_) or a placeholder, and roll the live key in the Dashboard if "
    "the file was ever shared."
)

LIVE_SECRET_KINDS = {Kind.SECRET, Kind.RESTRICTED, Kind.ORGANIZATION}
ELSEWHERE = {Env.DEVELOPMENT, Env.TEST, Env.STAGING, Env.TEMPLATE}


def run(ctx):
    for item in ctx.inventory.values:
        if item.environment in ELSEWHERE and item.key.is_real and item.key.mode == "live" and item.key.kind in LIVE_SECRET_KINDS:
            yield finding(item, f"live {item.key.kind.value} key {item.redacted} is in {item.environment.value} config")
