"""``golive check --online`` against the Stripe double: each online finding fires and stays silent
where it should, a fault ends in GL902 (every kind of fault: test_hostile_network.py), only GETs are
sent, and no key reaches any output."""

from __future__ import annotations

import json

import pytest
from helpers import checks, hits
from keyfactory import account_of, key, whsec
from stripe_double import Fault

from golive.online.facts import KeyStatus
from golive.online.options import OnlineOptions
from golive.reporters import RENDERERS, render
from golive.runner import check_tree
from golive.settings import load_settings

ONLINE_IDS = ("GL106", "GL107", "GL303", "GL403", "GL404", "GL902")
# Tight limits so that faults resolve in tenths of a second; pacing lifted, the double is local.
FAST = {
    "timeout": 0.3,
    "deadline": 20.0,
    "retries": 2,
    "backoff": 0.01,
    "max_backoff": 0.02,
    "sandbox_rate": 1000.0,
    "live_rate": 1000.0,
}

SK = key("sk", "live", seed="shop")
RK = key("rk", "live", seed="shop")
PK = key("pk", "live", seed="shop")
ACCOUNT = account_of(SK)
HOOK = "https://shop.example/api/stripe/webhook"


def write(root, env_text, toml=""):
    root.mkdir(parents=True, exist_ok=True)
    (root / ".env.production").write_text(env_text)
    if toml:
        (root / "golive.toml").write_text(toml)
    return root


def online(root, double, **options):
    return check_tree(root, load_settings(root), checks(), online=OnlineOptions(base=double.url, **{**FAST, **options}))


def online_hits(report):
    return {check_id: hits(report, check_id) for check_id in ONLINE_IDS if hits(report, check_id)}


SCOPED = '[restricted_keys.STRIPE_RK]\npermissions = { charges = "read", refunds = "write" }\n'
WEBHOOKS = f'[webhooks]\nendpoints = ["{HOOK}"]\n'


def healthy(stripe):
    stripe.add_key(SK, ACCOUNT)
    stripe.add_key(RK, ACCOUNT, {"rak_charge_read", "rak_refund_read"})
    stripe.add_endpoint(ACCOUNT, HOOK)


def test_a_healthy_app_has_no_online_findings(stripe, tmp_path):
    healthy(stripe)
    root = write(
        tmp_path / "app",
        f"STRIPE_SECRET_KEY={SK}\nSTRIPE_RK={RK}\nSTRIPE_PK={PK}\nSTRIPE_WEBHOOK_SECRET={whsec()}\n",
        SCOPED + WEBHOOKS,
    )
    report = online(root, stripe)
    assert online_hits(report) == {}
    assert not any("online checks not run" in n for n in report.notices)


def test_gl106_fires_on_a_key_stripe_rejects(stripe, tmp_path):
    stripe.add_key(SK, ACCOUNT)
    rolled = key("sk", "live", seed="rolled")
    report = online(write(tmp_path / "app", f"STRIPE_SECRET_KEY={SK}\nOLD_STRIPE_SECRET_KEY={rolled}\n"), stripe)
    assert hits(report, "GL106") == {(".env.production", 2)}
    message = next(f.message for f in report.findings if f.check_id == "GL106")
    assert "(401): Invalid API Key provided: sk_live_…" in message and rolled[-4:] in message
    assert hits(report, "GL902") == set()


def test_gl107_fires_when_stripe_names_another_account(stripe, tmp_path):
    other = "acct_1OtherAccount0001"
    stripe.add_key(SK, ACCOUNT)
    stripe.add_key(RK, other, {"rak_charge_read", "rak_refund_read"})  # embeds ACCOUNT, Stripe says otherwise
    stray_pk = key("pk", "live", seed="stray")  # embeds an account of its own; never sent to Stripe
    root = write(tmp_path / "app", f"STRIPE_SECRET_KEY={SK}\nSTRIPE_RK={RK}\nSTRIPE_PK={stray_pk}\n", SCOPED)
    report = online(root, stripe)
    assert hits(report, "GL107") == {(".env.production", 2), (".env.production", 3)}
    messages = {f.line: f.message for f in report.findings if f.check_id == "GL107"}
    assert f"Stripe says rk_live key {RK[:8]}…{RK[-4:]} belongs to {other}" in messages[2]
    assert f"embeds account {account_of(stray_pk)}" in messages[3] and ACCOUNT in messages[3]


def test_gl107_silent_when_one_account(stripe, tmp_path):
    healthy(stripe)
    report = online(write(tmp_path / "app", f"STRIPE_SECRET_KEY={SK}\nSTRIPE_RK={RK}\nSTRIPE_PK={PK}\n", SCOPED), stripe)
    assert hits(report, "GL107") == set()


def test_gl303_names_each_permission_beyond_the_declared_scope(stripe, tmp_path):
    stripe.add_key(RK, ACCOUNT, {"rak_charge_read", "rak_refund_read", "rak_customer_read", "rak_balance_read"})
    report = online(write(tmp_path / "app", f"STRIPE_RK={RK}\n", SCOPED), stripe)
    assert hits(report, "GL303") == {(".env.production", 1)}
    messages = sorted(f.message for f in report.findings if f.check_id == "GL303")
    assert len(messages) == 2
    assert "holds rak_balance_read" in messages[0] and "holds rak_customer_read" in messages[1]


@pytest.mark.parametrize(
    "scope",
    [
        '{ charges = "read", refunds = "write", customer = "read", balance = "read" }',  # singular names work too
        '{ "*" = "read" }',
    ],
)
def test_gl303_silent_when_the_scope_covers_the_key(stripe, tmp_path, scope):
    stripe.add_key(RK, ACCOUNT, {"rak_charge_read", "rak_refund_read", "rak_customer_read", "rak_balance_read"})
    report = online(write(tmp_path / "app", f"STRIPE_RK={RK}\n", f"[restricted_keys.STRIPE_RK]\npermissions = {scope}\n"), stripe)
    assert hits(report, "GL303") == set()


def test_gl303_leaves_unscoped_keys_to_gl301(stripe, tmp_path):
    stripe.add_key(RK, ACCOUNT, {"rak_customer_read"})
    report = online(write(tmp_path / "app", f"STRIPE_RK={RK}\n"), stripe)
    assert hits(report, "GL303") == set() and hits(report, "GL301") == {(".env.production", 1)}


def test_gl403_fires_when_endpoints_outnumber_secrets(stripe, tmp_path):
    healthy(stripe)
    stripe.add_endpoint(ACCOUNT, HOOK + "/")  # the same URL registered twice
    stripe.add_endpoint(ACCOUNT, "https://other.example/hook")  # another app's endpoint: not counted
    stripe.add_endpoint(ACCOUNT, HOOK, livemode=False)  # sandbox endpoint: not counted
    env = f"STRIPE_SECRET_KEY={SK}\nSTRIPE_WEBHOOK_SECRET={whsec()}\n"
    report = online(write(tmp_path / "one", env, WEBHOOKS), stripe)
    assert hits(report, "GL403") == {(".env.production", 1)}
    assert "2 enabled live webhook endpoints" in next(f.message for f in report.findings if f.check_id == "GL403")
    report = online(write(tmp_path / "two", env + f"STRIPE_WEBHOOK_SECRET_2={whsec('second')}\n", WEBHOOKS), stripe)
    assert hits(report, "GL403") == set()


def test_gl403_fires_on_an_http_endpoint(stripe, tmp_path):
    stripe.add_key(SK, ACCOUNT)
    stripe.add_endpoint(ACCOUNT, HOOK.replace("https://", "http://"))
    report = online(write(tmp_path / "app", f"STRIPE_SECRET_KEY={SK}\nSTRIPE_WEBHOOK_SECRET={whsec()}\n", WEBHOOKS), stripe)
    assert hits(report, "GL403") == {(".env.production", 1)}
    assert "over plain http" in next(f.message for f in report.findings if f.check_id == "GL403")


def test_gl404_fires_on_a_disabled_endpoint_and_only_then(stripe, tmp_path):
    stripe.add_key(SK, ACCOUNT)
    disabled = stripe.add_endpoint(ACCOUNT, HOOK, status="disabled")
    root = write(tmp_path / "app", f"STRIPE_SECRET_KEY={SK}\nSTRIPE_WEBHOOK_SECRET={whsec()}\n", WEBHOOKS)
    report = online(root, stripe)
    assert hits(report, "GL404") == {(".env.production", 1)} and hits(report, "GL403") == set()
    assert disabled["id"] in next(f.message for f in report.findings if f.check_id == "GL404")
    disabled["status"] = "enabled"
    assert hits(online(root, stripe), "GL404") == set()


def test_one_failing_probe_is_gl902_naming_the_probe(stripe, tmp_path):
    stripe.add_key(RK, ACCOUNT, {"rak_charge_read", "rak_refund_read"}, fault=Fault("500", path="/v1/customers"))
    report = online(write(tmp_path / "app", f"STRIPE_RK={RK}\n", SCOPED), stripe)
    assert hits(report, "GL902") == {(".env.production", 1)}
    assert "GET /v1/customers?limit=1: Stripe answered 500" in next(f.message for f in report.findings if f.check_id == "GL902")
    assert not report.ready and hits(report, "GL106") == set()


def test_the_overall_deadline_ends_in_gl902(stripe, tmp_path):
    stripe.add_key(SK, ACCOUNT, fault=Fault("slow", seconds=1.0))
    report = online(write(tmp_path / "app", f"STRIPE_SECRET_KEY={SK}\n"), stripe, timeout=5.0, deadline=0.2)
    assert "not finished within the 0.2s deadline" in next(f.message for f in report.findings if f.check_id == "GL902")


def test_transient_errors_are_retried_and_then_pass(stripe, tmp_path):
    stripe.add_key(SK, ACCOUNT, fault=Fault("429", path="/v1/account", times=2))
    report = online(write(tmp_path / "app", f"STRIPE_SECRET_KEY={SK}\n"), stripe)
    assert online_hits(report) == {}
    assert [r.path for r in stripe.requests].count("/v1/account") == 3


def test_webhook_endpoints_nobody_can_list_are_gl902(stripe, tmp_path):
    stripe.add_key(RK, ACCOUNT, {"rak_charge_read", "rak_refund_read"})  # no rak_webhook_read
    report = online(write(tmp_path / "app", f"STRIPE_RK={RK}\nSTRIPE_WEBHOOK_SECRET={whsec()}\n", SCOPED + WEBHOOKS), stripe)
    assert hits(report, "GL902") == {(".env.production", 1)}
    assert "rak_webhook_read" in next(f.message for f in report.findings if f.check_id == "GL902")


def test_facts_read_account_and_permission_errors(stripe, tmp_path):
    from golive.online.verify import verify

    stripe.add_key(SK, ACCOUNT)
    stripe.add_key(RK, ACCOUNT, {"rak_charge_read"})
    root = write(tmp_path / "app", f"STRIPE_SECRET_KEY={SK}\nSTRIPE_RK={RK}\n")
    settings = load_settings(root)
    report = check_tree(root, settings, checks())
    facts = verify(report.inventory, settings.env, OnlineOptions(base=stripe.url, **FAST))
    secret, restricted = (facts.about(item) for item in report.inventory.values)
    assert (secret.status, secret.account, secret.webhook_endpoints, secret.problems) == (KeyStatus.VALID, ACCOUNT, (), ())
    assert (restricted.status, restricted.account, restricted.problems) == (KeyStatus.VALID, ACCOUNT, ())
    granted = {p.permission for p in restricted.probes if p.granted}
    assert granted == {"rak_charge_read"}
    assert "rak_customer_read" in {p.permission for p in restricted.probes if not p.granted}
    assert SK not in repr(facts) and RK not in repr(facts)


def test_only_side_effect_free_gets_each_distinct_key_once(stripe, tmp_path):
    healthy(stripe)
    root = write(tmp_path / "app", f"STRIPE_SECRET_KEY={SK}\nSTRIPE_RK={RK}\nSTRIPE_PK={PK}\n", SCOPED)
    (root / "config").mkdir()
    (root / "config" / "production.json").write_text(json.dumps({"stripe": {"secretKey": SK}}))  # the same key again
    (root / ".env.development").write_text(f"STRIPE_SECRET_KEY={key('sk', 'test', seed='dev')}\n")  # not deployed: not sent
    online(root, stripe)
    assert {r.method for r in stripe.requests} == {"GET"} and {r.body_length for r in stripe.requests} == {0}
    assert {r.user_agent for r in stripe.requests} == {"golive/0.1.0"}
    assert [r.path for r in stripe.requests].count("/v1/account") == 2  # one secret key, one restricted key
    assert all("pk_" not in r.path for r in stripe.requests)


def test_concurrency_stays_within_the_bound(stripe, tmp_path):
    keys = [key("sk", "test", seed=f"k{i}") for i in range(12)]
    for value in keys:
        stripe.add_key(value, account_of(value))
    stripe.latency = 0.02
    online(write(tmp_path / "app", "".join(f"STRIPE_SECRET_KEY_{i}={v}\n" for i, v in enumerate(keys))), stripe, concurrency=3)
    assert len(stripe.requests) == 24 and stripe.max_in_flight <= 3  # 2 requests per secret key


def test_without_online_the_online_checks_say_they_did_not_run(stripe, tmp_path):
    stripe.add_key(SK, ACCOUNT)
    root = write(tmp_path / "app", f"OLD_STRIPE_SECRET_KEY={key('sk', 'live', seed='rolled')}\n")
    report = check_tree(root, load_settings(root), checks())
    assert online_hits(report) == {} and stripe.requests == []
    notice = next(n for n in report.notices if "online checks not run" in n)
    assert all(check_id in notice for check_id in ONLINE_IDS)
    assert notice in render(report, "text") and notice in json.loads(render(report, "json"))["notices"]


def test_no_key_reaches_any_report_format(stripe, tmp_path):
    rolled = key("rk", "live", seed="rolled")
    flaky = stripe.add_key(key("sk", "live", seed="flaky"), ACCOUNT, fault=Fault("500"))
    stripe.add_key(SK, ACCOUNT)
    stripe.add_key(RK, "acct_1OtherAccount0001", {"rak_customer_read"})
    stripe.add_endpoint(ACCOUNT, HOOK.replace("https://", "http://"))
    root = write(
        tmp_path / "app",
        f"STRIPE_SECRET_KEY={SK}\nSTRIPE_RK={RK}\nOLD_RK={rolled}\nSTRIPE_WEBHOOK_SECRET={whsec()}\n"
        f"BACKUP_STRIPE_SECRET_KEY={flaky}\n",
        SCOPED + WEBHOOKS,
    )
    report = online(root, stripe)
    assert {"GL106", "GL107", "GL303", "GL403", "GL902"} <= set(online_hits(report))
    for fmt in RENDERERS:
        output = render(report, fmt)
        for secret in (SK, RK, rolled, flaky, whsec()):
            assert secret not in output and secret[-6:] not in output, fmt
