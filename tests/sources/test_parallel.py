"""Parallel reading fails closed: a worker that crashes or dies fails the run (never a pass with its
tasks undone), every task is done exactly once whoever takes it, and no worker outlives the run."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest
from helpers import child_processes, write_tree

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
    done = parallel.start(TASKS, _pid_of_task).results()
    assert [index for index, _ in done] == list(range(TASKS))
    assert {pid for _, pid in done} - {os.getpid()}, "no task ran in a worker"
    assert child_processes() == []


def test_tasks_taken_in_a_given_order_come_back_in_task_order(tmp_path):
    """Largest first is only the order they are taken in: results are merged in task order, each once."""
    order = list(range(TASKS))[::-1]
    taken = tmp_path / "taken"

    def task(index: int) -> int:
        with taken.open("a") as log:
            log.write(f"{index}\n")
        return _pid_of_task(index)[0]

    assert parallel.start(TASKS, task, order).results() == list(range(TASKS))
    first = int(taken.read_text().split()[0])
    assert first in order[: parallel.cores()]  # the first task begun, by whichever process, is among the first taken
    with pytest.raises(ValueError, match="every task number once"):
        parallel.start(3, task, [0, 0, 1])
    assert child_processes() == []


def test_a_large_tree_is_read_largest_part_first():
    """Folders nearer the root hold more: tasks holding them are taken first, tasks of files last."""
    entry, top = scan.files.Entry("a.txt", "/r/a.txt"), scan.files.Folder("/r/apps", "apps/")
    deep = scan.files.Folder("/r/x/y", "x/y/")
    tasks = [[entry], [deep], [entry, top], [deep, deep]]
    assert scan._largest_first(tasks) == [2, 3, 1, 0]


def test_a_worker_that_crashes_fails_the_run_with_its_error():
    def crash():
        raise RuntimeError("reader bug")

    with pytest.raises(RuntimeError, match="reader bug"):
        parallel.start(TASKS, _in_workers_only(crash)).results()
    assert child_processes() == []


def test_a_worker_that_dies_fails_the_run():
    task = _in_workers_only(lambda: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(RuntimeError, match="a scan worker process ended without its result \\(killed by signal 9\\)"):
        parallel.start(TASKS, task).results()
    assert child_processes() == []


def test_a_fork_that_fails_leaves_the_tasks_to_this_process(monkeypatch):
    """A limit on processes is no reason to skip a task, nor to fail."""

    def refuse():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(parallel.os, "fork", refuse)
    assert {pid for _, pid in parallel.start(TASKS, _pid_of_task).results()} == {os.getpid()}


def test_no_fork_while_another_thread_runs():
    """A thread holding a lock (an import's, the logging module's) at the fork would leave the worker
    waiting for it for ever: this process does every task."""
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert {pid for _, pid in parallel.start(TASKS, _pid_of_task).results()} == {os.getpid()}
    finally:
        release.set()
        other.join()


def test_no_fork_with_sigchld_ignored():
    """A launcher may leave SIGCHLD ignored: workers' statuses would be lost, their ids reusable."""
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        assert {pid for _, pid in parallel.start(TASKS, _pid_of_task).results()} == {os.getpid()}
    finally:
        signal.signal(signal.SIGCHLD, previous)


def test_a_large_tree_is_read_once_file_by_file_on_every_core(tmp_path, monkeypatch):
    filler = {f"src/m{index:04}/app.py": "def f():\n    return 1\n" for index in range(scan.SEQUENTIAL_FILES + 100)}
    write_tree(tmp_path, {**filler, "src/m0007/.env.production": "STRIPE_SECRET_KEY=sk_test_" + "a1B2" * 6 + "\n"})
    counts = []
    start = parallel.start
    monkeypatch.setattr(parallel, "start", lambda count, task, order=None: counts.append(count) or start(count, task, order))
    collected = scan.collect(tmp_path, [])
    assert counts and counts[0] > 1
    assert collected.files_scanned == len(filler) + 1
    assert [(value.path, value.line) for value in collected.values] == [("src/m0007/.env.production", 1)]


def test_what_the_walk_skips_is_reported_by_path_however_the_tree_was_split(tmp_path):
    """Skips are found before the fork or by whichever worker opens the folder: reported by path."""
    filler = {f"a/m{index:04}.txt": "x\n" for index in range(scan.SEQUENTIAL_FILES + 500)}
    write_tree(tmp_path, filler)
    for folder in ("a/deep", "z"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    (tmp_path / "a/deep/broken").symlink_to(tmp_path / "missing")
    (tmp_path / "z/outside").symlink_to("/")
    os.mkfifo(tmp_path / "z/pipe")
    os.mkfifo(tmp_path / "a/zz-pipe")  # listed before the fork, after a/deep/ in walk order
    skipped = [s.path for s in scan.collect(tmp_path, []).skipped]
    assert skipped == sorted(skipped) and {"a/deep/broken", "a/zz-pipe", "z/outside", "z/pipe"} <= set(skipped)
