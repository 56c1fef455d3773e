"""JUnit XML for GitLab and Jenkins test reports, failing exactly where the gate fails.

One test case per check and target: a finding's location (``GL201`` / ``.env.production:4``), or the
target environment for a check that passed, did not run or crashed. Each case carries at most one
``<failure>``, ``<error>`` or ``<skipped>``, because GitLab's parser shows only one: a finding that
fails the gate is a failure, a crashed check an error, a check that did not run is skipped with the
reason (a failure when ``--require-online`` needs it). A warning below ``--fail-on`` and an accepted
finding fail nothing: their case passes and says what was found in ``system-out``, so CI does not mark
a passing gate as failed. XML 1.0 cannot carry most control characters even escaped, so those a
hostile name brings are spelled out (``\\x1b``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from golive.api import Finding
from golive.report import CheckOutcome, Outcome, Report
from golive.reporters.parts import explanation, visible
from golive.sources.environ import PATH as ENVIRONMENT_PATH


def finding_details(f: Finding) -> str:
    return "\n".join([*explanation(f), f"fix: {f.remediation}"])


def finding_case(f: Finding, report: Report) -> ET.Element:
    name = f"{f.where} {f.variable}" if f.variable else f.where
    case = ET.Element("testcase", classname=f"{f.check_id} {f.check_name}", name=name)
    if f.path != ENVIRONMENT_PATH:
        case.set("file", f.path)
    if report.blocks(f):
        failure = ET.SubElement(case, "failure", message=f.message, type=f.level.value)
        failure.text = finding_details(f)
        return case
    if f.suppression:
        expiry = f", expires {f.suppression.expires}" if f.suppression.expires else ""
        status = f"accepted {f.level.value} ({f.suppression.source}{expiry}): {f.suppression.reason}"
    else:
        status = f"{f.level.value} below --fail-on {report.fail_on.value}: does not fail the gate"
    properties = ET.SubElement(case, "properties")
    ET.SubElement(properties, "property", name="severity", value=f.level.value)
    ET.SubElement(properties, "property", name="status", value="accepted" if f.suppression else "open")
    out = ET.SubElement(case, "system-out")
    out.text = f"{status}\n{finding_details(f)}"
    return case


def outcome_cases(outcome: CheckOutcome, report: Report) -> list[ET.Element]:
    check = outcome.check
    if outcome.outcome is not Outcome.ERROR and outcome.findings:
        return [finding_case(f, report) for f in outcome.findings]
    case = ET.Element("testcase", classname=f"{check.id} {check.name}", name=report.target_env)
    if outcome.outcome is Outcome.ERROR:
        error = ET.SubElement(case, "error", message=f"check crashed: {outcome.error}", type="crash")
        error.text = f"{check.id} crashed, so this run proves nothing: {outcome.error}"
    elif outcome in report.required_not_run:
        failure = ET.SubElement(case, "failure", message=f"not run: {outcome.reason}", type="not_run")
        failure.text = f"{check.id} did not run ({outcome.reason}), and --require-online needs every online check to run"
    elif outcome.outcome is Outcome.NOT_RUN:
        ET.SubElement(case, "skipped", message=f"not run: {outcome.reason}")
    return [case]


def render(report: Report) -> str:
    cases = [case for outcome in report.outcomes for case in outcome_cases(outcome, report)]
    counts = {
        "tests": len(cases),
        "failures": sum(1 for case in cases if case.find("failure") is not None),
        "errors": sum(1 for case in cases if case.find("error") is not None),
        "skipped": sum(1 for case in cases if case.find("skipped") is not None),
    }
    attributes = {key: str(value) for key, value in counts.items()}
    suites = ET.Element("testsuites", {"name": "golive", **attributes})
    suite = ET.SubElement(suites, "testsuite", {"name": f"golive {report.target_env}", **attributes})
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("golive_version", report.golive_version),
        ("target_env", report.target_env),
        ("fail_on", report.fail_on.value),
        ("stage", report.stage),
        ("verdict", report.verdict),
    ):
        ET.SubElement(properties, "property", name=name, value=value)
    suite.extend(cases)
    if report.notices or report.skipped:
        out = ET.SubElement(suite, "system-out")
        out.text = "\n".join(
            [*(f"notice: {n}" for n in report.notices), *(f"skipped {s.path}: {s.reason}" for s in report.skipped)]
        )
    ET.indent(suites)
    # The document's own line breaks are its indentation; any other control character came from a value.
    return visible(ET.tostring(suites, encoding="unicode", xml_declaration=True), keep="\n") + "\n"
