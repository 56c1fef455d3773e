"""Accepting a risk: [[exceptions]] in golive's config and inline ``golive: ignore[...]`` comments.

A suppressed finding stays in the report, marked with its reason; only the gate skips it. Expired,
stale and reasonless suppressions say so in the report's notices. Today's date is pinned.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from helpers import checks
from typer.testing import CliRunner

from golive.api import Suppression
from golive.cli import app
from golive.runner import check_tree
from golive.settings import ConfigError, load_settings

TODAY = date(2025, 6, 15)
STAGING = {".env.staging": "STRIPE_PUBLISHABLE_KEY=@@pk_test@@\nSTRIPE_SECRET_KEY=@@sk_live@@\n"}


def run(root, today=TODAY, **overrides):
    return check_tree(root, load_settings(root, **overrides), checks(), today=today)


def accepted(report, check_id):
    return {(f.path, f.line): f.suppression for f in report.findings if f.check_id == check_id and f.suppression}


def open_hits(report, check_id):
    return {(f.path, f.line) for f in report.findings if f.check_id == check_id and not f.suppression}


def waiver_notices(report):
    """The report's notices about exceptions and inline ignores (other notices, e.g. offline checks, aside)."""
    return tuple(n for n in report.notices if n.startswith("exception for") or "inline ignore" in n)


def exceptions_toml(*entries: str) -> str:
    return "".join(f"[[exceptions]]\n{entry}\n" for entry in entries)


def test_config_exception_accepts_the_finding_and_keeps_it_in_the_report(tree):
    root = tree(
        STAGING
        | {
            "golive.toml": exceptions_toml(
                'check = "GL102"\npath = ".env.staging"\nreason = "staging bills the live account until PAY-12"\n'
                "expires = 2025-09-30"
            )
        }
    )
    report = run(root, fail_on="warning")
    assert accepted(report, "GL102") == {
        (".env.staging", 2): Suppression("staging bills the live account until PAY-12", "golive.toml", "2025-09-30")
    }
    assert open_hits(report, "GL102") == set()
    assert report.ready and waiver_notices(report) == ()


def test_exception_matches_by_check_name_path_glob_and_variable_glob(tree):
    root = tree(
        STAGING
        | {
            "deploy/staging/app.env": "STRIPE_SECRET_KEY=@@sk_live:other@@\nBILLING_STRIPE_KEY=@@sk_live:third@@\n",
            "golive.toml": exceptions_toml(
                'check = "live-key-outside-production"\npath = "deploy/*"\nvariable = "STRIPE_*"\n'
                'reason = "shared staging account"'
            ),
        }
    )
    report = run(root)
    assert set(accepted(report, "GL102")) == {("deploy/staging/app.env", 1)}
    assert open_hits(report, "GL102") == {(".env.staging", 2), ("deploy/staging/app.env", 2)}


def test_expired_exception_stops_working_and_says_so(tree):
    rule = 'check = "GL102"\npath = ".env.staging"\nreason = "until the migration"\nexpires = 2025-06-14'
    root = tree(STAGING | {"golive.toml": exceptions_toml(rule)})
    report = run(root, fail_on="warning")
    assert open_hits(report, "GL102") == {(".env.staging", 2)}
    assert not report.ready
    assert waiver_notices(report) == (
        (
            "exception for GL102 at path '.env.staging' expired on 2025-06-14; its findings count again (reason was: until the "
            "migration)"
        ),
    )
    assert set(accepted(run(root, today=date(2025, 6, 14)), "GL102")) == {(".env.staging", 2)}, "the expiry date is its last day"


def test_exception_that_matches_nothing_is_stale(tree):
    root = tree(
        STAGING
        | {
            "golive.toml": exceptions_toml(
                'check = "GL102"\npath = "config/*"\nreason = "old staging setup"',
                'check = "GL102"\npath = ".env.*"\nreason = "staging bills the live account"',
            )
        }
    )
    report = run(root)
    assert set(accepted(report, "GL102")) == {(".env.staging", 2)}
    assert waiver_notices(report) == (
        "exception for GL102 at path 'config/*' is stale: it matches no finding; remove it from golive's config",
    )


def test_exception_naming_no_check_is_a_config_error(tree):
    """A typo in the id would accept nothing and stay quiet: it stops the run (exit 2) instead."""
    root = tree(
        STAGING
        | {
            "golive.toml": exceptions_toml(
                'check = "GL102"\npath = ".env.*"\nreason = "staging bills the live account"',
                'check = "GL999"\nvariable = "STRIPE_SECRET_KEY"\nreason = "typo in the id"',
            )
        }
    )
    with pytest.raises(ConfigError, match=r"exceptions\[1\]\.check: no check is called 'GL999'"):
        run(root)


@pytest.mark.parametrize(
    "entry",
    [
        'check = "GL102"\npath = ".env.staging"\nreason = ""',
        'check = "GL102"\npath = ".env.staging"\nreason = "   "',
        'check = "GL102"\npath = ".env.staging"',
        'check = "GL102"\nreason = "waives the check everywhere"',
        'check = "GL102"\npath = ".env.staging"\nreason = "x"\nexpires = "next year"',
        'check = "GL102"\npath = ".env.staging"\nreason = "x"\nowner = "typo: unknown field"',
    ],
)
def test_an_exception_without_reason_or_scope_is_a_config_error(tree, entry):
    root = tree(STAGING | {"golive.toml": exceptions_toml(entry)})
    with pytest.raises(ConfigError, match="exceptions"):
        load_settings(root)
    result = CliRunner().invoke(app, ["check", str(root)], env={})
    assert result.exit_code == 2


def test_exceptions_in_pyproject_tool_golive(tree):
    root = tree(
        STAGING
        | {"pyproject.toml": '[[tool.golive.exceptions]]\ncheck = "GL102"\nvariable = "STRIPE_SECRET_KEY"\nreason = "r"\n'}
    )
    assert set(accepted(run(root), "GL102")) == {(".env.staging", 2)}


def test_inline_ignore_in_dotenv_on_the_line_or_the_line_above(tree):
    root = tree(
        {
            ".env.staging": "# golive: ignore[GL102] staging bills the live account until PAY-12\n"
            "STRIPE_SECRET_KEY=@@sk_live@@\n",
            ".env.development": "STRIPE_SECRET_KEY=@@sk_live:dev@@  # golive: ignore[GL102] dev account is a clone\n",
            ".env.test": "# golive: ignore[GL102] two lines above does not count\n\nSTRIPE_SECRET_KEY=@@sk_live:t@@\n",
        }
    )
    report = run(root)
    assert accepted(report, "GL102") == {
        (".env.staging", 2): Suppression("staging bills the live account until PAY-12", "inline"),
        (".env.development", 1): Suppression("dev account is a clone", "inline"),
    }
    assert open_hits(report, "GL102") == {(".env.test", 3)}
    assert waiver_notices(report) == (
        ".env.test:1: inline ignore[GL102] is stale: it matches no finding on this line or the next",
    )


def test_inline_ignore_with_slashes_several_ids_and_names_in_code(tree):
    root = tree(
        {
            "src/components/Pay.tsx": (
                "const a = 1;\n"
                "// golive: ignore[GL999, secret-exposed-to-client,GL102] rotated, ticket SEC-7\n"
                'const k = "@@sk_live@@";\n'
            ),
            "config/staging.yaml": (
                "stripe:\n  # golive: ignore[GL102] staging mirrors production\n  secret_key: @@sk_live:yaml@@\n"
            ),
        }
    )
    report = run(root)
    assert set(accepted(report, "GL201")) == {("src/components/Pay.tsx", 3)}
    assert set(accepted(report, "GL102")) == {("config/staging.yaml", 3)}
    assert accepted(report, "GL201")["src/components/Pay.tsx", 3].reason == "rotated, ticket SEC-7"
    assert waiver_notices(report) == ()


def test_inline_ignore_without_a_reason_does_not_suppress(tree):
    root = tree(
        {
            ".env.staging": "# golive: ignore[GL102]\nSTRIPE_SECRET_KEY=@@sk_live@@\n",
            ".env.development": "# golive: ignore[] because\nSTRIPE_SECRET_KEY=@@sk_live:dev@@\n",
        }
    )
    report = run(root, fail_on="warning")
    assert open_hits(report, "GL102") == {(".env.staging", 2), (".env.development", 2)}
    assert not report.ready
    assert waiver_notices(report) == (
        ".env.development:1: inline ignore has no check id in the brackets, so it suppresses nothing",
        ".env.staging:1: inline ignore has no reason after the brackets, so it suppresses nothing",
    )


def test_suppressed_findings_gate_and_json_report(tree):
    root = tree(
        {
            ".env.production": "# golive: ignore[GL101] checkout is still in sandbox for the soft launch\n"
            "STRIPE_SECRET_KEY=@@sk_test@@\n",
        }
    )
    result = CliRunner().invoke(app, ["check", str(root), "--format", "json"], env={})
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    gl101 = [f for f in report["findings"] if f["check_id"] == "GL101"]
    assert [(f["path"], f["line"], f["suppressed"]) for f in gl101] == [
        (
            ".env.production",
            2,
            {"reason": "checkout is still in sandbox for the soft launch", "source": "inline", "expires": None},
        )
    ]
    assert report["ready"] is True and report["summary"]["suppressed"] == 1


def test_a_crashed_check_does_not_make_its_exceptions_look_stale(tree):
    from golive.api import CheckSpec, Severity

    def crash(ctx):
        raise RuntimeError("boom")

    broken = CheckSpec("GL102", "live-key-outside-production", Severity.WARNING, "s", "r", "fix", crash)
    root = tree(
        STAGING
        | {
            ".env.development": "# golive: ignore[GL102] dev clone\nSTRIPE_SECRET_KEY=@@sk_live:dev@@\n",
            "golive.toml": exceptions_toml('check = "GL102"\npath = ".env.staging"\nreason = "r"'),
        }
    )
    report = check_tree(root, load_settings(root), [broken], today=TODAY)
    assert report.exit_code == 3
    assert waiver_notices(report) == ()
