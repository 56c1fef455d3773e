"""The deploy step's own environment (``--from-env``): the values production will actually get."""

from __future__ import annotations

from collections.abc import Mapping

from golive.sources import Reading, located

PATH = "environment"


def read(environ: Mapping[str, str]) -> Reading:
    reading = Reading()
    for name in sorted(environ):
        if name.startswith("GOLIVE_"):
            continue
        reading.values.extend(located(PATH, 0, name, environ[name], "environment"))
    return reading
