"""The command line: exit codes, settings precedence, explain, and failing closed."""

from __future__ import annotations

import json
from importlib.metadata import EntryPoint

import pytest
from typer.testing import CliRunner

from golive import plugins
from golive.cli import app
from golive.settings import ConfigError, load_settings

runner = CliRunner()


def invoke(*args, env=None):
    return runner.invoke(app, [str(a) for a in args], env=env or {})


def test_exit_codes_ready_and_not_ready(tree, tmp_path):
    bad = tree({".env.production": "STRIPE_SECRET_KEY=@@sk_test@@\n"})
    assert invoke("check", bad).exit_code == 1
    good = tmp_path / "good"
    good.mkdir()
    (good / ".env.production").write_text("STRIPE_PUBLISHABLE_KEY=${PK}\n")
    result = invoke("check", good)
    assert result.exit_code == 0, result.output
    assert "READY for production" in result.output


def test_usage_and_config_errors_exit_2(tree, tmp_path):
    root = tree({"golive.toml": "env = 'moon'\n"})
    assert invoke("check", root).exit_code == 2
    assert invoke("check", tmp_path / "missing").exit_code == 2
    assert invoke("check", tmp_path, "--format", "yaml").exit_code == 2
    assert invoke("check", tmp_path, "--bogus").exit_code == 2
    (tmp_path / "golive.toml").write_text("env = [\n")
    assert invoke("check", tmp_path).exit_code == 2
    (tmp_path / "golive.toml").write_text("unknown_setting = 1\n")
    assert invoke("check", tmp_path).exit_code == 2


def test_fail_on_warning(tree):
    root = tree({".env.staging": "STRIPE_SECRET_KEY=@@sk_live@@\n"})
    assert invoke("check", root).exit_code == 0
    assert invoke("check", root, "--fail-on", "warning").exit_code == 1


def test_json_report_contract(tree, tmp_path):
    root = tree({".env.production": "A=1\nNEXT_PUBLIC_STRIPE_SECRET_KEY=@@sk_live@@\n", "config/broken.yaml": "stripe: [\n"})
    out = tmp_path / "golive.json"
    result = invoke("check", root, "--format", "json", "--output", out)
    assert result.exit_code == 1
    report = json.loads(out.read_text())
    assert {"schema_version", "golive_version", "target_env", "ready", "summary", "findings", "skipped"} <= set(report)
    assert report["summary"]["checks_run"] >= 9 and report["summary"]["files_scanned"] == 2
    assert report["skipped"][0]["path"] == "config/broken.yaml"
    gl201 = next(f for f in report["findings"] if f["check_id"] == "GL201")
    assert (gl201["path"], gl201["line"], gl201["variable"], gl201["exposure"]) == (
        ".env.production",
        2,
        "NEXT_PUBLIC_STRIPE_SECRET_KEY",
        "client",
    )
    assert gl201["value"].startswith("sk_live_…") and len(gl201["value"]) == len("sk_live_…") + 4
    again = tmp_path / "again.json"
    invoke("check", root, "--format", "json", "--output", again)
    assert again.read_text() == out.read_text()


def test_precedence_cli_over_env_over_golive_toml_over_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.golive]\nenv = "test"\nfail_on = "warning"\nexclude = ["a"]\n')
    assert load_settings(tmp_path).env.value == "test"
    (tmp_path / "golive.toml").write_text('env = "development"\n')
    settings = load_settings(tmp_path)
    assert (settings.env.value, settings.fail_on.value) == ("development", "warning")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("GOLIVE_ENV", "staging")
        assert load_settings(tmp_path).env.value == "staging"
        assert load_settings(tmp_path, env="prod").env.value == "production"


def test_app_dotenv_is_not_golive_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("GOLIVE_ENV=test\nenv=test\n")
    assert load_settings(tmp_path).env.value == "production"


def test_missing_config_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError):
        load_settings(tmp_path, tmp_path / "nope.toml")


def test_checks_and_explain():
    listing = invoke("checks")
    assert listing.exit_code == 0
    assert all(i in listing.output for i in ("GL101", "GL201", "GL301", "GL401", "GL901"))
    explained = invoke("explain", "GL201")
    assert explained.exit_code == 0
    assert "secret-exposed-to-client" in explained.output and "How to fix it" in explained.output
    assert invoke("explain", "test-key-in-production").exit_code == 0
    assert invoke("explain", "GL999").exit_code == 2


def _points(*pairs):
    return [EntryPoint(name, value, plugins.GROUP) for name, value in pairs]


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ([("GL", "golive.no_such_module:checks")], "failed to load"),
        ([], "no checks loaded"),
        ([("GL", "checks:BUILTIN"), ("GLX", "checks:BUILTIN")], "id must be GLX"),
        ([("gl", "checks:BUILTIN")], "id prefix"),
    ],
)
def test_broken_plugins_fail_loudly(points, message):
    with pytest.raises(plugins.PluginError, match=message):
        plugins.load_checks(_points(*points))


def test_duplicate_ids_name_both_plugins():
    with pytest.raises(plugins.PluginError, match="defined twice"):
        plugins.load_checks(_points(("GL", "checks:BUILTIN"), ("GL", "checks:BUILTIN")))
