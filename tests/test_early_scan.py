"""``golive check`` starts reading the tree before typer parses its arguments and its settings are
validated: a wrong guess of what to read costs time, never a finding; a usage or config error still
exits 2 and leaves no worker behind; and the process leaves fast without losing a byte of its report."""

from __future__ import annotations

import json
import subprocess
import sys

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from golive import config_files, launch
from golive.cli import app
from golive.report import ExitCode
from golive.sources import scan
from helpers import child_processes, write_tree

runner = CliRunner()
SECRET_KEY = "STRIPE_SECRET_KEY=sk_test_" + "a1B2" * 6 + "\n"
FILLER = {f"src/m{index:04}.py": "def f():\n    return 1\n" for index in range(scan.SEQUENTIAL_FILES + 100)}


@pytest.mark.parametrize(
    ("files", "flag", "env", "expected"),
    [
        ({}, None, {}, ([], False)),
        ({"golive.toml": 'exclude = ["vendor/"]\nfrom_env = true\n'}, None, {}, (["vendor/"], True)),
        ({"pyproject.toml": '[tool.golive]\nexclude = ["a/"]\n'}, None, {}, (["a/"], False)),
        ({"golive.toml": 'exclude = ["t/"]\n', "pyproject.toml": '[tool.golive]\nexclude = ["p/"]\n'}, None, {}, (["t/"], False)),
        ({"golive.toml": 'exclude = ["t/"]\nfrom_env = true\n'}, False, {"GOLIVE_EXCLUDE": '["e/"]'}, (["e/"], False)),
        ({}, None, {"golive_from_env": "yes"}, ([], True)),
        ({}, None, {"GOLIVE_FROM_ENV": "T"}, ([], True)),
        ({}, None, {"GOLIVE_FROM_ENV": "n"}, ([], False)),
        ({"golive.toml": "exclude = [1]\n"}, None, {}, None),  # not plainly readable: validation will say why
        ({"golive.toml": "exclude = [\n"}, None, {}, None),
        ({}, None, {"GOLIVE_EXCLUDE": "vendor/"}, None),
        ({}, None, {"GOLIVE_FROM_ENV": "perhaps"}, None),
        ({"pyproject.toml": "tool = 5\n"}, None, {}, None),
    ],
)
def test_scan_inputs_ranks_flag_variable_config_and_pyproject(tmp_path, files, flag, env, expected):
    write_tree(tmp_path, files)
    assert config_files.scan_inputs(tmp_path, None, flag, env) == expected


def test_a_config_file_that_is_not_there_starts_no_scan(tmp_path):
    assert config_files.scan_inputs(tmp_path, tmp_path / "missing.toml", None, {}) is None


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["check"], (Path("."), None, None)),
        (["check", "app", "--format", "json", "-o", "r.json", "--from-env"], (Path("app"), None, True)),
        (["check", "--config=ci/golive.toml", "--no-from-env", "--online", "app"], (Path("app"), Path("ci/golive.toml"), False)),
        (["check", "--env", "staging", "-f", "sarif", "--fail-on=warning", "--baseline", "b.json", "--", "app"], (Path("app"), None, None)),
        (["check", "missing"], None),  # not a folder: typer says so
        (["check", "app", "other"], None),
        (["check", "app", "--help"], None),
        (["check", "app", "-fjson"], None),  # glued short options: typer reads them, the command scans
        (["check", "app", "--format"], None),
        (["check", "app", "--online=yes"], None),
        (["--version"], None),
        (["init", "app"], None),
        ([], None),
    ],
)
def test_the_console_script_reads_only_plain_check_command_lines(tmp_path, monkeypatch, argv, expected):
    (tmp_path / "app").mkdir()
    monkeypatch.chdir(tmp_path)
    assert launch.check_arguments(argv) == expected


def test_a_failed_early_start_is_left_to_the_command(tmp_path, monkeypatch):
    """Outside the command, a failure would escape its exit codes: the command scans again instead."""

    def fail(*args):
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(launch, "start_scan", fail)
    assert launch.early_scan(["check", str(tmp_path)]) is None


def test_the_console_script_knows_every_option_of_check():
    """An option it did not know would only cost the early start; this keeps the two lists in step."""
    command = typer.main.get_command(app).commands["check"]
    declared = {name for param in command.params for name in (*param.opts, *param.secondary_opts) if name.startswith("-")}
    assert declared - {"--help"} == launch.VALUE_OPTIONS | launch.FLAGS


def test_a_scan_of_another_tree_is_not_used(tmp_path):
    """The console script guessed one tree; typer parsed another: the other is read."""
    write_tree(tmp_path, {"guessed/README.md": "# nothing here\n", "real/.env.production": SECRET_KEY})
    guessed = scan.Scan((tmp_path / "guessed").resolve(), [], None)
    result = runner.invoke(app, ["check", str(tmp_path / "real"), "--format", "json"], obj=guessed)
    findings = [(f["check_id"], f["path"], f["line"]) for f in json.loads(result.stdout)["findings"] if f["check_id"] == "GL101"]
    assert findings == [("GL101", ".env.production", 1)]


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads processes from /proc")
def test_a_usage_error_after_the_early_start_exits_2_and_stops_the_workers(tmp_path):
    """The console script forks the workers before typer finds ``--format yaml`` wrong: none outlives it
    (a forked worker has the same command line as golive, so one left running would show in /proc)."""
    write_tree(tmp_path, {".env.production": SECRET_KEY, **FILLER})
    command = [sys.executable, "-m", "golive", "check", str(tmp_path), "--format", "yaml"]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)  # a worker left holding stdout never ends it
    assert done.returncode == ExitCode.USAGE_ERROR
    assert "unknown format 'yaml'" in done.stderr
    assert [process for process in Path("/proc").glob("[0-9]*") if str(tmp_path).encode() in _command_line(process)] == []


def _command_line(process: Path) -> bytes:
    try:
        return (process / "cmdline").read_bytes()
    except OSError:  # gone meanwhile
        return b""


@pytest.mark.parametrize("filler", [{}, FILLER], ids=["small tree", "large tree"])
def test_a_wrong_guess_is_scanned_again_with_the_validated_settings(tmp_path, monkeypatch, filler):
    """The guess excludes the folder holding the key; the settings exclude nothing: the key is reported."""
    write_tree(tmp_path, {"secret/.env.production": SECRET_KEY, "secret/app.py": 'STRIPE_KEY = "sk_test_' + "c3D4" * 6 + '"\n', **filler})
    monkeypatch.setattr(config_files, "scan_inputs", lambda *args: (["secret/"], False))
    result = runner.invoke(app, ["check", str(tmp_path), "--format", "json"])
    findings = json.loads(result.stdout)["findings"]
    assert result.exit_code == ExitCode.NOT_READY
    assert {(f["check_id"], f["path"], f["line"]) for f in findings if f["check_id"] == "GL101"} == {
        ("GL101", "secret/.env.production", 1), ("GL101", "secret/app.py", 1),
    }


def test_a_right_guess_is_used_and_excluded_files_stay_unread(tmp_path):
    write_tree(tmp_path, {"golive.toml": 'exclude = ["legacy/"]\n', "legacy/app.py": 'STRIPE_KEY = "sk_test_' + "c3D4" * 6 + '"\n',
                          ".env.production": SECRET_KEY, **FILLER})
    result = runner.invoke(app, ["check", str(tmp_path), "--format", "json"])
    findings = [(f["check_id"], f["path"], f["line"]) for f in json.loads(result.stdout)["findings"] if f["check_id"] == "GL101"]
    assert findings == [("GL101", ".env.production", 1)]


def test_a_config_error_on_a_large_tree_exits_2_and_stops_the_workers(tmp_path):
    write_tree(tmp_path, {"golive.toml": 'env = "moon"\n', ".env.production": SECRET_KEY, **FILLER})
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "golive.toml: env: expected production, staging, development or test" in result.stderr
    assert child_processes() == []


def test_the_whole_report_is_written_before_the_fast_exit(tmp_path):
    write_tree(tmp_path, {".env.production": SECRET_KEY, **FILLER})
    done = subprocess.run([sys.executable, "-m", "golive", "check", str(tmp_path), "--format", "json"], capture_output=True, check=False)
    assert done.returncode == ExitCode.NOT_READY
    report = json.loads(done.stdout)
    assert report["summary"]["files_scanned"] == len(FILLER) + 1


def test_a_report_that_cannot_be_delivered_is_no_pass(tmp_path):
    """A ready tree, its report written into a pipe nobody reads: exit 1 (click's answer to a closed
    pipe), never 0."""
    write_tree(tmp_path, {"README.md": "# a shop\n"})
    process = subprocess.Popen([sys.executable, "-m", "golive", "check", str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == ExitCode.NOT_READY, stderr
