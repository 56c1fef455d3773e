"""GL201: a secret that reaches a browser or a mobile app."""

from golive import Env, Exposure, Severity, finding

ID = "GL201"
NAME = "secret-exposed-to-client"
SEVERITY = Severity.ERROR
SUMMARY = "a secret key, restricted key or webhook secret reaches a client: public prefix, bundle, client source"
RATIONALE = """
Only publishable keys (pk_) may reach a client. Anything inlined into a browser bundle or a mobile
app is readable by every visitor with view-source or a decompiler, and a secret key there lets anyone
refund, transfer and read every customer. Framework public prefixes (NEXT_PUBLIC_, VITE_,
EXPO_PUBLIC_, ...) inline values at build time, so the name alone decides the exposure.
"""
REMEDIATION = (
    "Keep the secret on the server without a public prefix; give the client only the pk_ publishable key. Roll the "
    "exposed key in the Dashboard."
)


def run(ctx):
    for item in ctx.inventory.values:
        if item.exposure is not Exposure.CLIENT or item.environment is Env.TEMPLATE or not item.is_secret_kind:
            continue
        if item.key.is_real and item.key.is_secret:
            yield finding(item, f"{item.key.kind.value} key {item.redacted} reaches the client")
        elif item.key.kind is None and item.named_kind:
            yield finding(
                item,
                f"{item.variable} is named as a {item.named_kind.value} and is exposed to the client; "
                "whatever it is set to will be public",
            )
