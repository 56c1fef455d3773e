"""SARIF's shape, checked without the OASIS schema: what GitHub code scanning reads from every log.

The schema lives outside the repository (../shared/schemas/, which CI has); a plain clone has only this,
so these tests always run and the schema tests in test_reporters.py skip, naming the missing file."""

from __future__ import annotations

import json
import re

import pytest
from helpers import run, write_tree

from golive.reporters import render

LEVELS = {"none", "note", "warning", "error"}


def assert_sarif_structure(log: dict) -> None:
    """The parts of SARIF 2.1.0 code scanning depends on, each checked for its type and its links."""
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    assert isinstance(log["runs"], list) and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "golive" and isinstance(driver["version"], str)
    ids = [rule["id"] for rule in driver["rules"]]
    assert len(ids) == len(set(ids)), "rule ids repeat"
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in LEVELS
        assert re.fullmatch(r"\d+(\.\d+)?", rule["properties"]["security-severity"])
    for result in run["results"]:
        assert result["ruleId"] in ids and ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in LEVELS and isinstance(result["message"]["text"], str) and result["message"]["text"]
        for location in result["locations"]:
            physical = location["physicalLocation"]
            uri = physical["artifactLocation"]["uri"]
            assert uri and not re.match(r"^[a-z][a-z0-9+.-]*:", uri) and not uri.startswith("/"), f"{uri}: not relative"
            assert " " not in uri and isinstance(physical["region"]["startLine"], int) and physical["region"]["startLine"] >= 1
        assert all(isinstance(value, str) and value for value in result["partialFingerprints"].values())
        for suppression in result.get("suppressions", []):
            assert suppression["kind"] in {"inSource", "external"} and suppression["status"] in {"accepted", "underReview", "rejected"}
    for invocation in run["invocations"]:
        assert isinstance(invocation["executionSuccessful"], bool)
        for notification in [*invocation.get("toolExecutionNotifications", []), *invocation.get("toolConfigurationNotifications", [])]:
            assert notification["message"]["text"] and notification.get("level", "warning") in LEVELS


def test_structure_of_a_report_with_findings_accepted_and_not_run(tmp_path):
    root = write_tree(tmp_path / "app", {
        ".env.production": "NEXT_PUBLIC_STRIPE_SECRET_KEY=@@sk_live@@\n",
        "web app/.env.staging": "STRIPE_SECRET_KEY=@@sk_live:staging@@  # golive: ignore[GL102] shared until PAY-1\n",
    })
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


@pytest.mark.parametrize("broken", [
    lambda log: log.update(version="2.0.0"),
    lambda log: log["runs"][0]["results"][0].update(ruleIndex=10_000),
    lambda log: log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"].update(uri="/abs/.env"),
    lambda log: log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"].update(startLine=0),
])
def test_the_structure_check_catches_what_code_scanning_rejects(tmp_path, broken):
    log = json.loads(render(run(write_tree(tmp_path / "app", {".env.production": "STRIPE_SECRET_KEY=@@sk_test@@\n"})), "sarif"))
    broken(log)
    with pytest.raises((AssertionError, IndexError)):
        assert_sarif_structure(log)
