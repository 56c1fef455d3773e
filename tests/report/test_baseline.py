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

    unchanged = check(root, "--baseline", baseline, "--baseline-reason", "legacy keys, rotated in PAY-9", "--format", "json")
    assert unchanged.exit_code == 0, unchanged.output
    in_baseline = {"reason": "legacy keys, rotated in PAY-9", "source": "baseline", "expires": None}
    assert findings(unchanged) == {
        ("GL101", ".env.production", 2): in_baseline,
        ("GL103", ".env.production", 1): in_baseline,
        ("GL102", ".env.staging", 1): in_baseline,
    }

    (root / "src").mkdir()
    (root / "src" / "Checkout.jsx").write_text(expand('const stripe = Stripe("@@sk_live:client@@");\n'))
    grown = check(root, "--baseline", baseline, "--baseline-reason", "legacy keys, rotated in PAY-9", "--format", "json")
    assert grown.exit_code == 1
    new = {where for where, suppressed in findings(grown).items() if suppressed is None}
    assert new == {("GL201", "src/Checkout.jsx", 1)}


def test_baseline_survives_moved_lines(tree, tmp_path):
    root = tree(BEFORE)
    baseline = record_baseline(root, tmp_path)
    production = root / ".env.production"
    production.write_text("# keys from the vault\n\n" + production.read_text())
    (root / "golive.toml").write_text('[baseline]\nreason = "accepted at the 2025 audit"\n')
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


@pytest.mark.parametrize(
    "content",
    [
        None,  # missing file
        "{not json",
        "[]",
        '{"schema_version": 2, "findings": []}',
        '{"schema_version": 1, "findings": [{"check_id": "GL101"}]}',
    ],
)
def test_unreadable_or_invalid_baseline_is_exit_2(tree, tmp_path, content):
    root = tree(BEFORE)
    baseline = tmp_path / "baseline.json"
    if content is not None:
        baseline.write_text(content)
    result = check(root, "--baseline", baseline, "--baseline-reason", "accepted at the 2025 audit")
    assert result.exit_code == 2
    assert f"baseline {baseline}" in result.stderr


def test_a_baseline_without_a_reason_is_a_config_error(tree, tmp_path):
    """A baseline accepts findings as an exception does, so it needs what an exception needs: a reason."""
    root = tree(BEFORE)
    baseline = record_baseline(root, tmp_path)
    result = check(root, "--baseline", baseline)
    assert result.exit_code == 2
    assert f"--baseline {baseline}: a baseline accepts findings, so it needs a reason" in result.stderr
    blank = check(root, "--baseline", baseline, "--baseline-reason", "  ")
    assert blank.exit_code == 2


def test_baseline_reason_and_expiry_from_the_config_flag_wins(tree, tmp_path):
    root = tree(BEFORE)
    baseline = record_baseline(root, tmp_path)
    (root / "golive.toml").write_text('[baseline]\nreason = "accepted at the 2025 audit"\nexpires = 2999-12-31\n')
    from_config = check(root, "--baseline", baseline, "--format", "json")
    assert from_config.exit_code == 0, from_config.output
    assert set(map(json.dumps, findings(from_config).values())) == {
        json.dumps({"reason": "accepted at the 2025 audit", "source": "baseline", "expires": "2999-12-31"})
    }
    flagged = check(root, "--baseline", baseline, "--baseline-reason", "PAY-9", "--format", "json")
    assert {s["reason"] for s in findings(flagged).values()} == {"PAY-9"}
    assert {s["expires"] for s in findings(flagged).values()} == {"2999-12-31"}


def test_an_expired_baseline_accepts_nothing_and_says_so(tree, tmp_path):
    root = tree(BEFORE)
    baseline = record_baseline(root, tmp_path)
    (root / "golive.toml").write_text('[baseline]\nreason = "accepted at the 2020 audit"\nexpires = 2020-12-31\n')
    result = check(root, "--baseline", baseline, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert all(f["suppressed"] is None for f in report["findings"])
    assert (
        f"baseline {baseline} expired on 2020-12-31; its findings count again (reason was: accepted at the 2020 audit)"
        in report["notices"]
    )


def test_the_verdict_counts_what_the_baseline_accepted(tree, tmp_path):
    """READY with 3 accepted findings says so: accepted is not clean."""
    root = tree(BEFORE)
    baseline = record_baseline(root, tmp_path)
    result = check(root, "--baseline", baseline, "--baseline-reason", "PAY-9")
    assert result.exit_code == 0
    verdict = result.stdout.splitlines()[-1]
    assert verdict == (
        "READY for production: 0 error(s), 0 warning(s), 3 accepted; "
        "checks: 13 passed, 0 failed, 3 accepted, 8 not run; 0 path(s) skipped (failing on error)"
    )
    assert "ACCEPTED error .env.production:2 STRIPE_SECRET_KEY" in result.stdout
