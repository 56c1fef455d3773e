"""GL101: a sandbox key configured for production."""

from golive import Env, Kind, Severity, finding, named_mode

ID = "GL101"
NAME = "test-key-in-production"
SEVERITY = Severity.ERROR
SUMMARY = "a real sandbox key (sk_test_, rk_test_, pk_test_) is configured for production"
RATIONALE = """
Sandbox keys talk to Stripe's test environment: in production every charge is simulated, no money
moves, and customers are told their payment succeeded. It is the most common go-live mistake, and it
is silent until someone reconciles the payouts.
"""
REMEDIATION = (
    "Set the production variable to the live key from the Dashboard (sk_live_, rk_live_, pk_live_), injected by the "
    "deploy environment."
)

MODE_KINDS = {Kind.SECRET, Kind.RESTRICTED, Kind.PUBLISHABLE, Kind.ORGANIZATION}


def run(ctx):
    for item in ctx.inventory.where(Env.PRODUCTION):
        if item.key.is_real and item.key.mode == "test" and item.key.kind in MODE_KINDS and named_mode(item.variable) != "test":
            yield finding(item, f"sandbox {item.key.kind.value} key {item.redacted} is configured for production")
