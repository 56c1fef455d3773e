"""GL303: a restricted key that can read a resource its declared scope does not grant."""

from golive import NotRun, Severity, finding, probed_keys, require_answers, unneeded_reads, unprobed_keys

ID = "GL303"
NAME = "restricted-key-overscoped"
SEVERITY = Severity.ERROR
ONLINE = True
SUMMARY = (
    "a production restricted key can read one of the 12 probed resources its declared scope does not grant "
    "(a read probe answers 200), or (a warning) one that no Stripe call of the components reading it needs; "
    "write access and unprobed resources are not judged [--online]"
)
RATIONALE = """
A declared scope is a promise about what a leaked key could do. Keys drift: someone ticks one more
box in the Dashboard to fix an outage and never unticks it. golive probes the key with 12 read-only
list requests; a 200 where the scope says none means the key is broader than anyone reviewed. GET
probes cannot see write permissions nor resources golive does not probe: the report says so for each
key, so a pass here is never read as "the key can do no more than its scope". A read the declared
scope allows but no Stripe call of the key's components needs (golive scope) is named too, as a
warning: the scope was written wider than the code; not when some of those calls golive cannot resolve.
"""
REMEDIATION = (
    "Remove the extra permission from the key in the Dashboard (Developers > API keys > Edit), or declare it in "
    "golive.toml if the component needs it."
)


def run(ctx):
    require_answers(ctx)
    probed = probed_keys(ctx)
    if not probed and (unprobed := unprobed_keys(ctx)):
        raise NotRun("no production restricted key with a declared scope was probed: " + "; ".join(unprobed))
    for item, scope, facts in probed:
        for probe in facts.probes:
            if probe.granted and scope.access(probe.names) == "none":
                yield finding(
                    item,
                    f"restricted key {item.redacted} in {item.variable} holds {probe.permission}: it can read "
                    f"{probe.resource}, which its declared scope does not grant",
                )
    for unneeded in unneeded_reads(ctx):
        item, probe = unneeded.item, unneeded.probe
        yield finding(
            item,
            f"restricted key {item.redacted} in {item.variable} holds {probe.permission}: it can read {probe.resource}, "
            f"which no Stripe call of {', '.join(c.label for c in unneeded.components)} needs (the code uses "
            f"{unneeded.uses})",
            Severity.WARNING,
        )
