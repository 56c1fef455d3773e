"""Parallel reading fails closed: a worker that crashes or dies fails the run (never a pass with its
tasks undone), every task is done exactly once whoever takes it, and no worker outlives the run."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time

import pytest
from helpers import child_processes, write_tree

from golive import config_files, console, runner
from golive.settings import load_settings
from golive.sources import parallel, scan

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or parallel.cores() < 2, reason="workers need fork and two cores")

TASKS = 300


def _pid_of_task(index: int) -> tuple[int, int]:
    time.sleep(0.002)  # long enough that the workers, once forked, get some of the tasks
    return index, os.getpid()


def _in_workers_only(action):
    """A task that runs ``action`` in forked workers and does nothing in this process."""
    parent = os.getpid()

    def task(index: int) -> int:
        if os.getpid() != parent:
            action()
        time.sleep(0.002)  # workers, once forked, get some of the tasks
        return index

    return task


def test_every_task_is_done_once_in_task_order_and_workers_take_some():
    done = parallel.run_tasks(TASKS, _pid_of_task)
    assert [index for index, _ in done] == list(range(TASKS))
    assert {pid for _, pid in done} - {os.getpid()}, "no task ran in a worker"
    assert child_processes() == []


def test_a_worker_that_crashes_fails_the_run_with_its_error():
    def crash():
        raise RuntimeError("reader bug")

    with pytest.raises(RuntimeError, match="reader bug"):
        parallel.run_tasks(TASKS, _in_workers_only(crash))
    assert child_processes() == []


def test_a_worker_that_dies_fails_the_run():
    task = _in_workers_only(lambda: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(RuntimeError, match="a scan worker process ended without its result \\(killed by signal 9\\)"):
        parallel.run_tasks(TASKS, task)
    assert child_processes() == []


def test_a_fork_that_fails_leaves_the_tasks_to_this_process(monkeypatch):
    """A limit on processes is no reason to skip a task, nor to fail."""

    def refuse():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(parallel.os, "fork", refuse)
    assert {pid for _, pid in parallel.run_tasks(TASKS, _pid_of_task)} == {os.getpid()}


def test_no_fork_while_another_thread_runs():
    """A thread holding a lock (an import's, the logging module's) at the fork would leave the worker
    waiting for it for ever: this process does every task."""
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert {pid for _, pid in parallel.run_tasks(TASKS, _pid_of_task)} == {os.getpid()}
    finally:
        release.set()
        other.join()


def test_no_fork_with_sigchld_ignored():
    """A launcher may leave SIGCHLD ignored: workers' statuses would be lost, their ids reusable."""
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        assert {pid for _, pid in parallel.run_tasks(TASKS, _pid_of_task)} == {os.getpid()}
    finally:
        signal.signal(signal.SIGCHLD, previous)


def test_a_large_tree_is_read_once_file_by_file_on_every_core(tmp_path, monkeypatch):
    filler = {f"src/m{index:04}/app.py": "def f():\n    return 1\n" for index in range(scan.SEQUENTIAL_FILES + 100)}
    write_tree(tmp_path, {**filler, "src/m0007/.env.production": "STRIPE_SECRET_KEY=sk_test_" + "a1B2" * 6 + "\n"})
    counts = []
    start = parallel.start
    monkeypatch.setattr(parallel, "start", lambda count, task: counts.append(count) or start(count, task))
    collected = scan.collect(tmp_path, [])
    assert counts and counts[0] > 1
    assert collected.files_scanned == len(filler) + 1
    assert [(value.path, value.line) for value in collected.values] == [("src/m0007/.env.production", 1)]


# --- The CLI starts a large tree's reading before its settings are validated -----------------------


def _large_tree(tmp_path, config: str = "") -> dict[str, str]:
    filler = {f"src/m{index:04}/app.py": "def f():\n    return 1\n" for index in range(scan.SEQUENTIAL_FILES + 100)}
    planted = {
        "src/m0007/.env.production": "STRIPE_SECRET_KEY=sk_test_" + "a1B2" * 6 + "\n",
        "vendor/stripe.json": '{"STRIPE_SECRET_KEY": "sk_test_' + "c3D4" * 6 + '"}\n',  # exclude never hides an env file
    }
    write_tree(tmp_path, {**filler, **planted, **({"golive.toml": config} if config else {})})
    return planted


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
