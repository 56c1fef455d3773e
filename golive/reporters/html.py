"""One self-contained HTML page for the reviewer who signs off the go-live.

The first screen says what blocks and why, and what was not verified (checks that did not run,
accepted findings, files left unread); then when and where it ran (path, commit, config), a table of
checks linking to their findings, and what each environment runs with. It reads on a phone as on a
desktop: no horizontal scroll, names broken only at their separators (``/``, ``_``, ``.``).

Jinja2 autoescapes everything, and the page's Content-Security-Policy forbids scripts and remote
loads, so a file named ``<img src=x onerror=alert(1)>.env`` is shown as text and runs nothing.
Control characters in every value are spelled out (``\\x1b``) before escaping.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from golive.api import Finding
from golive.environments import Env
from golive.inventory import StripeValue
from golive.keys import scrub
from golive.report import CheckOutcome, Outcome, Report
from golive.reporters.parts import visible

ENVIRONMENT_ORDER = [Env.PRODUCTION, Env.STAGING, Env.DEVELOPMENT, Env.TEST, Env.TEMPLATE, Env.UNKNOWN]
#: Where a long name may break: after a path or word separator, never inside a word (nor inside `.env.production`).
_SEPARATOR = re.compile(r"(?<=[/_\-:=,@])")
UNBROKEN = 36  # characters a phone's line holds in the report's monospace: shorter names never break


def breakable(text: object) -> Markup:
    """``text`` escaped, with a line-break opportunity after each separator: a path wraps at its slashes
    on a phone and stays whole on a desktop. Scrubbed first: a ``<wbr>`` inside a key would hide it from
    the scrubber every report passes through on its way out."""
    shown = scrub(visible(str(text)))
    if len(shown) <= UNBROKEN:
        return Markup('<span class="nw">{}</span>').format(shown)
    return Markup("<wbr>").join(escape(part) for part in _SEPARATOR.split(shown))


def _finalize(value: object) -> object:
    if isinstance(value, Markup):
        return value
    return visible(value) if isinstance(value, str) else value


_TEMPLATES = Environment(
    loader=PackageLoader("golive.reporters", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    finalize=_finalize,
)
_TEMPLATES.filters["breakable"] = breakable


@dataclass(frozen=True)
class CheckLine:
    """A check as the table shows it. ``status`` is the style: a check whose open findings are all
    warnings that do not block is ``warn``, never a red fail; one that did not run is ``not-run``."""

    id: str
    name: str
    severity: str
    status: str  # pass, fail, warn, accepted, not-run, crashed
    label: str
    detail: str  # why it did not run, or how it crashed
    open: int
    accepted: int


def check_line(outcome: CheckOutcome, report: Report) -> CheckLine:
    accepted = sum(1 for f in outcome.findings if f.suppression)
    open_findings = [f for f in outcome.findings if not f.suppression]
    check = outcome.check
    if outcome.outcome is Outcome.ERROR:
        status, label, detail = "crashed", "crashed", outcome.error
    elif outcome.outcome is Outcome.NOT_RUN:
        status, label, detail = "not-run", "not run", outcome.reason
    elif any(f.level.rank >= report.fail_on.rank for f in open_findings):
        status, label, detail = "fail", "fail", ""
    elif open_findings:
        status, label, detail = "warn", "warning", ""
    else:
        status, label, detail = ("accepted", "accepted", "") if accepted else ("pass", "pass", "")
    return CheckLine(check.id, check.name, check.severity.value, status, label, scrub(detail), len(open_findings), accepted)


@dataclass(frozen=True)
class Blocker:
    """One check's blocking findings, for the first screen."""

    id: str
    name: str
    findings: tuple[Finding, ...]


def blockers(report: Report) -> list[Blocker]:
    blocking = report.blocking()
    found = []
    for outcome in report.outcomes:
        mine = tuple(f for f in blocking if f.check_id == outcome.check.id)
        if mine:
            found.append(Blocker(outcome.check.id, outcome.check.name, mine))
    return found


def inventory_row(value: StripeValue) -> dict[str, str]:
    """One inventory value for the page, scrubbed before escaping (``&#39;`` would hide a key from scrub):
    the names and reasons come from the tree and may hold a key."""
    key = value.key
    row = {
        "where": value.where,
        "variable": value.variable or "",
        "value": value.redacted,
        "kind": value.kind.value if value.kind else "",
        "mode": key.mode or "",
        "status": "name only" if value.name_only else key.status.value,
        "problem": "" if value.name_only else key.problem,
        "exposure": value.exposure.value,
        "environment_reason": value.environment_reason,
        "exposure_reason": value.exposure_reason,
    }
    return {name: scrub(text) for name, text in row.items()}


def environments(report: Report) -> list[tuple[str, list[dict[str, str]]]]:
    """The inventory per environment, production first: what each deploy will run with."""
    return [
        (env.value, [inventory_row(v) for v in report.inventory.where(env)])
        for env in ENVIRONMENT_ORDER
        if report.inventory.where(env)
    ]


def render(report: Report, run: Mapping[str, str] | None = None) -> str:
    """``run``: when and where it ran, for the sign-off (``ran_at``, ``path``, ``commit``, ``config``);
    the CLI records them, a report rendered from code may have none."""
    lines = [check_line(o, report) for o in report.outcomes]
    tally = {
        status: sum(1 for line in lines if line.status == status)
        for status in ("pass", "fail", "warn", "accepted", "not-run", "crashed")
    }
    return _TEMPLATES.get_template("report.html.j2").render(
        report=report,
        checks=lines,
        tally=tally,
        blockers=blockers(report),
        environments=environments(report),
        not_run=[line for line in lines if line.status == "not-run"],
        unread=[s for s in report.skipped if s.unread],
        run={name: scrub(value) for name, value in (run or {}).items() if value},
    )
