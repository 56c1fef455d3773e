"""The ``golive`` console script. ``golive check`` of a directory starts reading its tree here, before
typer is imported: typer, the arguments' conversion (which imports pydantic) and pydantic-settings
take about 0.15 s, and on a large tree the workers read meanwhile.

Only what the reading needs is taken from the command line (the path, ``--config``, ``--from-env``,
``--quiet``); ``exclude`` and ``from_env`` come from the settings' layers in their one order
(golive.config_files). Anything unusual here (another command, help, an option this does not know)
starts nothing, and the runner reads the tree itself; a reading the validated settings disagree with
is stopped and done again (golive.runner.read_tree), so a wrong start costs time, never a finding.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from golive.sources.scan import Scan

#: ``golive check``'s options that take a value, and its flags: tests/cli/test_console.py holds them
#: to the command's own.
VALUE_OPTIONS = frozenset(
    {"--env", "--format", "-f", "--output", "-o", "--fail-on", "--config", "--baseline", "--baseline-reason", "--stage"}
    | {"--online-deadline"}
)
FLAGS = frozenset({"--from-env", "--no-from-env", "--online", "--quiet", "-q", "--require-online", "--no-require-online"})


def main() -> None:
    started = start_reading(sys.argv[1:])
    from golive import cli

    cli.main(started)


def start_reading(argv: Sequence[str]) -> Scan | None:
    """The tree's reading of a plain ``golive check`` line, under way; None for anything else."""
    line = check_line(argv)
    if line is None:
        return None
    path, config, from_env, quiet = line
    from golive.config_files import scan_inputs

    inputs = scan_inputs(path, config, {"from_env": from_env}, os.environ)
    if inputs is None:
        return None
    from golive import progress
    from golive.sources.scan import start

    exclude, reads_environment = inputs
    if progress.shows(active=not quiet):
        progress.count_from_here()  # the progress line counts what the workers forked now read
    try:
        return start(path.resolve(), exclude, dict(os.environ) if reads_environment else None)
    except Exception:  # noqa: BLE001 - the runner's own reading fails the same way, after the settings had their say
        return None


def check_line(argv: Sequence[str]) -> tuple[Path, Path | None, bool | None, bool] | None:
    """``(path, --config, --from-env, --quiet)`` of a ``golive check`` line naming a directory, or None."""
    if argv[:1] != ["check"]:
        return None
    positionals: list[str] = []
    config: Path | None = None
    from_env: bool | None = None
    quiet = False
    rest = list(argv[1:])
    while rest:
        argument = rest.pop(0)
        if argument == "--":
            positionals += rest
            break
        name, has_value, value = argument.partition("=") if argument.startswith("--") else (argument, "", "")
        if name in FLAGS and not has_value:
            from_env = {"--from-env": True, "--no-from-env": False}.get(name, from_env)
            quiet = quiet or name in ("--quiet", "-q")
        elif name in VALUE_OPTIONS:
            if not has_value:
                if not rest:
                    return None
                value = rest.pop(0)
            if name == "--config":
                config = Path(value)
        elif argument.startswith("-") and argument != "-":
            return None  # help, an option this does not know, short options run together
        else:
            positionals.append(argument)
    if len(positionals) > 1:
        return None
    path = Path(positionals[0] if positionals else ".")
    return (path, config, from_env, quiet) if path.is_dir() else None
