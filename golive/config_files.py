"""Where golive's settings are written, and the two a scan needs, read before pydantic is imported.

``golive check`` starts reading the tree while pydantic-settings loads and validates the settings:
its import alone costs more than reading a small tree, and on a large one the workers would wait
for it. The scan needs only ``exclude`` and ``from_env``, read here as the settings layers rank them
(flag, ``GOLIVE_*`` variable, golive.toml, ``[tool.golive]``). The runner compares them with the
validated settings and scans again where they differ, so a wrong guess costs time, never a finding;
anything this cannot read plainly is no guess at all.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

CONFIG_FILE = "golive.toml"
PYPROJECT_FILE = "pyproject.toml"
PYPROJECT_TABLE = ("tool", "golive")
ENV_PREFIX = "GOLIVE_"
_BOOLEANS = {  # the spellings pydantic accepts, in any case
    **dict.fromkeys(("1", "on", "t", "true", "y", "yes"), True), **dict.fromkeys(("0", "off", "f", "false", "n", "no"), False),
}


def scan_inputs(
    root: Path, config_file: Path | None, from_env_flag: bool | None, environ: Mapping[str, str],
) -> tuple[list[str], bool] | None:
    """``(exclude, from_env)`` as the settings will most likely say, or None when they cannot be read plainly."""
    variables = {name.upper(): value for name, value in environ.items() if name.upper().startswith(ENV_PREFIX)}
    if config_file is not None and not config_file.is_file():
        return None  # the settings will say so, and exit 2: nothing worth reading before that
    try:
        pyproject = _table(root / PYPROJECT_FILE)
        for part in PYPROJECT_TABLE:
            pyproject = pyproject.get(part, {})
        files = (_table(config_file or root / CONFIG_FILE), pyproject)
        exclude = json.loads(variables[f"{ENV_PREFIX}EXCLUDE"]) if f"{ENV_PREFIX}EXCLUDE" in variables else _first(files, "exclude", [])
        from_env = from_env_flag
        if from_env is None and f"{ENV_PREFIX}FROM_ENV" in variables:
            from_env = _BOOLEANS.get(variables[f"{ENV_PREFIX}FROM_ENV"].lower())
        elif from_env is None:
            from_env = _first(files, "from_env", False)
    except (OSError, ValueError, AttributeError):  # unreadable, not TOML or JSON, not a table: validation will say
        return None
    if not (isinstance(exclude, list) and all(isinstance(pattern, str) for pattern in exclude) and isinstance(from_env, bool)):
        return None
    return exclude, from_env


def _table(file: Path) -> dict[str, Any]:
    if not file.is_file():
        return {}
    with file.open("rb") as handle:
        return tomllib.load(handle)


def _first(tables: tuple[dict[str, Any], ...], key: str, default: Any) -> Any:
    return next((table[key] for table in tables if key in table), default)
