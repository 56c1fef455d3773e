"""SARIF 2.1.0 for GitHub code scanning: one rule per check, one result per finding.

A check that did not run keeps its rule, has no results, and is named with the reason in the
invocation's ``toolExecutionNotifications``, as is every path left unread: no result is not a pass.

GitHub needs a ``region.startLine`` on every result, so findings about a whole file (line 0) point
at line 1; paths are percent-encoded, since an artifact location is a URI. Accepted findings stay in
the log as SARIF suppressions, so reviewers see what was waived.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from golive.api import CheckSpec, Finding, Severity
from golive.report import Report
from golive.reporters.parts import explanation, json_safe

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#: GitHub ranks alerts by this CVSS-like score: 7.0 and up is "high", 4.0 to 6.9 "medium".
SECURITY_SEVERITY = {Severity.ERROR: "8.0", Severity.WARNING: "5.0"}
FINGERPRINT_KEY = "golive/v1"


def rule(spec: CheckSpec) -> dict[str, Any]:
    return {
        "id": spec.id,
        "name": spec.name,
        "shortDescription": {"text": f"{spec.id} {spec.name}"},
        "fullDescription": {"text": spec.summary},
        "help": {
            "text": f"{spec.rationale}\n\nHow to fix it: {spec.remediation}",
            "markdown": f"{spec.rationale}\n\n**How to fix it:** {spec.remediation}",
        },
        "defaultConfiguration": {"level": spec.severity.value},
        "properties": {
            "security-severity": SECURITY_SEVERITY[spec.severity],
            "problem.severity": spec.severity.value,
            "precision": "high",
            "tags": ["security", "stripe", spec.name],
        },
    }


def result(f: Finding, rule_index: int) -> dict[str, Any]:
    found: dict[str, Any] = {
        "ruleId": f.check_id,
        "ruleIndex": rule_index,
        "level": f.level.value,
        "message": {"text": "\n".join(explanation(f))},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": quote(f.path), "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": max(f.line, 1)},
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": {
            "variable": f.variable or "",
            "value": f.value,
            "environment": f.environment,
            "exposure": f.exposure,
            "evidence": list(f.evidence),
            "remediation": f.remediation,
        },
    }
    if f.suppression:
        expiry = f" (expires {f.suppression.expires})" if f.suppression.expires else ""
        found["suppressions"] = [
            {
                "kind": "inSource" if f.suppression.source == "inline" else "external",
                "status": "accepted",
                "justification": f"{f.suppression.reason}{expiry}",
                "properties": {"source": f.suppression.source, "expires": f.suppression.expires},
            }
        ]
    return found


def as_dict(report: Report) -> dict[str, Any]:
    specs = [outcome.check for outcome in report.outcomes]
    index = {spec.id: i for i, spec in enumerate(specs)}
    crashes = [
        {
            "level": "error",
            "message": {"text": f"check {o.check.id} crashed: {o.error}; this run proves nothing"},
            "descriptor": {"id": o.check.id, "index": index[o.check.id]},
        }
        for o in report.crashed
    ]
    required = {o.check.id for o in report.required_not_run}
    not_run = [
        {
            "level": "error" if o.check.id in required else "note",
            "message": {
                "text": f"check {o.check.id} did not run: {o.reason}"
                + ("; --require-online makes this fail the gate" if o.check.id in required else "")
            },
            "descriptor": {"id": o.check.id, "index": index[o.check.id]},
            "properties": {"outcome": "not_run", "reason": o.reason},
        }
        for o in report.not_run
    ]
    skipped = [
        {
            "level": "warning",
            "message": {"text": f"skipped {s.path}: {s.reason}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": quote(s.path), "uriBaseId": "%SRCROOT%"}}}],
            "properties": {"skipped": True, "unread": s.unread},
        }
        for s in report.skipped
    ]
    notices = [{"level": "warning", "message": {"text": notice}} for notice in report.notices]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "golive",
                        "version": report.golive_version,
                        "semanticVersion": report.golive_version,
                        "rules": [rule(spec) for spec in specs],
                    }
                },
                "automationDetails": {"id": f"golive/{report.target_env}/"},
                "invocations": [
                    {
                        "executionSuccessful": not report.crashed,
                        "exitCode": int(report.exit_code),
                        "toolExecutionNotifications": crashes + not_run + skipped,
                        "toolConfigurationNotifications": notices,
                    }
                ],
                "results": [result(f, index[f.check_id]) for f in report.findings],
                "properties": {
                    "targetEnv": report.target_env,
                    "ready": report.ready,
                    "verdict": report.verdict,
                    "stage": report.stage,
                    "notRun": [o.check.id for o in report.not_run],
                },
            }
        ],
    }


def render(report: Report) -> str:
    return json_safe(json.dumps(as_dict(report), indent=2, ensure_ascii=False)) + "\n"
