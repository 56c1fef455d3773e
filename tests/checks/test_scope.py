"""Least privilege from the code: the permissions table, the Stripe calls each SDK spells, the scope
each component needs, GL304 (too narrow), GL305 (broader than the code) and `golive scope`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from helpers import hits, run
from hypothesis import given, settings
from hypothesis import strategies as st

from golive.online.probes import PROBES
from golive.permissions import method_access, resource_at, resource_named, table
from golive.settings import STRIPE_RESOURCES
from golive.sources import stripe_calls

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample-configs" / "two-services"


# The permissions table


def test_the_table_names_its_source_and_date():
    assert table().source.startswith("https://docs.stripe.com/")
    assert table().read_on == "2026-12-05"


def test_every_resource_is_one_a_scope_may_name_and_is_spelled_once():
    resources = table().resources
    assert {r.name for r in resources} <= STRIPE_RESOURCES
    assert len({r.api for r in resources}) == len({r.sdk for r in resources}) == len(resources)
    assert all(r.api.startswith("/v1/") for r in resources)


def test_the_table_agrees_with_the_permissions_stripe_names_in_probe_answers():
    by_name = {r.name: r for r in table().resources}
    for probe in PROBES:
        assert by_name[probe.resource].permission_for("read") == probe.permission


@pytest.mark.parametrize(
    ("spelling", "resource"),
    [
        ("checkout.sessions", "checkout_sessions"),
        ("checkout.Session", "checkout_sessions"),
        ("Checkout::Session", "checkout_sessions"),
        ("checkout/session", "checkout_sessions"),
        ("V1CheckoutSessions", "checkout_sessions"),
        ("CustomerService", "customers"),
        ("paymentIntents", "payment_intents"),
        ("PaymentIntent", "payment_intents"),
        ("invoiceItems", "invoice_items"),
        ("billingPortal.sessions", "billing_portal_sessions"),
        ("balance", "balance"),
    ],
)
def test_every_sdk_spelling_names_its_resource(spelling, resource):
    assert resource_named(spelling).name == resource


def test_api_paths_and_methods():
    assert resource_at("/v1/checkout/sessions/cs_123/expire").name == "checkout_sessions"
    assert resource_at("/v1/refunds").name == "refunds"
    assert resource_at("/v1/nothing") is None
    assert (method_access("retrieve"), method_access("list_line_items"), method_access("GetAsync")) == ("read",) * 3
    assert (method_access("create"), method_access("del"), method_access("New"), method_access("modify")) == ("write",) * 4
    assert method_access("constructEvent") is None


# The calls each SDK spells

SDK_FILES = {
    "node": (
        "api/checkout.ts",
        """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_API_KEY!);
await stripe.checkout.sessions.create({ mode: "payment" });
const c = await stripe.customers.retrieve(id);
for await (const r of stripe.refunds.list().autoPagingEach()) {}
const event = stripe.webhooks.constructEvent(body, sig, secret);
""",
        [(3, "checkout_sessions", "write"), (4, "customers", "read"), (5, "refunds", "read")],
    ),
    "python": (
        "svc/billing.py",
        """import stripe
stripe.api_key = os.environ["STRIPE_API_KEY"]
session = stripe.checkout.Session.create(mode="payment")
stripe.Customer.modify("cus_1", name="A")
client.v1.invoices.list()
""",
        [(3, "checkout_sessions", "write"), (4, "customers", "write"), (5, "invoices", "read")],
    ),
    "ruby": (
        "app/services/refunder.rb",
        """Stripe.api_key = ENV.fetch("STRIPE_API_KEY")
Stripe::Refund.create(charge: charge_id)
Stripe::Checkout::Session.retrieve(id)
""",
        [(2, "refunds", "write"), (3, "checkout_sessions", "read")],
    ),
    "php": (
        "app/Billing.php",
        """<?php
$stripe = new \\Stripe\\StripeClient(env('STRIPE_API_KEY'));
$intent = $stripe->paymentIntents->retrieve($id);
$stripe->checkout->sessions->create([]);
\\Stripe\\Customer::create(['email' => $email]);
""",
        [(3, "payment_intents", "read"), (4, "checkout_sessions", "write"), (5, "customers", "write")],
    ),
    "go": (
        "billing/checkout.go",
        """package billing

import (
\t"github.com/stripe/stripe-go/v79"
\t"github.com/stripe/stripe-go/v79/checkout/session"
\tportal "github.com/stripe/stripe-go/v79/billingportal/session"
\t"github.com/stripe/stripe-go/v79/customer"
)

func Start() {
\ts, _ := session.New(params)
\tc, _ := customer.Get("cus_1", nil)
\tp, _ := portal.New(pp)
}
""",
        [(11, "checkout_sessions", "write"), (12, "customers", "read"), (13, "billing_portal_sessions", "write")],
    ),
    "java": (
        "src/main/java/com/example/shop/Payments.java",
        """package com.example.shop;
import com.stripe.model.Customer;
import com.stripe.model.checkout.Session;
class Payments {
  Session start() throws Exception { return Session.create(params); }
  Customer who(String id) throws Exception { return Customer.retrieve(id); }
}
""",
        [(5, "checkout_sessions", "write"), (6, "customers", "read")],
    ),
    "dotnet": (
        "Billing/CheckoutController.cs",
        """using Stripe;
using Stripe.Checkout;
public class CheckoutController {
  public void Start() {
    var service = new SessionService();
    var session = service.Create(options);
    var customer = new CustomerService().Get(id);
  }
}
""",
        [(6, "checkout_sessions", "write"), (7, "customers", "read")],
    ),
    "raw http": (
        "scripts/refund.py",
        """import requests
requests.post("https://api.stripe.com/v1/refunds", data={"charge": cid}, auth=(key, ""))
requests.get("https://api.stripe.com/v1/charges/" + cid, auth=(key, ""))
""",
        [(2, "refunds", "write"), (3, "charges", "read")],
    ),
}


@pytest.mark.parametrize("sdk", sorted(SDK_FILES))
def test_calls_of_each_sdk_are_found_with_their_permission_and_line(sdk):
    path, content, expected = SDK_FILES[sdk]
    found = [(c.line, c.resource, c.access) for c in stripe_calls.read(path, content)]
    assert found == expected


def test_calls_golive_cannot_resolve_are_kept_as_not_judged():
    content = "await stripe[kind].list();\nawait stripe.quantumLedgers.create({});\n"
    calls = stripe_calls.read("api/x.ts", content)
    assert [(c.line, c.resource, c.why_unresolved) for c in calls] == [
        (1, None, "the resource is chosen at run time"),
        (2, None, "golive does not know the resource 'quantumLedgers'"),
    ]


def test_stripe_js_in_the_browser_is_no_api_call():
    content = "const stripe = await loadStripe(pk);\nconst card = stripe.elements().create('card');\nstripe.confirmPayment({});\n"
    assert stripe_calls.read("web/pay.tsx", content) == []


# GL304 and GL305 on trees

STOREFRONT = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_STOREFRONT_KEY!);
export async function start(id: string) {
  const customer = await stripe.customers.retrieve(id);
  return stripe.checkout.sessions.create({ customer: customer.id, mode: "payment" });
}
"""
SCOPE = "[restricted_keys.STRIPE_STOREFRONT_KEY]\npermissions = {{ {} }}\n"


def _shop(tree, permissions: str, extra: dict[str, str] | None = None):
    return tree(
        {
            "apps/storefront/package.json": '{"name": "storefront"}\n',
            "apps/storefront/src/checkout.ts": STOREFRONT,
            "apps/storefront/tests/checkout.test.ts": "await stripe.refunds.create({});\n",  # tests do not count
            "golive.toml": SCOPE.format(permissions),
            **(extra or {}),
        }
    )


def test_gl304_names_the_call_its_permission_and_the_403(tree):
    report = run(_shop(tree, 'checkout_sessions = "write"'))
    assert hits(report, "GL304") == {("apps/storefront/src/checkout.ts", 4)}
    (found,) = [f for f in report.findings if f.check_id == "GL304"]
    assert "stripe.customers.retrieve needs customers read (rak_customer_read)" in found.message
    assert "403 in production" in found.message


def test_gl304_read_is_not_write(tree):
    report = run(_shop(tree, 'checkout_sessions = "read", customers = "read"'))
    assert hits(report, "GL304") == {("apps/storefront/src/checkout.ts", 5)}


def test_gl304_passes_when_the_scope_covers_every_call(tree):
    report = run(_shop(tree, 'checkout_sessions = "write", customers = "read"'))
    assert hits(report, "GL304") == set()
    assert hits(report, "GL305") == set()


def test_gl304_does_not_judge_a_component_that_also_reads_an_unscoped_key(tree):
    """The call may go out with the full secret key the component also reads."""
    extra = {"apps/storefront/src/admin.ts": "const admin = new Stripe(process.env.STRIPE_SECRET_KEY!);\n"}
    report = run(_shop(tree, 'checkout_sessions = "write"', extra))
    assert hits(report, "GL304") == set()


def test_gl305_names_each_extra_permission_where_the_code_reads_the_key(tree):
    report = run(_shop(tree, 'checkout_sessions = "write", customers = "write", refunds = "write"'))
    assert hits(report, "GL305") == {("apps/storefront/src/checkout.ts", 2)}
    (found,) = [f for f in report.findings if f.check_id == "GL305"]
    assert "customers write (rak_customer_write), refunds write (rak_refund_write)" in found.message
    assert "(checkout_sessions write, customers read)" in found.message


def test_gl305_names_calls_it_cannot_resolve(tree):
    extra = {"apps/storefront/src/sync.ts": "await stripe[kind].list();\n"}
    report = run(_shop(tree, 'checkout_sessions = "write", customers = "read", refunds = "read"', extra))
    (found,) = [f for f in report.findings if f.check_id == "GL305"]
    assert "1 call(s) golive cannot resolve may need more: apps/storefront/src/sync.ts:1" in found.message


def test_gl305_is_not_run_when_no_code_reads_a_scoped_key(tree):
    root = tree({"golive.toml": SCOPE.format('charges = "read"'), "api/app.py": "import stripe\nstripe.Charge.list()\n"})
    report = run(root)
    (outcome,) = [o for o in report.outcomes if o.check.id == "GL305"]
    assert outcome.outcome.value == "not_run"
    assert "STRIPE_STOREFRONT_KEY" in outcome.reason


# The sample and the command


def test_sample_shows_a_too_narrow_and_a_too_broad_scope():
    report = run(SAMPLE)
    assert hits(report, "GL304") == {("apps/storefront/src/app/api/checkout.ts", 7)}
    assert hits(report, "GL305") == {("apps/refunds/refunds/service.py", 7)}


def _golive(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "golive", *args], capture_output=True, text=True, cwd=ROOT)


def test_golive_scope_prints_each_components_scope_with_its_evidence():
    result = _golive("scope", str(SAMPLE))
    assert result.returncode == 0
    assert "apps/storefront  (reads STRIPE_STOREFRONT_KEY)" in result.stdout
    assert "customers          read   rak_customer_read" in result.stdout
    assert "apps/storefront/src/app/api/checkout.ts:7 stripe.customers.retrieve" in result.stdout


def test_golive_scope_json():
    result = _golive("scope", str(SAMPLE), "--format", "json")
    components = {c["component"]: c for c in json.loads(result.stdout)["components"]}
    assert components["apps/refunds"]["permissions"] == {"charges": "read", "refunds": "write"}
    assert components["apps/storefront"]["permissions"] == {"checkout_sessions": "write", "customers": "read"}
    assert components["apps/refunds"]["variables"] == ["STRIPE_REFUNDS_KEY"]
    assert {
        "path": "apps/refunds/refunds/service.py",
        "line": 12,
        "call": "stripe.Refund.create",
        "resource": "refunds",
        "access": "write",
    } in components["apps/refunds"]["calls"]


def test_golive_scope_refuses_an_unknown_format():
    assert _golive("scope", str(SAMPLE), "--format", "xml").returncode == 2


def test_golive_init_writes_the_derived_scopes_so_gl304_and_gl305_pass(tmp_path):
    root = shutil.copytree(SAMPLE, tmp_path / "app")
    (root / "golive.toml").unlink()
    assert _golive("init", str(root)).returncode == 0
    written = (root / "golive.toml").read_text()
    assert "# apps/storefront/src/app/api/checkout.ts:7 stripe.customers.retrieve needs customers read\n" in written
    scopes = tomllib.loads(written)["restricted_keys"]
    assert scopes["STRIPE_STOREFRONT_KEY"] == {
        "component": "apps/storefront",
        "permissions": {"checkout_sessions": "write", "customers": "read"},
    }
    assert scopes["STRIPE_REFUNDS_KEY"]["permissions"] == {"charges": "read", "refunds": "write"}
    report = run(root)
    assert hits(report, "GL304") == hits(report, "GL305") == set()


_CHAIN_PARTS = [
    "stripe.customers.create(",
    "$stripe->paymentIntents->retrieve(",
    "client.v1.customers.retrieve(",
    "sc.V1Customers.Retrieve(",
    "this.stripe.refunds.create(",
    "xsc.customers.list(",
    "_client.refunds.create(",
    "stripeClient.checkout().sessions().create(",
    "stripe[kind].list(",
    "\n  .create(",
    "obj.update(",
    " ",
    "\n",
    "x" * 120,
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CHAIN_PARTS), max_size=25))
def test_chained_calls_are_tried_wherever_a_receiver_can_precede_them(parts):
    """Method calls are tried only near a receiver's literal: none that a receiver precedes is skipped."""
    content = "".join(parts)
    tried = {match.start() for match in stripe_calls._method_calls(content)}
    for match in stripe_calls.METHOD_CALL.finditer(content):
        reach = max(0, match.start() - stripe_calls.RECEIVER_REACH)
        if stripe_calls.RECEIVER.search(content, reach, match.start()):
            assert match.start() in tried
