"""Where golive's settings are written, in which order they win, and the two a scan needs.

Shared by the settings loader (pydantic-settings validates every layer), ``golive init`` (which must
agree on the names without loading pydantic-settings) and ``golive check``, which starts reading a
large tree while pydantic-settings loads: the scan needs only ``exclude`` and ``from_env``, taken
here from the same layers in the same order. The runner uses that scan only if the validated settings
say the same, so a wrong guess costs time, never a finding.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

CONFIG_FILE = "golive.toml"
PYPROJECT_FILE = "pyproject.toml"
PYPROJECT_TABLE = ("tool", "golive")
ENV_PREFIX = "GOLIVE_"
#: The layers of settings, the first that sets a name wins: command-line flags, GOLIVE_* variables,
#: the config file (--config, else golive.toml), pyproject.toml's [tool.golive].
LAYERS = ("flags", "environment", "config file", "pyproject")


def scan_inputs(
    root: Path, config_file: Path | None, flags: Mapping[str, Any], environ: Mapping[str, str]
) -> tuple[list[str], bool] | None:
    """``(exclude, from_env)`` as the layers hold them, or None when only validation can tell: a
    ``GOLIVE_*`` variable sets one (its JSON or spelling is pydantic's to decode), a file does not
    parse, a value is not plainly a list of strings or a boolean."""
    if config_file is not None and not config_file.is_file():
        return None  # the settings will say so, and exit 2: nothing worth reading before that
    try:
        pyproject = _table(root / PYPROJECT_FILE)
        for part in PYPROJECT_TABLE:
            pyproject = pyproject.get(part, {})
        layers = {
            "flags": {name: value for name, value in flags.items() if value is not None},
            "environment": {
                name[len(ENV_PREFIX) :].lower(): value for name, value in environ.items() if name.upper().startswith(ENV_PREFIX)
            },
            "config file": _table(config_file or root / CONFIG_FILE),
            "pyproject": pyproject,
        }
    except (OSError, ValueError, AttributeError):  # unreadable, not TOML, not a table: validation will say
        return None
    found: dict[str, Any] = {}
    for name, default in (("exclude", []), ("from_env", False)):
        layer = next((layer for layer in LAYERS if name in layers[layer]), None)
        if layer == "environment":
            return None  # a string that pydantic decodes (JSON, a boolean's spellings)
        found[name] = layers[layer][name] if layer else default
    exclude, from_env = found["exclude"], found["from_env"]
    if not (isinstance(exclude, list) and all(isinstance(pattern, str) for pattern in exclude) and isinstance(from_env, bool)):
        return None
    return exclude, from_env


def _table(file: Path) -> dict[str, Any]:
    if not file.is_file():
        return {}
    with file.open("rb") as handle:
        return tomllib.load(handle)
