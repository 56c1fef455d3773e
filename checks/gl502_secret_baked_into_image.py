"""GL502: a Stripe secret in a Dockerfile ENV or ARG."""

from golive import Env, Severity, finding

ID = "GL502"
NAME = "secret-baked-into-image"
SEVERITY = Severity.ERROR
SUMMARY = "a Stripe secret in a Dockerfile ENV or ARG (error for live keys, warning otherwise)"
RATIONALE = """
ENV values are stored in the image config and ARG values in its build history: `docker history` and
`docker inspect` show them to anyone who can pull the image, from any registry or cache it was pushed
to, long after the Dockerfile changed. A build argument named for a secret carries the secret into
the history even when the Dockerfile holds no value.
"""
REMEDIATION = """Pass the secret at run time (the orchestrator's secret store, `docker run --env-file`), or
at build time through a BuildKit secret mount (`RUN --mount=type=secret,id=stripe`), never ENV or ARG.
Roll a live key that was baked into a pushed image."""


def run(ctx):
    for item in ctx.inventory.values:
        if item.source != "dockerfile" or not item.is_secret_kind:
            continue
        if item.key.is_real:
            live = item.key.mode == "live" or (item.key.mode is None and item.environment is Env.PRODUCTION)
            severity = Severity.ERROR if live else Severity.WARNING
            yield finding(
                item, f"{item.key.label} key {item.redacted} in {item.variable} is baked into the image", severity=severity
            )
        elif item.key.kind is None or item.key.is_secret:
            yield finding(
                item,
                f"{item.variable} is named as a {item.kind.value} and is set through the Dockerfile; "
                "whatever it holds at build time is baked into the image",
                severity=Severity.WARNING,
            )
