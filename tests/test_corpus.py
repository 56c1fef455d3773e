"""The issue-13 corpus: golive's verdict and findings on realistic app trees, against the truth each tree carries.

A tree golive gets wrong is a known miss (``KNOWN_MISSES``, non-strict xfail with the class and what
goes wrong; ``cd tests && python -m corpus TREE DIR`` writes one to look at): the truth is never weakened.
"""

from __future__ import annotations

from collections import Counter

import pytest
from corpus import APPS, CLASSES, App
from helpers import run

from golive.api import Severity

#: tree name -> what golive gets wrong today (the issue-13 class first).
KNOWN_MISSES: dict[str, str] = {}


def compare(tree: App, report) -> tuple[set, set]:
    """(missing expected findings, unexpected error findings) of one report."""
    found = {(f.check_id, f.path, f.line) for f in report.findings if not f.suppression}
    errors = {(f.check_id, f.path, f.line) for f in report.findings if not f.suppression and f.severity is Severity.ERROR}
    missing, allowed = set(), set()
    for expected in tree.expect + tree.warn:
        candidates = expected.candidates(tree.files)
        allowed |= candidates
        if not candidates & found:
            missing.add(min(candidates))
    for maybe in tree.maybe:
        allowed |= maybe.candidates(tree.files)
    return missing, errors - allowed


def check(tree: App, root, monkeypatch):
    environment = tree.environment()
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return run(tree.write(root), from_env=True if environment else None)


def _param(tree: App):
    marks = [pytest.mark.xfail(strict=False, reason=KNOWN_MISSES[tree.name])] if tree.name in KNOWN_MISSES else []
    return pytest.param(tree, id=tree.name, marks=marks)


@pytest.mark.parametrize("tree", [_param(t) for t in APPS])
def test_verdict_and_findings(tree, tmp_path, monkeypatch):
    report = check(tree, tmp_path / tree.name, monkeypatch)
    missing, unexpected = compare(tree, report)
    assert (report.ready, missing, unexpected) == (tree.ready, set(), set()), tree.why


def test_the_corpus_covers_every_class_both_ways():
    fires = Counter(c for t in APPS for c in t.fires)
    holds = Counter(c for t in APPS for c in t.holds)
    assert [c for c in CLASSES if not fires[c] or not holds[c]] == []


def test_the_corpus_is_broad_and_fair():
    assert len(APPS) >= 150
    assert len({t.ecosystem for t in APPS}) >= 12
    assert sum(t.ready for t in APPS) * 3 >= len(
        APPS
    )  # a gate that blocks correct apps is as wrong as one that passes broken ones


def test_no_corpus_source_holds_a_live_key_literal():
    """Live-format keys only through keyfactory tokens or built at run time: the repository never holds one."""
    import re
    from pathlib import Path

    live = re.compile(r"\b(sk|rk|pk)_live_[0-9A-Za-z]{10,}|whsec_[0-9A-Za-z]{24,}")
    sources = sorted((Path(__file__).parent / "corpus").glob("*.py"))
    assert sources and [p.name for p in sources if live.search(p.read_text(encoding="utf-8"))] == []
