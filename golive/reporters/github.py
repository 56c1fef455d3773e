"""GitHub Actions workflow commands, so findings show inline on the pull request.

Everything from the scanned tree is escaped the way the runner decodes it, so a file name holding a
newline cannot start a workflow command of its own; other control characters are spelled out
(``\\x1b``), since the runner has no escape for them and the log viewer acts on ANSI sequences.
"""

from __future__ import annotations

from golive.api import Finding
from golive.report import Report
from golive.reporters.parts import explanation, visible
from golive.sources.environ import PATH as ENVIRONMENT_PATH


def escape_data(text: str) -> str:
    return visible(text, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def annotation(f: Finding) -> str:
    lines = explanation(f)
    title = f"{f.check_id} {f.check_name}"
    if f.suppression:
        expiry = f" until {f.suppression.expires}" if f.suppression.expires else ""
        lines.append(f"accepted ({f.suppression.source}{expiry}): {f.suppression.reason}")
        name, title = "notice", f"{title} (accepted)"
    else:
        lines.append(f"fix: {f.remediation}")
        name = f.level.value
    located = f.path != ENVIRONMENT_PATH
    return command(name, "\n".join(lines), file=f.path if located else "", line=f.line if located else 0, title=title)


def render(report: Report) -> str:
    lines = [annotation(f) for f in report.findings]
    lines += [
        command("error", f"check crashed, so this run proves nothing: {o.error}", title=f"{o.check.id} {o.check.name}")
        for o in report.crashed
    ]
    required = {o.check.id for o in report.required_not_run}
    lines += [
        command(
            "error" if o.check.id in required else "notice",
            f"did not run, so it verified nothing: {o.reason}"
            + ("; --require-online makes this fail the gate" if o.check.id in required else ""),
            title=f"{o.check.id} {o.check.name} (not run)",
        )
        for o in report.not_run
    ]
    lines += [command("warning", notice, title="golive notice") for notice in report.notices]
    lines.append(visible(report.verdict))
    return "\n".join(lines) + "\n"
