"""GL405 and GL406 against the live webhook endpoints the Stripe double lists, and GL407 offline: the event types
the handlers act on and the API version the SDK pins, held against what Stripe will really send."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from keyfactory import account_of, key, whsec
from typer.testing import CliRunner

from golive.cli import app

SAMPLE = Path(__file__).resolve().parents[2] / "sample-configs" / "two-services"
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


def test_online_reads_only_and_reports_its_requests_per_key(two_services, stripe):
    stripe.add_endpoint(ACCOUNT, ENDPOINT, enabled_events=["payment_intent.succeeded"])
    _, report = check(two_services, stripe)
    assert {request.method for request in stripe.requests} == {"GET"}
    assert len(stripe.requests) == 26  # two restricted keys: GET /v1/account and 12 read probes each; no publishable key is sent
    counted = next(n for n in report["notices"] if n.startswith("--online sent"))
    assert "sent 26 read-only GET request(s) for 2 key(s)" in counted
    assert "(STRIPE_STOREFRONT_KEY) 13" in counted and "(STRIPE_REFUNDS_KEY) 13" in counted
    assert STOREFRONT_KEY not in json.dumps(report) and REFUNDS_KEY not in json.dumps(report)


def test_an_endpoint_with_the_handled_event_passes_gl405(two_services, stripe):
    stripe.add_endpoint(ACCOUNT, ENDPOINT, enabled_events=["checkout.session.completed", "payment_intent.succeeded"])
    _, report = check(two_services, stripe)
    assert outcome(report, "GL405")["outcome"] == "pass"
    assert found(report, "GL405") == []


def test_an_endpoint_subscribed_to_every_event_is_a_warning(two_services, stripe):
    stripe.add_endpoint(ACCOUNT, ENDPOINT)  # enabled_events ["*"], as the double creates them by default
    _, report = check(two_services, stripe)
    assert found(report, "GL405") == [("environment", 0, "warning")]
    assert "checkout.session.completed" in next(f["message"] for f in report["findings"] if f["check_id"] == "GL405")


def test_no_endpoint_registered_at_the_declared_url_fails_gl405(two_services, stripe):
    stripe.add_endpoint(ACCOUNT, "https://other.example.com/hooks", enabled_events=["checkout.session.completed"])
    _, report = check(two_services, stripe)
    assert found(report, "GL405") == [(*HANDLER, "error")]
    assert "no live webhook endpoint is registered at " + ENDPOINT in report["findings"][-1]["message"] or any(
        "no live webhook endpoint is registered" in f["message"] for f in report["findings"] if f["check_id"] == "GL405"
    )


def test_gl405_and_gl406_are_not_run_without_online_or_without_a_key_that_lists_endpoints(two_services, stripe):
    _, offline = check(two_services)
    for check_id in ("GL405", "GL406"):
        assert (outcome(offline, check_id)["outcome"], outcome(offline, check_id)["reason"]) == (
            "not_run",
            "online check: --online was not given",
        )
    stripe.keys[REFUNDS_KEY].permissions = frozenset(REFUNDS_PERMISSIONS - {"rak_webhook_read"})
    stripe.add_endpoint(ACCOUNT, ENDPOINT, enabled_events=["payment_intent.succeeded"])
    _, online = check(two_services, stripe)
    for check_id in ("GL405", "GL406"):
        assert outcome(online, check_id)["outcome"] == "not_run"
        assert "rak_webhook_read" in outcome(online, check_id)["reason"]


# --- GL406: the endpoint's API version against the SDK's pin -----------------------------------------

LEDGER = {
    "apps/ledger/Ledger.csproj": (
        '<Project Sdk="Microsoft.NET.Sdk.Web"><ItemGroup><PackageReference Include="Stripe.net" '
        'Version="39.0.0" /></ItemGroup></Project>\n'
    ),
    "apps/ledger/Webhook.cs": (
        "using Stripe;\n"
        "public class Webhook {\n"
        "    public Webhook() {\n"
        '        StripeConfiguration.ApiVersion = "2020-08-27";\n'
        "    }\n"
        "    public Event Handle(string json, string signature, string secret) {\n"
        "        return EventUtility.ConstructEvent(json, signature, secret);\n"
        "    }\n"
        "}\n"
    ),
}


def pin_storefront(root: Path, version: str) -> tuple[str, int]:
    route = root / HANDLER[0]
    route.write_text(
        route.read_text().replace(
            "new Stripe(process.env.STRIPE_STOREFRONT_KEY!)",
            f'new Stripe(process.env.STRIPE_STOREFRONT_KEY!, {{ apiVersion: "{version}" }})',
        )
    )
    return HANDLER[0], 4


def add_files(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


def test_an_endpoint_in_another_version_fails_where_the_sdk_refuses_and_warns_elsewhere(two_services, stripe):
    storefront_pin = pin_storefront(two_services, "2024-06-20")
    add_files(two_services, LEDGER)
    stripe.add_endpoint(ACCOUNT, ENDPOINT, enabled_events=["checkout.session.completed"], api_version="2025-03-31.basil")
    _, report = check(two_services, stripe)
    assert sorted(found(report, "GL406")) == [("apps/ledger/Webhook.cs", 4, "error"), (*storefront_pin, "warning")]
    refused = next(f["message"] for f in report["findings"] if f["check_id"] == "GL406" and f["severity"] == "error")
    assert "2025-03-31.basil" in refused and "2020-08-27" in refused and "Stripe.net" in refused


def test_an_endpoint_in_the_pinned_version_passes_gl406(two_services, stripe):
    pin_storefront(two_services, "2024-06-20")
    stripe.add_endpoint(ACCOUNT, ENDPOINT, enabled_events=["checkout.session.completed"], api_version="2024-06-20")
    _, report = check(two_services, stripe)
    assert outcome(report, "GL406")["outcome"] == "pass"


def test_turning_off_the_sdks_refusal_makes_the_mismatch_a_warning(two_services, stripe):
    add_files(
        two_services,
        {
            **LEDGER,
            "apps/ledger/Webhook.cs": LEDGER["apps/ledger/Webhook.cs"].replace(
                "ConstructEvent(json, signature, secret)",
                "ConstructEvent(json, signature, secret, throwOnApiVersionMismatch: false)",
            ),
        },
    )
    stripe.add_endpoint(ACCOUNT, ENDPOINT, enabled_events=["checkout.session.completed"], api_version="2025-03-31.basil")
    _, report = check(two_services, stripe)
    assert found(report, "GL406") == [("apps/ledger/Webhook.cs", 4, "warning")]


def test_gl406_is_not_run_when_nothing_can_be_compared(two_services, stripe):
    stripe.add_endpoint(ACCOUNT, ENDPOINT, enabled_events=["checkout.session.completed"], api_version="2024-06-20")
    _, unpinned = check(two_services, stripe)  # the sample pins no version: stripe-node's release does
    assert outcome(unpinned, "GL406")["outcome"] == "not_run"
    assert "pins no API version" in outcome(unpinned, "GL406")["reason"]


def test_gl406_is_not_run_when_the_endpoint_uses_the_account_default(two_services, stripe):
    pin_storefront(two_services, "2024-06-20")
    stripe.add_endpoint(ACCOUNT, ENDPOINT, enabled_events=["checkout.session.completed"])  # api_version null
    _, report = check(two_services, stripe)
    assert outcome(report, "GL406")["outcome"] == "not_run"
    assert "account's default API version" in outcome(report, "GL406")["reason"]


# --- GL407, offline: components that pin different versions --------------------------------------------


def test_components_pinning_different_versions_warn_offline(two_services):
    storefront_pin = pin_storefront(two_services, "2024-06-20")
    add_files(two_services, LEDGER)
    _, report = check(two_services)
    assert sorted(found(report, "GL407")) == [("apps/ledger/Webhook.cs", 4, "warning"), (*storefront_pin, "warning")]
    assert "2020-08-27 in apps/ledger/Webhook.cs:4" in next(
        f["message"] for f in report["findings"] if f["check_id"] == "GL407" and f["path"] == storefront_pin[0]
    )


def test_components_pinning_one_version_pass_gl407(two_services):
    pin_storefront(two_services, "2020-08-27")
    add_files(two_services, {**LEDGER, "tests/test_old.py": 'import stripe\nstripe.api_version = "2019-12-03"\n'})
    _, report = check(two_services)
    assert outcome(report, "GL407")["outcome"] == "pass"


# --- GL303 --online against the code's scope --------------------------------------------------------------


def test_gl303_names_a_real_permission_no_call_of_the_component_needs(two_services, stripe):
    stripe.keys[REFUNDS_KEY].permissions = frozenset(REFUNDS_PERMISSIONS | {"rak_customer_write"})  # as its golive.toml declares
    stripe.add_endpoint(ACCOUNT, ENDPOINT, enabled_events=["checkout.session.completed"])
    _, report = check(two_services, stripe)
    beyond_code = [f for f in report["findings"] if f["check_id"] == "GL303" and f["severity"] == "warning"]
    assert [(f["path"], f["line"], f["variable"]) for f in beyond_code] == [("environment", 0, "STRIPE_REFUNDS_KEY")]
    assert "rak_customer_read" in beyond_code[0]["message"] and "apps/refunds" in beyond_code[0]["message"]


def test_gl303_finds_nothing_beyond_the_code_when_the_key_holds_what_the_code_needs(two_services, stripe):
    stripe.add_endpoint(ACCOUNT, ENDPOINT, enabled_events=["checkout.session.completed"])
    _, report = check(two_services, stripe)
    assert [f for f in report["findings"] if f["check_id"] == "GL303" and f["severity"] == "warning"] == []


# --- The signals: event types handled, versions pinned --------------------------------------------------


@pytest.mark.parametrize(
    ("path", "code", "expected"),
    [
        (
            "svc/main.go",
            "package main\nfunc handle(w http.ResponseWriter, r *http.Request) {\n"
            '\tevent, _ := webhook.ConstructEvent(body, r.Header.Get("Stripe-Signature"), secret)\n'
            "\tswitch event.Type {\n\tcase stripe.EventTypeCheckoutSessionCompleted:\n\t\tfulfil()\n\t}\n}\n",
            [(5, "checkout.session.completed")],
        ),
        (
            "Api/Hook.cs",
            "public IActionResult Post() {\n  var e = EventUtility.ConstructEvent(json, sig, secret);\n"
            "  if (e.Type == EventTypes.CustomerSubscriptionDeleted) { Cancel(); }\n  return Ok();\n}\n",
            [(3, "customer.subscription.deleted")],
        ),
        (
            "web/hook.php",
            "<?php\n$event = \\Stripe\\Webhook::constructEvent($payload, $sig, $secret);\n"
            "if ($event->type === \\Stripe\\Event::INVOICE_PAID) { pay(); }\n",
            [(3, "invoice.paid")],
        ),
        (
            "setup/endpoints.js",
            'const stripe = require("stripe")(key);\n'
            'const enabled_events = ["checkout.session.completed", "invoice.paid"];\n'
            "await stripe.webhookEndpoints.create({ url, enabled_events });\n",
            [],
        ),
    ],
)
def test_webhook_event_type_signals(path, code, expected):
    from golive.sources import webhooks

    assert [(s.line, s.detail) for s in webhooks.read(path, code) if s.kind == "webhook_event_type"] == expected


@pytest.mark.parametrize(
    ("path", "code", "expected"),
    [
        (
            "a/stripe.ts",
            'import Stripe from "stripe";\nexport const stripe = new Stripe(key, {\n  apiVersion: "2024-09-30.acacia",\n});\n',
            [(3, "2024-09-30.acacia")],
        ),
        (
            "a/pay.py",
            'import stripe\n# stripe.api_version = "2019-01-01"\nstripe.api_version = "2023-10-16"\n',
            [(3, "2023-10-16")],
        ),
        ("a/pay.rb", 'require "stripe"\nStripe.api_version = "2022-11-15"\n', [(2, "2022-11-15")]),
        ("a/pay.php", "<?php\n\\Stripe\\Stripe::setApiVersion('2022-08-01');\n", [(2, "2022-08-01")]),
        (
            "a/k8s.ts",
            '// not stripe\nconst manifest = { apiVersion: "apps/v1" };\nconst azure = { apiVersion: "2019-08-01" };\n',
            [],
        ),
        (  # a pin far from its name (found by review: a search near the name alone missed it)
            "a/far.ts",
            "import Stripe from 'stripe';\nconst stripe = new"
            + " " * 60
            + "Stripe(key, { apiVersion:"
            + " " * 150
            + "'2024-06-20' });\n",
            [(2, "2024-06-20")],
        ),
    ],
)
def test_stripe_api_version_signals(path, code, expected):
    from golive.sources import api_versions

    assert [(s.line, s.detail) for s in api_versions.read(path, code) if s.kind == "stripe_api_version"] == expected


def test_a_development_only_handler_needs_no_live_subscription(two_services, stripe):
    add_files(
        two_services,
        {
            "apps/storefront/scripts/dev/replay.ts": (
                'import Stripe from "stripe";\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);\n'
                "export function replay(raw: string, signature: string) {\n"
                "  const event = stripe.webhooks.constructEvent(raw, signature, process.env.STRIPE_WEBHOOK_SECRET!);\n"
                '  if (event.type === "invoice.paid") { console.log(event.id); }\n}\n'
            )
        },
    )
    stripe.add_endpoint(ACCOUNT, ENDPOINT, enabled_events=["checkout.session.completed"])
    _, report = check(two_services, stripe)
    assert outcome(report, "GL405")["outcome"] == "pass"
