"""Fail closed through the command line: a crashing check, a plugin that does not load, and a config
golive cannot read all end the run with an exit code that says so, never with a pass."""

from __future__ import annotations

import json
from importlib.metadata import EntryPoint, entry_points

import pytest
from keyfactory import key
from typer.testing import CliRunner

from golive import plugins
from golive.api import finding
from golive.cli import app
from golive.report import ExitCode

runner = CliRunner()
BROKEN = "golive.no_such_module:checks"  # an entry point whose module does not import
SKIPPED = "its checks did not run"


class Crashing:
    """A plugin check that dies quoting the key it was reading, as a careless traceback would."""

    ID, NAME, SEVERITY, SUMMARY, RATIONALE, REMEDIATION = "ACME001", "always-crashes", "error", "s", "r", "m"

    @staticmethod
    def run(ctx):
        raise RuntimeError(f"boom while reading {ctx.inventory.values[0].key.value}")


class Working:
    """A plugin check that works: one warning per Stripe value."""

    ID, NAME, SEVERITY, SUMMARY, RATIONALE, REMEDIATION = "ACME002", "acme-sees-everything", "warning", "s", "r", "m"

    @staticmethod
    def run(ctx):
        return [finding(item, "acme saw it") for item in ctx.inventory.values]


CRASHING = [Crashing]
WORKING = [Working]


@pytest.fixture
def installed(monkeypatch):
    """``installed(ACME="module:attr")``: golive's own plugin plus these, as if pip had installed them."""
    real = list(entry_points(group=plugins.GROUP))

    def install(**extra: str) -> None:
        points = [*real, *(EntryPoint(name, value, plugins.GROUP) for name, value in extra.items())]
        monkeypatch.setattr(plugins, "entry_points", lambda group: points)

    return install


def invoke(root, *args, env=None):
    return runner.invoke(app, ["check", str(root), *map(str, args)], env=env or {})


# --- A check that raises -------------------------------------------------------------------------


def _exposed(tree):
    """A tree where GL201 finds a live secret key shipped to the browser, and the crash quotes it."""
    secret = key("sk", "live", seed="crash")
    return tree({".env.production": f"NEXT_PUBLIC_STRIPE_SECRET_KEY={secret}\n"}), secret


def test_a_crashing_check_exits_3_names_itself_and_the_text_report_keeps_other_findings(tree, installed):
    installed(ACME="test_fail_closed_config:CRASHING")
    root, secret = _exposed(tree)
    result = invoke(root)
    assert result.exit_code == ExitCode.INTERNAL_ERROR
    assert "golive: check ACME001 crashed: RuntimeError: boom while reading sk_live_" in result.stderr
    assert "CRASH ACME001 always-crashes" in result.stdout
    assert "GL201 secret-exposed-to-client (1)" in result.stdout and "NEXT_PUBLIC_STRIPE_SECRET_KEY" in result.stdout
    assert "check ACME001 crashed" in result.stdout  # the verdict
    assert secret[8:30] not in result.output


def test_a_crashing_check_in_the_json_report(tree, installed):
    installed(ACME="test_fail_closed_config:CRASHING")
    root, secret = _exposed(tree)
    result = invoke(root, "--format", "json")
    assert result.exit_code == ExitCode.INTERNAL_ERROR
    report = json.loads(result.stdout)
    assert (report["exit_code"], report["ready"]) == (3, False)
    crashed = [check for check in report["checks"] if check["outcome"] == "error"]
    assert [check["id"] for check in crashed] == ["ACME001"]
    assert crashed[0]["error"].startswith("RuntimeError: boom while reading sk_live_…")
    assert {f["check_id"] for f in report["findings"]} >= {"GL201"}
    assert all(check["outcome"] != "error" for check in report["checks"] if check["id"].startswith("GL"))
    assert secret[8:30] not in result.output


# --- Plugins that fail to load -------------------------------------------------------------------


def test_a_plugin_that_fails_to_load_exits_3_naming_it(tree, installed):
    installed(ACME=BROKEN)
    result = invoke(tree({".env.production": "STRIPE_SECRET_KEY=@@sk_test@@\n"}))
    assert result.exit_code == ExitCode.INTERNAL_ERROR
    assert f"golive: plugin {BROKEN}[ACME] failed to load: ModuleNotFoundError" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github", "markdown", "html"])
def test_an_optional_plugin_that_fails_to_load_is_a_notice_in_every_report(tree, installed, fmt):
    installed(ACME=BROKEN)
    root = tree({".env.production": "STRIPE_SECRET_KEY=@@sk_test@@\n", "golive.toml": 'optional_plugins = ["ACME"]\n'})
    result = invoke(root, "--format", fmt)
    assert result.exit_code == ExitCode.NOT_READY  # the run went on: GL101 still fails the test key
    assert "ACME" in result.stdout and "failed to load" in result.stdout and SKIPPED in result.stdout
    assert "GL101" in result.stdout


@pytest.mark.parametrize(
    ("files", "env"),
    [
        ({"pyproject.toml": '[tool.golive]\noptional_plugins = ["ACME"]\n'}, {}),
        ({}, {"GOLIVE_OPTIONAL_PLUGINS": '["ACME"]'}),
    ],
    ids=["pyproject", "environment"],
)
def test_optional_plugins_from_pyproject_or_the_environment(tree, installed, files, env):
    installed(ACME=BROKEN)
    root = tree({".env.production": "STRIPE_PUBLISHABLE_KEY=${PK}\n", **files})
    result = invoke(root, env=env)
    assert result.exit_code == ExitCode.READY
    assert f"notice: plugin {BROKEN}[ACME] failed to load" in result.stdout and SKIPPED in result.stdout


def test_an_optional_plugin_that_loads_runs_and_one_not_installed_is_a_notice(tree, installed):
    installed(ACME="test_fail_closed_config:WORKING")
    root = tree({".env.production": "STRIPE_PUBLISHABLE_KEY=${PK}\n", "golive.toml": 'optional_plugins = ["ACME", "ZED"]\n'})
    report = json.loads(invoke(root, "--format", "json").stdout)
    assert [f["check_id"] for f in report["findings"]] == ["ACME002"]
    assert f"optional plugin ZED is not installed: {SKIPPED}" in report["notices"]
    assert not any("ACME" in notice for notice in report["notices"])


@pytest.mark.parametrize(
    "broken",
    [BROKEN, "checks:BUILTIN", "test_fail_closed_config:missing_attribute"],
    ids=["does not import", "ids of another prefix", "no such attribute"],
)
def test_an_optional_plugin_is_skipped_whole_whatever_broke(broken):
    points = [EntryPoint("GL", "checks:BUILTIN", plugins.GROUP), EntryPoint("ACME", broken, plugins.GROUP)]
    loaded = plugins.load_plugins(["ACME"], points)
    assert {spec.id[:2] for spec in loaded.checks} == {"GL"}
    (notice,) = loaded.notices
    assert notice.startswith("plugin ") and "[ACME]" in notice and notice.endswith(SKIPPED)


def test_without_a_tree_there_is_no_config_so_every_plugin_must_load(installed):
    installed(ACME=BROKEN)
    for args in (["checks"], ["explain", "GL201"]):
        result = runner.invoke(app, args, env={"GOLIVE_OPTIONAL_PLUGINS": '["ACME"]'})
        assert result.exit_code == ExitCode.INTERNAL_ERROR and f"{BROKEN}[ACME]" in result.stderr


# --- Config errors: the file or variable, the key, and what was expected ---------------------------

WELL = {".env.production": "STRIPE_PUBLISHABLE_KEY=${PK}\n"}
KEYS = (
    "env, fail_on, from_env, exclude, environments, restricted_keys, webhooks, exceptions, optional_plugins, "
    "require_online, stage, baseline, online_deadline"
)
CONFIG_ERRORS = {
    "unknown top-level key": (
        {"golive.toml": "fail_onn = 'warning'\n"},
        [f"golive.toml: fail_onn: unknown key; expected one of {KEYS}"],
    ),
    "unknown key in [webhooks]": (
        {"golive.toml": "[webhooks]\nendpoint = ['https://shop.example.com/hook']\n"},
        ["golive.toml: webhooks.endpoint: unknown key; expected one of endpoints"],
    ),
    "unknown key in [[exceptions]]": (
        {"golive.toml": "[[exceptions]]\ncheck = 'GL102'\npath = '.env'\nreason = 'r'\nowner = 'me'\n"},
        ["golive.toml: exceptions[0].owner: unknown key; expected one of check, path, variable, reason, expires"],
    ),
    "unknown and missing key in [restricted_keys.X]": (
        {"golive.toml": "[restricted_keys.STRIPE_RK]\npermission = {charges = 'read'}\n"},
        [
            (
                "golive.toml: restricted_keys.STRIPE_RK.permissions: missing; expected a table mapping each key to one of "
                '"none", "read", "write"'
            ),
            "golive.toml: restricted_keys.STRIPE_RK.permission: unknown key; expected one of component, permissions",
        ],
    ),
    "wrong access level": (
        {"golive.toml": "[restricted_keys.STRIPE_RK]\npermissions = {charges = 'all'}\n"},
        ['golive.toml: restricted_keys.STRIPE_RK.permissions.charges: expected one of "none", "read", "write", got "all"'],
    ),
    "exclude = 5": ({"golive.toml": "exclude = 5\n"}, ["golive.toml: exclude: expected a list of strings, got 5"]),
    "exclude item": ({"golive.toml": "exclude = ['a', 1]\n"}, ["golive.toml: exclude[1]: expected a string, got 1"]),
    "env = 3": ({"golive.toml": "env = 3\n"}, ["golive.toml: env: expected production, staging, development or test, got 3"]),
    "env = template": (
        {"golive.toml": "env = 'template'\n"},
        ['golive.toml: env: expected production, staging, development or test, got "template"'],
    ),
    "fail_on = bogus": (
        {"golive.toml": "fail_on = 'bogus'\n"},
        ['golive.toml: fail_on: expected one of "error", "warning", got "bogus"'],
    ),
    "from_env = maybe": ({"golive.toml": "from_env = 'maybe'\n"}, ['golive.toml: from_env: expected true or false, got "maybe"']),
    "webhooks.endpoints = 5": (
        {"golive.toml": "[webhooks]\nendpoints = 5\n"},
        ["golive.toml: webhooks.endpoints: expected a list of strings, got 5"],
    ),
    "webhooks = 5": ({"golive.toml": "webhooks = 5\n"}, ["golive.toml: webhooks: expected a table, got 5"]),
    "exceptions = 5": ({"golive.toml": "exceptions = 5\n"}, ["golive.toml: exceptions: expected a list of tables, got 5"]),
    "environment glob value": (
        {"golive.toml": "[environments]\n'deploy/*.env' = 'moon'\n"},
        [
            (
                'golive.toml: environments."deploy/*.env": expected one of "production", "staging", "development", "test", '
                '"template", "unknown", got "moon"'
            )
        ],
    ),
    "exception expiry": (
        {"golive.toml": "[[exceptions]]\ncheck = 'GL102'\npath = '.env'\nreason = 'r'\nexpires = 'soon'\n"},
        ['golive.toml: exceptions[0].expires: expected a date like 2025-12-31, got "soon"'],
    ),
    "exception without scope": (
        {"golive.toml": "[[exceptions]]\ncheck = 'GL102'\nreason = 'r'\n"},
        ["golive.toml: exceptions[0]: needs a path glob or a variable: an exception never waives a check everywhere"],
    ),
    "GL never optional": (
        {"golive.toml": "optional_plugins = ['GL']\n"},
        ['golive.toml: optional_plugins: GL is golive\'s own checks and can never be optional, got ["GL"]'],
    ),
    "optional plugin not a prefix": (
        {"golive.toml": "optional_plugins = ['acme-checks']\n"},
        ['golive.toml: optional_plugins: expected entry-point names, which are id prefixes like ACME, got ["acme-checks"]'],
    ),
    "invalid TOML": ({"golive.toml": "env = [\n"}, ["golive.toml: not valid TOML: "]),
    "pyproject [tool.golive]": (
        {"pyproject.toml": "[project]\nname = 'shop'\n[tool.golive]\nexclude = 5\n[tool.golive.webhooks]\nendpoints = [1]\n"},
        [
            "pyproject.toml: tool.golive.exclude: expected a list of strings, got 5",
            "pyproject.toml: tool.golive.webhooks.endpoints[0]: expected a string, got 1",
        ],
    ),
    "pyproject invalid TOML": ({"pyproject.toml": "[tool.golive\n"}, ["pyproject.toml: not valid TOML: "]),
}


@pytest.mark.parametrize(("files", "lines"), CONFIG_ERRORS.values(), ids=CONFIG_ERRORS.keys())
def test_config_file_errors_name_the_file_the_key_and_what_was_expected(tree, files, lines):
    root = tree({**WELL, **files})
    result = invoke(root)
    assert result.exit_code == ExitCode.USAGE_ERROR
    errors = result.stderr.splitlines()
    assert len(errors) == len(lines)
    for error, line in zip(errors, lines, strict=True):
        assert error.startswith(f"golive: {root}/{line}")
    assert result.stdout == "" and "pydantic" not in result.output and "Traceback" not in result.output


def test_a_config_file_that_is_not_utf8_is_exit_2(tree):
    root = tree(WELL)
    (root / "golive.toml").write_bytes(b"env = '\xff'\n")
    result = invoke(root)
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert result.stderr.startswith(f"golive: {root}/golive.toml: not valid TOML: ")


@pytest.mark.parametrize(
    ("env", "line"),
    [
        ({"GOLIVE_EXCLUDE": "5"}, "GOLIVE_EXCLUDE: expected a list of strings, got 5"),
        ({"GOLIVE_EXCLUDE": "vendor/**"}, 'GOLIVE_EXCLUDE: expected a list of strings as JSON, got "vendor/**"'),
        ({"GOLIVE_ENV": "moon"}, 'GOLIVE_ENV: expected production, staging, development or test, got "moon"'),
        ({"GOLIVE_FROM_ENV": "maybe"}, 'GOLIVE_FROM_ENV: expected true or false, got "maybe"'),
        ({"GOLIVE_WEBHOOKS": '{"endpoints": 5}'}, "GOLIVE_WEBHOOKS: endpoints: expected a list of strings, got 5"),
        ({"GOLIVE_OPTIONAL_PLUGINS": '["GL"]'}, "GOLIVE_OPTIONAL_PLUGINS: GL is golive's own checks and can never be optional"),
    ],
    ids=["list", "list not JSON", "env", "bool", "nested", "GL optional"],
)
def test_environment_variable_errors_name_the_variable(tree, env, line):
    result = invoke(tree(WELL), env=env)
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert result.stderr.startswith(f"golive: {line}")


def test_every_problem_is_listed_each_under_its_own_source(tree):
    root = tree({**WELL, "golive.toml": "exclude = 5\nfail_on = 'warning'\n", "pyproject.toml": "[tool.golive]\nbogus = 1\n"})
    result = invoke(root, "--fail-on", "bogus", env={"GOLIVE_ENV": "moon"})
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert result.stderr.splitlines() == [
        'golive: GOLIVE_ENV: expected production, staging, development or test, got "moon"',
        'golive: --fail-on: expected one of "error", "warning", got "bogus"',
        f"golive: {root}/golive.toml: exclude: expected a list of strings, got 5",
        f"golive: {root}/pyproject.toml: tool.golive.bogus: unknown key; expected one of {KEYS}",
    ]


def test_config_given_with_config_is_named_as_given(tree, tmp_path):
    config = tmp_path / "ci.toml"
    config.write_text("[webhooks]\nendpoints = 5\n")
    result = invoke(tree(WELL), "--config", config)
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert result.stderr == f"golive: {config}: webhooks.endpoints: expected a list of strings, got 5\n"
