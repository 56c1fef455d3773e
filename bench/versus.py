"""This checkout's golive against another revision's, on the shared corpus (not a test).

    python bench/versus.py [--base 1a3c92e] [--runs 30] [--corpus /tmp/golive-corpus/repo]

Installs both into fresh virtual environments the way a user gets golive (``pip install``, with
their ``.pyc`` files compiled; an editable install with the test extras costs 1 to 2% more), then
runs the full offline check of the corpus with a JSON report, alternating the two and swapping
their order every round. Prints each one's median and minimum wall and CPU time, and the median of
the round-by-round ratios: on a VM whose speed drifts by tens of percent within the hour, only
ratios taken side by side mean anything.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from corpus import ensure_corpus
from measure import Run, run_once

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="1a3c92e", help="the revision to compare with (default: issue 13's start)")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/golive-corpus/repo"))
    args = parser.parse_args()
    ensure_corpus(args.corpus, 20000, 200)
    with tempfile.TemporaryDirectory() as scratch:
        base_source = Path(scratch) / "base-source"
        base_source.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.base], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(base_source)], input=archive, check=True)
        golive = {
            f"base ({args.base})": install(base_source, Path(scratch) / "base"),
            "this checkout": install(ROOT, Path(scratch) / "this"),
        }
        commands = {
            name: [str(exe), "check", str(args.corpus), "--format", "json", "--output", str(Path(scratch) / f"{index}.json")]
            for index, (name, exe) in enumerate(golive.items())
        }
        runs = alternate(commands, args.runs)
    report(runs)


def install(source: Path, venv: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(source)], check=True)
    return venv / "bin" / "golive"


def alternate(commands: dict[str, list[str]], rounds: int) -> dict[str, list[Run]]:
    """Each command once unmeasured, then ``rounds`` rounds, the order reversed every other round."""
    for command in commands.values():
        run_once(command)
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for round_number in range(rounds):
        order = list(commands) if round_number % 2 == 0 else list(commands)[::-1]
        for name in order:
            runs[name].append(run_once(commands[name]))
    return runs


def report(runs: dict[str, list[Run]]) -> None:
    base_name = next(iter(runs))
    for name, measured in runs.items():
        walls, cpus = [run.wall for run in measured], [run.cpu for run in measured]
        line = f"{name:>22}: wall {statistics.median(walls):.3f} s (min {min(walls):.3f}), CPU {statistics.median(cpus):.3f} s"
        if name != base_name:
            wall = statistics.median(run.wall / base.wall for run, base in zip(measured, runs[base_name], strict=True))
            cpu = statistics.median(run.cpu / base.cpu for run, base in zip(measured, runs[base_name], strict=True))
            line += f"; against base, round by round: wall {wall - 1:+.1%}, CPU {cpu - 1:+.1%}"
        print(line)


if __name__ == "__main__":
    main()
