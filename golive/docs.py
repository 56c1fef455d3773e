"""Check documentation, generated from check metadata: ``golive explain`` and ``docs/checks.md``."""

from __future__ import annotations

from golive.api import CheckSpec

ACCEPTING = """\
## Accepting a finding

A finding the team decides to live with is accepted, never hidden: it stays in every report, marked
with its reason, and only stops failing the gate.

- In `golive.toml` (or `[tool.golive]`): an `[[exceptions]]` entry with `check` (id or name), a `path`
  glob and/or a `variable`, a mandatory `reason` and an optional `expires` date (its last day). An
  expired exception stops working and the report says so; one that matches nothing is reported as stale,
  and one naming no check is a configuration error.
- Inline, on the finding's line or the line above: `# golive: ignore[GL102] reason` (or `//`; several
  ids separated by commas). An inline ignore without a reason suppresses nothing.
- `golive check --baseline previous.json --baseline-reason "..."`: findings already in a previous JSON
  report are accepted, for that reason (or `[baseline] reason`, with an optional `expires`); only new
  ones fail the gate. Fingerprints never contain a secret.
"""


def explain_text(spec: CheckSpec) -> str:
    return (
        f"{spec.id} {spec.name} ({spec.severity.value})\n\n"
        f"Fires when: {spec.summary}\n\n"
        f"Why it matters: {spec.rationale}\n\n"
        f"How to fix it: {spec.remediation}\n\n"
        f"Provided by: {spec.plugin}\n"
    )


def builtin_specs() -> list[CheckSpec]:
    """golive's own checks, whatever plugins this environment has installed."""
    import checks

    return sorted((CheckSpec.from_object(module, "golive") for module in checks.BUILTIN), key=lambda spec: spec.id)


def checks_markdown(specs: list[CheckSpec]) -> str:
    lines = [
        "# golive checks",
        "",
        "Generated from the check metadata by `python -m golive.docs > docs/checks.md`; a test fails when it is stale.",
        "",
        "| id | name | severity | fires when |",
        "|---|---|---|---|",
    ]
    lines += [f"| [{s.id}](#{_anchor(s)}) | {s.name} | {s.severity.value} | {_cell(s.summary)} |" for s in specs]
    for spec in specs:
        lines += [
            "",
            f"## {spec.id} {spec.name}",
            "",
            f"**Severity:** {spec.severity.value}",
            "",
            f"**Fires when:** {spec.summary}",
            "",
            f"**Why it matters:** {spec.rationale}",
            "",
            f"**How to fix it:** {spec.remediation}",
        ]
    return "\n".join(lines) + "\n\n" + ACCEPTING


def _anchor(spec: CheckSpec) -> str:
    """GitHub's heading anchor for ``## GL101 test-key-in-production``."""
    return f"{spec.id} {spec.name}".lower().replace(" ", "-")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


if __name__ == "__main__":
    print(checks_markdown(builtin_specs()), end="")
