"""The bundled ``ready-shop`` sample with ``--from-env --online``, as docs/online.md walks through it: its
restricted key scoped exactly as its golive.toml says, against the Stripe double, is READY."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest
from keyfactory import account_of, key, whsec
from typer.testing import CliRunner

from golive.cli import app
from golive.online.probes import PROBES

SAMPLE = Path(__file__).resolve().parents[2] / "sample-configs" / "ready-shop"
ONLINE_IDS = {"GL106", "GL107", "GL303", "GL403", "GL404", "GL902"}
API_KEY = key("rk", "live", seed="ready-api", account="ReadyShopAcct01")
DEPLOY_ENV = {
    "STRIPE_SECRET_KEY": API_KEY,
    "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY": key("pk", "live", seed="ready-web", account="ReadyShopAcct01"),
    "STRIPE_WEBHOOK_SECRET": whsec("ready"),
}


def stripe_permissions(scope: dict[str, str]) -> set[str]:
    """The Dashboard's permissions for a golive.toml scope: ``customers = "read"`` is rak_customer_read."""
    names = {probe.resource: probe.permission.removesuffix("_read") for probe in PROBES}
    return {f"{names.get(resource, 'rak_' + resource.removesuffix('s'))}_{access}" for resource, access in scope.items()}


@pytest.fixture
def shop(tmp_path, stripe):
    root = shutil.copytree(SAMPLE, tmp_path / "ready-shop")
    config = tomllib.loads((root / "golive.toml").read_text())
    stripe.add_endpoint(account_of(API_KEY), config["webhooks"]["endpoints"][0], enabled_events=["checkout.session.completed"])
    return root, config["restricted_keys"]["STRIPE_SECRET_KEY"]["permissions"]


def check(root, stripe, *args):
    result = CliRunner().invoke(
        app,
        ["check", str(root), "--from-env", "--online", "-f", "json", *args],
        env={**DEPLOY_ENV, "GOLIVE_STRIPE_API_BASE": stripe.url},
    )
    return result.exit_code, json.loads(result.stdout)


def test_ready_shop_is_ready_online_with_its_key_scoped_as_declared(shop, stripe):
    root, scope = shop
    stripe.add_key(API_KEY, account_of(API_KEY), stripe_permissions(scope))
    code, report = check(root, stripe)
    assert (code, report["findings"]) == (0, [])
    assert any("GL303 judged what restricted key" in n for n in report["notices"])
    assert not any("not run" in n for n in report["notices"])


def test_without_webhook_read_the_declared_endpoint_goes_unchecked(shop, stripe):
    root, scope = shop
    narrower = {resource: access for resource, access in scope.items() if resource != "webhook_endpoints"}
    stripe.add_key(API_KEY, account_of(API_KEY), stripe_permissions(narrower))
    code, report = check(root, stripe)
    assert code == 1
    assert {(f["check_id"], f["path"]) for f in report["findings"]} == {("GL902", "environment")}
    assert "rak_webhook_read" in report["findings"][0]["message"]
