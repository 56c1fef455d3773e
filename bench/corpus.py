"""golive against its peers on the shared synthetic monorepo, and scored against its ground truth (not a test).

    python bench/corpus.py [--corpus /tmp/golive-corpus/repo] [--runs 5] [--peer-runs 5]

Builds the corpus with ../shared/bench/make_corpus.py (deterministic; ground truth beside it) unless it
exists. Then, alternating and repeated, median of ``--runs`` warm runs each:

- golive: the full offline check of the corpus with a JSON report, through the installed CLI;
- ripgrep over the same files (outside .git/ and node_modules/) with the Stripe key pattern;
- gitleaks and detect-secrets restricted to their Stripe rules, when installed (``--peer-runs``, since
  detect-secrets takes minutes a run).

Prints wall time, CPU time, peak memory (the process tree), files/s and MB/s for each, and golive's
ratio to each peer. Last, an in-process run of the same pipeline is scored: recall of the planted keys
in the scan zone, and any planted placeholder or near miss reported as a key.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import Summary, compare

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT.parent / "shared" / "bench" / "make_corpus.py"
KEY_PATTERN = r"(sk|rk|pk)_(live|test)_[0-9a-zA-Z]{10,}|whsec_[0-9a-zA-Z]{20,}"
SKIPPED = {".git", "node_modules"}
# gitleaks' own stripe-access-token rule, alone.
GITLEAKS_STRIPE_ONLY = """
[[rules]]
id = "stripe-access-token"
regex = '''(?i)\\b((?:sk|rk)_(?:test|live|prod)_[a-zA-Z0-9]{10,99})(?:[\\x60'"\\s;]|\\\\[nr]|$)'''
keywords = ["sk_test", "sk_live", "sk_prod", "rk_test", "rk_live", "rk_prod"]
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/golive-corpus/repo"))
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--peer-runs", type=int, default=5, help="runs of gitleaks and detect-secrets")
    args = parser.parse_args()
    ensure_corpus(args.corpus, args.files, args.mb)
    files, megabytes = scan_zone(args.corpus)
    print(f"corpus {args.corpus}: {files} files, {megabytes:.0f} MB outside .git/ and node_modules/; {os.cpu_count()} cores")

    with tempfile.TemporaryDirectory() as scratch:
        fast = {"golive": golive_command(args.corpus, Path(scratch) / "golive.json")}
        if shutil.which("rg"):
            fast["ripgrep"] = [
                "rg",
                "--no-ignore",
                "--hidden",
                "--no-messages",
                "-g",
                "!.git/",
                "-g",
                "!node_modules/",
                "-c",
                "-e",
                KEY_PATTERN,
                str(args.corpus),
            ]
        slow = peer_commands(args.corpus, Path(scratch))
        summaries = compare(fast, args.runs)
        if slow:
            summaries += compare(slow, args.peer_runs, cwd=args.corpus, warmup=0)
    print_table(summaries, files, megabytes)
    score(args.corpus)


def ensure_corpus(corpus: Path, files: int, megabytes: int) -> None:
    if not truth_path(corpus).exists():
        subprocess.run(
            [sys.executable, str(GENERATOR), "--out", str(corpus), "--files", str(files), "--mb", str(megabytes), "--force"],
            check=True,
        )


def truth_path(corpus: Path) -> Path:
    return corpus.with_name(corpus.name + ".truth.json")


def scan_zone(corpus: Path) -> tuple[int, float]:
    count, size = 0, 0
    for folder, dirs, names in os.walk(corpus):
        dirs[:] = [d for d in dirs if d not in SKIPPED]
        count += len(names)
        size += sum(os.path.getsize(os.path.join(folder, name)) for name in names)
    return count, size / 1e6


def golive_command(corpus: Path, report: Path) -> list[str]:
    installed = Path(sys.executable).with_name("golive")
    command = [str(installed)] if installed.exists() else [sys.executable, "-m", "golive"]
    return [*command, "check", str(corpus), "--format", "json", "--output", str(report)]


def peer_commands(corpus: Path, scratch: Path) -> dict[str, list[str]]:
    commands = {}
    if shutil.which("gitleaks"):
        config = scratch / "gitleaks-stripe.toml"
        config.write_text(GITLEAKS_STRIPE_ONLY)
        commands["gitleaks (Stripe rule)"] = [
            "gitleaks",
            "detect",
            "--no-git",
            "--source",
            str(corpus),
            "--config",
            str(config),
            "--no-banner",
            "--report-path",
            str(scratch / "gitleaks.json"),
            "--exit-code",
            "0",
        ]
    detect_secrets = shutil.which("detect-secrets")
    if detect_secrets:
        listed = subprocess.run([detect_secrets, "scan", "--list-all-plugins"], capture_output=True, text=True, check=True)
        others = [name for name in listed.stdout.split() if name != "StripeDetector"]
        commands["detect-secrets (Stripe plugin)"] = [
            detect_secrets,
            "scan",
            "--all-files",
            "--exclude-files",
            r"(^|/)(\.git|node_modules)/",
            *(flag for name in others for flag in ("--disable-plugin", name)),
        ]
    return commands


def print_table(summaries: list[Summary], files: int, megabytes: float) -> None:
    golive = next(s for s in summaries if s.name == "golive")
    print(f"\n{'tool':32} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9} {'files/s':>9} {'MB/s':>7}  golive vs it")
    for summary in summaries:
        if summary.name == "golive":
            versus = ""
        elif summary.wall >= golive.wall:
            versus = f"golive {summary.wall / golive.wall:.1f}x faster"
        else:
            versus = f"golive takes {golive.wall / summary.wall:.1f}x its time"
        print(
            f"{summary.name:32} {summary.wall:8.2f} {summary.cpu:8.2f} {summary.peak_mib:9.0f} {files / summary.wall:9.0f} "
            f"{megabytes / summary.wall:7.0f}  {versus}"
        )
    print(f"(median of {len(golive.runs)} runs; peers' exit codes {sorted({r.exit_code for s in summaries for r in s.runs})})")


def score(corpus: Path) -> None:
    """The same pipeline in-process, where the inventory holds every key found, not only the findings."""
    from golive.plugins import load_checks
    from golive.runner import check_tree
    from golive.settings import load_settings

    truth = json.loads(truth_path(corpus).read_text())
    report = check_tree(corpus, load_settings(corpus), load_checks())
    # Compared by (file, line, value): a minified line can hold a planted key and a near miss at once.
    found = {(v.path, v.line, v.key.value) for v in report.inventory.values if v.key.is_real}
    planted = {(k["file"], k["line"], k["value"]) for k in truth["keys"] if k["zone"] == "scan"}
    hidden = {(k["file"], k["line"], k["value"]) for k in truth["keys"] if k["zone"] != "scan"}
    negatives = {(n["file"], n["line"], n["text"]) for n in truth["negatives"] if n.get("zone", "scan") == "scan"}
    print(f"\nrecall: {len(planted & found)}/{len(planted)} planted keys found; missed: {sorted(planted - found)[:5]}")
    print(f"precision: {len(found & negatives)} of {len(negatives)} planted placeholders and near misses reported as keys")
    print(
        f"keys under .git/ or node_modules/ reported: {len(found & hidden)}; real keys reported that were not planted: "
        f"{len(found - planted)}"
    )


if __name__ == "__main__":
    main()
