"""docs/checks.md is generated from the check metadata and must not drift from it."""

from __future__ import annotations

from pathlib import Path

from helpers import checks

from golive.docs import builtin_specs, checks_markdown

DOCS = Path(__file__).parents[2] / "docs" / "checks.md"


def test_checks_md_is_up_to_date():
    assert DOCS.read_text(encoding="utf-8") == checks_markdown(builtin_specs()), (
        "docs/checks.md is stale: run `python -m golive.docs > docs/checks.md`"
    )


def test_every_loaded_builtin_check_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    for spec in checks():
        if spec.plugin.endswith("[GL]"):
            assert f"## {spec.id} {spec.name}\n" in text
            assert spec.remediation in text
