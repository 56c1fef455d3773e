"""Issue 13, classes 8 and 9: every config format a framework reads, comments, and nested names.

Spring ``application*.properties`` / ``.yml`` (profiles), Rails ``config/*.yml`` sections and
credentials, Laravel ``config/*.php``, .NET ``appsettings*.json`` (with comments), Terraform state,
and commented-out code (no production value; a real key there is still committed). Nested names
(``stripe.webhook.secret``, ``webhook: {secret: …}``, ``Stripe:WebhookSecret``) say webhook secret.
"""

from __future__ import annotations

import subprocess

import pytest
from helpers import hits, run
from keyfactory import key, whsec

from golive.keys import Kind, named_kind


def _commit(root):
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "app"]):
        subprocess.run(
            ["git", "-c", "user.name=golive", "-c", "user.email=golive@example.com", *args],
            cwd=root,
            check=True,
            capture_output=True,
        )
    return root


RESOURCES = "src/main/resources/"

# --- Spring ---------------------------------------------------------------------------------------


def test_spring_properties_placeholders_by_profile(tree):
    report = run(
        tree(
            {
                RESOURCES + "application.properties": "server.port=8080\n# Stripe\nstripe.api.key=your_stripe_secret_key_here\n",
                RESOURCES + "application-prod.properties": (
                    "stripe.publishable.key=pk_test_xxx\nstripe.webhook.secret=${STRIPE_WEBHOOK_SECRET}\n"
                ),
                RESOURCES + "application-dev.properties": "stripe.api.key=sk_test_xxx\n",
                RESOURCES + "application-test.properties": "stripe.api.key=sk_test_xxx\n",
                RESOURCES + "application-local.properties": "stripe.api.key=sk_test_xxx\n",
            }
        )
    )
    assert hits(report, "GL104") == {(RESOURCES + "application.properties", 3), (RESOURCES + "application-prod.properties", 1)}


def test_spring_base_value_is_a_default_the_prod_profile_overrides(tree):
    report = run(
        tree(
            {
                RESOURCES + "application.properties": "stripe.api.key=sk_test_xxx\nstripe.publishable.key=\n",
                RESOURCES + "application-prod.properties": "stripe.api.key=${STRIPE_API_KEY}\n",
            }
        )
    )
    assert hits(report, "GL104") == set()  # overridden in production; the empty one is a slot the environment fills


def test_spring_placeholder_defaults(tree):
    report = run(
        tree({RESOURCES + "application-prod.properties": "stripe.api.key=${STRIPE_API_KEY:sk_test_...}\nstripe.other=${X:}\n"})
    )
    assert hits(report, "GL104") == {(RESOURCES + "application-prod.properties", 1)}


def test_spring_yaml_documents_take_their_profile(tree):
    document = (
        "stripe:\n  api-key: ${STRIPE_API_KEY}\n"
        "---\nspring:\n  config:\n    activate:\n      on-profile: dev\nstripe:\n  api-key: sk_test_xxx\n"
        "---\nspring:\n  config:\n    activate:\n      on-profile: prod\nstripe:\n  publishable-key: pk_test_xxx\n"
    )
    report = run(tree({RESOURCES + "application.yml": document}))
    assert hits(report, "GL104") == {(RESOURCES + "application.yml", 16)}


def test_properties_comments_are_no_values(tree):
    report = run(tree({RESOURCES + "application.properties": "#stripe.api.key=sk_test_xxx\n! stripe.secret=your_key\n"}))
    assert hits(report, "GL104") == set()


# --- Rails, Laravel, .NET -------------------------------------------------------------------------


def test_rails_config_sections(tree):
    config = (
        "default: &default\n  secret_key: sk_test_zzz\n  publishable_key: pk_test_zzz\n"
        "development:\n  <<: *default\n"
        "production:\n  <<: *default\n  secret_key: <%= ENV['STRIPE_SECRET_KEY'] %>\n  stripe_publishable_key: pk_test_xxx\n"
    )
    report = run(tree({"config/stripe.yml": config}))
    # production merges default's publishable_key (line 3) and overrides its secret_key with the environment
    assert hits(report, "GL104") == {("config/stripe.yml", 3), ("config/stripe.yml", 9)}


def test_rails_credentials(tree):
    report = run(
        tree(
            {
                "config/credentials.yml": "stripe:\n  secret_key: sk_test_...\n",
                "config/credentials/development.yml": "stripe:\n  secret_key: sk_test_...\n",
                "config/credentials/production.yml.enc": "bm90IGEga2V5--c2FsdA==--aXY=\n",
            }
        )
    )
    assert hits(report, "GL104") == {("config/credentials.yml", 2)}


def test_laravel_config_defaults(tree):
    services = (
        "<?php\n\nreturn [\n    'stripe' => [\n        'key' => env('STRIPE_KEY'),\n"
        "        'secret' => env('STRIPE_SECRET', 'sk_test_...'),\n"
        "        'webhook' => [\n            'secret' => env('STRIPE_WEBHOOK_SECRET', 'whsec_xxx'),\n        ],\n    ],\n];\n"
    )
    report = run(tree({"config/services.php": services}))
    assert hits(report, "GL104") == {("config/services.php", 6), ("config/services.php", 8)}


def test_dotnet_appsettings_with_comments(tree):
    base = (
        '{\n  // Stripe: keys come from user-secrets and Key Vault\n  "Stripe": {\n    "SecretKey": "",\n'
        '    "PublishableKey": "pk_test_xxx", /* replaced in CI */\n  },\n}\n'
    )
    report = run(
        tree(
            {
                "Api/appsettings.json": base,
                "Api/appsettings.Production.json": '{\n  "Stripe": {\n    "SecretKey": "sk_test_..."\n  }\n}\n',
                "Api/appsettings.Development.json": (
                    '{\n  "Stripe": {\n    "SecretKey": "sk_test_...",\n    "PublishableKey": "pk_test_..."\n  }\n}\n'
                ),
            }
        )
    )
    assert hits(report, "GL104") == {("Api/appsettings.json", 5), ("Api/appsettings.Production.json", 3)}
    assert not report.inventory.skipped  # JSON with comments is read as .NET reads it, not as broken JSON


# --- Comments -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "source"),
    [
        (
            "shop/settings/production.py",
            "# STRIPE_SECRET_KEY = 'sk_test_xxx'\nSTRIPE_SECRET_KEY = os.environ['STRIPE_SECRET_KEY']\n",
        ),
        ("config/stripe.ts", "export const config = {\n  // stripeSecretKey: 'sk_test_...',\n};\n"),
        ("config/stripe.js", "/*\n * stripeSecretKey: 'sk_test_xxx'\n */\n"),
        ("config/stripe.yml", "# secret_key: sk_test_xxx\nstripe:\n  # secret_key: sk_test_xxx\n  mode: live\n"),
        (".env.production", '# STRIPE_SECRET_KEY=sk_test_xxx\nSTRIPE_SECRET_KEY="${VAULT_STRIPE_KEY}"\n'),
        ("templates/pay.html", "<!-- Stripe('sk_test_xxx') -->\n"),
    ],
)
def test_placeholder_in_a_comment_is_no_production_value(tree, path, source):
    report = run(tree({path: source}))
    assert hits(report, "GL104") == set()


def test_real_key_in_a_comment_is_committed_but_configures_nothing(tree):
    sandbox, live = key("sk", "test", seed="comment", style="legacy"), key("sk", "live", seed="comment")
    root = _commit(
        tree(
            {
                "server/index.js": f"// old key: {sandbox}\nconst stripe = require('stripe')(process.env.STRIPE_SECRET_KEY);\n",
                "shop/settings/production.py": f"import os\n# STRIPE_SECRET_KEY = '{live}'\n",
                ".env.production": f"# STRIPE_SECRET_KEY={sandbox}\nSTRIPE_SECRET_KEY=${{VAULT}}\n",
                "web/pay.html": f"<p>pay</p>\n<!--\n  Stripe('{sandbox}')\n-->\n",
            }
        )
    )
    report = run(root)
    assert hits(report, "GL101") == set()
    assert hits(report, "GL104") == set()
    assert hits(report, "GL501") == {
        ("server/index.js", 1),
        ("shop/settings/production.py", 2),
        (".env.production", 1),
        ("web/pay.html", 3),
    }
    commented = [v for v in report.inventory.values if v.key.is_real]
    assert {v.environment_reason for v in commented} == {
        "unknown: inside a comment, so it configures nothing (a real key there is still committed)"
    }


def test_urls_and_globs_open_no_comment(tree):
    sandbox = key("sk", "test", seed="url", style="legacy")
    report = run(
        tree(
            {
                "server/config.js": f'const files = "src/**/*.js";\nconst url = "https://{sandbox}:@api.stripe.com";\n',
                "config/app.yml": f"stripe:\n  url: https://api.stripe.com/#x\n  secret_key: {sandbox}\n",
            }
        )
    )
    assert hits(report, "GL101") == {("server/config.js", 2), ("config/app.yml", 3)}


# --- Names nest ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("stripe.webhook.secret", Kind.WEBHOOK_SECRET),
        ("webhook.secret", Kind.WEBHOOK_SECRET),
        ("Stripe:WebhookSecret", Kind.WEBHOOK_SECRET),
        ("Stripe.WebhookSecret", Kind.WEBHOOK_SECRET),
        ("stripe_webhook_endpoint.main.secret", Kind.WEBHOOK_SECRET),
        ("stripe.api.key", Kind.SECRET),
        ("stripe.secretKey", Kind.SECRET),
        ("stripe.publishable.key", Kind.PUBLISHABLE),
        ("stripe.existingSecret", None),
        ("stripe.webhook.url", None),
    ],
)
def test_named_kind_of_nested_names(name, kind):
    assert named_kind(name) is kind


def test_a_real_webhook_secret_under_a_nested_name_is_correct(tree):
    secret = whsec("nested")
    tfstate = (
        '{\n  "version": 4,\n  "resources": [\n    {\n      "type": "stripe_webhook_endpoint",\n      "name": "main",\n'
        '      "instances": [\n        {\n          "attributes": {\n            "id": "we_1Nx",\n'
        f'            "url": "https://shop.example.com/webhooks",\n            "secret": "{secret}"\n'
        "          }\n        }\n      ]\n    }\n  ]\n}\n"
    )
    report = run(
        tree(
            {
                RESOURCES + "application-prod.properties": f"stripe.webhook.secret={secret}\n",
                "config/billing.yml": f"webhook:\n  secret: {secret}\n",
                "config/stripe.yml": f"stripe:\n  webhook:\n    secret: {secret}\n",
                "Api/appsettings.Production.json": f'{{"Stripe": {{"WebhookSecret": "{secret}"}}}}\n',
                "infra/terraform.tfstate": tfstate,
            }
        )
    )
    assert hits(report, "GL104") == set()
    found = {(v.path, v.line, v.variable) for v in report.inventory.values if v.key.is_real}
    assert ("infra/terraform.tfstate", 12, "stripe_webhook_endpoint.main.secret") in found
    assert ("config/billing.yml", 2, "webhook.secret") in found


def test_a_wrong_value_under_a_nested_webhook_name_is_gl104(tree):
    report = run(
        tree(
            {
                RESOURCES + "application-prod.properties": (
                    f"stripe.webhook.secret={key('sk', 'live', seed='wrong')}\nstripe.webhook.signing-secret=whsec_xxx\n"
                ),
            }
        )
    )
    assert hits(report, "GL104") == {
        (RESOURCES + "application-prod.properties", 1),
        (RESOURCES + "application-prod.properties", 2),
    }


def test_committed_terraform_state_is_gl501(tree):
    secret = whsec("state")
    state = (
        '{"version": 4, "resources": [{"type": "stripe_webhook_endpoint", "name": "hook", "instances": [{"attributes": '
        '{"secret": "%s"}}]}]}\n'
    )
    report = run(_commit(tree({"infra/terraform.tfstate": state % secret})))
    assert hits(report, "GL501") == {("infra/terraform.tfstate", 1)}
    assert hits(report, "GL104") == set()


def test_a_config_file_named_for_stripe_holds_stripe_keys(tree):
    config = (
        "development:\n  secret_key: sk_test_123\n\ntest:\n  secret_key: sk_test_123\n\n"
        "production:\n  secret_key: sk_live_" + "x" * 24 + "\n  publishable_key: <%= ENV['STRIPE_PUBLISHABLE_KEY'] %>\n"
        "  webhook:\n    signing_secret: whsec_...\n"
    )
    report = run(tree({"config/stripe.yml": config, "config/database.yml": "production:\n  secret_key: changeme\n"}))
    assert hits(report, "GL104") == {("config/stripe.yml", 8), ("config/stripe.yml", 11)}
    names = {v.line: v.variable for v in report.inventory.values if v.path == "config/stripe.yml"}
    assert names[8] == "stripe.secret_key" and names[11] == "stripe.webhook.signing_secret"


def test_a_base_default_the_deploy_environment_sets_is_no_value(tree, monkeypatch):
    """Spring's relaxed binding: the deploy's STRIPE_API_KEY sets stripe.api.key; .NET's Stripe__SecretKey sets
    Stripe:SecretKey."""
    root = tree(
        {
            RESOURCES + "application.properties": "stripe.api.key=sk_test_xxx\nstripe.publishable.key=pk_test_xxx\n",
            "Api/appsettings.json": '{"Stripe": {"SecretKey": "sk_test_..."}}\n',
        }
    )
    monkeypatch.setenv("STRIPE_API_KEY", key("sk", "live", seed="bound"))
    monkeypatch.setenv("Stripe__SecretKey", key("sk", "live", seed="bound"))
    report = run(root, from_env=True)
    assert hits(report, "GL104") == {(RESOURCES + "application.properties", 2)}  # stripe.publishable.key: nothing sets it


def test_a_spring_default_is_recorded_under_its_environment_variable(tree, monkeypatch):
    root = tree(
        {
            RESOURCES + "application.yml": (
                "stripe:\n  secret: ${STRIPE_SECRET_KEY:sk_test_...}\n"
                "  webhook-secret: ${STRIPE_WEBHOOK_SECRET:whsec_test_secret}\n"
            ),
        }
    )
    assert hits(run(root), "GL104") == {(RESOURCES + "application.yml", 2), (RESOURCES + "application.yml", 3)}
    monkeypatch.setenv("STRIPE_SECRET_KEY", key("sk", "live", seed="spring"))
    assert hits(run(root, from_env=True), "GL104") == {
        (RESOURCES + "application.yml", 3)
    }  # the deploy sets the one, not the other
