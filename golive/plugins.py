"""Load checks from the ``golive.checks`` entry-point group, built-ins included.

The entry-point name is the id prefix (``GL`` for golive's own); its value is a sequence of checks or
a callable returning one. Loading fails loudly: a plugin that does not import, a check with bad
metadata, a duplicate id, or no checks at all is a :class:`PluginError` (exit 3), never a quiet pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib.metadata import EntryPoint, entry_points

from golive.api import CheckSpec

GROUP = "golive.checks"
PREFIX = re.compile(r"^[A-Z]{2,4}$")
CHECK_ID = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")
CHECK_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class PluginError(Exception):
    """A check plugin could not be loaded; golive must not run without it."""


def load_checks(points: Iterable[EntryPoint] | None = None) -> list[CheckSpec]:
    points = list(entry_points(group=GROUP) if points is None else points)
    checks: dict[str, CheckSpec] = {}
    for point in sorted(points, key=lambda p: p.name):
        plugin = f"{point.dist.name if point.dist else point.value}[{point.name}]"
        if not PREFIX.match(point.name):
            raise PluginError(f"plugin {plugin}: entry-point name must be an id prefix like GL, got {point.name!r}")
        try:
            loaded = point.load()
            objects = loaded() if callable(loaded) else loaded
            specs = [CheckSpec.from_object(obj, plugin) for obj in objects]
        except Exception as error:  # noqa: BLE001 - any failure to load is fatal, and named
            raise PluginError(f"plugin {plugin} failed to load: {type(error).__name__}: {error}") from error
        for spec in specs:
            problem = _metadata_problem(spec, point.name)
            if problem:
                raise PluginError(f"plugin {plugin}: check {spec.id!r}: {problem}")
            if spec.id in checks:
                raise PluginError(f"check {spec.id} is defined twice: by {checks[spec.id].plugin} and by {plugin}")
            checks[spec.id] = spec
    if not checks:
        raise PluginError("no checks loaded: is golive installed (pip install .)? A run without checks proves nothing")
    return sorted(checks.values(), key=lambda spec: spec.id)


def _metadata_problem(spec: CheckSpec, prefix: str) -> str:
    if not CHECK_ID.match(spec.id) or not spec.id.startswith(prefix):
        return f"id must be {prefix} followed by three digits"
    if not CHECK_NAME.match(spec.name):
        return "name must be kebab-case"
    if not (spec.summary and spec.rationale and spec.remediation):
        return "summary, rationale and remediation must not be empty"
    return ""
