"""Does golive's cost grow with the tree, and only with it? (not a test)

    python bench/growth.py [--scales 1 4 16] [--runs 3] [--out /tmp/golive-corpus]

Generates the shared corpus at each scale (20,000 files and 200 MB times the scale) unless present,
times golive's full offline check of each (median of ``--runs``), and prints time and peak memory per
MB beside the first scale's: flat means no pairwise comparisons over keys or files, and memory that
does not follow the tree's size.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from corpus import ensure_corpus, golive_command, scan_zone
from measure import compare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("/tmp/golive-corpus"))
    args = parser.parse_args()
    print(f"{'scale':>5} {'files':>8} {'MB':>7} {'wall s':>7} {'ms/MB':>6} {'vs 1st':>7} {'peak MiB':>9} {'MiB/100MB':>10}")
    first = None
    for scale in args.scales:
        corpus = args.out / ("repo" if scale == 1 else f"x{scale}")
        ensure_corpus(corpus, 20000 * scale, 200 * scale)
        files, megabytes = scan_zone(corpus)
        with tempfile.TemporaryDirectory() as scratch:
            (summary,) = compare({"golive": golive_command(corpus, Path(scratch) / "golive.json")}, args.runs)
        per_mb = summary.wall / megabytes
        first = first or per_mb
        print(
            f"{scale:>5} {files:>8} {megabytes:7.0f} {summary.wall:7.2f} {per_mb * 1000:6.2f} {per_mb / first:6.2f}x "
            f"{summary.peak_mib:9.0f} {summary.peak_mib / megabytes * 100:10.1f}"
        )


if __name__ == "__main__":
    main()
