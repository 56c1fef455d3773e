"""Reporters render a :class:`~golive.report.Report` to text; they never decide pass or fail.

Every rendering passes through :func:`golive.keys.scrub` on its way out, so even a bug in a
reporter cannot print a full key.
"""

from __future__ import annotations

from collections.abc import Callable

from golive.keys import scrub
from golive.report import Report
from golive.reporters import github, html, json_report, junit, markdown, sarif, text

RENDERERS: dict[str, Callable[..., str]] = {
    "text": text.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
    "markdown": markdown.render,
    "html": html.render,
}


def render(report: Report, fmt: str, **options: object) -> str:
    return scrub(RENDERERS[fmt](report, **options))
