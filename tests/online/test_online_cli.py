"""``--online`` from the command line: never implied, httpx never imported without it, keys go only
to https or to this machine, and nothing a user sees holds a key."""

from __future__ import annotations

import subprocess
import sys

import pytest
from keyfactory import account_of, key
from typer.testing import CliRunner

from golive.cli import app
from golive.online.options import OnlineOptions, checked_base
from golive.settings import ConfigError

SK = key("sk", "live", seed="shop")
ROLLED = key("sk", "live", seed="rolled")


@pytest.fixture
def app_root(tmp_path):
    root = tmp_path / "app"
    root.mkdir()
    (root / ".env.production").write_text(f"STRIPE_SECRET_KEY={SK}\nOLD_STRIPE_SECRET_KEY={ROLLED}\n")
    return root


def invoke(*args, base):
    return CliRunner().invoke(app, [str(a) for a in args], env={"GOLIVE_STRIPE_API_BASE": base})


def test_online_run_reports_and_never_prints_a_key(stripe, app_root):
    stripe.add_key(SK, account_of(SK))
    result = invoke("check", app_root, "--online", base=stripe.url)
    assert result.exit_code == 1
    assert "GL106 key-rejected" in result.output and "Invalid API Key provided: sk_live_…" in result.output
    assert SK not in result.output and ROLLED not in result.output and ROLLED[-6:] not in result.output
    assert "online checks not run" not in result.output


def test_online_is_never_implied(stripe, app_root):
    stripe.add_key(SK, account_of(SK))
    result = invoke("check", app_root, base=stripe.url)
    assert stripe.requests == [] and "online checks not run (GL106" in result.output


@pytest.mark.parametrize(
    "base",
    [
        "http://stripe.example",
        "http://10.0.0.7:8080",
        "ftp://127.0.0.1",
        "https://api.stripe.com/v2",
        "https://user:pw@api.stripe.com",
    ],
)
def test_unsafe_bases_are_a_config_error(stripe, app_root, base):
    result = invoke("check", app_root, "--online", base=base)
    assert result.exit_code == 2 and "GOLIVE_STRIPE_API_BASE" in result.output
    with pytest.raises(ConfigError):
        checked_base(base)


@pytest.mark.parametrize(
    "base",
    [
        "https://api.stripe.com",
        "https://stripe-mock.internal:12111",
        "https://127.0.0.1:12111",
        "http://127.0.0.1:12111",
        "http://localhost:12111",
        "http://[::1]:12111/",
    ],
)
def test_https_and_loopback_http_bases_are_accepted(base):
    assert OnlineOptions.from_environ({"GOLIVE_STRIPE_API_BASE": base}).base == base.rstrip("/")


def test_default_base_is_stripe():
    assert OnlineOptions.from_environ({}).base == "https://api.stripe.com"


def test_the_checked_tree_cannot_redirect_keys(stripe, app_root):
    (app_root / "golive.toml").write_text('stripe_api_base = "https://collector.example"\n')
    result = invoke("check", app_root, "--online", base=stripe.url)
    assert result.exit_code == 2 and stripe.requests == []


def test_httpx_is_imported_only_with_online(app_root):
    probe = (
        "import sys\n"
        "from golive.cli import app\n"
        f"code = app(['check', {str(app_root)!r}], standalone_mode=False)\n"
        "assert code == 1, code\n"
        "assert 'httpx' not in sys.modules, 'httpx imported without --online'\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
