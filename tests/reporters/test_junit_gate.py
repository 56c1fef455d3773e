"""JUnit matches the gate: GitLab and Jenkins mark a job failed on any <failure>, so a failure is
exactly what fails the gate. A warning below --fail-on and an accepted finding are passing test cases
that say what was found in system-out; a check that did not run is <skipped> with the reason."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from typer.testing import CliRunner

from golive.cli import app
from golive.exitcode import ExitCode

runner = CliRunner()
#: A passing gate with one open warning (GL102: a live key in staging config) and one accepted finding.
WARNED = {
    ".env.staging": "STRIPE_SECRET_KEY=@@sk_live:staging@@\n",
    ".env.development": "STRIPE_SECRET_KEY=@@sk_live:dev@@\n",
    ".env.production": "STRIPE_PUBLISHABLE_KEY=@@pk_live@@\n",
    "golive.toml": '[[exceptions]]\ncheck = "GL102"\npath = ".env.development"\nreason = "shared demo account"\n',
}


def junit(root, *args):
    result = runner.invoke(app, ["check", str(root), "-f", "junit", *args], env={})
    return result.exit_code, ET.fromstring(result.stdout).find("testsuite")


def case_of(suite, name):
    return next(c for c in suite.findall("testcase") if c.attrib["name"] == name)


def test_a_passing_gate_with_warnings_has_no_failure(tree):
    code, suite = junit(tree(WARNED))
    assert code == ExitCode.READY
    assert suite.attrib["failures"] == "0" and suite.attrib["errors"] == "0"
    assert suite.findall("testcase/failure") == []

    warned = case_of(suite, ".env.staging:1 STRIPE_SECRET_KEY")
    assert warned.attrib["classname"] == "GL102 live-key-outside-production" and warned.attrib["file"] == ".env.staging"
    assert {p.attrib["name"]: p.attrib["value"] for p in warned.findall("properties/property")} == {
        "severity": "warning",
        "status": "open",
    }
    assert warned.find("system-out").text.startswith(
        "warning below --fail-on error: does not fail the gate\nlive secret key sk_live_…"
    )

    accepted = case_of(suite, ".env.development:1 STRIPE_SECRET_KEY")
    assert accepted.find("skipped") is None and accepted.find("failure") is None
    assert accepted.find("system-out").text.startswith("accepted warning (golive.toml): shared demo account\n")

    skipped = [c.find("skipped").attrib["message"] for c in suite.findall("testcase") if c.find("skipped") is not None]
    assert skipped == ["not run: online check: --online was not given"] * 8 and suite.attrib["skipped"] == "8"


def test_with_fail_on_warning_the_warning_is_a_failure(tree):
    code, suite = junit(tree(WARNED), "--fail-on", "warning")
    assert code == ExitCode.NOT_READY
    (failure,) = suite.findall("testcase/failure")
    assert failure.attrib["type"] == "warning" and failure.attrib["message"].startswith("live secret key sk_live_…")
    assert suite.attrib["failures"] == "1"
    assert case_of(suite, ".env.development:1 STRIPE_SECRET_KEY").find("failure") is None  # accepted stays accepted


def test_an_error_fails_and_not_run_fails_only_when_required(tree):
    root = tree({**WARNED, ".env.production": "STRIPE_SECRET_KEY=@@sk_test@@\n"})
    code, suite = junit(root)
    assert code == ExitCode.NOT_READY
    assert [f.attrib["type"] for f in suite.findall("testcase/failure")] == ["error"]
    code, suite = junit(root, "--require-online")
    types = sorted(f.attrib["type"] for f in suite.findall("testcase/failure"))
    assert code == ExitCode.NOT_READY and types == ["error", *["not_run"] * 8] and suite.attrib["skipped"] == "0"
