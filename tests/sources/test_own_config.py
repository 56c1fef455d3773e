"""golive's own configuration is never a source of Stripe values, and npm package names are not Stripe
variables: `golive init` followed by `golive check` must not report golive.toml, and `stripe` in
package.json's dependencies is a package, in init, the inventory and every report."""

from __future__ import annotations

import json

from helpers import run
from typer.testing import CliRunner

from golive.cli import app
from golive.init import inspect

runner = CliRunner()
APP = {
    ".env.production": "NEXT_PUBLIC_STRIPE_SECRET_KEY=@@sk_test@@\nSTRIPE_SECRET_KEY=@@sk_live@@\n",
    "package.json": json.dumps(
        {
            "name": "shop",
            "dependencies": {"stripe": "16.2.0", "@stripe/stripe-js": "4.1.0", "@stripe/react-stripe-js": "^2"},
            "devDependencies": {"stripe-mock": "1"},
            "overrides": {"next": {"stripe": "16.2.0"}},
        },
        indent=2,
    ),
}


def test_init_then_check_reports_nothing_about_golive_toml(tree):
    root = tree(APP)
    assert runner.invoke(app, ["init", str(root)], env={}).exit_code == 0
    written = (root / "golive.toml").read_text()
    assert "NEXT_PUBLIC_STRIPE_SECRET_KEY" in written  # init names it, in a comment
    result = runner.invoke(app, ["check", str(root), "-f", "json"], env={})
    report = json.loads(result.stdout)
    assert not [f for f in report["findings"] if f["path"] == "golive.toml"]
    assert ("GL201", ".env.production", 1) in {(f["check_id"], f["path"], f["line"]) for f in report["findings"]}


def test_golive_toml_and_tool_golive_hold_no_values(tree):
    root = tree(
        {
            "golive.toml": (
                "# NEXT_PUBLIC_STRIPE_SECRET_KEY  secret key: .env.production:1\n[restricted_keys.STRIPE_RK]\n"
                "component = 'api'\npermissions = { charges = 'read' }\n"
            ),
            "apps/web/golive.toml": "# VITE_STRIPE_SECRET_KEY = sk_test_placeholder\n",
            "pyproject.toml": (
                "[project]\nname = 'x'\n[tool.golive]\nenv = 'production'\n"
                "[tool.golive.restricted_keys.STRIPE_RK]\ncomponent = 'api'\npermissions = { charges = 'read' }\n"
            ),
            ".env.production": "STRIPE_PUBLISHABLE_KEY=@@pk_live@@\n",
        }
    )
    report = run(root)
    assert {value.path for value in report.inventory.values} == {".env.production"}
    assert not [f for f in report.findings if f.path.endswith(("golive.toml", "pyproject.toml"))]


def test_npm_package_names_are_not_stripe_variables(tree):
    root = tree(APP)
    assert not [v for v in inspect(root).values if v.path == "package.json"]
    listed = runner.invoke(app, ["init", str(root)], env={})
    assert "2 Stripe variables found" in listed.stdout
    config = (root / "golive.toml").read_text()
    assert "@stripe/stripe-js" not in config and "package.json" not in config
    report = run(root)
    assert not [f for f in report.findings if f.path == "package.json"]
    assert {v.variable for v in report.inventory.values} == {"NEXT_PUBLIC_STRIPE_SECRET_KEY", "STRIPE_SECRET_KEY"}


def test_a_real_key_in_package_json_still_counts(tree):
    root = tree(
        {"package.json": json.dumps({"name": "x", "config": {"stripeKey": "@@sk_live@@"}, "dependencies": {"stripe": "16.2.0"}})}
    )
    values = [v for v in run(root).inventory.values if v.path == "package.json"]
    assert [(v.variable, v.line) for v in values] == [("stripeKey", 1)]
