"""GL405 and GL406 against the live webhook endpoints the Stripe double lists, and GL407 offline: the event types
the handlers act on and the API version the SDK pins, held against what Stripe will really send."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from golive.cli import app
from keyfactory import account_of, key, whsec

SAMPLE = Path(__file__).resolve().parents[1] / "sample-configs" / "two-services"
ENDPOINT = "https://shop.example.com/api/webhooks"
HANDLER = ("apps/storefront/src/app/api/webhooks/route.ts", 15)
STOREFRONT_KEY = key("rk", "live", seed="two-storefront", account="TwoServicesAcc1")
REFUNDS_KEY = key("rk", "live", seed="two-refunds", account="TwoServicesAcc1")
ACCOUNT = account_of(STOREFRONT_KEY)
DEPLOY_ENV = {"STRIPE_STOREFRONT_KEY": STOREFRONT_KEY, "STRIPE_REFUNDS_KEY": REFUNDS_KEY, "STRIPE_WEBHOOK_SECRET": whsec("two")}
# As the Dashboard grants them: what each component's code needs, and the refunds key may list webhook endpoints.
STOREFRONT_PERMISSIONS = {"rak_checkout_session_write", "rak_customer_read"}
REFUNDS_PERMISSIONS = {"rak_refund_write", "rak_charge_read", "rak_webhook_read"}


def check(root: Path, stripe=None, *args: str) -> tuple[int, dict]:
    online = ["--online"] if stripe is not None else []
    env = {**DEPLOY_ENV, "GOLIVE_STRIPE_API_BASE": stripe.url} if stripe is not None else DEPLOY_ENV
    result = CliRunner().invoke(app, ["check", str(root), "--from-env", *online, "-f", "json", *args], env=env)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def outcome(report: dict, check_id: str) -> dict:
    return next(c for c in report["checks"] if c["id"] == check_id)


def found(report: dict, check_id: str) -> list[tuple[str, int, str]]:
    return [(f["path"], f["line"], f["severity"]) for f in report["findings"] if f["check_id"] == check_id]


@pytest.fixture
def two_services(tmp_path, stripe):
    stripe.add_key(STOREFRONT_KEY, ACCOUNT, STOREFRONT_PERMISSIONS)
    stripe.add_key(REFUNDS_KEY, ACCOUNT, REFUNDS_PERMISSIONS)
    return shutil.copytree(SAMPLE, tmp_path / "two-services")


def test_an_endpoint_without_the_handled_event_fails_gl405_at_the_handler(two_services, stripe):
    stripe.add_endpoint(ACCOUNT, ENDPOINT, enabled_events=["payment_intent.succeeded"])
    code, report = check(two_services, stripe)
    assert code == 1
    assert found(report, "GL405") == [(*HANDLER, "error")]
    message = next(f["message"] for f in report["findings"] if f["check_id"] == "GL405")
    assert "checkout.session.completed" in message and "payment_intent.succeeded" in message
    print(json.dumps(report, indent=1)[:6000])
    print(len(stripe.requests), [r.path for r in stripe.requests])
