"""Accepted is not clean: accepted findings are counted in the verdict and styled as accepted, and an
exception or scope that names nothing real is a configuration error (exit 2), not a silent pass."""

from __future__ import annotations

import json

import pytest
from helpers import run
from typer.testing import CliRunner

from golive.cli import app
from golive.exitcode import ExitCode
from golive.reporters import render
from golive.settings import ConfigError, load_settings

runner = CliRunner()
STAGING = {".env.staging": "STRIPE_SECRET_KEY=@@sk_live:staging@@\n", ".env.production": "STRIPE_PUBLISHABLE_KEY=@@pk_live@@\n"}
ACCEPT_GL102 = '[[exceptions]]\ncheck = "GL102"\npath = ".env.staging"\nreason = "staging bills the live account until PAY-123"\n'


def check(root, *args):
    return runner.invoke(app, ["check", str(root), *args], env={})


def test_a_green_report_counts_what_it_accepted(tree):
    report = run(tree({**STAGING, "golive.toml": ACCEPT_GL102}))
    assert report.ready and len(report.suppressed) == 1
    assert report.verdict == (
        "READY for production: 0 error(s), 0 warning(s), 1 accepted; "
        "checks: 15 passed, 0 failed, 1 accepted, 8 not run; 0 path(s) skipped (failing on error)"
    )

    text = render(report, "text")
    assert "  ACCEPTED warning .env.staging:1 STRIPE_SECRET_KEY = sk_live_…" in text
    assert "accepted, not passed: GL102 (every finding accepted, see above)" in text
    assert "GL102" not in next(line for line in text.splitlines() if line.startswith("passed: "))

    markdown = render(report, "markdown")
    assert "1 finding(s) accepted" in markdown.splitlines()[4]  # the header, before any table
    assert "| GL102 | live-key-outside-production | warning | _accepted_ | 0 | 1 |" in markdown

    data = json.loads(render(report, "json"))
    assert next(c for c in data["checks"] if c["id"] == "GL102")["result"] == "accepted"
    assert data["summary"]["suppressed"] == data["summary"]["checks_accepted"] == 1
    (finding,) = data["findings"]
    assert finding["suppressed"] == {
        "reason": "staging bills the live account until PAY-123",
        "source": "golive.toml",
        "expires": None,
    }


@pytest.mark.parametrize("check_name", ["GL999", "live-key-outside-prod", "GL10"])
def test_an_exception_naming_no_check_is_a_config_error(tree, check_name):
    root = tree({**STAGING, "golive.toml": ACCEPT_GL102.replace('"GL102"', f'"{check_name}"')})
    result = check(root)
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert (
        result.stderr
        == f"golive: exceptions[0].check: no check is called '{check_name}'; `golive checks` lists the ids and names\n"
    )


def test_an_exception_by_name_works(tree):
    report = run(tree({**STAGING, "golive.toml": ACCEPT_GL102.replace('"GL102"', '"live-key-outside-production"')}))
    assert report.ready and [f.check_id for f in report.suppressed] == ["GL102"]


def test_an_exception_for_an_optional_plugin_that_did_not_load_is_only_stale(tree):
    root = tree({**STAGING, "golive.toml": 'optional_plugins = ["ACME"]\n' + ACCEPT_GL102.replace('"GL102"', '"ACME101"')})
    result = check(root, "-f", "json")
    assert result.exit_code == ExitCode.READY, result.output  # GL102 is a warning
    notices = json.loads(result.stdout)["notices"]
    assert any(n.startswith("exception for ACME101 at path '.env.staging' is stale") for n in notices)


@pytest.mark.parametrize(
    ("resource", "hint"),
    [("chargez", " (did you mean 'charges'?)"), ("payment_intentz", " (did you mean 'payment_intents'?)"), ("launch_codes", "")],
)
def test_a_scope_naming_an_unknown_stripe_resource_is_a_config_error(tree, resource, hint):
    root = tree(
        {
            ".env.production": "STRIPE_RESTRICTED_KEY=@@rk_live@@\n",
            "golive.toml": (
                f'[restricted_keys.STRIPE_RESTRICTED_KEY]\npermissions = {{ {resource} = "read", refunds = "write" }}\n'
            ),
        }
    )
    result = check(root)
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert result.stderr.startswith(
        f"golive: {root}/golive.toml: restricted_keys.STRIPE_RESTRICTED_KEY.permissions: "
        f"unknown Stripe resource '{resource}'{hint}; expected names like charges"
    )


@pytest.mark.parametrize(
    "name", ["charges", "charge", "Checkout Sessions", "payment-intents", "prices", "webhook", "*", "balance"]
)
def test_stripe_resources_as_the_dashboard_and_gl303_name_them(tree, name):
    root = tree({"golive.toml": f'[restricted_keys.STRIPE_RESTRICTED_KEY]\npermissions = {{ "{name}" = "read" }}\n'})
    assert list(load_settings(root).restricted_keys["STRIPE_RESTRICTED_KEY"].permissions) == [name]


def test_every_resource_golive_probes_is_known():
    from golive.online.probes import PROBES
    from golive.settings import known_resource

    assert all(known_resource(probe.resource) for probe in PROBES)


def test_a_scope_error_names_every_unknown_resource(tree):
    root = tree({"golive.toml": '[restricted_keys.K]\npermissions = { chargez = "read", refundz = "write" }\n'})
    with pytest.raises(
        ConfigError,
        match=r"unknown Stripe resource 'chargez' \(did you mean 'charges'\?\), 'refundz' \(did you mean 'refunds'\?\)",
    ):
        load_settings(root)
