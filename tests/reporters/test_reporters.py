"""Report formats: golden files on one fixture full of keys, no secret in any output, and each format's contract.

Regenerate the golden files after an intended change with ``GOLIVE_UPDATE_GOLDEN=1 pytest tests/test_reporters.py``
and read the diff: it is what users will see.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from helpers import checks, made_up_check
from keyfactory import expand, key, whsec
from sarif import MISSING_SCHEMA, SARIF_SCHEMA, assert_valid_sarif, sarif_validator
from typer.testing import CliRunner

from golive.api import CheckSpec
from golive.cli import FORMATS, app
from golive.keys import redact
from golive.reporters import RENDERERS, render
from golive.reporters.markdown import code, text
from golive.runner import check_tree
from golive.settings import load_settings

FIXTURE = Path(__file__).parents[1] / "fixtures" / "reports" / "app"
GOLDEN = Path(__file__).parents[1] / "golden"
GOLDEN_FILES = {
    "text": "report.txt",
    "json": "report.json",
    "sarif": "report.sarif",
    "junit": "report.junit.xml",
    "github": "report.github.txt",
    "markdown": "report.md",
    "html": "report.html",
}
TODAY = date(2025, 6, 1)  # pins which exceptions in the fixture's golive.toml have expired
LIVE_KEY = re.compile(r"(?:sk|rk)_li" r"ve_[A-Za-z0-9]{20,}")
DEPLOY_ENV = {"STRIPE_SECRET_KEY": key("sk", "live", seed="deploy"), "NEXT_PUBLIC_STRIPE_WEBHOOK_SECRET": whsec("deploy")}

runner = CliRunner()


def fixture_keys() -> set[str]:
    """Every key the fixture tree and the deploy environment hold once expanded."""
    tokens = {t for path in FIXTURE.rglob("*") if path.is_file() for t in re.findall(r"@@[^@\s]+@@", path.read_text())}
    return {expand(token) for token in tokens} | set(DEPLOY_ENV.values())


def leaks(output: str) -> list[str]:
    """Keys (or the 20 characters before their last four) that appear in ``output``."""
    return [k[:12] + "…" for k in fixture_keys() if k in output or k[-24:-4] in output]


@pytest.fixture
def app_tree(fixture_tree):
    return fixture_tree("reports/app")


@pytest.fixture
def report(app_tree):
    """The fixture's report, with the version pinned so golden files survive releases."""
    found = check_tree(app_tree, load_settings(app_tree), checks(), today=TODAY)
    return dataclasses.replace(found, golive_version="0.0.0")


def crashing_check() -> CheckSpec:
    def run(ctx):
        raise RuntimeError(f"cannot parse {key('sk', 'live', seed='crash')}")

    return made_up_check("GL999", "always-crashes", run)


@pytest.mark.skipif(not SARIF_SCHEMA.is_file(), reason=MISSING_SCHEMA)
def test_sarif_schema_validation(report, app_tree):
    """Every SARIF log these tests make is checked against the schema through assert_valid_sarif; this one
    says so in the results when the schema is missing."""
    assert sarif_validator().is_valid(json.loads(render(report, "sarif")))


def test_every_cli_format_has_a_renderer():
    assert set(FORMATS) == set(RENDERERS) == set(GOLDEN_FILES)


def test_fixture_exercises_suppressions_notices_and_skips(report):
    accepted = {(f.check_id, f.path, f.suppression.source) for f in report.suppressed}
    assert accepted == {("GL102", ".env.development", "inline"), ("GL302", "services/billing/.env.production", "golive.toml")}
    assert any("expired on 2020-01-31" in notice for notice in report.notices)
    assert [s.path for s in report.skipped] == ["config/broken.yaml"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(report, fmt):
    rendered = render(report, fmt)
    golden = GOLDEN / GOLDEN_FILES[fmt]
    if os.environ.get("GOLIVE_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(rendered, encoding="utf-8")
    assert not LIVE_KEY.search(rendered) and not leaks(rendered)
    assert golden.is_file(), f"no golden file {golden}; run with GOLIVE_UPDATE_GOLDEN=1"
    assert rendered == golden.read_text(encoding="utf-8"), (
        f"{fmt} output changed; regenerate with GOLIVE_UPDATE_GOLDEN=1 and review the diff"
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_secret_in_any_output(app_tree, tmp_path, fmt):
    """Through the real CLI, with --from-env adding live keys from the deploy step's environment."""
    to_file = tmp_path / f"report.{fmt}"
    results = [
        runner.invoke(app, ["check", str(app_tree), "--from-env", "-f", fmt], env=DEPLOY_ENV),
        runner.invoke(app, ["check", str(app_tree), "--from-env", "-f", fmt, "-o", str(to_file)], env=DEPLOY_ENV),
    ]
    for result in results:
        assert result.exit_code == 1, result.output
    assert redact(DEPLOY_ENV["NEXT_PUBLIC_STRIPE_WEBHOOK_SECRET"]) in results[0].stdout  # the deploy step's keys were judged
    outputs = [part for r in results for part in (r.stdout, r.stderr)] + [to_file.read_text(encoding="utf-8")]
    ran_at = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC")  # the HTML says when each run ran
    assert ran_at.sub("", results[0].stdout) == ran_at.sub("", outputs[-1])
    for output in outputs:
        assert not leaks(output)


def test_no_secret_when_a_check_crashes(app_tree):
    report = check_tree(app_tree, load_settings(app_tree), [*checks(), crashing_check()], today=TODAY)
    assert report.crashed
    for fmt in FORMATS:
        assert not leaks(render(report, fmt)), fmt


def test_sarif_validates_against_the_schema(report):
    log = assert_valid_sarif(render(report, "sarif"))
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [o.check.id for o in report.outcomes]
    gl201 = rules[[r["id"] for r in rules].index("GL201")]
    assert gl201["properties"]["security-severity"] == "8.0" and "Roll the exposed key" in gl201["help"]["text"]
    assert len(run["results"]) == len(report.findings)
    for result, finding in zip(run["results"], report.findings, strict=True):
        assert result["ruleId"] == finding.check_id
        assert rules[result["ruleIndex"]]["id"] == finding.check_id
        assert result["partialFingerprints"]["golive/v1"] == finding.fingerprint
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == max(finding.line, 1)
    whole_file = next(r for r in run["results"] if r["ruleId"] == "GL901")
    assert whole_file["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "config/broken.yaml"
    suppressed = {r["ruleId"]: r["suppressions"][0] for r in run["results"] if "suppressions" in r}
    assert suppressed["GL102"]["kind"] == "inSource" and "shared demo account" in suppressed["GL102"]["justification"]
    assert suppressed["GL302"] == {
        "kind": "external",
        "status": "accepted",
        "justification": (
            "billing creates payouts and needs the full key until Stripe adds payout scopes to restricted keys "
            "(expires 2099-12-31)"
        ),
        "properties": {"source": "golive.toml", "expires": "2099-12-31"},
    }
    assert "expired on 2020-01-31" in run["invocations"][0]["toolConfigurationNotifications"][0]["message"]["text"]


def test_sarif_for_a_crash_an_empty_tree_and_the_environment(app_tree, tmp_path):
    crashed = assert_valid_sarif(render(check_tree(app_tree, load_settings(app_tree), [*checks(), crashing_check()]), "sarif"))
    invocation = crashed["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False and invocation["exitCode"] == 3
    assert invocation["toolExecutionNotifications"][0]["descriptor"]["id"] == "GL999"
    (tmp_path / "empty").mkdir()
    empty = assert_valid_sarif(render(check_tree(tmp_path / "empty", load_settings(tmp_path / "empty"), checks()), "sarif"))
    assert empty["runs"][0]["results"] == []
    result = runner.invoke(app, ["check", str(app_tree), "--from-env", "-f", "sarif"], env=DEPLOY_ENV)
    from_env = assert_valid_sarif(result.stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in from_env["runs"][0]["results"]}
    assert "environment" in uris


def test_junit_parses_and_counts_match_the_findings(report):
    """Failures are exactly what fails the gate; a warning below --fail-on and an accepted finding are
    passing cases that say so in system-out; a check that did not run is skipped with its reason."""
    suites = ET.fromstring(render(report, "junit"))
    suite = suites.find("testsuite")
    cases = suite.findall("testcase")
    blocking = report.blocking()
    passed = [o for o in report.outcomes if not o.findings]
    assert len(suite.findall("testcase/failure")) == len(blocking) == 8
    assert len(suite.findall("testcase/skipped")) == len(report.not_run) == 8
    assert len(cases) == len(report.findings) + len(passed)
    for element in (suites, suite):
        assert element.attrib["tests"] == str(len(cases))
        assert element.attrib["failures"] == str(len(blocking))
        assert element.attrib["skipped"] == str(len(report.not_run))
        assert element.attrib["errors"] == "0"
    exposed = [c for c in cases if c.attrib["classname"] == "GL201 secret-exposed-to-client"]
    assert {c.attrib["name"] for c in exposed} == {
        ".env.production:4 NEXT_PUBLIC_STRIPE_SECRET_KEY",
        "web/.next/static/chunks/main.js:1 stripe",
    }
    assert {c.attrib["file"] for c in exposed} == {".env.production", "web/.next/static/chunks/main.js"}
    assert [c.attrib["name"] for c in cases if c.attrib["classname"].startswith("GL401")] == ["production"]


def test_junit_reports_a_crash_as_an_error(app_tree):
    report = check_tree(app_tree, load_settings(app_tree), [*checks(), crashing_check()], today=TODAY)
    suite = ET.fromstring(render(report, "junit")).find("testsuite")
    errors = suite.findall("testcase/error")
    assert suite.attrib["errors"] == "1" and len(errors) == 1
    assert "RuntimeError" in errors[0].attrib["message"]


def test_github_annotations(report):
    lines = render(report, "github").splitlines()
    assert lines[-1] == report.verdict
    assert (
        "::error file=web/.next/static/chunks/main.js,line=1,title=GL201 secret-exposed-to-client::secret key sk_live_…"
    ) in "\n".join(lines)
    assert sum(line.startswith("::error ") for line in lines) == 8  # the open errors
    assert sum(line.startswith("::warning file=") for line in lines) == 1  # GL901; the other warnings are accepted
    assert any(line.startswith("::warning title=golive notice::") and "expired" in line for line in lines)
    notices = [line for line in lines if line.startswith("::notice ")]
    assert sum("(accepted)" in line for line in notices) == 2
    assert (
        sum("(not run)::did not run, so it verified nothing: online check: --online was not given" in line for line in notices)
        == 8
    )
    assert len(notices) == 10
    whole_file = next(line for line in lines if "GL901" in line)
    assert whole_file.startswith("::warning file=config/broken.yaml,title=")  # no line for a whole-file finding


def test_github_escapes_names_that_would_inject_commands(tree):
    root = tree({"web/a,b:c\n::error::forged%0A.env": "NEXT_PUBLIC_STRIPE_SECRET_KEY=@@sk_live@@\n"})
    rendered = render(check_tree(root, load_settings(root), checks()), "github")
    assert "file=web/a%2Cb%3Ac%0A%3A%3Aerror%3A%3Aforged%250A.env,line=1," in rendered
    assert all(line.startswith("::") for line in rendered.splitlines()[:-1])
    assert "\n::error::forged" not in rendered


def test_markdown_escaping():
    assert code("a`b") == "``a`b``"
    assert code("`x`") == "`` `x` ``"
    assert code("a|b") == "`a|b`" and code("a|b", cell=True) == r"`a\|b`"
    assert text("a|b <img src=x> [l](u) `c`\nnext") == r"a\|b &lt;img src=x&gt; \[l\](u) \`c\` next"


def test_hostile_file_name_is_escaped_in_html_and_markdown(tree):
    hostile = "<img src=x onerror=alert(1)>.env"
    root = tree(
        {
            hostile: "NEXT_PUBLIC_STRIPE_SECRET_KEY=@@sk_live@@\n",
            "src/`pipe|d`.env": "NEXT_PUBLIC_STRIPE_SECRET_KEY=@@sk_live@@\n",
        }
    )
    report = check_tree(root, load_settings(root), checks())
    assert (hostile, 1) in {(f.path, f.line) for f in report.findings if f.check_id == "GL201"}
    page = render(report, "html")
    assert "&lt;img src=x onerror=alert(1)&gt;.env" in page
    assert "<img" not in page and "<script" not in page and "onerror=alert(1)>" not in page
    assert "default-src 'none'" in page  # even a missed escape could not run script or load anything
    comment = render(report, "markdown")
    outside_code = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", comment)
    assert "<img" not in outside_code and "`pipe" not in outside_code
    assert "`<img src=x onerror=alert(1)>.env:1`" in comment  # inert inside a code span
    assert "``src/`pipe|d`.env:1``" in comment


def test_html_is_self_contained_and_shows_each_environment(report):
    page = render(report, "html")
    assert not re.search(r"<(script|link|img|iframe)\b|\bsrc=|\bhref=\"(?!#)|url\(|@import", page)  # links only within the page
    assert "@media print" in page
    headings = re.findall(r"<h3>(\w+) \((\d+)\)</h3>", page)
    assert [name for name, _ in headings] == ["production", "development", "template"]
    production = page.split("<h3>production")[1].split("<h3>development")[0]
    assert (
        '<code><span class="nw">NEXT_PUBLIC_STRIPE_SECRET_KEY</span></code>' in production
        and "Next.js inlines NEXT_PUBLIC_" in production
    )
    assert "billing creates payouts" in page and "2099-12-31" in page


def test_several_formats_at_once(app_tree, tmp_path):
    sarif, report_json = tmp_path / "golive.sarif", tmp_path / "golive.json"
    result = runner.invoke(app, ["check", str(app_tree), "-f", "sarif", "-o", str(sarif), "-f", "json", "-o", str(report_json)])
    assert result.exit_code == 1 and result.stdout == ""
    assert "NOT READY" in result.stderr
    assert_valid_sarif(sarif.read_text(encoding="utf-8"))
    assert json.loads(report_json.read_text(encoding="utf-8"))["ready"] is False
    mixed = runner.invoke(app, ["check", str(app_tree), "-f", "junit", "-o", str(tmp_path / "j.xml"), "-f", "markdown"])
    assert mixed.exit_code == 1 and mixed.stdout.startswith("## golive: NOT READY")
    ET.parse(tmp_path / "j.xml")


@pytest.mark.parametrize(
    "args",
    [
        ["-f", "sarif", "-f", "json"],  # two formats for one stdout
        ["-f", "json", "-o", "a.json", "-o", "b.same"],  # an output with no format, and a name that names none
        ["-f", "json", "-o", "same", "-f", "sarif", "-o", "same"],
        ["-f", "pdf"],
    ],
)
def test_format_and_output_misuse_exits_2(app_tree, tmp_path, args):
    args = [str(tmp_path / a) if a.endswith((".json", "same")) else a for a in args]
    result = runner.invoke(app, ["check", str(app_tree), *args])
    assert result.exit_code == 2, result.output
    assert not list(tmp_path.glob("*.json"))
