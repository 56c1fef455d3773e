"""The prefilter's two engines give the same answer on every file, and neither drops a file a reader needs.

Small trees use the standard library's literal searches, large ones Hyperscan's compiled matcher:
a file must be read, or not, whichever engine a tree's size picks.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from unittest import mock

import pytest
from corpus import APPS
from helpers import write_tree
from hypothesis import given, settings
from hypothesis import strategies as st

from golive.sources import Literals, compiled_on_use, parallel, prefilter, webhooks
from golive.sources import text as text_reader
from golive.sources.scan import collect

hyperscan = pytest.importorskip("hyperscan")
compiled = prefilter.for_tree(True)
PROPERTY = settings(deadline=None, derandomize=True, database=None, max_examples=500)

# Everything the prefilter looks for, and what is close to it: cut short, case changed, split by a
# line break, a word boundary taken away.
FRAGMENTS = [
    b"Stripe",
    b"STRIPE",
    b"stripe",
    b"strip",
    b"TRIP",
    b"sTrIpE",
    b"k_live_",
    b"k_test_",
    b"k_org_",
    b"k_prod_",
    b"sk_liv",
    b"whsec_",
    b"whsec",
    b"kind: Secret",
    b"kind:\t'Secret'\n",
    b"kind: Secrets",
    b"kind:Secret",
    b"event.type",
    b"getType()",
    b"types",
    b"ype_",
    b"\n",
    b" ",
    b"\0",
    b"\xff\xfe",
    "é".encode(),
]
contents = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.binary(max_size=20)), max_size=12).map(b"".join)
PATHS = [
    "app/handler.py",
    "web/Checkout.tsx",
    "web/bundle.js",
    "k8s/secret.yaml",
    "docs/notes.md",
    "conf/app.json",
    "pyproject.toml",
]


@PROPERTY
@given(raw=contents, rel=st.sampled_from(PATHS), reader=st.sampled_from(["text", "code", "json", "yaml", "toml"]))
def test_both_engines_agree_on_every_file(raw, rel, reader):
    assert compiled is not prefilter.searching
    assert compiled(raw, rel, reader) == prefilter.searching(raw, rel, reader)


@pytest.mark.parametrize(
    ("raw", "rel", "reader", "read"),
    [
        (b"const stripe = require('stripe')", "app/pay.js", "code", True),
        (b"STRIPE_KEY: ${KEY}", "conf/app.yaml", "yaml", True),
        (b'{"key": "sk_test_abc"}', "conf/app.json", "json", True),
        (b"secret = whsec_abc", "notes.txt", "text", True),
        (b"apiVersion: v1\nkind: Secret\ndata:\n  k: c2tfdGVzdA==", "k8s/s.yaml", "yaml", True),
        (b"kind: Secret", "docs/secret.md", "text", False),  # only a YAML file holds a Kubernetes Secret
        (b"if event.type == 'invoice.paid':", "app/hooks.py", "code", True),  # a handler that never names Stripe
        (b"if event.type == 'invoice.paid':", "web/Checkout.tsx", "code", False),  # browser code handles no webhook
        (b"def add(a, b):\n    return a + b\n", "app/math.py", "code", False),
    ],
)
def test_each_engine_reads_what_a_reader_needs(raw, rel, reader, read):
    assert prefilter.searching(raw, rel, reader) is read
    assert compiled(raw, rel, reader) is read


def test_a_large_tree_finds_what_a_small_one_finds(tmp_path, monkeypatch):
    """Past SEQUENTIAL_FILES the workers use the compiled engine: same values at the same lines."""
    planted = {"app/.env.production": "STRIPE_SECRET_KEY=sk_test_" + "a1B2" * 6, "k8s/stripe.yaml": "stripe_key: ${KEY}\n"}
    filler = {f"src/m{index:04}.py": "def f():\n    return 1\n" for index in range(2100)}
    write_tree(tmp_path / "small", planted)
    write_tree(tmp_path / "large", {**planted, **filler})
    counts = []
    start = parallel.start
    monkeypatch.setattr(parallel, "start", lambda count, task, order=None: counts.append(count) or start(count, task, order))
    small, large = collect(tmp_path / "small", []), collect(tmp_path / "large", [])
    assert counts[-1] > 1  # the large tree is read in several tasks, on every core
    assert [(v.path, v.line, v.variable) for v in large.values] == [(v.path, v.line, v.variable) for v in small.values]
    assert large.files_scanned == small.files_scanned + 2100


# --- Literals: a reader's one-pass test of which literals a file holds, on either engine ------------

LITERALS = ("onstruct", "Pay::", ".json(", "vent", "customer.", "StripeEvent")
texts = st.lists(
    st.one_of(st.sampled_from([*LITERALS, "Pay:", "json(", "év", "customer", "\n"]), st.text(max_size=12)), max_size=10
).map("".join)


@PROPERTY
@given(text=texts, piece=st.sampled_from([1 << 16, 7, 3]))
def test_literals_found_alike_by_both_engines(text, piece):
    """Also when the text is encoded in pieces smaller than it: a literal across two pieces is found."""
    literals = Literals(LITERALS)
    with mock.patch("golive.sources.SMALL_SEARCH", 0), mock.patch("golive.sources.ENCODED_PIECE", piece):
        with_hyperscan = literals.found(text)  # Hyperscan (loaded: importorskip above) even on short texts
    assert with_hyperscan == frozenset(literal for literal in LITERALS if literal in text)


def test_literals_without_hyperscan_search_each_literal(monkeypatch):
    monkeypatch.delitem(sys.modules, "hyperscan")
    assert Literals(LITERALS).found("app.use(express.json()); const event = x") == {".json(", "vent"}


@pytest.mark.parametrize(
    ("text", "mentions"),
    [("STRIPE_KEY=", True), ("from stripe import X", True), ("key: pk_test_abc", True), ("s: whsec_", True), ("k8s: 1", False)],
)
def test_mentions_is_the_first_test_on_decoded_text(text, mentions):
    assert prefilter.mentions(text) is mentions
    assert prefilter.searching(text.encode(), "a.txt", "text") is mentions


ROOT = Path(__file__).resolve().parents[2]
CODE_SUFFIXES = {".py", ".js", ".ts", ".mjs", ".rb", ".php", ".go", ".cs", ".java", ".kt"}
CODE_FIXTURES = sorted(
    path
    for folder in (ROOT / "tests" / "fixtures", ROOT / "sample-configs")
    for path in folder.rglob("*")
    if path.suffix in CODE_SUFFIXES
)


def test_webhook_signals_and_keys_alike_by_both_engines(monkeypatch):
    """The webhook reader's literal gate and the key scan's decide nothing a full search would not: same
    signals and keys either way, on the fixtures and on every code file of the issue-13 corpus (handlers
    in eight languages)."""
    assert len(CODE_FIXTURES) > 40
    texts = [(path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8", errors="replace")) for path in CODE_FIXTURES]
    texts += [(rel, text) for tree in APPS for rel, text in tree.files.items() if Path(rel).suffix in CODE_SUFFIXES]
    with mock.patch("golive.sources.SMALL_SEARCH", 0):  # Hyperscan on every file, however short
        with_hyperscan = [(webhooks.read(rel, text), text_reader.read(rel, text).values) for rel, text in texts]
    monkeypatch.delitem(sys.modules, "hyperscan")
    assert [(webhooks.read(rel, text), text_reader.read(rel, text).values) for rel, text in texts] == with_hyperscan
    assert any(signals for signals, _ in with_hyperscan) and any(values for _, values in with_hyperscan)


def test_a_pattern_compiled_on_use_answers_as_re_compile():
    """Reader modules compile their patterns on first use (compiled_on_use): same answers, compiled once."""
    pattern, flags = r"(?P<word>stripe)\.(?P<what>\w+)", re.I
    on_use, compiled = compiled_on_use(pattern, flags), re.compile(pattern, flags)
    text = "Stripe.webhooks and stripe.customers, STRIPE.x"
    assert on_use.pattern == pattern
    assert [m.span("what") for m in on_use.finditer(text)] == [m.span("what") for m in compiled.finditer(text)]
    assert on_use.search(text, 10).group(0) == compiled.search(text, 10).group(0)
    assert on_use.sub("_", text) == compiled.sub("_", text)
    assert on_use.fullmatch("stripe.x") and not on_use.match("a stripe.x")
    assert on_use.groupindex == compiled.groupindex
