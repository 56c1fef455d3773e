"""The console script reads a ``golive check`` line before typer is imported: its tables of options
are the check command's own, and it starts nothing for a line it does not know."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.main import get_command

from golive import config_files, console
from golive.cli import app


def _check_options() -> tuple[set[str], set[str]]:
    """(options taking a value, flags) of the check command, as typer builds it."""
    group = get_command(app)
    command = group.get_command(None, "check")  # type: ignore[attr-defined]
    values, flags = set(), set()
    for param in command.params:
        if param.param_type_name != "option" or "--help" in param.opts:
            continue
        names = {*param.opts, *param.secondary_opts}
        (flags if param.is_flag else values).update(names)
    return values, flags


def test_the_console_knows_every_option_of_the_check_command():
    values, flags = _check_options()
    assert values == console.VALUE_OPTIONS
    assert flags == console.FLAGS


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["check", "{tree}"], ("{tree}", None, None, False)),
        (["check"], (".", None, None, False)),
        (["check", "-f", "json", "-o", "r.json", "{tree}", "--from-env"], ("{tree}", None, True, False)),
        (["check", "--config={tree}/g.toml", "-q", "--no-from-env", "{tree}"], ("{tree}", "{tree}/g.toml", False, True)),
        (["check", "--", "{tree}"], ("{tree}", None, None, False)),
        (["check", "{tree}", "-h"], None),
        (["check", "{tree}", "--no-such-flag"], None),
        (["check", "{tree}", "-qf", "json"], None),  # short options run together: typer's to read
        (["check", "{tree}", "{tree}"], None),
        (["check", "{tree}/missing"], None),
        (["check", "{tree}", "--format"], None),  # a value missing
        (["explain", "GL101"], None),
        (["--version"], None),
    ],
)
def test_a_check_line_is_read_or_left_to_typer(tmp_path, monkeypatch, argv, expected):
    monkeypatch.chdir(tmp_path)
    line = console.check_line([argument.replace("{tree}", str(tmp_path)) for argument in argv])
    if expected is None:
        assert line is None
    else:
        path, config, from_env, quiet = expected
        assert line == (
            Path(path.replace("{tree}", str(tmp_path))),
            Path(config.replace("{tree}", str(tmp_path))) if config else None,
            from_env,
            quiet,
        )


@pytest.mark.parametrize(
    ("layers", "expected"),
    [
        ({}, ([], False)),
        ({"golive.toml": 'exclude = ["vendor/"]\nfrom_env = true\n'}, (["vendor/"], True)),
        ({"pyproject.toml": '[tool.golive]\nexclude = ["a/"]\n'}, (["a/"], False)),
        ({"golive.toml": 'exclude = ["b/"]\n', "pyproject.toml": '[tool.golive]\nexclude = ["a/"]\n'}, (["b/"], False)),
        ({"env": {"GOLIVE_EXCLUDE": '["c/"]'}, "golive.toml": 'exclude = ["b/"]\n'}, None),  # pydantic decodes the JSON
        ({"env": {"golive_from_env": "yes"}}, None),
        ({"env": {"GOLIVE_FROM_ENV": "yes"}, "flags": {"from_env": False}}, ([], False)),  # the flag wins over the variable
        ({"golive.toml": 'exclude = "vendor/"\n'}, None),  # not a list: validation will say so
        ({"golive.toml": "exclude = [\n"}, None),  # not TOML
        ({"config": "missing.toml"}, None),  # the settings will exit 2 first
    ],
)
def test_scan_inputs_come_from_the_settings_layers_in_their_order(tmp_path, layers, expected):
    for name in ("golive.toml", "pyproject.toml"):
        if name in layers:
            (tmp_path / name).write_text(layers[name])
    config = tmp_path / layers["config"] if "config" in layers else None
    assert config_files.scan_inputs(tmp_path, config, layers.get("flags", {}), layers.get("env", {})) == expected
