"""The forked workers of a large tree's scan fail closed: a worker that crashes or dies fails the scan
(never a pass with its files unread), and a scan stopped early leaves no process behind."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from golive.sources import scan
from helpers import child_processes, write_tree

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or scan._cores() < 2, reason="workers need fork and two cores")

FILLER = {f"src/m{index:04}/app.py": "def f():\n    return 1\n" for index in range(scan.SEQUENTIAL_FILES + 100)}


def _in_workers_only(monkeypatch, action):
    """Replace read_entry with ``action`` in forked workers; this process reads as usual."""
    parent, read_entry = os.getpid(), scan.read_entry

    def patched(entry, *args):
        if os.getpid() != parent:
            action()
        return read_entry(entry, *args)

    monkeypatch.setattr(scan, "read_entry", patched)


def test_a_worker_that_crashes_fails_the_scan_with_its_error(tmp_path, monkeypatch):
    write_tree(tmp_path, FILLER)

    def crash():
        raise RuntimeError("reader bug")

    _in_workers_only(monkeypatch, crash)
    with pytest.raises(RuntimeError, match="reader bug"):
        scan.collect(tmp_path, [])
    assert child_processes() == []


def test_a_worker_that_dies_fails_the_scan(tmp_path, monkeypatch):
    write_tree(tmp_path, FILLER)
    _in_workers_only(monkeypatch, lambda: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(RuntimeError, match="a scan worker process ended without its result \\(killed by signal 9\\)"):
        scan.collect(tmp_path, [])
    assert child_processes() == []


def test_a_scan_closed_before_its_result_stops_its_workers(tmp_path):
    write_tree(tmp_path, FILLER)
    started = scan.Scan(tmp_path, [])
    assert child_processes()
    started.close()
    assert child_processes() == []


def test_every_file_is_read_once_whoever_takes_its_task(tmp_path):
    write_tree(tmp_path, {**FILLER, "src/m0007/.env.production": "STRIPE_SECRET_KEY=sk_test_" + "a1B2" * 6 + "\n"})
    collected = scan.collect(tmp_path, [])
    assert collected.files_scanned == len(FILLER) + 1
    assert [(value.path, value.line) for value in collected.values] == [("src/m0007/.env.production", 1)]


def test_a_fork_that_fails_leaves_the_reading_to_this_process(tmp_path, monkeypatch):
    """A limit on processes is no reason to skip a file, nor to fail."""
    write_tree(tmp_path, FILLER)

    def refuse():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(scan.os, "fork", refuse)
    assert scan.collect(tmp_path, []).files_scanned == len(FILLER)


def test_no_fork_while_another_thread_runs(tmp_path):
    """A thread holding a lock (an import's, the logging module's) at the fork would leave the worker
    waiting for it for ever: this process reads alone."""
    write_tree(tmp_path, FILLER)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        started = scan.Scan(tmp_path, [])
        assert child_processes() == []
        assert started.result().files_scanned == len(FILLER)
    finally:
        release.set()
        other.join()


def test_no_fork_with_sigchld_ignored(tmp_path):
    """A launcher may leave SIGCHLD ignored: workers' statuses would be lost, their ids reusable."""
    write_tree(tmp_path, FILLER)
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        started = scan.Scan(tmp_path, [])
        assert child_processes() == []
        assert started.result().files_scanned == len(FILLER)
    finally:
        signal.signal(signal.SIGCHLD, previous)
