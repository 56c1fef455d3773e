"""GL302: a full live secret key where a restricted key would do."""

from golive import Env, Exposure, Kind, Severity, finding

ID = "GL302"
NAME = "secret-key-where-restricted-fits"
SEVERITY = Severity.WARNING
SUMMARY = "a production server component uses a full sk_live_ key; Stripe recommends restricted keys per component"
RATIONALE = """
A secret key can do everything the account can: move money, read every customer, change webhooks.
Stripe recommends a restricted key per component with only the permissions it needs, so that a
leaked worker key cannot drain the account.
"""
REMEDIATION = (
    "Create a restricted key (rk_live_) with the permissions this component needs, declare its scope in golive.toml, "
    "and use it instead."
)


def run(ctx):
    for item in ctx.inventory.where(Env.PRODUCTION):
        if item.key.is_real and item.key.kind is Kind.SECRET and item.key.mode == "live" and item.exposure is not Exposure.CLIENT:
            yield finding(item, f"full secret key {item.redacted} is used where a restricted key would do")
