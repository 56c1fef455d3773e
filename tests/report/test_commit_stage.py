"""A commit is not a deploy: ``--stage commit`` (the pre-commit hook's mode) leaves values injected at
deploy to the deploy, with the reason, and still blocks whatever a commit can break."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from helpers import hits, run
from typer.testing import CliRunner

from golive.cli import app
from golive.exitcode import ExitCode

runner = CliRunner()
HOOKS = Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml"
WEBHOOK = (
    'import Stripe from "stripe";\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY);\n'
    "export function handler(req) {\n"
    '  return stripe.webhooks.constructEvent(req.body, req.headers["stripe-signature"], process.env.STRIPE_WEBHOOK_SECRET);\n}\n'
)
#: The layout golive recommends: code in the repository, every secret injected by the deploy.
INJECTED_AT_DEPLOY = {"src/webhook.js": WEBHOOK, ".env.production": "STRIPE_WEBHOOK_SECRET=${STRIPE_WEBHOOK_SECRET}\n"}


def check(root, *args, env=None):
    return runner.invoke(app, ["check", str(root), *args], env=env or {})


def outcomes(result) -> dict[str, dict]:
    return {c["id"]: c for c in json.loads(result.stdout)["checks"]}


def test_secrets_injected_at_deploy_fail_a_deploy_but_not_a_commit(tree):
    root = tree(INJECTED_AT_DEPLOY)
    deploy = run(root)
    assert hits(deploy, "GL401") == {(".env.production", 1)} and not deploy.ready

    commit = run(root, stage="commit")
    assert commit.ready and commit.exit_code is ExitCode.READY
    gl401 = next(o for o in commit.outcomes if o.check.id == "GL401")
    assert gl401.outcome.value == "not_run" and gl401.findings == ()
    assert gl401.reason.startswith("commit stage: 1 finding(s) need values injected at deploy")
    assert "golive check --stage deploy --from-env" in gl401.reason
    assert commit.verdict.startswith(
        "READY for production (commit stage): 0 error(s), 0 warning(s), 0 accepted; checks: 15 passed, 0 failed, 9 not run"
    )


def test_a_webhook_secret_absent_from_the_tree_is_left_to_the_deploy(tree):
    root = tree({"src/webhook.js": WEBHOOK})
    assert hits(run(root), "GL401") == {("src/webhook.js", 4)}
    commit = run(root, stage="commit")
    assert commit.ready and hits(commit, "GL401") == set()
    assert [o.check.id for o in commit.not_run if not o.check.online] == ["GL401"]


def test_online_checks_at_commit_say_where_they_run(tree):
    report = run(tree(INJECTED_AT_DEPLOY), stage="commit")
    online = [o for o in report.not_run if o.check.online]
    assert {o.check.id for o in online} == {"GL106", "GL107", "GL303", "GL403", "GL404", "GL405", "GL406", "GL902"}
    assert all(o.reason.startswith("commit stage: online checks verify keys the deploy injects") for o in online)
    assert not any("pass --online" in notice for notice in report.notices)  # the deploy's advice, not the commit's


@pytest.mark.parametrize(
    ("files", "check_id", "where"),
    [
        (
            {".env.production": "STRIPE_SECRET_KEY=@@sk_test@@\n"},
            "GL101",
            (".env.production", 1),
        ),  # a sandbox key in production config
        (
            {".env.production": "NEXT_PUBLIC_STRIPE_SECRET_KEY=@@sk_live@@\n"},
            "GL201",
            (".env.production", 1),
        ),  # a secret sent to browsers
        ({".env.production": "STRIPE_SECRET_KEY=sk_live_...\n"}, "GL104", (".env.production", 1)),  # a committed placeholder
    ],
)
def test_what_a_commit_can_break_still_blocks_it(tree, files, check_id, where):
    root = tree({**INJECTED_AT_DEPLOY, **files})
    result = check(root, "--stage", "commit", "-f", "json")
    assert result.exit_code == ExitCode.NOT_READY, result.stdout
    report = json.loads(result.stdout)
    assert where in {(f["path"], f["line"]) for f in report["findings"] if f["check_id"] == check_id}
    assert report["stage"] == "commit" and outcomes(result)["GL401"]["outcome"] == "not_run"


def test_a_check_keeps_what_a_commit_can_break_and_defers_the_rest(tree):
    """GL401 on a reference is deferred; GL401 on a committed placeholder secret still fails."""
    root = tree(
        {
            "src/webhook.js": WEBHOOK,
            ".env.production": "STRIPE_WEBHOOK_SECRET=${STRIPE_WEBHOOK_SECRET}\n",
            "services/api/.env.production": "STRIPE_WEBHOOK_SECRET=whsec_xxx\n",
        }
    )
    commit = run(root, stage="commit")
    gl401 = next(o for o in commit.outcomes if o.check.id == "GL401")
    assert gl401.outcome.value == "fail" and {(f.path, f.line) for f in gl401.findings} == {("services/api/.env.production", 1)}
    assert gl401.reason.startswith("commit stage: 1 finding(s) need values injected at deploy")


@pytest.mark.parametrize("how", ["flag", "env", "golive.toml"])
def test_the_stage_comes_from_a_flag_a_variable_or_the_config(tree, how):
    root = tree(INJECTED_AT_DEPLOY)
    args, env = {"flag": (["--stage", "commit"], {}), "env": ([], {"GOLIVE_STAGE": "commit"}), "golive.toml": ([], {})}[how]
    if how == "golive.toml":
        (root / "golive.toml").write_text('stage = "commit"\n')
    result = check(root, *args, "-f", "json", env=env)
    assert result.exit_code == ExitCode.READY, result.stdout
    assert json.loads(result.stdout)["stage"] == "commit"
    assert check(root, "--stage", "deploy", env=env).exit_code == ExitCode.NOT_READY  # the flag wins


def test_an_unknown_stage_is_a_config_error(tree):
    result = check(tree(INJECTED_AT_DEPLOY), "--stage", "push")
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert '--stage: expected one of "commit", "deploy"' in result.stderr


def test_the_pre_commit_hook_runs_in_the_commit_stage(tree, monkeypatch):
    (hook,) = yaml.safe_load(HOOKS.read_text())
    command = hook["entry"].split()
    assert command[:2] == ["golive", "check"] and "--stage" in command and command[command.index("--stage") + 1] == "commit"
    root = tree(INJECTED_AT_DEPLOY)
    monkeypatch.chdir(root)
    assert runner.invoke(app, command[1:], env={}).exit_code == ExitCode.READY
    (root / ".env.production").write_text("STRIPE_SECRET_KEY=" + "sk_test_" + "a" * 24 + "\n")
    assert runner.invoke(app, command[1:], env={}).exit_code == ExitCode.NOT_READY


def test_require_online_is_for_the_deploy_not_the_commit(tree):
    """One golive.toml serves the release pipeline and the hook: require_online must not fail every commit."""
    root = tree({**INJECTED_AT_DEPLOY, "golive.toml": "require_online = true\n"})
    assert check(root, "--stage", "commit").exit_code == ExitCode.READY
    deploy = check(root, "--stage", "deploy", "-f", "json")
    assert (
        deploy.exit_code == ExitCode.NOT_READY
        and "(failing on error; --require-online: online checks GL106" in json.loads(deploy.stdout)["verdict"]
    )
