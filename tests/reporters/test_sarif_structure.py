"""SARIF's shape, checked without the OASIS schema: what GitHub code scanning reads from every log.

The schema lives outside the repository (../shared/schemas/, which CI has); a plain clone has only this,
so these tests always run and the schema tests in test_reporters.py skip, naming the missing file."""

from __future__ import annotations

import json

import pytest
from helpers import run, write_tree
from sarif import assert_sarif_structure

from golive.reporters import render


def test_structure_of_a_report_with_findings_accepted_and_not_run(tmp_path):
    root = write_tree(
        tmp_path / "app",
        {
            ".env.production": "NEXT_PUBLIC_STRIPE_SECRET_KEY=@@sk_live@@\n",
            "web app/.env.staging": "STRIPE_SECRET_KEY=@@sk_live:staging@@  # golive: ignore[GL102] shared until PAY-1\n",
        },
    )
    log = json.loads(render(run(root), "sarif"))
    assert_sarif_structure(log)
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {"GL201", "GL102"}
    assert "web%20app/.env.staging" in {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}


def test_structure_of_an_empty_tree(tmp_path):
    (tmp_path / "empty").mkdir()
    log = json.loads(render(run(tmp_path / "empty"), "sarif"))
    assert_sarif_structure(log)
    assert log["runs"][0]["results"] == []


@pytest.mark.parametrize(
    "broken",
    [
        lambda log: log.update(version="2.0.0"),
        lambda log: log["runs"][0]["results"][0].update(ruleIndex=10_000),
        lambda log: log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"].update(uri="/abs/.env"),
        lambda log: log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"].update(startLine=0),
    ],
)
def test_the_structure_check_catches_what_code_scanning_rejects(tmp_path, broken):
    log = json.loads(render(run(write_tree(tmp_path / "app", {".env.production": "STRIPE_SECRET_KEY=@@sk_test@@\n"})), "sarif"))
    broken(log)
    with pytest.raises((AssertionError, IndexError)):
        assert_sarif_structure(log)
