"""Deployment sources: Kubernetes, Helm, compose, CI workflows, Dockerfiles, platform configs, and
the two checks about where secrets are stored (GL501 git, GL502 images).

Every fixture under tests/fixtures/sources/<kind>/ is a small tree shaped like a real project; each
test names the findings it must produce by check id, path and line, and the reason shown for them.
"""

from __future__ import annotations

import base64
import re
import subprocess

import pytest
from helpers import hits, run
from keyfactory import expand, key

from golive.keys import Status
from golive.sources.deploy import interpolate

_BASE64 = re.compile(r"B64\[([^\]]*)\]")


@pytest.fixture
def deployment(fixture_tree):
    """A materialised fixture tree, with ``B64[...]`` (Kubernetes Secret ``data``) encoded at run time."""

    def build(kind: str):
        root = fixture_tree(f"sources/{kind}")
        for path in root.rglob("*"):
            if path.is_file() and "B64[" in (content := path.read_text(encoding="utf-8")):
                path.write_text(_BASE64.sub(lambda m: base64.b64encode(m.group(1).encode()).decode(), content), encoding="utf-8")
        return root

    return build


def reasons(report, path: str, line: int) -> tuple[str, str]:
    (value,) = [v for v in report.inventory.values if (v.path, v.line) == (path, line)]
    return value.environment_reason, value.exposure_reason


# --- Kubernetes and Helm ------------------------------------------------------------------------


def test_kubernetes_namespace_decides_environment_per_document(deployment):
    report = run(deployment("kubernetes"))
    assert hits(report, "GL101") == {
        ("k8s/overlays/production/kustomization.yaml", 9),  # configMapGenerator literal, overlays/production/
        ("k8s/overlays/production/stripe-secret.yaml", 9),  # Secret data, decoded from base64
        ("k8s/overlays/production/stripe-secret.yaml", 12),  # Secret stringData
        ("k8s/staging/all.yaml", 27),  # a CronJob in namespace shop-prod, though filed under staging/
    }
    assert hits(report, "GL102") == {("k8s/staging/all.yaml", 8)}
    assert reasons(report, "k8s/staging/all.yaml", 8) == (  # the base Deployment, in no namespace, loads it wherever it runs
        "staging: Kubernetes namespace shop-staging; loaded by Deployment shop-api (k8s/base/deployment.yaml, envFrom)",
        (
            "server: Kubernetes ConfigMap shop-config, loaded by Deployment shop-api (k8s/base/deployment.yaml, envFrom) in the "
            "cluster"
        ),
    )
    assert reasons(report, "k8s/staging/all.yaml", 27)[0] == "production: Kubernetes namespace shop-prod"
    assert reasons(report, "k8s/overlays/production/kustomization.yaml", 9)[0] == (
        "production: folder production/; loaded by Deployment shop-api (k8s/base/deployment.yaml, envFrom)"
    )


def test_secret_key_ref_is_a_reference_not_a_value(deployment):
    report = run(deployment("kubernetes"))
    (reference,) = [v for v in report.inventory.values if v.path == "k8s/base/deployment.yaml"]
    assert (reference.line, reference.variable, reference.key.status) == (23, "STRIPE_SECRET_KEY", Status.REFERENCE)
    assert not [f for f in report.findings if f.path == "k8s/base/deployment.yaml"]


def test_secret_data_that_is_not_base64_is_reported_not_dropped(tree):
    root = tree({"k8s/secret.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: stripe\ndata:\n  key: '%%%'\n"})
    assert hits(run(root), "GL901") == {("k8s/secret.yaml", 0)}


def test_secret_data_decoded_with_a_trailing_newline_is_malformed(tree):
    """`echo sk_live_… | base64` keeps the newline: Stripe rejects the key."""
    encoded = base64.b64encode((key("sk", "live", seed="echo") + "\n").encode()).decode()
    root = tree(
        {
            "deploy/prod/secret.yaml": (
                f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: stripe\ndata:\n  STRIPE_SECRET_KEY: {encoded}\n"
            )
        }
    )
    assert hits(run(root), "GL104") == {("deploy/prod/secret.yaml", 6)}


def test_helm_values_per_environment_and_templates_without_noise(deployment):
    report = run(deployment("helm"))
    assert hits(report, "GL101") == {("charts/shop/values-production.yaml", 4)}
    assert hits(report, "GL102") == {("charts/shop/values.staging.yaml", 3)}
    assert hits(report, "GL104") == set()  # empty slots in the chart's values.yaml are filled per environment
    assert hits(report, "GL901") == set()  # Go-templated manifests are not broken YAML
    assert reasons(report, "charts/shop/values-production.yaml", 4) == (
        "production: file name values-production.yaml",
        "server: Helm values, rendered into the chart's Kubernetes manifests",
    )
    assert [v.variable for v in report.inventory.values if v.line == 4] == ["stripe.secretKey"]


# --- docker-compose -----------------------------------------------------------------------------


def test_compose_environment_env_file_and_defaults(deployment):
    report = run(deployment("compose"))
    assert hits(report, "GL101") == {
        ("docker-compose.yml", 8),  # ${STRIPE_PUBLISHABLE_KEY:-pk_test_…}: the default is what production gets
        ("config/api.env", 3),  # env_file followed
    }
    assert hits(report, "GL104") == set()  # ${STRIPE_WEBHOOK_SECRET:-} is ${STRIPE_WEBHOOK_SECRET} without the warning
    assert hits(report, "GL102") == {("docker-compose.dev.yml", 4), ("dev-stripe.vars", 1)}
    assert hits(report, "GL901") == {("compose.override.yaml", 0)}  # a required env_file is missing
    assert reasons(report, "dev-stripe.vars", 1) == (
        "development: file name docker-compose.dev.yml, which loads it through env_file",
        "server: env_file of compose service api in docker-compose.dev.yml",
    )
    for line in (12, 13):
        (unresolved,) = [v for v in report.inventory.values if (v.path, v.line) == ("docker-compose.yml", line)]
        assert unresolved.key.status is Status.REFERENCE


def test_compose_references_resolve_from_the_process_environment(deployment, monkeypatch):
    monkeypatch.setenv("STRIPE_SECRET_KEY", key("sk", "test", seed="deployenv"))
    report = run(deployment("compose"), from_env=True)
    assert {("docker-compose.yml", 12), ("environment", 0)} <= hits(report, "GL101")


def test_interpolation_follows_compose_rules():
    assert interpolate("${A:-fallback}", None) == "fallback"
    assert interpolate("${A:-fallback}", {"A": ""}) == "fallback"
    assert interpolate("${A-fallback}", {"A": ""}) == ""
    assert interpolate("${A}", None) == "${A}"
    assert interpolate("$A-$B", {"A": "x"}) == "$A-$B"  # half resolved is still a reference
    assert interpolate("$$A", None) == "$A"


# --- CI workflows -------------------------------------------------------------------------------


def test_github_actions_job_environment_and_workflow_env(deployment):
    report = run(deployment("workflows"))
    assert hits(report, "GL101") == {
        (".github/workflows/deploy.yml", 7),  # workflow-level env reaches the production job
        (".github/workflows/deploy.yml", 31),  # step env of the production job
        (".gitlab-ci.yml", 20),  # GitLab variable {value: ...} in the production job
    }
    assert hits(report, "GL102") == {(".github/workflows/preview.yml", 8)}
    assert reasons(report, ".github/workflows/deploy.yml", 31) == (
        "production: GitHub Actions job deploy environment production",
        "server: GitHub Actions env, seen by the CI runner",
    )
    assert (
        reasons(report, ".github/workflows/deploy.yml", 7)[0]
        == "production: GitHub Actions workflow-level env reaches job deploy"
    )
    assert reasons(report, ".github/workflows/deploy.yml", 13)[0] == "test: GitHub Actions job test"
    assert reasons(report, ".gitlab-ci.yml", 9)[0] == "test: GitLab CI job unit-tests"


def test_ci_job_without_environment_is_ci_not_production(tree):
    root = tree(
        {
            ".github/workflows/ci.yml": (
                "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      STRIPE_SECRET_KEY: '@@sk_test:ci@@'\n"
            )
        }
    )
    report = run(root)
    assert hits(report, "GL101") == set()
    assert (
        reasons(report, ".github/workflows/ci.yml", 6)[0] == "test: GitHub Actions job build declares no deployment environment"
    )


# --- Dockerfile ---------------------------------------------------------------------------------


def test_dockerfile_env_and_arg_are_baked_into_the_image(deployment):
    report = run(deployment("dockerfile"))
    errors = {(f.path, f.line) for f in report.findings if f.check_id == "GL502" and f.severity.value == "error"}
    warnings = {(f.path, f.line) for f in report.findings if f.check_id == "GL502" and f.severity.value == "warning"}
    assert errors == {("Dockerfile", 14), ("docker/worker.Dockerfile", 7)}  # live key on a continuation line; whsec
    assert warnings == {
        ("Dockerfile", 4),  # ARG named for a secret: its build-time value lands in the history
        ("Dockerfile.dev", 2),  # ${STRIPE_SECRET_KEY:-sk_test_…} default
        ("Dockerfile.dev", 3),  # ENV interpolated from that ARG
    }
    assert reasons(report, "docker/worker.Dockerfile", 7)[1] == "server: Dockerfile ENV is baked into the image"


def test_publishable_keys_in_a_dockerfile_are_not_gl502(tree):
    root = tree({"Dockerfile": "FROM node:20\nENV NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY=@@pk_live@@\n"})
    assert hits(run(root), "GL502") == set()


# --- Platform configs ---------------------------------------------------------------------------


def test_platform_configs(deployment):
    report = run(deployment("platforms"))
    assert hits(report, "GL101") == {
        ("fly.toml", 9),
        ("netlify.toml", 9),
        ("app.json", 7),  # Heroku env {"value": ...}
        ("app.json", 9),
        ("serverless.yml", 10),
        ("infra/shop.tfvars", 2),
    }
    assert hits(report, "GL102") == {
        ("netlify.toml", 12),
        ("gae/app.yaml", 6),
        ("serverless.yml", 14),
        ("infra/envs/staging/terraform.tfvars", 6),
    }
    assert hits(report, "GL104") == {("serverless.yml", 20)}
    assert hits(report, "GL201") == {("vercel.json", 8)}  # a Vercel secret reference behind NEXT_PUBLIC_
    assert reasons(report, "fly.toml", 9)[0] == "production: Fly app shop-prod"
    assert reasons(report, "netlify.toml", 12)[0] == "staging: netlify.toml deploy context deploy-preview"
    assert reasons(report, "gae/app.yaml", 6) == (
        "staging: App Engine service checkout-staging",
        "server: App Engine env_variables, set on the service's instances",
    )
    assert reasons(report, "serverless.yml", 14)[0] == "development: Serverless params for stage dev"
    assert reasons(report, "infra/shop.tfvars", 2)[0] == 'production: Terraform variable environment = "production"'
    assert not [v for v in report.inventory.values if v.path == "app.json" and v.line == 14 and v.environment.value != "test"]


# --- GL501: secrets in files git tracks ---------------------------------------------------------


def _git(root, *args):
    subprocess.run(
        ["git", "-c", "user.name=golive", "-c", "user.email=golive@example.com", *args], cwd=root, check=True, capture_output=True
    )


def test_gl501_secrets_in_tracked_files(tree):
    root = tree(
        {
            "config/stripe.yaml": "stripe:\n  secretKey: '@@sk_live:committed@@'\n  publishableKey: '@@pk_live:committed@@'\n",
            ".env.test": "STRIPE_SECRET_KEY=@@sk_test:committed@@\n",
            ".env.production": "STRIPE_WEBHOOK_SECRET=@@whsec:ignored@@\n",
            ".gitignore": ".env.production\n",
        }
    )
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "app")
    report = run(root)
    by_severity = {(f.path, f.line, f.severity.value) for f in report.findings if f.check_id == "GL501"}
    assert by_severity == {("config/stripe.yaml", 2, "error"), (".env.test", 1, "warning")}


def test_gl501_does_not_apply_outside_git(tree):
    root = tree({"config/stripe.yaml": "stripe:\n  secretKey: '@@sk_live:untracked@@'\n"})
    report = run(root)
    assert hits(report, "GL501") == set()
    assert {v.tracked for v in report.inventory.values} == {None}


# --- No leaks -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["kubernetes", "helm", "compose", "workflows", "dockerfile", "platforms"])
def test_no_full_secret_in_findings_or_reasons(deployment, kind):
    report = run(deployment(kind))
    shown = repr([(f.message, f.value, f.evidence) for f in report.findings])
    for secret in re.findall(r"(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,}|whsec_[A-Za-z0-9]{20,}", expand(_fixture_text(kind))):
        assert secret not in shown


def _fixture_text(kind: str) -> str:
    from conftest import FIXTURES

    return "".join(p.read_text(encoding="utf-8") for p in (FIXTURES / "sources" / kind).rglob("*") if p.is_file())
