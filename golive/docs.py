"""Check documentation, generated from check metadata: ``golive explain`` and ``docs/checks.md``."""

from __future__ import annotations

from golive.api import CheckSpec


def explain_text(spec: CheckSpec) -> str:
    return (
        f"{spec.id} {spec.name} ({spec.severity.value})\n\n"
        f"Fires when: {spec.summary}\n\n"
        f"Why it matters: {spec.rationale}\n\n"
        f"How to fix it: {spec.remediation}\n\n"
        f"Provided by: {spec.plugin}\n"
    )


def checks_markdown(specs: list[CheckSpec]) -> str:
    lines = [
        "# golive checks",
        "",
        "Generated from the check metadata by `python -m golive.docs > docs/checks.md`; a test fails when it is stale.",
        "",
        "| id | name | severity | fires when |",
        "|---|---|---|---|",
    ]
    lines += [f"| {s.id} | {s.name} | {s.severity.value} | {s.summary} |" for s in specs]
    for spec in specs:
        lines += ["", f"## {spec.id} {spec.name}", "", f"**Severity:** {spec.severity.value}", "",
                  f"**Fires when:** {spec.summary}", "", f"**Why it matters:** {spec.rationale}", "",
                  f"**How to fix it:** {spec.remediation}"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    from golive.plugins import load_checks

    print(checks_markdown(load_checks()), end="")
