"""The ``golive`` console script: on ``golive check`` the tree's scan starts before typer is imported.

Typer and pydantic take about 0.15 s to import and to parse the arguments; on a large tree the
workers read meanwhile. The command line is read here only as far as the scan needs (the path,
``--config``, ``--from-env``), and the scan is handed to the command, which uses it only if the
parsed arguments and validated settings say to read the same thing: a wrong guess costs time, never a
finding. Anything unusual here (another command, ``--help``, an option this does not know) is no
guess at all, and the command starts its own scan.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from golive.sources.scan import Scan

#: ``golive check`` options that take a value (short and long spellings), and its flags.
VALUE_OPTIONS = frozenset({"--env", "--format", "-f", "--output", "-o", "--fail-on", "--config", "--baseline"})
FLAGS = frozenset({"--from-env", "--no-from-env", "--online"})


def main() -> None:
    scan = early_scan(sys.argv[1:])
    from golive import cli

    cli.main(scan)


def early_scan(argv: Sequence[str]) -> Scan | None:
    """The scan of a plain ``golive check`` command line, or None: the command then scans by itself."""
    arguments = check_arguments(argv)
    if arguments is None:
        return None
    try:
        return start_scan(*arguments)
    except Exception:  # noqa: BLE001 - the command's own scan fails the same way, reported with exit 3
        return None


def check_arguments(argv: Sequence[str]) -> tuple[Path, Path | None, bool | None] | None:
    """``(path, --config, --from-env)`` of a ``golive check`` command line, or None for anything else."""
    if argv[:1] != ["check"]:
        return None
    positionals: list[str] = []
    config = from_env = None
    rest = list(argv[1:])
    while rest:
        argument = rest.pop(0)
        if argument == "--":
            positionals += rest
            break
        name, has_value, value = argument.partition("=") if argument.startswith("--") else (argument, "", "")
        if name in FLAGS and not has_value:
            from_env = {"--from-env": True, "--no-from-env": False}.get(name, from_env)
        elif name in VALUE_OPTIONS:
            if not has_value:
                if not rest:
                    return None
                value = rest.pop(0)
            if name == "--config":
                config = Path(value)
        elif argument.startswith("-") and argument != "-":
            return None
        else:
            positionals.append(argument)
    if len(positionals) > 1:
        return None
    path = Path(positionals[0] if positionals else ".")
    return (path, config, from_env) if path.is_dir() else None


def start_scan(path: Path, config: Path | None, from_env: bool | None) -> Scan | None:
    """The tree's scan, begun before pydantic-settings is even imported: on a large tree the workers
    read while the settings load. None when the config cannot be read plainly (validation will say why)."""
    from golive.config_files import scan_inputs
    from golive.sources.scan import Scan

    inputs = scan_inputs(path, config, from_env, os.environ)
    if inputs is None:
        return None
    exclude, reads_environment = inputs
    return Scan(path.resolve(), exclude, dict(os.environ) if reads_environment else None)
