"""A pull-request comment: the verdict first, a table per check, then each finding with its reasoning.

Names from the scanned tree go into code spans (HTML inside them is inert) whose fence outgrows any
backtick run in the name; prose that quotes them escapes HTML and Markdown's active characters.
Pipes are escaped in table cells, since a cell ends at the first bare ``|``. Bare URLs in prose are
broken with a backslash (``http\\://``), so that GitHub does not turn a file name into a link, and
control characters are spelled out everywhere (``\\x1b``).
"""

from __future__ import annotations

import html
import re

from golive.api import Finding
from golive.report import CheckResult, Report
from golive.reporters.parts import check_row, visible

ACTIVE = re.compile(r"([\\`*\[\]|~])")  # not _: GitHub never emphasises inside STRIPE_SECRET_KEY
AUTOLINK = re.compile(r"(?<=[A-Za-z]):(?=//)|(?<=\b[Ww]{3})\.")  # GitHub links http://… and www.… in prose


def text(value: str) -> str:
    """Prose that may quote scanned names: one line, no HTML, no Markdown syntax."""
    escaped = ACTIVE.sub(r"\\\1", html.escape(visible(" ".join(value.split())), quote=False))
    return AUTOLINK.sub(r"\\\g<0>", escaped)


def code(value: str, cell: bool = False) -> str:
    """A code span that holds any string, backticks included; in a table ``cell`` its pipes are escaped."""
    flat = visible(" ".join(value.split()))
    flat = flat.replace("|", "\\|") if cell else flat
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def subject(f: Finding) -> str:
    parts = [code(f.where)]
    if f.variable:
        parts.append(code(f.variable))
    if f.value:
        parts.append(f"= {code(f.value)}")
    return " ".join(parts)


#: How a result reads in the table: only a pass is plain; what did not pass cannot pass for green.
RESULT_MARKUP = {
    "pass": "pass",
    "fail": "**fail**",
    "warn": "warn",
    "accepted": "_accepted_",
    "not run": "**not run**",
    "crashed": "**crashed**",
}


def summary_table(report: Report) -> list[str]:
    lines = ["| check | name | severity | result | open | accepted |", "|---|---|---|---|---|---|"]
    for row in (check_row(o, report) for o in report.outcomes):
        lines.append(
            f"| {text(row.id)} | {text(row.name)} | {row.severity} | {RESULT_MARKUP[row.result]} | {row.open} | {row.accepted} |"
        )
    return lines


def not_run_section(report: Report) -> list[str]:
    required = {o.check.id for o in report.required_not_run}
    lines = ["## Not run", "", "These checks did not run, so they verified nothing:", ""]
    for o in report.not_run:
        blocks = " **Fails the gate: --require-online.**" if o.check.id in required else ""
        lines.append(f"- {text(o.check.id)} {text(o.check.name)}: {text(o.reason)}{blocks}")
    return lines + [""]


def findings_section(report: Report) -> list[str]:
    lines = []
    for o in report.outcomes:
        open_findings = [f for f in o.findings if not f.suppression]
        if not open_findings:
            continue
        lines += [f"### {text(o.check.id)} {text(o.check.name)}", ""]
        for f in open_findings:
            lines.append(f"- **{f.level.value}** {subject(f)}  ")
            lines.append(f"  {text(f.message)}")
            lines += [f"  - because {text(reason)}" for reason in f.evidence]
            if f.remediation != o.check.remediation:
                lines.append(f"  - fix: {text(f.remediation)}")
        lines += ["", f"**How to fix it:** {text(o.check.remediation)}", ""]
    return lines


def accepted_section(report: Report) -> list[str]:
    lines = [
        "## Accepted findings",
        "",
        "Not passes: these findings stand, and do not fail the gate because someone accepted the risk, for the reason given.",
        "",
        "| check | where | variable | value | reason | expires | source |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in report.suppressed:
        s = f.suppression
        assert s is not None
        lines.append(
            f"| {f.check_id} | {code(f.where, cell=True)} | {code(f.variable, cell=True) if f.variable else ''} | "
            f"{code(f.value, cell=True) if f.value else ''} | {text(s.reason)} | {text(s.expires) or 'never'} | "
            f"{text(s.source)} |"
        )
    return lines + [""]


def render(report: Report) -> str:
    mark = "READY" if report.ready else "NOT READY"
    tally = report.tally()
    lines = [
        f"## golive: {mark} for {text(report.target_env)}",
        "",
        f"**{text(report.verdict)}**",
        "",
        f"golive {text(report.golive_version)}: {report.files_scanned} files scanned, "
        f"{len(report.inventory.values)} Stripe values found, {len(report.outcomes)} checks: "
        f"{tally[CheckResult.PASSED]} passed, {tally[CheckResult.NOT_RUN]} not run; "
        f"{len(report.suppressed)} finding(s) accepted, {len(report.skipped)} path(s) skipped"
        + (" (commit stage)." if report.stage == "commit" else "."),
        "",
    ]
    for o in report.crashed:
        lines += [f"> **{o.check.id} crashed:** {text(o.error)}. This run proves nothing.", ""]
    lines += summary_table(report) + [""]
    details = findings_section(report)
    if details:
        lines += ["## Findings", "", *details]
    if report.not_run:
        lines += not_run_section(report)
    if report.suppressed:
        lines += accepted_section(report)
    if report.notices:
        lines += ["## Notices", "", *(f"- {text(notice)}" for notice in report.notices), ""]
    if report.skipped:
        lines += [
            "## Skipped",
            "",
            "Not read, or not read in full:",
            "",
            *(f"- {code(s.path)}: {text(s.reason)}" for s in report.skipped),
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"
