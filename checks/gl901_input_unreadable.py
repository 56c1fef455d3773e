"""GL901: a file golive could not judge."""

from golive import Finding, Severity

ID = "GL901"
NAME = "input-unreadable"
SEVERITY = Severity.WARNING
SUMMARY = "a file could not be read or parsed; it is listed with the reason and the scan goes on"
RATIONALE = """
A gate that cannot read a file cannot vouch for it. A config file that does not parse is still
scanned as plain text for keys (a warning); a file that cannot be read at all was not judged, which
is an error, because golive fails closed.
"""
REMEDIATION = "Fix the file's syntax or permissions, or exclude it in golive.toml if it is not part of the app."


def run(ctx):
    for skipped in ctx.inventory.skipped:
        severity = Severity.ERROR if skipped.unread else Severity.WARNING
        yield Finding(skipped.reason, path=skipped.path, line=0, severity=severity)
