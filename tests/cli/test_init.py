"""``golive init``: a commented golive.toml from the tree, names only, that golive itself can load."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import yaml
from helpers import hits, run
from keyfactory import key, whsec
from typer.testing import CliRunner

from golive.cli import app
from golive.settings import load_settings

runner = CliRunner()
APP = {
    ".env.production": "STRIPE_PUBLISHABLE_KEY=@@pk_live@@\nSTRIPE_SECRET_KEY=@@sk_live@@\n"
    "STRIPE_RESTRICTED_KEY=@@rk_live@@\nSTRIPE_WEBHOOK_SECRET=@@whsec@@\n",
    ".env.example": "STRIPE_SECRET_KEY=sk_test_...\n",
    "api/webhook.js": "const event = stripe.webhooks.constructEvent(body, sig, secret);\n",
    # a hostile name: the variable a JSON key makes must not break out of its comment or its TOML key
    "config/production.json": json.dumps({"stripe": {"restricted\n[webhooks]\nendpoints = 1": "@@rk_live:json@@"}}),
}
SECRETS = (key("sk", "live"), key("rk", "live"), key("rk", "live", seed="json"), key("pk", "live"), whsec())


def init(*args):
    return runner.invoke(app, ["init", *map(str, args)], env={})


def uncomment_blocks(text: str) -> str:
    """Uncomment every commented TOML block (from ``# [`` to the next blank line), as a user would."""
    out, inside = [], False
    for line in text.splitlines():
        inside = inside or line.startswith("# [")
        if inside and not line:
            inside = False
        out.append(line[2:] if inside and line.startswith("# ") else "" if inside and line == "#" else line)
    return "\n".join(out) + "\n"


def test_init_writes_names_environments_and_skeletons_never_values(tree):
    root = tree(APP)
    result = init(root)
    assert result.exit_code == 0, result.output
    text = (root / "golive.toml").read_text()
    for secret in SECRETS:
        assert secret not in text and secret[-12:] not in text
    assert "#   STRIPE_RESTRICTED_KEY" in text and "restricted key: .env.production:3" in text
    assert "#   .env.example: template: file name .env.example" in text
    assert "#   .env.production: production: file name .env.production" in text
    assert "# [restricted_keys.STRIPE_RESTRICTED_KEY]" in text
    assert "[webhooks]\nendpoints = []\n" in text
    assert "# Signature verification found at: api/webhook.js:1 (" in text
    assert "# [[exceptions]]" in text
    assert all(
        line.startswith("#") or not line or re.match(r"^(env|endpoints) = |^\[webhooks\]$", line) for line in text.splitlines()
    )


def test_written_config_loads_and_declares_nothing_on_its_own(tree):
    root = tree(APP)
    init(root)
    settings = load_settings(root)
    assert settings.restricted_keys == {} and settings.webhooks.endpoints == [] and settings.exceptions == []
    assert hits(run(root), "GL301") == {(".env.production", 3), ("config/production.json", 1)}


def test_uncommented_skeletons_are_valid_config(tree):
    root = tree(APP)
    init(root)
    config = root / "golive.toml"
    config.write_text(uncomment_blocks(config.read_text()))
    settings = load_settings(root)
    assert set(settings.restricted_keys) == {"STRIPE_RESTRICTED_KEY", "stripe.restricted\n[webhooks]\nendpoints = 1"}
    assert settings.restricted_keys["STRIPE_RESTRICTED_KEY"].permissions == {"payment_intents": "write", "customers": "read"}
    assert [e.check for e in settings.exceptions] == ["GL102"] and settings.environments
    assert hits(run(root), "GL301") == set()


def test_init_never_overwrites_without_force(tree):
    root = tree(APP | {"golive.toml": "env = 'staging'\n"})
    result = init(root)
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert (root / "golive.toml").read_text() == "env = 'staging'\n"
    assert init(root, "--force").exit_code == 0
    assert 'env = "production"' in (root / "golive.toml").read_text()


def test_init_on_an_empty_tree_and_a_missing_folder(tmp_path):
    assert init(tmp_path).exit_code == 0
    text = (tmp_path / "golive.toml").read_text()
    assert "found 0 Stripe variables" in text and "# [restricted_keys.STRIPE_RESTRICTED_KEY]" in text
    assert load_settings(tmp_path).env.value == "production"
    assert init(tmp_path / "missing").exit_code == 2


def test_pre_commit_hook_and_github_action_use_flags_the_cli_has(tree, tmp_path):
    repo = Path(__file__).parents[2]
    hook = yaml.safe_load((repo / ".pre-commit-hooks.yaml").read_text())[0]
    assert (hook["id"], hook["language"], hook["pass_filenames"]) == ("golive", "python", False)
    root = tree({".env.production": "STRIPE_SECRET_KEY=@@sk_test@@\n"})
    entry = shlex.split(hook["entry"])
    assert entry[:3] == ["golive", "check", "."]
    assert runner.invoke(app, [*entry[1:2], str(root), *entry[3:]], env={}).exit_code == 1

    # the GitHub Action runs its own steps with these flags in tests/test_action.py
