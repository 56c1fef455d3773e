"""``golive check`` starts reading a large tree before typer and the settings load (golive.console):
the runner uses that reading only when the validated settings agree, and no worker outlives a run
whose settings fail or disagree."""

from __future__ import annotations

import json
import os
import sys

import pytest
from helpers import child_processes, write_tree

from golive import console, runner
from golive.settings import load_settings
from golive.sources import parallel, scan

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or parallel.cores() < 2, reason="workers need fork and two cores")


def _large_tree(tmp_path, config: str = "") -> dict[str, str]:
    filler = {f"src/m{index:04}/app.py": "def f():\n    return 1\n" for index in range(scan.SEQUENTIAL_FILES + 100)}
    planted = {
        "src/m0007/.env.production": "STRIPE_SECRET_KEY=sk_test_" + "a1B2" * 6 + "\n",
        "vendor/stripe.json": '{"STRIPE_SECRET_KEY": "sk_test_' + "c3D4" * 6 + '"}\n',  # exclude never hides an env file
    }
    write_tree(tmp_path, {**filler, **planted, **({"golive.toml": config} if config else {})})
    return planted


def test_the_cli_uses_the_reading_it_started_when_the_settings_agree(tmp_path, monkeypatch, capsys):
    """``golive check`` starts reading before typer is imported; the runner takes that reading (no
    second one) when the validated settings say the same."""
    _large_tree(tmp_path, 'exclude = ["vendor/"]\n')
    monkeypatch.setattr(runner, "collect", _no_second_reading)
    assert _main(monkeypatch, "check", str(tmp_path), "-f", "json") == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    paths = {(finding["check_id"], finding["path"], finding["line"]) for finding in findings}
    assert ("GL101", "src/m0007/.env.production", 1) in paths
    assert not any(path.startswith("vendor/") for _, path, _ in paths)
    assert child_processes() == []


def test_a_reading_the_settings_disagree_with_is_stopped_and_done_again(tmp_path):
    _large_tree(tmp_path)
    started = scan.start(tmp_path, [], None)
    assert child_processes()  # its workers read already
    collected, _ = runner.read_tree(tmp_path, load_settings(tmp_path, exclude=["vendor/"]), started)
    assert child_processes() == []
    assert [(value.path, value.line) for value in collected.values] == [("src/m0007/.env.production", 1)]


def test_settings_that_fail_stop_the_reading_begun_before_them(tmp_path, monkeypatch, capsys):
    _large_tree(tmp_path, 'exclude = ["vendor/"]\nfail_on = "never"\n')
    started = []
    monkeypatch.setattr(scan, "start", lambda *args: started.append(args) or _start(*args))
    assert _main(monkeypatch, "check", str(tmp_path)) == 2
    assert started  # the reading had begun
    assert "fail_on" in capsys.readouterr().err
    assert child_processes() == []


@pytest.mark.parametrize(
    "argv",
    [["check", "--help"], ["explain", "GL101"], ["check", "--no-such-flag"], ["check", "a", "b"], ["check", "missing-dir"]],
)
def test_no_reading_starts_for_help_other_commands_or_a_refused_line(tmp_path, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a").mkdir()
    monkeypatch.setattr(scan, "start", _no_second_reading)
    assert console.start_reading(argv) is None


_start = scan.start


def _main(monkeypatch, *argv: str) -> int:
    """golive's console script in this process: its exit code (its os._exit is caught, its workers' is not)."""
    monkeypatch.setattr(sys, "argv", ["golive", *argv])

    caller, exit_process = os.getpid(), os._exit

    def leave(code: int) -> None:
        if os.getpid() != caller:  # a forked worker leaves as it always does
            exit_process(code)
        raise SystemExit(code)

    monkeypatch.setattr(os, "_exit", leave)
    with pytest.raises(SystemExit) as done:
        console.main()
    return done.value.code


def _no_second_reading(*args, **kwargs):
    raise AssertionError("the tree was read a second time")
