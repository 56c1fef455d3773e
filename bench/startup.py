"""What a pre-commit hook pays per run (not a test): golive on a small tree against the import floor
of its own stack, and ``--version`` / ``--help``.

    python bench/startup.py [--runs 20]

The floor is ``python -c "import typer, pydantic_settings"`` with the interpreter golive runs on:
every run of a typer + pydantic-settings tool pays it. The small tree is sample-configs/ready-shop,
copied outside git so that the run matches a fresh checkout's.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from measure import compare

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    installed = Path(sys.executable).with_name("golive")
    golive = [str(installed)] if installed.exists() else [sys.executable, "-m", "golive"]
    with tempfile.TemporaryDirectory() as scratch:
        tree = Path(scratch) / "ready-shop"
        shutil.copytree(ROOT / "sample-configs" / "ready-shop", tree)
        summaries = compare(
            {
                "import floor (typer, pydantic_settings)": [sys.executable, "-c", "import typer, pydantic_settings"],
                "golive --version": [*golive, "--version"],
                "golive --help": [*golive, "--help"],
                "golive check (10-file sample)": [*golive, "check", str(tree)],
            },
            args.runs,
            warmup=2,
        )
    floor = summaries[0].wall
    print(f"{'command':42} {'median ms':>10} {'cpu ms':>8} {'vs floor':>9}")
    for summary in summaries:
        print(f"{summary.name:42} {summary.wall * 1000:10.0f} {summary.cpu * 1000:8.0f} {summary.wall / floor:8.2f}x")
    print(f"(median of {args.runs} runs)")


if __name__ == "__main__":
    main()
