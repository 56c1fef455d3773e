"""Pieces several reports share: a check's row in a summary table, a finding explained in lines, and
the one sanitiser every format uses for text that comes from the scanned tree."""

from __future__ import annotations

import re
from dataclasses import dataclass

from golive.api import Finding
from golive.report import CheckOutcome, CheckResult, Outcome, Report


@dataclass(frozen=True)
class CheckRow:
    id: str
    name: str
    severity: str
    result: str  # pass, fail, warn (open findings below --fail-on), accepted (every finding waived), not run or crashed
    open: int
    accepted: int
    reason: str = ""  # why it did not run


#: A check's result as a table shows it (golive.report.CheckResult's words, short).
RESULT_WORDS = {
    CheckResult.PASSED: "pass",
    CheckResult.FAILED: "fail",
    CheckResult.WARNED: "warn",
    CheckResult.ACCEPTED: "accepted",
    CheckResult.NOT_RUN: "not run",
    CheckResult.CRASHED: "crashed",
}


def check_row(outcome: CheckOutcome, report: Report | None = None) -> CheckRow:
    """``report`` decides whether open findings fail the gate; without it, any open finding is a fail."""
    accepted = sum(1 for f in outcome.findings if f.suppression)
    open_count = len(outcome.findings) - accepted
    if report is not None:
        result = RESULT_WORDS[report.result(outcome)]
    elif outcome.outcome is Outcome.ERROR:
        result = "crashed"
    elif outcome.outcome is Outcome.NOT_RUN:
        result = "not run"
    else:
        result = "fail" if open_count else "accepted" if accepted else "pass"
    check = outcome.check
    return CheckRow(check.id, check.name, check.severity.value, result, open_count, accepted, outcome.reason)


def explanation(f: Finding) -> list[str]:
    """What is wrong, with which value, and how environment and exposure were decided."""
    lines = [f.message]
    if f.variable:
        lines.append(f"{f.variable} = {f.value}" if f.value else f.variable)
    return lines + [f"because {reason}" for reason in f.evidence]


#: Characters that act instead of showing: C0 and C1 controls and DEL (terminal escape sequences,
#: carriage returns, backspaces), Unicode line separators and bidirectional overrides (text that
#: reads other than it is), lone surrogates (bytes of a name that are not UTF-8, unwritable as
#: UTF-8) and the two non-characters XML forbids. File and variable names may hold any of them.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def spelled(char: str) -> str:
    """``\\x1b``, ``\\n``, ``\\u202e``: the character as a Python literal would write it. A surrogate
    that stands for a byte of a non-UTF-8 name is shown as that byte."""
    point = ord(char)
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    if 0xDC80 <= point <= 0xDCFF:
        point -= 0xDC00
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"


def visible(text: str, keep: str = "") -> str:
    """``text`` with every :data:`UNPRINTABLE` character spelled out, except those in ``keep`` (line
    breaks a format escapes its own way), so a name from the tree cannot drive the reader's terminal,
    start a line of its own or reverse what follows it."""
    return UNPRINTABLE.sub(lambda match: match.group(0) if match.group(0) in keep else spelled(match.group(0)), text)


def json_safe(document: str) -> str:
    """A JSON document with every :data:`UNPRINTABLE` character as a ``\\uXXXX`` escape: the same data
    (json.dumps leaves C1 controls, separators and surrogates raw), and nothing a terminal acts on when
    the file is printed. The document's own line breaks are outside strings, and kept."""
    return UNPRINTABLE.sub(lambda match: "\n" if match.group(0) == "\n" else f"\\u{ord(match.group(0)):04x}", document)
