"""Precision: correctly configured trees, shaped like what teams ship, stay quiet; their misconfigured
twins fire the right check at the right path and line. Each case came from a false positive or a
false negative found on realistic project trees.
"""

from __future__ import annotations

import pytest
from helpers import hits, run

ERRORS = ("GL101", "GL103", "GL104", "GL201")


def quiet(report, *check_ids):
    return {check_id: hits(report, check_id) for check_id in check_ids if hits(report, check_id)}


def test_rails_secrets_yml_sections_name_their_environment(tree):
    root = tree(
        {
            "config/secrets.yml": "development:\n  stripe_secret_key: @@sk_test:dev@@\n"
            "test:\n  stripe_secret_key: @@sk_test:t@@\n"
            'production:\n  stripe_secret_key: <%= ENV["STRIPE_SECRET_KEY"] %>\n',
            "config/stripe.json": (
                '{\n  "development": {"publishableKey": "@@pk_test:dev@@"},\n'
                '  "production": {"publishableKey": "@@pk_live@@"}\n}\n'
            ),
        }
    )
    assert quiet(run(root), *ERRORS) == {}


def test_a_sandbox_key_in_the_production_section_still_fires(tree):
    root = tree(
        {
            "config/secrets.yml": (
                "development:\n  stripe_secret_key: @@sk_test:dev@@\nproduction:\n  stripe_secret_key: @@sk_test@@\n"
            )
        }
    )
    assert hits(run(root), "GL101") == {("config/secrets.yml", 4)}


def test_eas_build_profiles(tree):
    root = tree(
        {
            "eas.json": '{\n  "build": {\n'
            '    "production": {"env": {"EXPO_PUBLIC_STRIPE_PUBLISHABLE_KEY": "@@pk_live@@"}},\n'
            '    "preview": {"env": {"EXPO_PUBLIC_STRIPE_PUBLISHABLE_KEY": "@@pk_test@@"}},\n'
            '    "development": {"env": {"EXPO_PUBLIC_STRIPE_PUBLISHABLE_KEY": "@@pk_test@@"}}\n  }\n}\n'
        }
    )
    report = run(root)
    assert quiet(report, *ERRORS) == {}
    assert {v.environment.value for v in report.inventory.values} == {"production", "staging", "development"}


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("tox.ini", "[testenv]\nsetenv =\n    STRIPE_SECRET_KEY = @@sk_test@@\n"),
        ("conftest.py", "import os\nos.environ.setdefault('STRIPE_SECRET_KEY', '@@sk_test@@')\n"),
        ("jest.config.js", "process.env.STRIPE_SECRET_KEY = '@@sk_test@@';\n"),
        ("fixtures/stripe/customer.json", '{"stripe_key": "@@sk_test@@"}\n'),
        ("tests/fixtures/.env.production", "STRIPE_SECRET_KEY=@@sk_test@@\n"),
        ("spec/fixtures/vcr_cassettes/charge.yml", "headers:\n  Authorization:\n  - Bearer @@sk_test@@\n"),
    ],
)
def test_test_setup_and_test_data_are_not_production(tree, path, text):
    assert hits(run(tree({path: text})), "GL101") == set()


def test_a_live_key_in_test_data_is_still_reported(tree):
    root = tree({"tests/fixtures/.env.production": "STRIPE_SECRET_KEY=@@sk_live@@\n"})
    assert hits(run(root), "GL102") == {("tests/fixtures/.env.production", 1)}


@pytest.mark.parametrize(
    ("path", "text", "line"),
    [
        (
            "docker-compose.yml",
            "services:\n  web:\n    environment:\n      STRIPE_SECRET_KEY_FILE: /run/secrets/stripe_secret_key\n",
            4,
        ),
        (
            "infra/prod.tfvars",
            'stripe_secret_arn = "arn:aws:secretsmanager:us-east-1:1:secret:stripe"\nstripe_secret_name = "shop/prod/stripe"\n',
            2,
        ),
        ("chart/values-prod.yaml", "stripe:\n  existingSecret: shop-stripe-prod\n  secretKeyRef: stripe-secret-key\n", 3),
        (".env.production", "STRIPE_SECRET_KEY=op://prod/stripe/secret-key\n", 1),
        ("secrets/prod.enc.yaml", "STRIPE_SECRET_KEY: ENC[AES256_GCM,data:Tr7oDdEJ3C2O6A==,iv:1Yw=,tag:abc=,type:str]\n", 1),
        (
            "serverless.yml",
            (
                "service: shop\nprovider:\n  name: aws\n  environment:\n"
                "    STRIPE_SECRET_KEY: ${ssm:/shop/${sls:stage}/stripe-secret-key}\n"
            ),
            5,
        ),
    ],
)
def test_where_a_secret_lives_is_not_a_malformed_secret(tree, path, text, line):
    assert hits(run(tree({path: text})), "GL104") == set(), (path, line)


def test_a_wrong_value_next_to_a_place_name_still_fires(tree):
    root = tree({".env.production": "STRIPE_SECRET_KEY_FILE=/run/secrets/stripe\nSTRIPE_SECRET_KEY=sk_live_...\n"})
    assert hits(run(root), "GL104") == {(".env.production", 2)}


def test_sealed_secret_is_a_reference(tree):
    root = tree(
        {
            "k8s/sealed.yaml": "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: stripe\n"
            "  namespace: shop-prod\nspec:\n  encryptedData:\n    STRIPE_SECRET_KEY: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq7ZyYG7Xvg\n"
        }
    )
    report = run(root)
    assert hits(report, "GL104") == set()
    (value,) = report.inventory.values
    assert (value.variable, value.line, value.key.status.value) == ("STRIPE_SECRET_KEY", 8, "reference")


def test_compose_empty_default_is_a_reference_but_a_sandbox_default_fires(tree):
    root = tree(
        {
            "docker-compose.yml": "services:\n  api:\n    environment:\n"
            "      STRIPE_PUBLISHABLE_KEY: ${STRIPE_PUBLISHABLE_KEY:-}\n"
            "      STRIPE_SECRET_KEY: ${STRIPE_SECRET_KEY:-@@sk_test@@}\n"
        }
    )
    report = run(root)
    assert hits(report, "GL104") == set()
    assert hits(report, "GL101") == {("docker-compose.yml", 5)}


def test_dual_mode_settings_keep_a_sandbox_slot(tree):
    """dj-stripe and WooCommerce hold both keys and pick one with a live-mode switch."""
    root = tree(
        {
            ".env.production": "STRIPE_LIVE_MODE=true\nSTRIPE_LIVE_SECRET_KEY=@@sk_live@@\n"
            "STRIPE_TEST_SECRET_KEY=@@sk_test@@\nSTRIPE_TEST_PUBLISHABLE_KEY=\nSTRIPE_LIVE_PUBLISHABLE_KEY=@@pk_live@@\n"
        }
    )
    assert quiet(run(root), *ERRORS) == {}


def test_a_sandbox_key_in_the_live_slot_fires(tree):
    root = tree({".env.production": "STRIPE_LIVE_SECRET_KEY=@@sk_test@@\nSTRIPE_TEST_SECRET_KEY=@@sk_test:other@@\n"})
    assert hits(run(root), "GL101") == {(".env.production", 1)}


def test_preview_environment_is_staging(tree):
    root = tree(
        {
            ".github/workflows/deploy.yml": "on: push\njobs:\n  preview:\n    runs-on: ubuntu-latest\n    environment: Preview\n"
            "    env:\n      STRIPE_SECRET_KEY: @@sk_test@@\n    steps:\n      - run: ./deploy.sh\n"
        }
    )
    report = run(root)
    assert hits(report, "GL101") == set()
    assert {v.environment.value for v in report.inventory.values} == {"staging"}
