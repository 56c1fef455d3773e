"""A progress line for large trees on a terminal: ``golive: 41,230 files read, 3.2 s`` on stderr,
rewritten in place while the tree is read, and erased before the report. Nothing at all when stderr is
not a terminal (CI logs, pipes), and nothing on a tree read in under half a second.

No thread: a thread would stop the scan from forking its readers. A timer signal redraws the line in
the main thread instead, and the readers (forked processes) count the files they read in a shared
page, one slot each, so the line counts the whole tree's reading.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import signal
import struct
import threading
import time

SLOTS = 512  # one per process that reads: the CLI and its forked readers
_SLOT = struct.Struct("=Q")
FIRST_DRAW = 0.5  # seconds: a small tree is read before the line would appear
INTERVAL = 0.25

_counts: mmap.mmap | None = None
_forks = 0
_slot = 0


def _before_fork() -> None:
    global _forks
    _forks += 1


def _in_child() -> None:
    global _slot
    _slot = _forks % SLOTS  # the reader's own slot: no two processes write the same count


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_before_fork, after_in_child=_in_child)


def file_read() -> None:
    """Counted while a progress line is shown; a no-op otherwise."""
    if _counts is not None:
        offset = _slot * _SLOT.size
        _SLOT.pack_into(_counts, offset, _SLOT.unpack_from(_counts, offset)[0] + 1)


def shows(fd: int = 2, active: bool = True) -> bool:
    """Whether a progress line is drawn: ``active`` (not --quiet), on a terminal, from the main thread."""
    return active and hasattr(signal, "setitimer") and os.isatty(fd) and threading.current_thread() is threading.main_thread()


def count_from_here() -> None:
    """Count files read in a page shared with the readers forked from here on: before a reading that
    starts ahead of its progress line (golive.cli), or as the line starts."""
    global _counts
    if _counts is None:
        _counts = mmap.mmap(-1, SLOTS * _SLOT.size)


def files_read() -> int:
    return sum(count for (count,) in _SLOT.iter_unpack(_counts)) if _counts is not None else 0


class Progress:
    """``with Progress(): check_tree(...)``: the line while the body runs, on a terminal only."""

    def __init__(self, fd: int = 2, active: bool = True) -> None:
        """``active``: False for ``--quiet``, which prints what blocks and nothing else."""
        self.fd = fd
        self.started = 0.0
        self.shown = False
        self.active = shows(fd, active)
        self._previous: object = None

    def __enter__(self) -> Progress:
        if self.active:
            count_from_here()
            self.started = time.monotonic()
            self._previous = signal.signal(signal.SIGALRM, self.draw)
            signal.setitimer(signal.ITIMER_REAL, FIRST_DRAW, INTERVAL)
        return self

    def draw(self, *_signal: object) -> None:
        """The line, over the previous one. os.write: a signal may arrive while Python writes to stderr."""
        line = f"\rgolive: {files_read():,} files read, {time.monotonic() - self.started:.1f} s"
        try:
            os.write(self.fd, line.encode())
            self.shown = True
        except OSError:  # the terminal went away: the report will say so, not the progress line
            pass

    def __exit__(self, *exc_info: object) -> None:
        global _counts
        if not self.active:
            return
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._previous)  # type: ignore[arg-type]
        if self.shown:
            with contextlib.suppress(OSError):
                os.write(self.fd, b"\r\x1b[K")
        assert _counts is not None  # set by __enter__ whenever active
        _counts.close()
        _counts = None
