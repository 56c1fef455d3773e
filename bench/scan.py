"""Scan speed, memory, recall and precision on the shared synthetic monorepo (not a test).

    python bench/scan.py [--files 20000 --mb 200] [--corpus /tmp/golive-corpus/repo]

Builds the corpus with ../shared/bench/make_corpus.py (deterministic, with ground truth) unless it
exists, then times golive's full offline pipeline (sources, inventory, every check) in-process and
compares the keys found with the planted ones: recall over real keys in the scan zone, and every
planted placeholder or near miss that golive reported as a real key counts against precision.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT.parent / "shared" / "bench" / "make_corpus.py"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/golive-corpus/repo"))
    args = parser.parse_args()
    truth_file = args.corpus.with_name(args.corpus.name + ".truth.json")
    if not truth_file.exists():
        subprocess.run([sys.executable, str(GENERATOR), "--out", str(args.corpus), "--files", str(args.files),
                        "--mb", str(args.mb), "--force"], check=True)
    truth = json.loads(truth_file.read_text())

    from golive.plugins import load_checks
    from golive.runner import check_tree
    from golive.settings import load_settings

    started = time.perf_counter()
    report = check_tree(args.corpus, load_settings(args.corpus), load_checks())
    elapsed = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # Compared by (file, line, value): a minified line can hold a planted key and a near miss at once.
    found = {(v.path, v.line, v.key.value) for v in report.inventory.values if v.key.is_real}
    planted = {(k["file"], k["line"], k["value"]) for k in truth["keys"] if k["zone"] == "scan"}
    hidden = {(k["file"], k["line"], k["value"]) for k in truth["keys"] if k["zone"] != "scan"}
    negatives = {(n["file"], n["line"], n["text"]) for n in truth["negatives"] if n.get("zone", "scan") == "scan"}
    missed = sorted(planted - found)
    false_keys = sorted(found & negatives)
    unplanted = sorted(found - planted)
    mb = sum(p.stat().st_size for p in args.corpus.rglob("*") if p.is_file()) / 1e6
    print(f"corpus: {truth['counts'] if 'counts' in truth else ''}")
    print(f"files scanned: {report.files_scanned}, skipped: {len(report.skipped)}, corpus size on disk: {mb:.0f} MB")
    print(f"wall time: {elapsed:.2f} s ({report.files_scanned / elapsed:.0f} files/s), peak RSS: {peak_mib:.0f} MiB")
    print(f"recall: {len(planted & found)}/{len(planted)} planted keys found; missed: {missed[:5]}")
    print(f"precision: {len(false_keys)} of {len(negatives)} planted placeholders/near misses reported as real keys: {false_keys[:5]}")
    print(f"keys under .git/ or node_modules/ reported: {len(found & hidden)}")
    print(f"real keys reported that were not planted: {len(unplanted)} {[(p, l) for p, l, _ in unplanted[:5]]}")
    print(f"findings: {len(report.findings)} ({sum(1 for f in report.findings if f.severity.value == 'error')} errors)")


if __name__ == "__main__":
    main()
