"""The bundled sample apps produce the reports the README promises.

Each sample is checked from a copy outside git, so that the result does not depend on whether the
tests run from a clone (where GL501 sees the sandbox keys as tracked) or from an sdist.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from keyfactory import key, whsec
from typer.testing import CliRunner

from golive.cli import app

SAMPLES = Path(__file__).resolve().parents[2] / "sample-configs"
runner = CliRunner()


@pytest.fixture
def check(tmp_path):
    """``check(sample, *flags, env=...)`` -> (exit code, {(check id, path, line)})."""

    def run(sample: str, *args: str, env: dict[str, str] | None = None):
        root = shutil.copytree(SAMPLES / sample, tmp_path / sample)
        result = runner.invoke(app, ["check", str(root), "--format", "json", *args], env=env)
        report = json.loads(result.stdout)
        return result.exit_code, {(f["check_id"], f["path"], f["line"]) for f in report["findings"]}

    return run


def test_nextjs_shop_is_not_ready(check):
    code, findings = check("nextjs-shop-not-ready")
    assert code == 1
    assert findings == {
        ("GL105", ".env.development", 1),
        ("GL101", ".env.production", 3),
        ("GL101", ".env.production", 4),
        ("GL101", ".env.production", 5),
        ("GL101", ".env.production", 6),
        ("GL104", ".env.production", 7),
        ("GL201", ".env.production", 4),
        ("GL301", ".env.production", 6),
        ("GL401", ".env.production", 7),
    }


def test_ready_shop_is_ready_when_the_deploy_environment_injects_its_secrets(check):
    deploy_env = {
        "STRIPE_SECRET_KEY": key("rk", "live", seed="ready-api", account="ReadyShopAcct01"),
        "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY": key("pk", "live", seed="ready-web", account="ReadyShopAcct01"),
        "STRIPE_WEBHOOK_SECRET": whsec("ready"),
    }
    assert check("ready-shop", "--from-env", env=deploy_env) == (0, set())


def test_ready_shop_without_its_deploy_environment_cannot_vouch_for_webhooks(check):
    assert check("ready-shop") == (1, {("GL401", "src/pages/api/webhooks/stripe.ts", 13)})


def test_multi_env_saas_judges_each_environment_by_its_files(check):
    code, findings = check("multi-env-saas")
    assert code == 1
    assert findings == {("GL101", "deploy/production/app.env", 5), ("GL401", "deploy/production/app.env", 4)}


def test_ready_shop_passes_a_commit_before_its_secrets_exist(tmp_path):
    """The recommended layout (every secret injected at deploy) fails a deploy-stage check without the
    deploy's environment, and passes the pre-commit hook's commit stage, saying what it left to the deploy."""
    root = shutil.copytree(SAMPLES / "ready-shop", tmp_path / "ready-shop")
    deploy = runner.invoke(app, ["check", str(root), "--format", "json"], env={})
    assert deploy.exit_code == 1 and {f["check_id"] for f in json.loads(deploy.stdout)["findings"]} == {"GL401"}
    commit = runner.invoke(app, ["check", str(root), "--format", "json", "--stage", "commit"], env={})
    report = json.loads(commit.stdout)
    assert commit.exit_code == 0 and report["findings"] == []
    assert report["verdict"] == (
        "READY for production (commit stage): 0 error(s), 0 warning(s), 0 accepted; "
        "checks: 15 passed, 0 failed, 9 not run; 0 path(s) skipped (failing on error)"
    )
    assert {c["id"] for c in report["checks"] if c["outcome"] == "not_run"} == {
        "GL106",
        "GL107",
        "GL303",
        "GL403",
        "GL404",
        "GL405",
        "GL406",
        "GL902",
        "GL401",
    }
