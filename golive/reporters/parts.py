"""Pieces several reports share: a check's row in a summary table, a finding explained in lines."""

from __future__ import annotations

from dataclasses import dataclass

from golive.api import Finding
from golive.report import CheckOutcome, Outcome


@dataclass(frozen=True)
class CheckRow:
    id: str
    name: str
    severity: str
    result: str  # pass, fail, accepted (every finding waived) or crashed
    open: int
    accepted: int


def check_row(outcome: CheckOutcome) -> CheckRow:
    accepted = sum(1 for f in outcome.findings if f.suppression)
    open_count = len(outcome.findings) - accepted
    if outcome.outcome is Outcome.ERROR:
        result = "crashed"
    else:
        result = "fail" if open_count else "accepted" if accepted else "pass"
    check = outcome.check
    return CheckRow(check.id, check.name, check.severity.value, result, open_count, accepted)


def explanation(f: Finding) -> list[str]:
    """What is wrong, with which value, and how environment and exposure were decided."""
    lines = [f.message]
    if f.variable:
        lines.append(f"{f.variable} = {f.value}" if f.value else f.variable)
    return lines + [f"because {reason}" for reason in f.evidence]
