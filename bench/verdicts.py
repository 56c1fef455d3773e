"""golive and its peers on the issue-13 corpus: verdict agreement with the truth, per-check precision and recall (not a test).

    python bench/verdicts.py [--out docs/accuracy.md] [--misses FILE] [--no-peers]

Writes every tree of tests/corpus/ to a temporary folder, then runs on each:

- golive, through its installed CLI, the way its docs prescribe: ``golive check TREE --format json``,
  with ``--from-env`` and the tree's deploy environment when the tree has one (a clean environment
  otherwise: PATH and HOME only);
- the peers a team would run instead, when installed beside the interpreter or on PATH: gitleaks
  (``gitleaks dir``), kingfisher (``kingfisher scan --no-validate``) and detect-secrets
  (``detect-secrets scan --all-files``), each with its default rules. A peer blocks a tree when it
  reports anything Stripe-related (a rule or type that names Stripe).

Scores: golive's verdict (exit code 0 or 1) and each peer's block/pass against the truth; per check,
precision and recall of golive's error findings (check id, path, line) against the expected ones
(a finding the truth marks "either way" counts neither way; warnings are not scored, since the truth
names them only where they are clear). Writes the Markdown table to ``--out``, and with ``--misses``
the list of trees golive gets wrong, grouped by issue-13 class, for the helpers who fix them.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from corpus import APPS, CLASSES, App  # noqa: E402

BIN = Path(sys.executable).parent


def tool(name: str) -> str | None:
    beside = BIN / name
    return str(beside) if beside.exists() else shutil.which(name)


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")} | (extra or {})


def run_golive(golive: str, tree: App, root: Path) -> tuple[int, list[dict], float]:
    environment = tree.environment()
    command = [golive, "check", str(root), "--format", "json"] + (["--from-env"] if environment else [])
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=clean_env(environment), check=False)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"golive failed on {tree.name} (exit {result.returncode}): {result.stderr[-500:]}")
    return result.returncode, json.loads(result.stdout)["findings"], elapsed


def run_gitleaks(binary: str, root: Path, scratch: Path) -> int:
    report = scratch / "gitleaks.json"
    subprocess.run(
        [binary, "dir", str(root), "--no-banner", "--exit-code", "0", "-f", "json", "-r", str(report)],
        capture_output=True,
        env=clean_env(),
        check=False,
    )
    return sum("stripe" in f.get("RuleID", "").lower() for f in json.loads(report.read_text() or "[]"))


def run_kingfisher(binary: str, root: Path, scratch: Path) -> int:
    result = subprocess.run(
        [binary, "scan", str(root), "--format", "json", "--no-validate", "--no-update-check"],
        capture_output=True,
        text=True,
        env=clean_env(),
        check=False,
    )
    findings = json.JSONDecoder().raw_decode(result.stdout)[0]["findings"] if result.stdout.strip() else []  # then a summary line
    return sum("stripe" in f["rule"]["id"].lower() for f in findings)


def run_detect_secrets(binary: str, root: Path, scratch: Path) -> int:
    result = subprocess.run(
        [binary, "scan", "--all-files", "."], capture_output=True, text=True, cwd=root, env=clean_env(), check=False
    )
    results = json.loads(result.stdout or "{}").get("results", {})
    return sum("stripe" in r["type"].lower() for found in results.values() for r in found)


PEERS = {
    "gitleaks": ("gitleaks", run_gitleaks),
    "kingfisher": ("kingfisher", run_kingfisher),
    "detect-secrets": ("detect-secrets", run_detect_secrets),
}


def score(tree: App, findings: list[dict]):
    """(true positives, false negatives, false positives) per check, over error findings, and the diff lines."""
    reported = {(f["check_id"], f["path"], f["line"]) for f in findings if not f.get("suppressed")}
    errors = {(f["check_id"], f["path"], f["line"]) for f in findings if not f.get("suppressed") and f["severity"] == "error"}
    tp, fn, allowed, missing = Counter(), Counter(), set(), set()
    for expected in tree.expect:
        candidates = expected.candidates(tree.files)
        allowed |= candidates
        if candidates & reported:
            tp[expected.check] += 1
        else:
            fn[expected.check] += 1
            missing.add(min(candidates))
    for expected in tree.warn + tree.maybe:
        allowed |= expected.candidates(tree.files)
    unexpected = errors - allowed
    return tp, fn, Counter(check for check, _, _ in unexpected), missing, unexpected


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "accuracy.md")
    parser.add_argument("--misses", type=Path, help="also write the trees golive gets wrong, by issue-13 class")
    parser.add_argument("--no-peers", action="store_true")
    args = parser.parse_args()
    golive = tool("golive")
    if golive is None:
        raise SystemExit("golive is not installed beside this interpreter nor on PATH")
    peers = {} if args.no_peers else {name: (tool(binary), runner) for name, (binary, runner) in PEERS.items() if tool(binary)}

    tp, fn, fp = Counter(), Counter(), Counter()
    peer_blocks: dict[str, dict[str, bool]] = defaultdict(dict)
    golive_blocks: dict[str, bool] = {}
    diffs: dict[str, tuple[set, set]] = {}
    seconds = Counter()
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        for tree in APPS:
            root = tree.write(scratch / "trees" / tree.name)
            code, findings, elapsed = run_golive(golive, tree, root)
            seconds["golive"] += elapsed
            golive_blocks[tree.name] = code == 1
            t, n, p, missing, unexpected = score(tree, findings)
            tp.update(t), fn.update(n), fp.update(p)
            if (code == 0) != tree.ready or missing or unexpected:
                diffs[tree.name] = (missing, unexpected)
            for name, (binary, runner) in peers.items():
                started = time.perf_counter()
                peer_blocks[name][tree.name] = runner(binary, root, scratch) > 0
                seconds[name] += time.perf_counter() - started
            print(
                f"{tree.name}: truth {'ready' if tree.ready else 'not ready'}, golive {'not ready' if code else 'ready'}",
                file=sys.stderr,
            )

    write_table(args.out, golive_blocks, peer_blocks, tp, fn, fp, diffs, seconds)
    print(f"wrote {args.out}")
    if args.misses:
        write_misses(args.misses, golive_blocks, diffs)
        print(f"wrote {args.misses}")


def agreement_row(name: str, blocks: dict[str, bool], trees: list[App]) -> str:
    ready = [t for t in trees if t.ready]
    broken = [t for t in trees if not t.ready]
    right = sum(blocks[t.name] != t.ready for t in trees)
    false_blocks = sum(blocks[t.name] for t in ready)
    false_passes = sum(not blocks[t.name] for t in broken)
    return (
        f"| {name} | {right}/{len(trees)} ({percent(right, len(trees))}) | {false_blocks}/{len(ready)} | "
        f"{false_passes}/{len(broken)} |"
    )


def write_table(out: Path, golive_blocks, peer_blocks, tp, fn, fp, diffs, seconds) -> None:
    from golive import __version__

    trees = list(APPS)
    ready = sum(t.ready for t in trees)
    lines = [
        "# Accuracy on the issue-13 corpus",
        "",
        f"Generated by `python bench/verdicts.py` on {datetime.date.today().isoformat()}, golive {__version__}, "
        f"on {platform.system()} {platform.machine()} ({os.cpu_count()} cores), Python {platform.python_version()}. "
        "Do not edit by hand.",
        "",
        f"**Corpus** (`tests/corpus/`): {len(trees)} app trees in {len({t.ecosystem for t in trees})} ecosystems and "
        f"{len({t.deploy for t in trees})} deploy shapes; {ready} ready, {len(trees) - ready} not ready; "
        f"{sum(len(t.expect) for t in trees)} expected error findings. Each tree's truth is the verdict a careful Stripe "
        "engineer gives it, from Stripe's documentation and the framework's build rules; `tests/test_corpus.py` runs it.",
        "",
        "## Verdict agreement",
        "",
        "A tool agrees when it blocks a tree that is not ready and passes one that is. golive runs as its docs prescribe "
        "(with `--from-env` and the deploy environment where a tree has one); a peer blocks when it reports anything "
        "Stripe-related with its default rules.",
        "",
        "| tool | agrees with the truth | false blocks (ready trees) | false passes (not-ready trees) |",
        "|---|---|---|---|",
        agreement_row("golive", golive_blocks, trees),
    ]
    lines += [agreement_row(name, blocks, trees) for name, blocks in sorted(peer_blocks.items())]
    lines += [
        "",
        "## golive by issue-13 class",
        "",
        "Trees tagged with the class: must-fire trees prove it by a finding that must be reported, must-not-fire "
        "trees by one that must not. A tree counts as right when golive's verdict and its findings match the truth.",
        "",
        "| class | must fire: right | must not fire: right |",
        "|---|---|---|",
    ]
    for number, title in CLASSES.items():
        fire = [t for t in trees if number in t.fires]
        hold = [t for t in trees if number in t.holds]
        right_fire = sum(t.name not in diffs for t in fire)
        right_hold = sum(t.name not in diffs for t in hold)
        lines.append(f"| {number}. {title} | {right_fire}/{len(fire)} | {right_hold}/{len(hold)} |")
    lines += [
        "",
        "## golive per check (error findings)",
        "",
        "A finding is right when its check id, file and line are the expected ones.",
        "",
        "| check | expected | found | missed | unexpected | precision | recall |",
        "|---|---|---|---|---|---|---|",
    ]
    for check in sorted(set(tp) | set(fn) | set(fp)):
        expected = tp[check] + fn[check]
        lines.append(
            f"| {check} | {expected} | {tp[check]} | {fn[check]} | {fp[check]} | "
            f"{percent(tp[check], tp[check] + fp[check])} | {percent(tp[check], expected)} |"
        )
    total_tp, total_fn, total_fp = sum(tp.values()), sum(fn.values()), sum(fp.values())
    lines.append(
        f"| all | {total_tp + total_fn} | {total_tp} | {total_fn} | {total_fp} | "
        f"{percent(total_tp, total_tp + total_fp)} | {percent(total_tp, total_tp + total_fn)} |"
    )
    lines += [
        "",
        f"Trees golive gets exactly right (verdict and findings): {len(trees) - len(diffs)}/{len(trees)}.",
        "",
        "## Time",
        "",
        "Wall time over the whole corpus, one process per tree (start-up included).",
        "",
        "| tool | seconds | per tree |",
        "|---|---|---|",
    ]
    for name, total in sorted(seconds.items(), key=lambda item: item[1]):
        lines.append(f"| {name} | {total:.1f} | {1000 * total / len(trees):.0f} ms |")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_misses(out: Path, golive_blocks, diffs) -> None:
    from test_corpus import KNOWN_MISSES

    by_class: dict[int, list[str]] = defaultdict(list)
    for tree in APPS:
        if tree.name not in diffs:
            continue
        missing, unexpected = diffs[tree.name]
        reason = KNOWN_MISSES.get(tree.name, "not yet triaged: a regression, or a tree added since the last triage")
        classes = sorted({int(c) for c in re.findall(r"class (\d+)(?:/(\d+))?", reason) for c in c if c}) or [0]
        entry = [
            f"- **{tree.name}** ({tree.ecosystem}, {tree.deploy}): {reason}",
            f"  truth: {'ready' if tree.ready else 'not ready'}; golive: {'not ready' if golive_blocks[tree.name] else 'ready'}",
        ]
        entry += [f"  expected, not reported: {c} {p}:{n}" for c, p, n in sorted(missing)]
        entry += [f"  reported, not expected: {c} {p}:{n}" for c, p, n in sorted(unexpected)]
        entry.append(
            f"  write it: `cd tests && ../.venv/bin/python -m corpus {tree.name} /tmp/x` (prints the golive command to run)"
        )
        for number in classes:
            by_class[number].append("\n".join(entry))
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    lines = [
        "# Corpus misses (issue 13)",
        "",
        f"Generated {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC by `python bench/verdicts.py --misses` "
        f"at {head}: {len(diffs)} of {len(APPS)} trees where golive's verdict or findings differ from the truth.",
        "Each tree's truth is in tests/corpus/<ecosystem>.py (`why=` says the rule); a tree under two classes needs both fixed.",
        "Trees with a deploy environment are checked with --from-env and those variables (as golive's docs prescribe).",
        "All at once: `.venv/bin/pytest -q tests/test_corpus.py -rx`.",
        "",
    ]
    for number in sorted(by_class):
        lines += [f"## class {number}: {CLASSES[number]}" if number else "## untriaged", "", *by_class[number], ""]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
