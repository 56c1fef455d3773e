"""Time commands the way the benchmarks report them: wall time, CPU time and peak memory of the whole
process tree (golive's worker processes included), median of repeated warm runs, commands alternated
so that a slow moment of the machine does not land on one tool only. Linux (reads /proc); stdlib only.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds, children included
    peak_mib: float  # largest sum of resident memory over the process and its children
    exit_code: int


@dataclass(frozen=True)
class Summary:
    name: str
    runs: tuple[Run, ...]

    @property
    def wall(self) -> float:
        return statistics.median(run.wall for run in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(run.cpu for run in self.runs)

    @property
    def peak_mib(self) -> float:
        return max(run.peak_mib for run in self.runs)


def run_once(command: Sequence[str], cwd: Path | None = None) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = _PeakMemory(process.pid)
    peak.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
    peak.stop()
    return Run(wall, usage.ru_utime + usage.ru_stime, max(peak.mib, usage.ru_maxrss / 1024), process.returncode)


def compare(commands: dict[str, Sequence[str]], runs: int, cwd: Path | None = None, warmup: int = 1) -> list[Summary]:
    """Every command ``warmup`` times unmeasured, then ``runs`` rounds of each in turn."""
    for command in commands.values():
        for _ in range(warmup):
            run_once(command, cwd)
    measured: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            measured[name].append(run_once(command, cwd))
    return [Summary(name, tuple(results)) for name, results in measured.items()]


class _PeakMemory(threading.Thread):
    """Samples the resident memory of a process and its descendants every 5 ms."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.mib, self._done = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.005):
            self.mib = max(self.mib, sum(_rss_kib(pid) for pid in _tree(self.pid)) / 1024)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                pending.extend(int(child) for child in Path(f"/proc/{current}/task/{task}/children").read_text().split())
        except OSError:
            continue
    return found


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
