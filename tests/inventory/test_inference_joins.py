"""Joins the deploy makes (issue 13, class 10).

A Kubernetes workload's `envFrom`, `valueFrom.secretKeyRef` and volumes load a Secret or ConfigMap:
its values run where the workload runs. A root `.env` with no marker is decided by evidence: git
ignores it and no deploy file loads it -> the developer's file; a compose `env_file`, a Dockerfile
`COPY`, a deploy step or a Procfile that loads it -> it ships, and keeps the target environment.
"""

from __future__ import annotations

import base64
import shutil
import subprocess

import pytest
from helpers import hits, run
from keyfactory import key

from golive.environments import Env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def value_at(report, path: str, line: int):
    (value,) = [v for v in report.inventory.values if (v.path, v.line) == (path, line)]
    return value


def secret(name: str, namespace: str | None = None, seed: str = "k8s") -> str:
    encoded = base64.b64encode(key("sk", "test", seed=seed).encode()).decode()
    meta = f"  namespace: {namespace}\n" if namespace else ""
    return f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\n{meta}type: Opaque\ndata:\n  STRIPE_SECRET_KEY: {encoded}\n"


def deployment(namespace: str, loads: str) -> str:
    return (
        f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: {namespace}\n"
        f"spec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: shop/api:1.0\n{loads}"
    )


ENV_FROM = "          envFrom:\n            - secretRef:\n                name: stripe\n"
KEY_REF = (
    "          env:\n            - name: STRIPE_SECRET_KEY\n              valueFrom:\n                secretKeyRef:\n"
    "                  name: stripe\n                  key: STRIPE_SECRET_KEY\n"
)
VOLUME = "      volumes:\n        - name: stripe\n          secret:\n            secretName: stripe\n"


@pytest.mark.parametrize(
    ("loads", "how"),
    [(ENV_FROM, "envFrom"), (KEY_REF, "env secretKeyRef"), (VOLUME, "a volume")],
    ids=["envFrom", "secretKeyRef", "volume"],
)
def test_a_secret_takes_the_environment_of_the_workload_that_loads_it(tree, loads, how):
    report = run(tree({"k8s/secret.yaml": secret("stripe"), "k8s/api.yaml": deployment("shop-prod", loads)}))
    assert ("k8s/secret.yaml", 7) in hits(report, "GL101")
    found = value_at(report, "k8s/secret.yaml", 7)
    assert (
        found.environment_reason
        == f"production: Secret stripe is loaded by Deployment api (k8s/api.yaml, {how}): Kubernetes namespace shop-prod"
    )
    assert (
        found.exposure_reason
        == f"server: Kubernetes Secret stripe, loaded by Deployment api (k8s/api.yaml, {how}) in the cluster"
    )


def test_a_secret_loaded_by_a_staging_workload_is_staging(tree):
    report = run(tree({"k8s/secret.yaml": secret("stripe"), "k8s/api.yaml": deployment("shop-staging", ENV_FROM)}))
    assert hits(report, "GL101") == set()
    assert value_at(report, "k8s/secret.yaml", 7).environment is Env.STAGING


def test_a_secret_no_workload_loads_says_so_and_keeps_its_own_namespace(tree):
    files = {
        "k8s/old-secret.yaml": secret("stripe-old", "shop-prod", seed="old"),
        "k8s/staging-secret.yaml": secret(
            "stripe", "shop-staging", seed="staging"
        ),  # another namespace's workload loads "stripe"
        "k8s/api.yaml": deployment("shop-prod", ENV_FROM),
    }
    report = run(tree(files))
    assert hits(report, "GL101") == {("k8s/old-secret.yaml", 8)}
    assert value_at(report, "k8s/old-secret.yaml", 8).environment_reason == (
        "production: Kubernetes namespace shop-prod; no workload in the checked tree loads Secret stripe-old"
    )
    assert value_at(report, "k8s/staging-secret.yaml", 8).environment is Env.STAGING


# --- The root .env ---------------------------------------------------------------------------------------

DOTENV = "STRIPE_SECRET_KEY=@@sk_test:dotenv@@\n"


@pytest.fixture
def repo(tree):
    """A git work tree: `files` written, everything but the git-ignored files added to the index."""

    def build(files: dict[str, str], ignore: str = ".env\n"):
        root = tree({".gitignore": ignore, "manage.py": "import os\n", **files})
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
        subprocess.run(["git", "add", "-A"], cwd=root, check=True)
        return root

    return build


def test_a_git_ignored_env_file_no_deploy_loads_is_the_developers(repo):
    report = run(repo({".env": DOTENV, "backend/.env": DOTENV}))
    assert hits(report, "GL101") == set()
    assert value_at(report, ".env", 1).environment_reason == (
        "development: .env is git-ignored and no deploy file loads it; frameworks load it on developer machines"
    )
    assert value_at(report, "backend/.env", 1).environment is Env.DEVELOPMENT


@pytest.mark.parametrize(
    ("files", "reason"),
    [
        (
            {"docker-compose.yml": "services:\n  web:\n    build: .\n    env_file: .env\n"},
            "production: .env is loaded by compose service web (docker-compose.yml, env_file); --env production",
        ),
        (
            {"Dockerfile": "FROM python:3.12\nCOPY requirements.txt .env ./\n"},
            "production: .env is loaded by Dockerfile Dockerfile (line 2: COPY .env); --env production",
        ),
        (
            {
                ".github/workflows/deploy.yml": (
                    "on: push\njobs:\n  deploy:\n    environment: production\n    runs-on: ubuntu-latest\n"
                    "    steps:\n      - run: scp .env deploy@shop:/srv/shop/.env\n"
                )
            },
            "production: .env is loaded by GitHub Actions job deploy (.github/workflows/deploy.yml, line 7):"
            " GitHub Actions job deploy environment production",
        ),
        (
            {"Procfile": "web: docker run --env-file .env shop\n"},
            "production: .env is loaded by Procfile process web (Procfile, line 1); --env production",
        ),
    ],
)
def test_an_env_file_a_deploy_file_loads_keeps_the_target_environment(repo, files, reason):
    report = run(repo({".env": DOTENV, **files}))
    assert (".env", 1) in hits(report, "GL101")
    assert {v.environment_reason for v in report.inventory.values if v.path == ".env"} == {reason}


def test_an_env_file_only_ci_tests_create_is_still_the_developers(repo):
    workflow = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cp .env.example .env && pytest\n"
    report = run(repo({".env": DOTENV, ".github/workflows/ci.yml": workflow}))
    assert hits(report, "GL101") == set()


def test_a_committed_or_unversioned_env_file_keeps_the_target_environment(repo, tree):
    committed = run(repo({".env": DOTENV}, ignore="node_modules/\n"))
    assert hits(committed, "GL101") == {(".env", 1)}
    outside_git = run(tree({".env": DOTENV}))
    assert hits(outside_git, "GL101") == {(".env", 1)}
    assert (
        value_at(outside_git, ".env", 1).environment_reason == "production: no environment marker in the path; --env production"
    )


def test_outside_a_git_work_tree_the_trees_own_gitignore_is_the_evidence(tree):
    ignored = tree(
        {".gitignore": "*.pyc\n.env\n", ".env": DOTENV, "web/.gitignore": "!.env\n", "web/.env": DOTENV.replace("dotenv", "web")}
    )
    report = run(ignored)
    assert hits(report, "GL101") == {("web/.env", 1)}  # web/.gitignore takes it back
    assert value_at(report, ".env", 1).environment is Env.DEVELOPMENT


def test_config_overrides_the_joins(repo):
    report = run(repo({".env": DOTENV, "golive.toml": '[environments]\n".env" = "production"\n'}))
    assert hits(report, "GL101") == {(".env", 1)}
    assert value_at(report, ".env", 1).environment_reason == "production: golive config maps '.env' to production"


def test_a_configmap_loaded_only_by_a_staging_workload_is_staging(tree):
    """The workload never names Stripe: it is read for what it loads all the same."""
    configmap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: billing-config\ndata:\n  STRIPE_SECRET_KEY: @@sk_test:cm@@\n"
    loads = "          envFrom:\n            - configMapRef:\n                name: billing-config\n"
    report = run(tree({"k8s/configmap.yaml": configmap, "k8s/deployment.yaml": deployment("shop-staging", loads)}))
    assert hits(report, "GL101") == set()
    assert value_at(report, "k8s/configmap.yaml", 6).environment_reason == (
        "staging: ConfigMap billing-config is loaded by Deployment api (k8s/deployment.yaml, envFrom): Kubernetes namespace "
        "shop-staging"
    )


COMPOSE = "services:\n  api:\n    build: .\n    environment:\n      STRIPE_SECRET_KEY: @@sk_test:compose@@\n"


def test_a_compose_stack_running_stripe_listen_is_local_development(tree):
    override = "services:\n  stripe-cli:\n    image: stripe/stripe-cli\n    command: listen --forward-to api:4242/webhooks\n"
    root = tree({"compose.yaml": COMPOSE, "compose.override.yaml": override})
    report = run(root)
    assert hits(report, "GL101") == set()
    assert value_at(report, "compose.yaml", 5).environment_reason == (
        "development: compose service stripe-cli (compose.override.yaml) runs stripe listen, the Stripe CLI's event forwarding "
        "for local development"
    )
    (root / "compose.prod.yaml").write_text("services:\n  api:\n    restart: always\n")  # deployed with it, without the override
    assert hits(run(root), "GL101") == {("compose.yaml", 5)}
    (root / "compose.prod.yaml").unlink()
    (root / "compose.override.yaml").unlink()
    assert hits(run(root), "GL101") == {("compose.yaml", 5)}


@pytest.mark.parametrize(
    "rules",
    [
        "/.env\n",
        ".env*\n!web/.env\n",
        "*.env\n.env\n",
        "services/\n",
        "**/api/.env\n",
        "/services/*/.env\n",
        "config/\n!config/.env\n",
        "# .env\n",
    ],
)
def test_the_gitignore_reading_outside_git_agrees_with_git(tmp_path, rules):
    from golive.sources.git import ignored_by_gitignore, ignored_files

    paths = [".env", "web/.env", "services/api/.env", "config/.env", "deep/api/.env"]
    for path in paths:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("STRIPE_SECRET_KEY=\n")
    (tmp_path / ".gitignore").write_text(rules)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    assert ignored_by_gitignore(tmp_path, paths) == ignored_files(tmp_path, paths)


def test_an_env_default_the_deploy_environment_sets_is_not_what_production_runs(tmp_path, monkeypatch):
    """Symfony's committed `.env` holds defaults; every dotenv loader lets a variable that is set win."""
    (tmp_path / ".env").write_text("APP_ENV=dev\nSTRIPE_SECRET_KEY=sk_test_change_me\nSTRIPE_WEBHOOK_SECRET=\n")
    monkeypatch.delenv("STRIPE_SECRET_KEY", raising=False)
    assert hits(run(tmp_path, from_env=True), "GL104") == {(".env", 2), (".env", 3)}  # nothing sets them: defaults run
    monkeypatch.setenv("STRIPE_SECRET_KEY", key("sk", "live", seed="deploy"))
    report = run(tmp_path, from_env=True)
    assert hits(report, "GL104") == {(".env", 3)}  # the webhook secret is still the empty default
    assert not [v for v in report.inventory.values if v.path == ".env" and v.variable == "STRIPE_SECRET_KEY"]


def test_a_real_key_in_a_shadowed_env_default_is_still_reported(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text(f"STRIPE_SECRET_KEY={key('sk', 'test', seed='dotenv')}\n")
    monkeypatch.setenv("STRIPE_SECRET_KEY", key("sk", "live", seed="deploy"))
    assert value_at(run(tmp_path, from_env=True), ".env", 1).key.is_real
