"""Load checks from the ``golive.checks`` entry-point group, built-ins included.

The entry-point name is the id prefix (``GL`` for golive's own); its value is a sequence of checks or
a callable returning one. Loading fails loudly: a plugin that does not import, a check with bad
metadata, a duplicate id, or no checks at all is a :class:`PluginError` (exit 3), never a quiet pass.
The one way round it is ``optional_plugins`` in the config: such a plugin is skipped with a notice.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points

from golive.api import CHECK_ID, CHECK_NAME, PREFIX, CheckSpec

GROUP = "golive.checks"


class PluginError(Exception):
    """A check plugin could not be loaded; golive must not run without it."""


@dataclass(frozen=True)
class Plugins:
    checks: list[CheckSpec]
    notices: tuple[str, ...] = ()  # optional plugins that did not run: every report must say so


def load_checks(points: Iterable[EntryPoint] | None = None) -> list[CheckSpec]:
    """Every plugin's checks, none optional."""
    return load_plugins((), points).checks


def load_plugins(optional: Collection[str], points: Iterable[EntryPoint] | None = None) -> Plugins:
    """``optional``: entry-point names whose failure to load is a notice instead of a :class:`PluginError`."""
    points = list(entry_points(group=GROUP) if points is None else points)
    checks: dict[str, CheckSpec] = {}
    notices = []
    for point in sorted(points, key=lambda p: p.name):
        try:
            checks.update((spec.id, spec) for spec in _load(point, checks))
        except PluginError as error:
            if point.name not in optional:
                raise
            notices.append(f"{error}; skipped, as optional_plugins allows: its checks did not run")
    installed = {point.name for point in points}
    notices += [f"optional plugin {name} is not installed: its checks did not run" for name in sorted(set(optional) - installed)]
    if not checks:
        raise PluginError("no checks loaded: is golive installed (pip install .)? A run without checks proves nothing")
    return Plugins(sorted(checks.values(), key=lambda spec: spec.id), tuple(notices))


def _load(point: EntryPoint, taken: dict[str, CheckSpec]) -> list[CheckSpec]:
    """One plugin's checks, all valid, or a :class:`PluginError` naming the plugin."""
    plugin = f"{point.dist.name if point.dist else point.value}[{point.name}]"
    if not PREFIX.match(point.name):
        raise PluginError(f"plugin {plugin}: entry-point name must be an id prefix like GL, got {point.name!r}")
    try:
        loaded = point.load()
        objects = loaded() if callable(loaded) else loaded
        specs = [CheckSpec.from_object(obj, plugin) for obj in objects]
    except Exception as error:  # noqa: BLE001 - any failure to load is fatal, and named
        raise PluginError(f"plugin {plugin} failed to load: {type(error).__name__}: {error}") from error
    seen = dict(taken)
    for spec in specs:
        problem = _metadata_problem(spec, point.name)
        if problem:
            raise PluginError(f"plugin {plugin}: check {spec.id!r}: {problem}")
        if spec.id in seen:
            raise PluginError(f"check {spec.id} is defined twice: by {seen[spec.id].plugin} and by {plugin}")
        seen[spec.id] = spec
    return specs


def _metadata_problem(spec: CheckSpec, prefix: str) -> str:
    if not CHECK_ID.match(spec.id) or not spec.id.startswith(prefix):
        return f"id must be {prefix} followed by three digits"
    if not CHECK_NAME.match(spec.name):
        return "name must be kebab-case"
    if not (spec.summary and spec.rationale and spec.remediation):
        return "summary, rationale and remediation must not be empty"
    return ""
