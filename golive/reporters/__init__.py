"""Reporters render a :class:`~golive.report.Report` to text; they never decide pass or fail.

Every rendering passes through :func:`golive.keys.scrub` on its way out, so even a bug in a
reporter cannot print a full key. Each is imported when its format is asked for: HTML's Jinja2 costs
more than a small check.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from golive.keys import scrub

if TYPE_CHECKING:
    from golive.report import Report

#: Format name -> module with ``render(report, **options) -> str``.
RENDERERS: dict[str, str] = {
    "text": "golive.reporters.text",
    "json": "golive.reporters.json_report",
    "sarif": "golive.reporters.sarif",
    "junit": "golive.reporters.junit",
    "github": "golive.reporters.github",
    "markdown": "golive.reporters.markdown",
    "html": "golive.reporters.html",
}


def render(report: Report, fmt: str, **options: object) -> str:
    return scrub(renderer(fmt)(report, **options))


def renderer(fmt: str) -> Callable[..., str]:
    """The format's ``render``, its module imported: the CLI asks for it before the tree's reading ends,
    so that on a large tree the import overlaps the workers' reading rather than following it."""
    return importlib.import_module(RENDERERS[fmt]).render
