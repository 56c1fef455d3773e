"""The GitHub Action (action.yml): its shape, read as YAML, and its shell steps run here with a fake
GitHub environment (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP, ...) on a monorepo whose app sits
in apps/web. Only the steps that `uses:` other actions (setup-python, cache, the SARIF upload) and the
install (pip, from the network) are not run: the golive already installed here stands in for them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import write_tree

from golive.github_action import rebase_annotations, repository_prefix

ROOT = Path(__file__).resolve().parents[2]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = {step.get("id") or step["name"]: step for step in ACTION["runs"]["steps"]}
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
APP = {
    "apps/web/.env.production": "STRIPE_SECRET_KEY=@@sk_test@@\nNEXT_PUBLIC_STRIPE_SECRET_KEY=@@sk_live@@\n",
    "apps/web/src/pay.ts": "import Stripe from 'stripe';\n",
    "apps/api/.env.production": "STRIPE_SECRET_KEY=@@sk_test:api@@\n",
}


def step_with(uses: str) -> dict:
    return next(step for step in ACTION["runs"]["steps"] if step.get("uses", "").startswith(uses))


def test_the_callers_python_and_path_are_left_alone():
    setup = step_with("actions/setup-python@")
    assert str(setup["with"]["update-environment"]).lower() == "false"
    scripts = "\n".join(step.get("run", "") for step in ACTION["runs"]["steps"])
    assert "GITHUB_PATH" not in scripts and "GITHUB_ENV" not in scripts
    assert "-m venv" in STEPS["install"]["run"] and "steps.python.outputs.python-path" in STEPS["install"]["env"]["PYTHON"]


def test_pip_is_cached_where_the_install_looks():
    cache = step_with("actions/cache@")
    assert cache["with"]["key"] and cache["with"]["path"] == STEPS["install"]["env"]["PIP_CACHE_DIR"]


def test_a_failed_upload_does_not_fail_a_green_job():
    upload = step_with("github/codeql-action/upload-sarif@")
    assert upload["continue-on-error"] is True
    fallback = STEPS["Annotations where code scanning has none"]
    assert "steps.upload.outcome != 'success'" in fallback["if"] and "::notice" in fallback["run"]
    last = ACTION["runs"]["steps"][-1]
    assert last["if"] == "always()" and "steps.golive.outputs.exit-code" in last["env"]["EXIT_CODE"]


def test_inputs_reach_scripts_only_through_the_environment():
    for step in ACTION["runs"]["steps"]:
        assert not EXPRESSION.search(step.get("run", "")), f"{step['name']}: an expression inside a script can inject shell"
    assert "$EXTRA_ARGS" not in "\n".join(step.get("run", "") for step in ACTION["runs"]["steps"])  # never word-split by bash


def test_outputs_name_the_reports_and_the_verdict():
    assert {"exit-code", "verdict", "ready", "sarif-file", "json-file", "markdown-file"} <= set(ACTION["outputs"])
    assert all(output["value"].startswith("${{ steps.golive.outputs.") for output in ACTION["outputs"].values())


def run_step(step: dict, context: dict[str, str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    """One `run:` step as the runner would: its env with expressions filled in from ``context``, then bash."""
    step_env = {
        name: EXPRESSION.sub(lambda match: context.get(match.group(1), ""), str(value))
        for name, value in step.get("env", {}).items()
    }
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, env={**env, **step_env}, capture_output=True, text=True)


def outputs_of(file: Path) -> dict[str, str]:
    found = re.findall(r"^([\w-]+)<<(\S+)\n(.*?)\n\2$", file.read_text(encoding="utf-8"), re.M | re.S)
    return {name: value for name, _, value in found}


@pytest.fixture
def github(tmp_path):
    """A checked-out monorepo and the runner's files, as a job sees them."""
    workspace = write_tree(tmp_path / "repo", APP)
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    files = {name: tmp_path / name for name in ("output", "summary")}
    for file in files.values():
        file.touch()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "GITHUB_WORKSPACE": str(workspace),
        "RUNNER_TEMP": str(temp),
        "GITHUB_OUTPUT": str(files["output"]),
        "GITHUB_STEP_SUMMARY": str(files["summary"]),
        "GITHUB_ACTION_PATH": str(ROOT),
    }
    return workspace, env, files


def run_action(github, args: str, path: str = "apps/web", upload: str = "failure"):
    workspace, env, files = github
    context = {
        "inputs.path": path,
        "inputs.env": "production",
        "inputs.args": args,
        "inputs.sarif-file": "golive.sarif",
        "steps.install.outputs.python": sys.executable,
    }
    ran = run_step(STEPS["golive"], context, env, workspace)
    assert ran.returncode == 0, ran.stderr
    outputs = outputs_of(files["output"])
    context |= {f"steps.golive.outputs.{name}": value for name, value in outputs.items()} | {"steps.upload.outcome": upload}
    fallback = None  # the step's `if:`: only where code scanning got no SARIF
    if outputs.get("annotations-file") and upload != "success":
        fallback = run_step(STEPS["Annotations where code scanning has none"], context, env, workspace)
    last = run_step(ACTION["runs"]["steps"][-1], context, env, workspace)
    return ran, outputs, fallback, last


def test_the_action_reports_a_monorepo_app_from_the_repository_root(github):
    workspace, _, files = github
    ran, outputs, fallback, last = run_action(github, "-f json -o golive.json --no-from-env")
    assert outputs["exit-code"] == "1" and last.returncode == 1  # the job fails with golive's exit code
    assert outputs["verdict"].startswith("NOT READY for production") and outputs["ready"] == "false"
    assert "GL201 secret-exposed-to-client" in ran.stdout  # the text report, in the log
    assert json.loads((workspace / "golive.json").read_text())["target_env"] == "production"  # -f json -o golive.json: JSON there
    sarif = json.loads((workspace / outputs["sarif-file"]).read_text())
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"] for loc in r["locations"]}
    assert "apps/web/.env.production" in uris and all(uri.startswith("apps/web/") for uri in uris)
    assert "apps/api" not in json.dumps(sarif)  # only the app asked for
    summary = files["summary"].read_text()
    assert "Checked `apps/web`" in summary and "NOT READY for production" in summary
    assert Path(outputs["markdown-file"]).read_text() in summary
    assert "::notice title=golive::The SARIF upload to code scanning failed" in fallback.stdout
    assert re.search(r"^::error file=apps/web/\.env\.production,line=2,title=GL201", fallback.stdout, re.M)


def test_args_are_split_like_a_shell_never_run(github, tmp_path):
    workspace, _, _ = github
    (workspace / "apps/web/my baseline.json").write_text(json.dumps({"findings": []}))
    ran, outputs, _, _ = run_action(github, "--baseline 'apps/web/my baseline.json' $(touch pwned) `touch pwned2`")
    assert not list(workspace.glob("pwned*")) and not list(tmp_path.glob("pwned*"))
    assert outputs["exit-code"] == "2"  # golive refused the extra arguments as a usage error, quoting them
    assert "$(touch" in ran.stderr or "unexpected extra argument" in ran.stderr
    _, unbalanced, _, last = run_action(github, "--baseline 'oops")
    assert unbalanced["exit-code"] == "2" and last.returncode == 2 and "does not parse" in unbalanced["verdict"]


def test_ready_app_at_the_root_passes_and_upload_success_prints_no_annotations(github):
    workspace, _, _ = github
    for file in workspace.rglob(".env.production"):
        file.write_text("STRIPE_PUBLISHABLE_KEY=${PK}\n")
    _, outputs, fallback, last = run_action(github, "", path=".", upload="success")
    assert outputs["exit-code"] == "0" and outputs["ready"] == "true" and last.returncode == 0
    assert outputs["verdict"].startswith("READY for production")
    assert fallback is None


def test_locations_outside_the_checked_folder_are_not_rebased(tmp_path):
    assert repository_prefix("apps/web", tmp_path) == "apps/web" and repository_prefix(".", tmp_path) == ""
    assert repository_prefix("../elsewhere", tmp_path) == ""
    line = "::warning file=a%2Cb.env,line=3,title=GL102 x::message with file=x"
    assert rebase_annotations(line, "apps/web") == "::warning file=apps/web/a%2Cb.env,line=3,title=GL102 x::message with file=x"


@pytest.mark.parametrize("step", [s for s in ACTION["runs"]["steps"] if "run" in s], ids=lambda s: s["name"])
def test_every_script_is_valid_bash(step):
    assert subprocess.run(["bash", "-n", "-c", step["run"]], capture_output=True).returncode == 0
