"""JUnit XML for GitLab and Jenkins test reports.

One test case per check and target: a finding's location (``GL201`` / ``.env.production:4``), or the
target environment for a check that passed or crashed. Each case carries at most one ``<failure>``,
``<error>`` or ``<skipped>``, because GitLab's parser shows only one: an open finding fails, a
crashed check errors, an accepted finding is skipped with its reason. XML 1.0 cannot carry most
control characters even escaped, so those a hostile name brings are spelled out (``\\x1b``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from golive.api import Finding
from golive.report import CheckOutcome, Outcome, Report
from golive.reporters.parts import explanation, visible
from golive.sources.environ import PATH as ENVIRONMENT_PATH


def finding_details(f: Finding) -> str:
    return "\n".join([*explanation(f), f"fix: {f.remediation}"])


def finding_case(f: Finding) -> ET.Element:
    name = f"{f.where} {f.variable}" if f.variable else f.where
    case = ET.Element("testcase", classname=f"{f.check_id} {f.check_name}", name=name)
    if f.path != ENVIRONMENT_PATH:
        case.set("file", f.path)
    if f.suppression:
        expiry = f", expires {f.suppression.expires}" if f.suppression.expires else ""
        skipped = ET.SubElement(case, "skipped", message=f"accepted ({f.suppression.source}{expiry}): {f.suppression.reason}")
        skipped.text = finding_details(f)
    else:
        failure = ET.SubElement(case, "failure", message=f.message, type=f.severity.value)
        failure.text = finding_details(f)
    return case


def outcome_cases(outcome: CheckOutcome, target_env: str) -> list[ET.Element]:
    check = outcome.check
    if outcome.outcome is not Outcome.ERROR and outcome.findings:
        return [finding_case(f) for f in outcome.findings]
    case = ET.Element("testcase", classname=f"{check.id} {check.name}", name=target_env)
    if outcome.outcome is Outcome.ERROR:
        error = ET.SubElement(case, "error", message=f"check crashed: {outcome.error}", type="crash")
        error.text = f"{check.id} crashed, so this run proves nothing: {outcome.error}"
    return [case]


def render(report: Report) -> str:
    cases = [case for outcome in report.outcomes for case in outcome_cases(outcome, report.target_env)]
    counts = {
        "tests": len(cases),
        "failures": sum(1 for case in cases if case.find("failure") is not None),
        "errors": sum(1 for case in cases if case.find("error") is not None),
        "skipped": sum(1 for case in cases if case.find("skipped") is not None),
    }
    attributes = {key: str(value) for key, value in counts.items()}
    suites = ET.Element("testsuites", name="golive", **attributes)
    suite = ET.SubElement(suites, "testsuite", name=f"golive {report.target_env}", **attributes)
    properties = ET.SubElement(suite, "properties")
    for name, value in (("golive_version", report.golive_version), ("target_env", report.target_env),
                        ("fail_on", report.fail_on.value), ("verdict", report.verdict)):
        ET.SubElement(properties, "property", name=name, value=value)
    suite.extend(cases)
    if report.notices or report.skipped:
        out = ET.SubElement(suite, "system-out")
        out.text = "\n".join([*(f"notice: {n}" for n in report.notices),
                              *(f"skipped {s.path}: {s.reason}" for s in report.skipped)])
    ET.indent(suites)
    # The document's own line breaks are its indentation; any other control character came from a value.
    return visible(ET.tostring(suites, encoding="unicode", xml_declaration=True), keep="\n") + "\n"
