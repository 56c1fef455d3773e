"""Not run is not passed, and unread is not clean: every format says which checks did not run and
why, which paths were left unread, and the verdict counts them; --require-online makes a not-run
online check fail the gate."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from helpers import checks, made_up_check, run
from sarif import SARIF_SCHEMA
from typer.testing import CliRunner

from golive.api import NotRun
from golive.cli import app
from golive.exitcode import ExitCode
from golive.report import Outcome
from golive.reporters import RENDERERS, render
from golive.runner import check_tree
from golive.settings import load_settings

runner = CliRunner()
ONLINE = ["GL106", "GL107", "GL303", "GL403", "GL404", "GL405", "GL406", "GL902"]
OFFLINE = "online check: --online was not given"
APP = {".env.production": "STRIPE_PUBLISHABLE_KEY=@@pk_live@@\n"}


def check(root, *args, env=None):
    return runner.invoke(app, ["check", str(root), *args], env=env or {})


def test_offline_the_online_checks_are_not_run_in_every_format(tree):
    report = run(tree(APP))
    assert [o.check.id for o in report.not_run] == ONLINE and all(o.reason == OFFLINE for o in report.not_run)
    assert report.ready
    assert report.verdict == (
        "READY for production: 0 error(s), 0 warning(s), 0 accepted; "
        "checks: 16 passed, 0 failed, 8 not run; 0 path(s) skipped (failing on error)"
    )

    text = render(report, "text")
    passed = next(line for line in text.splitlines() if line.startswith("passed: "))
    assert not any(check_id in passed for check_id in ONLINE)
    assert f"not run: {', '.join(ONLINE)}: {OFFLINE}" in text

    data = json.loads(render(report, "json"))
    entries = {c["id"]: c for c in data["checks"]}
    assert all(
        entries[i]["outcome"] == "not_run" and entries[i]["reason"] == OFFLINE and entries[i]["result"] == "not_run"
        for i in ONLINE
    )
    assert (
        data["summary"]["checks_not_run"] == 8 and data["summary"]["checks_run"] == 16 and data["summary"]["checks_passed"] == 16
    )

    suite = ET.fromstring(render(report, "junit")).find("testsuite")
    skipped = {
        c.attrib["classname"].split()[0]: c.find("skipped").attrib["message"]
        for c in suite.findall("testcase")
        if c.find("skipped") is not None
    }
    assert skipped == dict.fromkeys(ONLINE, f"not run: {OFFLINE}")

    markdown = render(report, "markdown")
    assert "| GL106 | key-rejected | error | **not run** | 0 | 0 |" in markdown
    assert f"- GL106 key-rejected: {OFFLINE}" in markdown.split("## Not run", 1)[1]

    github = render(report, "github")
    assert f"::notice title=GL902 verification-incomplete (not run)::did not run, so it verified nothing: {OFFLINE}" in github


def test_sarif_keeps_the_rules_of_checks_that_did_not_run_and_names_them(tree):
    report = run(tree(APP))
    log = json.loads(render(report, "sarif"))
    if SARIF_SCHEMA.is_file():
        jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(log)
    sarif_run = log["runs"][0]
    rules = [rule["id"] for rule in sarif_run["tool"]["driver"]["rules"]]
    assert set(ONLINE) <= set(rules)
    assert not any(result["ruleId"] in ONLINE for result in sarif_run["results"])
    notes = sarif_run["invocations"][0]["toolExecutionNotifications"]
    named = {n["descriptor"]["id"]: n for n in notes if "descriptor" in n}
    assert set(named) == set(ONLINE)
    assert all(
        rules[n["descriptor"]["index"]] == i
        and n["level"] == "note"
        and n["message"]["text"] == f"check {i} did not run: {OFFLINE}"
        for i, n in named.items()
    )
    assert sarif_run["properties"]["notRun"] == ONLINE


def test_a_check_that_raises_not_run_is_not_passed(tree):
    def cannot_judge(ctx):
        raise NotRun("no key reached golive")

    spec = made_up_check("GL998", "cannot-judge", cannot_judge)
    root = tree(APP)
    report = check_tree(root, load_settings(root), [*checks(), spec])
    (outcome,) = [o for o in report.outcomes if o.check.id == "GL998"]
    assert outcome.outcome is Outcome.NOT_RUN and outcome.reason == "no key reached golive"
    assert report.ready and "9 not run" in report.verdict


@pytest.mark.parametrize("how", ["flag", "env", "golive.toml", "pyproject.toml"])
def test_require_online_makes_a_not_run_online_check_fail_the_gate(tree, how):
    root = tree(APP)
    args, env = {"flag": (["--require-online"], {}), "env": ([], {"GOLIVE_REQUIRE_ONLINE": "1"})}.get(how, ([], {}))
    if how == "golive.toml":
        (root / "golive.toml").write_text("require_online = true\n")
    if how == "pyproject.toml":
        (root / "pyproject.toml").write_text("[tool.golive]\nrequire_online = true\n")
    result = check(root, *args, "-f", "json", env=env)
    assert result.exit_code == ExitCode.NOT_READY, result.stdout
    data = json.loads(result.stdout)
    assert data["ready"] is False and data["require_online"] is True
    assert data["verdict"] == (
        "NOT READY for production: 0 error(s), 0 warning(s), 0 accepted; checks: 16 passed, 0 failed, 8 not run; "
        f"0 path(s) skipped (--require-online: online checks {', '.join(ONLINE)} did not run ({OFFLINE}))"
    )
    assert check(root, *args, "--no-require-online", env=env).exit_code == ExitCode.READY  # the flag wins


def test_require_online_in_every_format(tree):
    root = tree(APP)
    report = run(root, require_online=True)
    assert [o.check.id for o in report.required_not_run] == ONLINE and report.exit_code is ExitCode.NOT_READY
    suite = ET.fromstring(render(report, "junit")).find("testsuite")
    failures = [c.find("failure") for c in suite.findall("testcase") if c.find("failure") is not None]
    assert len(failures) == 8 and all(f.attrib == {"message": f"not run: {OFFLINE}", "type": "not_run"} for f in failures)
    assert f"not run: {', '.join(ONLINE)}: {OFFLINE} (fails the gate: --require-online)" in render(report, "text")
    assert "**Fails the gate: --require-online.**" in render(report, "markdown")
    assert "::error title=GL106 key-rejected (not run)::" in render(report, "github")
    notes = json.loads(render(report, "sarif"))["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert {n["level"] for n in notes if "descriptor" in n} == {"error"}


def test_require_online_ignores_offline_checks_that_did_not_run(tree):
    """Only online checks are required: an offline check that raised NotRun does not fail the gate."""

    def cannot_judge(ctx):
        raise NotRun("nothing to judge")

    spec = made_up_check("GL998", "cannot-judge", cannot_judge)
    root = tree(APP)
    report = check_tree(root, load_settings(root), [*checks(), spec])
    report = dataclasses.replace(report, require_online=True, outcomes=tuple(o for o in report.outcomes if not o.check.online))
    assert report.ready and report.required_not_run == []


def test_an_optional_plugin_that_did_not_load_is_not_run(tree):
    root = tree(
        {
            **APP,
            "golive.toml": (
                'optional_plugins = ["ACME"]\n[[exceptions]]\ncheck = "ACME101"\npath = ".env"\nreason = "acme waiver"\n'
            ),
        }
    )
    result = check(root, "-f", "json")
    assert result.exit_code == ExitCode.READY, result.output
    data = json.loads(result.stdout)
    acme = next(c for c in data["checks"] if c["id"] == "ACME")
    assert acme == {
        "id": "ACME",
        "name": "plugin-acme",
        "outcome": "not_run",
        "findings": 0,
        "result": "not_run",
        "reason": "optional plugin ACME did not load: none of its checks ran",
    }
    assert "optional plugin ACME is not installed: its checks did not run" in data["notices"]
    assert "9 not run" in data["verdict"]


def test_a_symlinked_folder_is_listed_as_skipped_in_every_format(tree):
    root = tree({**APP, "config/production/.env": "STRIPE_SECRET_KEY=@@sk_live@@\n"})
    (root / "deploy").symlink_to(root / "config", target_is_directory=True)
    (root / "vendored").symlink_to(root / "node_modules", target_is_directory=True)
    (root / "node_modules").mkdir()
    report = run(root)
    reasons = {s.path: s.reason for s in report.skipped}
    assert reasons == {
        "deploy": "symlinked folder, not followed: its files are read once, under their real path config/",
        "vendored": "symlinked folder, not followed: its target node_modules/ is a vendored or cache folder golive does not read",
    }
    assert "; 2 path(s) skipped" in report.verdict
    for fmt in RENDERERS:
        if fmt in ("html", "github"):
            continue  # html: the integrations' page; github: skipped paths are GL901 annotations
        assert "deploy" in render(report, fmt) and "its files are read once, under their real path config/" in render(
            report, fmt
        ), fmt
    assert {(f.path, f.severity.value) for f in report.findings if f.check_id == "GL901"} == {
        ("deploy", "warning"),
        ("vendored", "warning"),
    }
    data = json.loads(render(report, "json"))
    assert {"path": "deploy", "reason": reasons["deploy"], "unread": False} in data["skipped"]
