"""``--online`` says only what Stripe proved: no verification from nothing, a 403 counts only in Stripe's
own shape, GL303 says what read probes cannot see, and GL107 compares everything that deploys to
production together. Against the Stripe double over real loopback HTTP."""

from __future__ import annotations

import json

import pytest
from helpers import checks, hits
from keyfactory import account_of, key, whsec
from stripe_double import Fault
from typer.testing import CliRunner

from golive.cli import app
from golive.keys import redact
from golive.online.options import OnlineOptions
from golive.online.verify import _shows
from golive.report import Outcome
from golive.runner import check_tree
from golive.settings import load_settings

ONLINE_IDS = ("GL106", "GL107", "GL303", "GL403", "GL404", "GL902")
FAST = {
    "timeout": 0.3,
    "deadline": 20.0,
    "retries": 1,
    "backoff": 0.01,
    "max_backoff": 0.02,
    "sandbox_rate": 1000.0,
    "live_rate": 1000.0,
}
SK = key("sk", "live", seed="shop")
RK = key("rk", "live", seed="shop")
ACCOUNT = account_of(SK)
HOOK = "https://shop.example/api/stripe/webhook"
WEBHOOKS = f'[webhooks]\nendpoints = ["{HOOK}"]\n'


def write(root, files):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def online(root, double, **settings):
    return check_tree(root, load_settings(root, **settings), checks(), online=OnlineOptions(base=double.url, **FAST))


def outcomes(report):
    return {o.check.id: o for o in report.outcomes if o.check.id in ONLINE_IDS}


def message(report, check_id):
    (found,) = [f.message for f in report.findings if f.check_id == check_id]
    return found


# --- never a verification from nothing ---


def test_a_key_that_is_only_a_reference_makes_every_online_check_not_run(stripe, tmp_path):
    root = write(tmp_path, {".env.production": "STRIPE_SECRET_KEY=${STRIPE_SECRET_KEY}\n", "golive.toml": WEBHOOKS})
    report = online(root, stripe)
    assert stripe.requests == []
    for check_id, outcome in outcomes(report).items():
        assert outcome.outcome is Outcome.NOT_RUN, check_id
        assert outcome.reason.startswith(
            "no secret or restricted key for production reached golive: STRIPE_SECRET_KEY is a reference (.env.production:1)"
        ), outcome.reason
        assert "--from-env" in outcome.reason
    assert report.findings == [] or all(f.check_id not in ONLINE_IDS for f in report.findings)


def test_with_require_online_nothing_verified_fails_the_gate(stripe, tmp_path):
    root = write(tmp_path, {".env.production": "STRIPE_SECRET_KEY=${STRIPE_SECRET_KEY}\n"})
    env = {"GOLIVE_STRIPE_API_BASE": stripe.url}
    assert CliRunner().invoke(app, ["check", str(root), "--online"], env=env).exit_code == 0  # not run is no finding
    result = CliRunner().invoke(app, ["check", str(root), "--online", "--require-online", "-f", "json"], env=env)
    assert result.exit_code == 1 and stripe.requests == []
    report = json.loads(result.stdout)
    assert not report["ready"] and "STRIPE_SECRET_KEY is a reference" in result.stdout


def test_from_env_without_the_secret_says_where_it_looked(stripe, tmp_path, monkeypatch):
    monkeypatch.delenv("STRIPE_SECRET_KEY", raising=False)
    root = write(tmp_path, {"deploy/.env.production": "STRIPE_SECRET_KEY=${STRIPE_SECRET_KEY}\n"})
    report = online(root, stripe, from_env=True)
    assert stripe.requests == []
    reason = outcomes(report)["GL902"].reason
    assert "STRIPE_SECRET_KEY is a reference (deploy/.env.production:1)" in reason
    assert "--from-env read this process's environment: the secret is not set where golive runs" in reason
    (tmp_path / "deploy" / ".env.production").unlink()
    (tmp_path / "README.md").write_text("shop\n")
    reason = outcomes(online(root, stripe, from_env=True))["GL106"].reason
    assert reason.startswith(
        "no secret or restricted key for production reached golive: none is set in the tree or in this process's environment"
    )
    (tmp_path / "golive.toml").write_text('[restricted_keys.STRIPE_SECRET_KEY]\npermissions = { charges = "read" }\n')
    reason = outcomes(online(root, stripe, from_env=True))["GL107"].reason
    assert (
        "STRIPE_SECRET_KEY, whose scope golive's config declares, is set nowhere in the tree or in this process's environment"
        in reason
    )


def test_keys_sent_but_none_answered_leave_the_judging_checks_not_run(stripe, tmp_path):
    stripe.add_key(SK, ACCOUNT, fault=Fault("500"))
    report = online(write(tmp_path, {".env.production": f"STRIPE_SECRET_KEY={SK}\n"}), stripe)
    assert hits(report, "GL902") == {(".env.production", 1)}
    states = outcomes(report)
    assert states["GL902"].outcome is Outcome.FAIL
    for check_id in ("GL106", "GL107", "GL303", "GL403", "GL404"):
        assert states[check_id].outcome is Outcome.NOT_RUN
        assert "Stripe answered for none of the 1 key(s) golive sent" in states[check_id].reason


def test_declared_endpoints_no_key_can_list_are_not_run_and_gl902(stripe, tmp_path):
    stripe.add_key(RK, ACCOUNT, {"rak_charge_read"})
    root = write(tmp_path, {".env.production": f"STRIPE_RK={RK}\nSTRIPE_WEBHOOK_SECRET={whsec()}\n", "golive.toml": WEBHOOKS})
    report = online(root, stripe)
    states = outcomes(report)
    for check_id in ("GL403", "GL404"):
        assert states[check_id].outcome is Outcome.NOT_RUN
        assert "no production key could list webhook endpoints" in states[check_id].reason and HOOK in states[check_id].reason
    assert "rak_webhook_read" in message(report, "GL902")


def test_webhooks_verified_but_no_endpoint_declared_is_not_run(stripe, tmp_path):
    stripe.add_key(SK, ACCOUNT)
    report = online(write(tmp_path, {".env.production": f"STRIPE_SECRET_KEY={SK}\nSTRIPE_WEBHOOK_SECRET={whsec()}\n"}), stripe)
    for check_id in ("GL403", "GL404"):
        assert outcomes(report)[check_id].outcome is Outcome.NOT_RUN
        assert "declares no [webhooks] endpoints" in outcomes(report)[check_id].reason
    assert outcomes(report)["GL106"].outcome is Outcome.PASS


# --- a 403 is proof only in Stripe's own shape ---


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        pytest.param(
            Fault("forbidden"),
            'GET /v1/account: answered 403: {"error": "Forbidden"}; a secret key may read everything',
            id="gateway-403",
        ),
        pytest.param(
            Fault("permission-error", path="/v1/account"),
            "GET /v1/account: answered 403: invalid_request_error: The provided key 'sk_live_…",
            id="permission-error-for-a-secret-key",
        ),
        pytest.param(
            Fault("not-an-object", path="/v1/account"),
            "GET /v1/account: answered 200 with something that is not a Stripe account",
            id="200-not-an-account",
        ),
    ],
)
def test_a_secret_key_is_verified_only_by_stripes_own_answers(stripe, tmp_path, fault, words):
    stripe.add_key(SK, ACCOUNT, fault=fault)
    report = online(write(tmp_path, {".env.production": f"STRIPE_SECRET_KEY={SK}\n"}), stripe)
    assert hits(report, "GL902") == {(".env.production", 1)}
    assert message(report, "GL902").startswith(f"sk_live key {redact(SK)} could not be verified: {words}")
    assert [r.path for r in stripe.requests] == ["/v1/account"]  # nothing further asked on the strength of it
    assert not report.ready


@pytest.mark.parametrize(
    "fault", [Fault("forbidden"), Fault("other-key-permission-error")], ids=["gateway-403", "another-keys-error"]
)
def test_a_restricted_key_403_must_be_stripes_permission_error_for_this_key(stripe, tmp_path, fault):
    stripe.add_key(RK, ACCOUNT, {"rak_charge_read"}, fault=fault)
    report = online(write(tmp_path, {".env.production": f"STRIPE_RK={RK}\n"}), stripe)
    said = message(report, "GL902")
    assert said.startswith(f"rk_live key {redact(RK)} could not be verified: GET /v1/account: answered 403")
    assert "not Stripe's permission error for this key, so it proves nothing about the key" in said
    assert outcomes(report)["GL106"].outcome is Outcome.NOT_RUN  # no key was answered: nothing was proven


def test_one_gateway_403_among_stripes_answers_is_named(stripe, tmp_path):
    stripe.add_key(RK, ACCOUNT, {"rak_charge_read"}, fault=Fault("forbidden", path="/v1/customers"))
    report = online(write(tmp_path, {".env.production": f"STRIPE_RK={RK}\n"}), stripe)
    assert 'could not be fully verified: GET /v1/customers?limit=1: answered 403: {"error": "Forbidden"}' in message(
        report, "GL902"
    )


@pytest.mark.parametrize(
    ("shown", "verdict"),
    [
        ("{prefix}{stars}{tail6}", True),  # Stripe's usual echo
        ("{prefix}{head2}{stars}{tail3}", True),  # 'rk_live_AB****123'
        ("{prefix}{tail6}", True),  # the last characters alone
        ("{prefix}{stars}", False),  # nothing of the key shown
        ("{prefix}{stars}zzzzzz", False),  # another key's tail
        ("sk_live_{stars}{tail6}", False),  # another kind of key
    ],
)
def test_stripes_masked_form_must_be_this_keys(shown, verdict):
    body = RK.split("_", 2)[2]
    text = shown.format(prefix="rk_live_", stars="*" * 90, tail6=body[-6:], head2=body[:2], tail3=body[-3:])
    assert _shows(text, RK) is verdict


# --- say what the probes cannot see ---


def test_gl303_says_write_access_and_unprobed_resources_are_not_judged(stripe, tmp_path):
    stripe.add_key(RK, ACCOUNT, {"rak_checkout_session_write", "rak_customer_read"})
    scope = '[restricted_keys.STRIPE_RK]\npermissions = { checkout_sessions = "write", prices = "read", customers = "read" }\n'
    report = online(write(tmp_path, {".env.production": f"STRIPE_RK={RK}\n", "golive.toml": scope}), stripe)
    assert hits(report, "GL303") == set() and outcomes(report)["GL303"].outcome is Outcome.PASS
    (notice,) = [n for n in report.notices if n.startswith("GL303")]
    assert f"restricted key {redact(RK)} (STRIPE_RK) can read of the 12 resources golive probes" in notice
    assert "write access and 1 resource(s) its scope declares (prices) not judged" in notice


def test_gl303_not_run_when_the_scoped_key_was_never_probed(stripe, tmp_path):
    stripe.add_key(SK, ACCOUNT)
    scope = '[restricted_keys.STRIPE_RK]\npermissions = { charges = "read" }\n'
    root = write(tmp_path, {".env.production": f"STRIPE_SECRET_KEY={SK}\nSTRIPE_RK=${{STRIPE_RK}}\n", "golive.toml": scope})
    outcome = outcomes(online(root, stripe))["GL303"]
    assert outcome.outcome is Outcome.NOT_RUN and "STRIPE_RK (.env.production:2) was not sent" in outcome.reason


# --- every target compared ---


def test_gl107_compares_the_apps_of_a_monorepo(stripe, tmp_path):
    other_pk = key("pk", "live", seed="web", account="OtherAccount001")
    stripe.add_key(SK, ACCOUNT)
    root = write(
        tmp_path,
        {
            "apps/api/.env.production": f"STRIPE_SECRET_KEY={SK}\n",
            "apps/web/.env.production": f"NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY={other_pk}\n",
        },
    )
    report = online(root, stripe)
    assert hits(report, "GL107") == {("apps/web/.env.production", 1)}
    said = message(report, "GL107")
    assert f"embeds account {account_of(other_pk)}" in said and f"apps/api/.env.production:1 belongs to {ACCOUNT}" in said


def test_gl107_compares_the_tree_with_the_deploy_environment(stripe, tmp_path, monkeypatch):
    deployed = key("sk", "live", seed="deployed", account="DeployAccount01")
    stripe.add_key(deployed, account_of(deployed))
    monkeypatch.setenv("STRIPE_SECRET_KEY", deployed)
    root = write(tmp_path, {"web/.env.production": f"NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY={key('pk', 'live', seed='web')}\n"})
    report = online(root, stripe, from_env=True)
    assert hits(report, "GL107") == {("web/.env.production", 1)}
    assert f"at environment belongs to {account_of(deployed)}" in message(report, "GL107")


def test_gl107_silent_when_the_monorepo_runs_on_one_account(stripe, tmp_path):
    stripe.add_key(SK, ACCOUNT)
    root = write(
        tmp_path,
        {
            "apps/api/.env.production": f"STRIPE_SECRET_KEY={SK}\n",
            "apps/web/.env.production": f"NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY={key('pk', 'live', seed='shop')}\n",
        },
    )
    report = online(root, stripe)
    assert hits(report, "GL107") == set() and outcomes(report)["GL107"].outcome is Outcome.PASS
    assert not any(n.startswith("GL107") for n in report.notices)


def test_gl107_says_a_legacy_publishable_key_cannot_be_told(stripe, tmp_path):
    legacy = key("pk", "live", seed="old", style="legacy")
    stripe.add_key(SK, ACCOUNT)
    root = write(tmp_path, {".env.production": f"STRIPE_SECRET_KEY={SK}\nSTRIPE_PUBLISHABLE_KEY={legacy}\n"})
    outcome = outcomes(online(root, stripe))["GL107"]
    assert outcome.outcome is Outcome.NOT_RUN
    assert (
        f"pk_live key {redact(legacy)} (.env.production:2): a legacy-format publishable key embeds no account id"
        in outcome.reason
    )
    # beside a comparison that was made, the same words are a notice
    stripe.add_key(RK, ACCOUNT, {"rak_charge_read"})
    (tmp_path / ".env.production").write_text(f"STRIPE_SECRET_KEY={SK}\nSTRIPE_PUBLISHABLE_KEY={legacy}\nSTRIPE_RK={RK}\n")
    report = online(tmp_path, stripe)
    assert outcomes(report)["GL107"].outcome is Outcome.PASS
    assert any(n.startswith(f"GL107 could not tell the account of pk_live key {redact(legacy)}") for n in report.notices)


def test_requests_per_key_kind(stripe, tmp_path):
    """A secret key costs 2 requests, a restricted key 13, a publishable key none (docs/online.md)."""
    stripe.add_key(SK, ACCOUNT)
    stripe.add_key(RK, ACCOUNT, {"rak_charge_read"})
    pk = key("pk", "live", seed="shop")
    online(write(tmp_path, {".env.production": f"STRIPE_SECRET_KEY={SK}\nSTRIPE_RK={RK}\nSTRIPE_PK={pk}\n"}), stripe)
    assert len(stripe.requests) == 2 + 13
    assert sorted(r.path for r in stripe.requests if r.path in ("/v1/account", "/v1/webhook_endpoints?limit=100")) == [
        "/v1/account",
        "/v1/account",
        "/v1/webhook_endpoints?limit=100",
        "/v1/webhook_endpoints?limit=100",
    ]
