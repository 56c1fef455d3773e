"""SARIF as code scanning reads it: the structure always, the OASIS schema where ../shared has it (CI)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema

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
            assert suppression["kind"] in {"inSource", "external"} and suppression["status"] in {
                "accepted",
                "underReview",
                "rejected",
            }
    for invocation in run["invocations"]:
        assert isinstance(invocation["executionSuccessful"], bool)
        for notification in [
            *invocation.get("toolExecutionNotifications", []),
            *invocation.get("toolConfigurationNotifications", []),
        ]:
            assert notification["message"]["text"] and notification.get("level", "warning") in LEVELS


SARIF_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"


MISSING_SCHEMA = f"the OASIS SARIF schema {SARIF_SCHEMA} is not there (../shared/schemas beside the checkout, as in CI)"


def sarif_validator() -> jsonschema.Draft4Validator | None:
    """The schema's validator, or None in a plain clone: tests/test_sarif_structure.py still checks the shape."""
    if not SARIF_SCHEMA.is_file():
        return None
    return jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))


def assert_valid_sarif(rendered: str) -> dict:
    """The log's structure always, and the OASIS schema where it is there."""
    log = json.loads(rendered)
    assert_sarif_structure(log)
    validator = sarif_validator()
    if validator is not None:
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
        assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    return log
