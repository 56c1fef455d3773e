"""The human report: findings grouped by check, each with its place, value, reasoning and fix.

Every line is made :func:`~golive.reporters.parts.visible` before it is coloured: a file named
``\\x1b]8;;http://evil\\x07.env`` prints as those characters, it does not make a link, clear the
screen or start a line that passes for golive's own.
"""

from __future__ import annotations

from collections.abc import Callable

from golive.report import CheckResult, Outcome, Report
from golive.reporters.parts import visible

STYLES = {"error": "\x1b[1;31m", "warning": "\x1b[33m", "ok": "\x1b[32m", "dim": "\x1b[2m", "bold": "\x1b[1m"}
RESET = "\x1b[0m"


def render(report: Report, color: bool = False) -> str:
    def paint(style: str, text: str) -> str:
        shown = visible(text)
        return f"{STYLES[style]}{shown}{RESET}" if color else shown

    stage = " (commit stage: values injected at deploy are not judged)" if report.stage == "commit" else ""
    lines = [
        paint("bold", f"golive {report.golive_version}: go-live check for {report.target_env}{stage}"),
        f"{report.files_scanned} files scanned, {len(report.inventory.values)} Stripe values found",
        "",
    ]
    for outcome in report.outcomes:
        check = outcome.check
        if outcome.outcome is Outcome.ERROR:
            lines.append(paint("error", f"CRASH {check.id} {check.name}: {outcome.error}"))
            lines.append("")
            continue
        if not outcome.findings:
            continue
        accepted = sum(1 for f in outcome.findings if f.suppression)
        count = f"{len(outcome.findings) - accepted} open, {accepted} accepted" if accepted else str(len(outcome.findings))
        lines.append(paint("bold", f"{check.id} {check.name} ({count})"))
        for f in outcome.findings:
            label = paint(f.level.value, f.level.value.upper())
            if f.suppression:
                label = paint("dim", f"ACCEPTED {f.level.value}")
            subject = f" {f.variable}" if f.variable else ""
            value = f" = {f.value}" if f.value else ""
            lines.append(f"  {label} {visible(f'{f.where}{subject}{value}')}")
            lines.append(visible(f"    {f.message}"))
            if f.suppression:
                until = f", until {f.suppression.expires}" if f.suppression.expires else ""
                lines.append(visible(f"    accepted ({f.suppression.source}{until}): {f.suppression.reason}"))
            for reason in f.evidence:
                lines.append(paint("dim", f"    because {reason}"))
        lines.append(visible(f"  fix: {check.remediation}"))
        lines.append("")
    if report.skipped:
        lines.append(paint("warning", f"skipped ({len(report.skipped)}): not read, or not read in full"))
        lines += [paint("dim", f"  {skipped.path}: {skipped.reason}") for skipped in report.skipped]
    for notice in report.notices:
        lines.append(paint("warning", f"notice: {notice}"))
    by_result: dict[CheckResult, list[str]] = {}
    for outcome in report.outcomes:
        by_result.setdefault(report.result(outcome), []).append(outcome.check.id)
    if by_result.get(CheckResult.PASSED):
        lines.append(paint("ok", f"passed: {', '.join(by_result[CheckResult.PASSED])}"))
    if by_result.get(CheckResult.ACCEPTED):
        lines.append(
            paint(
                "warning",
                f"accepted, not passed: {', '.join(by_result[CheckResult.ACCEPTED])} (every finding accepted, see above)",
            )
        )
    lines += not_run_lines(report, paint)
    lines.append("")
    lines.append(paint("ok" if report.ready else "error", report.verdict))
    return "\n".join(lines) + "\n"


def not_run_lines(report: Report, paint: Callable[[str, str], str]) -> list[str]:
    """Checks that did not run, one line per reason: never listed as passed."""
    reasons: dict[str, list[str]] = {}
    for outcome in report.not_run:
        reasons.setdefault(outcome.reason, []).append(outcome.check.id)
    required = {o.check.id for o in report.required_not_run}
    lines = []
    for reason, ids in reasons.items():
        blocks = " (fails the gate: --require-online)" if required.intersection(ids) else ""
        lines.append(paint("error" if blocks else "warning", f"not run: {', '.join(ids)}: {reason}{blocks}"))
    return lines
