"""The JSON report: a stable contract (``schema_version`` 1) for pipelines.

Values are exactly as found, control characters in a file name included; they are written as
``\\u`` escapes, so printing the file cannot drive a terminal.
"""

from __future__ import annotations

import json
from typing import Any

from golive.api import Finding, Severity
from golive.report import CheckResult, Report
from golive.reporters.parts import json_safe

SCHEMA_VERSION = 1


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "check_id": f.check_id,
        "check_name": f.check_name,
        "severity": f.level.value,
        "path": f.path,
        "line": f.line,
        "variable": f.variable,
        "value": f.value,
        "environment": f.environment,
        "exposure": f.exposure,
        "message": f.message,
        "remediation": f.remediation,
        "evidence": list(f.evidence),
        "fingerprint": f.fingerprint,
        "suppressed": (
            {"reason": f.suppression.reason, "source": f.suppression.source, "expires": f.suppression.expires or None}
            if f.suppression
            else None
        ),
    }


def as_dict(report: Report) -> dict[str, Any]:
    tally = report.tally()
    return {
        "schema_version": SCHEMA_VERSION,
        "golive_version": report.golive_version,
        "target_env": report.target_env,
        "ready": report.ready,
        "exit_code": int(report.exit_code),
        "fail_on": report.fail_on.value,
        "stage": report.stage,
        "require_online": report.require_online,
        "verdict": report.verdict,
        "summary": {
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "checks_run": len(report.outcomes) - len(report.not_run),  # a check that did not run is not counted as run
            "checks_passed": tally[CheckResult.PASSED],
            "checks_failed": tally[CheckResult.FAILED],
            "checks_warned": tally[CheckResult.WARNED],
            "checks_accepted": tally[CheckResult.ACCEPTED],
            "checks_not_run": tally[CheckResult.NOT_RUN],
            "checks_crashed": tally[CheckResult.CRASHED],
            "files_scanned": report.files_scanned,
            "files_skipped": len(report.skipped),
            "suppressed": len(report.suppressed),
        },
        "checks": [
            {
                "id": o.check.id,
                "name": o.check.name,
                "outcome": o.outcome.value,
                "findings": len(o.findings),
                "result": report.result(o).name.lower(),
                **({"error": o.error} if o.error else {}),
                **({"reason": o.reason} if o.reason else {}),
            }
            for o in report.outcomes
        ],
        "findings": [finding_dict(f) for f in report.findings],
        "skipped": [{"path": s.path, "reason": s.reason, "unread": s.unread} for s in report.skipped],
        "notices": list(report.notices),
    }


def render(report: Report) -> str:
    return json_safe(json.dumps(as_dict(report), indent=2, ensure_ascii=False)) + "\n"
