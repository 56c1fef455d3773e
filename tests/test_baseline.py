"""``--baseline FILE``: findings of a previous JSON report are accepted; only new ones fail the gate."""

from __future__ import annotations

import json

import pytest
from keyfactory import expand, key
from typer.testing import CliRunner

from golive.cli import app

runner = CliRunner()
BEFORE = {
    ".env.production": "STRIPE_PUBLISHABLE_KEY=@@pk_live@@\nSTRIPE_SECRET_KEY=@@sk_test@@\n",
    ".env.staging": "STRIPE_SECRET_KEY=@@sk_live:staging@@\n",
}


def check(*args):
    return runner.invoke(app, ["check", *map(str, args)], env={})


def record_baseline(root, tmp_path):
    baseline = tmp_path / "baseline.json"
    result = check(root, "--format", "json", "--output", baseline)
    assert result.exit_code == 1, result.output
    return baseline


def findings(result):
    return {(f["check_id"], f["path"], f["line"]): f["suppressed"] for f in json.loads(result.stdout)["findings"]}


def test_only_new_findings_fail_the_gate(tree, tmp_path):
    root = tree(BEFORE)
    baseline = record_baseline(root, tmp_path)

    unchanged = check(root, "--baseline", baseline, "--format", "json")
    assert unchanged.exit_code == 0, unchanged.output
    in_baseline = {"reason": "in baseline", "source": "baseline", "expires": None}
    assert findings(unchanged) == {
        ("GL101", ".env.production", 2): in_baseline,
        ("GL103", ".env.production", 1): in_baseline,
        ("GL102", ".env.staging", 1): in_baseline,
    }

    (root / "src").mkdir()
    (root / "src" / "Checkout.jsx").write_text(expand('const stripe = Stripe("@@sk_live:client@@");\n'))
    grown = check(root, "--baseline", baseline, "--format", "json")
    assert grown.exit_code == 1
    new = {where for where, suppressed in findings(grown).items() if suppressed is None}
    assert new == {("GL201", "src/Checkout.jsx", 1)}


def test_baseline_survives_moved_lines(tree, tmp_path):
    root = tree(BEFORE)
    baseline = record_baseline(root, tmp_path)
    production = root / ".env.production"
    production.write_text("# keys from the vault\n\n" + production.read_text())
    result = check(root, "--baseline", baseline, "--format", "json")
    assert result.exit_code == 0, result.output
    assert ("GL101", ".env.production", 4) in findings(result)


def test_baseline_never_holds_the_secret(tree, tmp_path):
    root = tree(BEFORE)
    text = record_baseline(root, tmp_path).read_text()
    for secret in (key("sk", "live", seed="staging"), key("pk", "live"), key("sk", "test")):
        assert secret not in text
        assert secret.split("_", 2)[2][:20] not in text
    assert all(len(f["fingerprint"]) == 32 for f in json.loads(text)["findings"])


@pytest.mark.parametrize("content", [
    None,  # missing file
    "{not json",
    "[]",
    '{"schema_version": 2, "findings": []}',
    '{"schema_version": 1, "findings": [{"check_id": "GL101"}]}',
])
def test_unreadable_or_invalid_baseline_is_exit_2(tree, tmp_path, content):
    root = tree(BEFORE)
    baseline = tmp_path / "baseline.json"
    if content is not None:
        baseline.write_text(content)
    result = check(root, "--baseline", baseline)
    assert result.exit_code == 2
    assert "baseline" in result.stderr
