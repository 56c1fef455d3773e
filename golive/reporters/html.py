"""One self-contained HTML page for the reviewer who signs off the go-live.

Jinja2 autoescapes everything, and the page's Content-Security-Policy forbids scripts and remote
loads, so a file named ``<img src=x onerror=alert(1)>.env`` is shown as text and runs nothing.
Control characters in every value are spelled out (``\\x1b``) before escaping.
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined

from golive.inventory import Env, StripeValue
from golive.keys import scrub
from golive.report import Report
from golive.reporters.parts import check_row, visible

ENVIRONMENT_ORDER = [Env.PRODUCTION, Env.STAGING, Env.DEVELOPMENT, Env.TEST, Env.TEMPLATE, Env.UNKNOWN]

_TEMPLATES = Environment(
    loader=PackageLoader("golive.reporters", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    finalize=lambda value: visible(value) if isinstance(value, str) else value,
)


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


def render(report: Report) -> str:
    return _TEMPLATES.get_template("report.html.j2").render(
        report=report, checks=[check_row(o) for o in report.outcomes], environments=environments(report)
    )
