"""Progress on large trees: a line on stderr while the tree is read, only on a terminal, counting the
files every reader process read; erased before the verdict. Nothing extra when stderr is not a terminal,
or with --quiet. Driven by hand here (draw), so no test depends on how long anything takes."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from helpers import write_tree

from golive import progress
from golive.progress import Progress


def drain(fd: int) -> bytes:
    os.set_blocking(fd, False)
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except (BlockingIOError, OSError):
            return out
        if not chunk:
            return out
        out += chunk


def test_on_a_terminal_the_line_counts_every_readers_files_and_is_erased():
    master, slave = pty.openpty()
    try:
        with Progress(fd=slave) as shown:
            assert shown.active
            progress.file_read()
            pid = os.fork()
            if pid == 0:  # a forked reader, as the scan's workers are
                for _ in range(5):
                    progress.file_read()
                os._exit(0)
            os.waitpid(pid, 0)
            assert progress.files_read() == 6
            shown.draw()
        out = drain(master)
    finally:
        os.close(master)
        os.close(slave)
    assert out.startswith(b"\rgolive: 6 files read, ") and out.endswith(b"\r\x1b[K")
    assert progress.files_read() == 0  # counting stops with the line


def test_not_a_terminal_or_quiet_means_no_line(tmp_path):
    reading, writing = os.pipe()
    assert not Progress(fd=writing).active
    os.close(reading)
    os.close(writing)
    master, slave = pty.openpty()
    assert not Progress(fd=slave, active=False).active
    os.close(master)
    os.close(slave)
    root = write_tree(tmp_path / "app", {f"src/f{i}.js": "const stripe = require('stripe');\n" for i in range(50)})
    (root / ".env.production").write_text("STRIPE_SECRET_KEY=sk_test_abc\n")
    done = subprocess.run(
        [sys.executable, "-m", "golive", "check", str(root), "-f", "json", "-o", str(tmp_path / "r.json")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        line for line in done.stderr.splitlines() if "files read" not in line and "\r" not in line
    ]


def test_a_run_on_a_terminal_ends_with_a_clean_verdict(tmp_path):
    root = write_tree(tmp_path / "app", {".env.production": "STRIPE_SECRET_KEY=sk_test_abc\n"})
    master, slave = pty.openpty()
    done = subprocess.run(
        [sys.executable, "-m", "golive", "check", str(root), "-f", "json", "-o", str(tmp_path / "r.json")],
        stdout=subprocess.DEVNULL,
        stderr=slave,
    )
    os.close(slave)
    out = drain(master).decode()
    os.close(master)
    assert done.returncode == 1
    assert out.rsplit("\r\x1b[K", 1)[-1].startswith("NOT READY for production")
