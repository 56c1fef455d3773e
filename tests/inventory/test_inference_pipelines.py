"""CI pipelines: artifacts carry their environment (issue 13, class 4).

A build job that declares no environment is CI, except when a deploy job ships what it builds: a
publishable key in the build's env is inlined into the bundle the production deploy serves. GitHub
passes files through upload-artifact/download-artifact between jobs that `needs` each other; GitLab
through `artifacts` to the jobs in `dependencies`, `needs`, or, by default, every later stage.
"""

from __future__ import annotations

import pytest
from helpers import hits, run

WORKFLOW = ".github/workflows/ci.yml"
GITHUB = """\
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: '@@pk_test:build@@'
    steps:
      - run: npm ci && npm run build
      - uses: actions/upload-artifact@v4
        with:
          name: web-dist
          path: .next/
  e2e:
    runs-on: ubuntu-latest
    needs: build
    steps:
      - uses: actions/download-artifact@v4
  deploy:
    needs: [e2e]
    environment: ENVIRONMENT
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          name: DOWNLOADED
      - run: npx vercel deploy --prebuilt --prod
"""


def value_at(report, path: str, line: int):
    (value,) = [v for v in report.inventory.values if (v.path, v.line) == (path, line)]
    return value


def github(environment: str = "production", downloaded: str = "web-dist") -> dict[str, str]:
    return {WORKFLOW: GITHUB.replace("ENVIRONMENT", environment).replace("DOWNLOADED", downloaded)}


def test_github_build_job_whose_artifact_production_ships_is_production(tree):
    report = run(tree(github()))
    assert hits(report, "GL101") == {(WORKFLOW, 6)}
    assert value_at(report, WORKFLOW, 6).environment_reason == (
        "production: GitHub Actions job build builds the artifact web-dist, which job deploy deploys"
        " (GitHub Actions job deploy environment production)"
    )


@pytest.mark.parametrize(
    ("files", "env"),
    [
        (github(environment="staging"), "staging"),  # the artifact goes to staging only
        (github(downloaded="docs-site"), "test"),  # the deploy ships another artifact
        ({WORKFLOW: GITHUB.replace("ENVIRONMENT", "production").split("  deploy:")[0]}, "test"),  # only tests use it
    ],
)
def test_github_build_job_not_shipped_to_production_is_not_production(tree, files, env):
    report = run(tree(files))
    assert hits(report, "GL101") == set()
    assert value_at(report, WORKFLOW, 6).environment.value == env


GITLAB = """\
stages: [build, test, deploy]
build:
  stage: build
  variables:
    VITE_STRIPE_PUBLISHABLE_KEY: '@@pk_test:gitlab@@'
  script: [npm ci, npm run build]
  artifacts:
    paths: [dist/]
unit:
  stage: test
  script: [npm test]
deploy_production:
  stage: deploy
  environment: production
  CONSUMES
  script: [aws s3 sync dist/ s3://shop-web]
"""


@pytest.mark.parametrize(
    "consumes",
    [
        "",  # no dependencies nor needs: every earlier stage's artifacts
        "needs: [build]",
        "needs: [{job: build, artifacts: true}]",
        "dependencies: [build]",
    ],
)
def test_gitlab_build_job_whose_artifacts_production_deploys_is_production(tree, consumes):
    report = run(tree({".gitlab-ci.yml": GITLAB.replace("CONSUMES", consumes)}))
    assert hits(report, "GL101") == {(".gitlab-ci.yml", 5)}
    assert value_at(report, ".gitlab-ci.yml", 5).environment_reason == (
        "production: GitLab CI job build builds the artifacts dist/, which job deploy_production deploys"
        " (GitLab CI job deploy_production environment production)"
    )


@pytest.mark.parametrize(
    "consumes",
    [
        "dependencies: []",  # takes no artifacts
        "needs: [{job: build, artifacts: false}]",
        "needs: [unit]",  # needs only the tests, whose job has no artifacts
    ],
)
def test_gitlab_build_job_whose_artifacts_production_does_not_take_stays_ci(tree, consumes):
    report = run(tree({".gitlab-ci.yml": GITLAB.replace("CONSUMES", consumes)}))
    assert hits(report, "GL101") == set()
    assert (
        value_at(report, ".gitlab-ci.yml", 5).environment_reason == "test: GitLab CI job build declares no deployment environment"
    )


def test_config_overrides_the_pipeline_inference(tree):
    files = {**github(), "golive.toml": '[environments]\n".github/workflows/*" = "test"\n'}
    report = run(tree(files))
    assert hits(report, "GL101") == set()
    assert value_at(report, WORKFLOW, 6).environment_reason == "test: golive config maps '.github/workflows/*' to test"


GITLAB_IMAGE = """\
stages: [build, test, deploy]
build_image:
  stage: build
  variables:
    STRIPE_SECRET_KEY: '@@sk_test:image@@'
  script:
    - docker build --build-arg STRIPE_SECRET_KEY=$STRIPE_SECRET_KEY -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA .
    - PUSH
deploy_live:
  stage: deploy
  dependencies: [build_image]
  environment:
    name: live
  script: [helm upgrade --install shop chart/ --set image.tag=$CI_COMMIT_SHA]
"""


def test_gitlab_build_job_whose_image_the_live_deploy_rolls_out_is_production(tree):
    report = run(tree({".gitlab-ci.yml": GITLAB_IMAGE.replace("PUSH", "docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA")}))
    assert hits(report, "GL101") == {(".gitlab-ci.yml", 5)}
    assert value_at(report, ".gitlab-ci.yml", 5).environment_reason == (
        "production: GitLab CI job build_image builds the image it pushes, which job deploy_live deploys (GitLab CI job "
        "deploy_live environment live)"
    )
    unpushed = run(
        tree({".gitlab-ci.yml": GITLAB_IMAGE.replace("PUSH", "docker run --rm $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA npm test")})
    )
    assert hits(unpushed, "GL101") == set()


def test_github_build_job_pushing_the_image_production_deploys(tree):
    workflow = (
        "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n"
        "    env:\n      STRIPE_SECRET_KEY: '@@sk_test:push@@'\n"
        "    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: PUSHED\n"
        "  deploy:\n    needs: image\n    environment: production\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: kubectl rollout restart deploy/api\n"
    )
    assert hits(run(tree({WORKFLOW: workflow.replace("PUSHED", "true")})), "GL101") == {(WORKFLOW, 6)}
    assert hits(run(tree({WORKFLOW: workflow.replace("PUSHED", "false")})), "GL101") == set()
