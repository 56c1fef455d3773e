"""Templates by evidence (issue 13, class 1) and development-only surfaces (class 3).

A template is a file meant to be copied by a person (`.env.example`, `*.dist`, a project's own
`examples/` or `docs/` tree). `com/example/` is Spring Initializr's default package and SAM deploys
`template.yaml`: both are production. Storybook, playgrounds, seeds, mocks, e2e and load tests are
never the shipped app. Every decision says why, and `[environments]` overrides it.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath

import pytest
from helpers import hits, run
from hypothesis import given, settings
from hypothesis import strategies as st
from keyfactory import key

from golive.environments import Env, path_parts, stem_and_suffix
from golive.inventory import environment_of


def value_at(report, path: str, line: int):
    (value,) = [v for v in report.inventory.values if (v.path, v.line) == (path, line)]
    return value


# --- Java packages and project-level example trees ----------------------------------------------------

SPRING_CONFIG = (
    'package com.example.shop;\n\nclass StripeConfig {\n  static final String STRIPE_SECRET_KEY = "@@sk_test:spring@@";\n}\n'
)


def test_a_sandbox_key_in_the_spring_default_package_is_production(tree):
    report = run(tree({"pom.xml": "<project/>\n", "src/main/java/com/example/shop/StripeConfig.java": SPRING_CONFIG}))
    assert hits(report, "GL101") == {("src/main/java/com/example/shop/StripeConfig.java", 4)}
    assert value_at(report, "src/main/java/com/example/shop/StripeConfig.java", 4).environment_reason.startswith(
        "production: no environment marker"
    )


def test_the_spring_default_package_reading_the_environment_is_quiet(tree):
    java = 'package com.example.shop;\n\nclass StripeConfig {\n  String key = System.getenv("STRIPE_SECRET_KEY");\n}\n'
    report = run(tree({"pom.xml": "<project/>\n", "src/main/java/com/example/shop/StripeConfig.java": java}))
    assert hits(report, "GL101") == set()
    assert not any(v.environment is Env.TEMPLATE for v in report.inventory.values)


def test_examples_and_docs_at_the_root_or_an_app_root_are_templates(tree):
    files = {
        "examples/checkout/config.py": 'STRIPE_SECRET_KEY = "@@sk_test:ex1@@"\n',
        "packages/api/package.json": "{}\n",
        "packages/api/docs/config.py": 'STRIPE_SECRET_KEY = "@@sk_test:ex2@@"\n',
        "src/main/java/com/example/docs/DocsConfig.java": (
            'class DocsConfig {\n  static final String STRIPE_SECRET_KEY = "@@sk_test:ex3@@";\n}\n'
        ),
    }
    report = run(tree(files))
    assert hits(report, "GL101") == {("src/main/java/com/example/docs/DocsConfig.java", 2)}  # docs/ inside a package is code
    assert value_at(report, "examples/checkout/config.py", 1).environment_reason == (
        "template: inside examples/ at the repository root, a tree of examples and documentation"
    )
    assert value_at(report, "packages/api/docs/config.py", 1).environment_reason == (
        "template: inside docs/ at the app root packages/api/, a tree of examples and documentation"
    )


@pytest.mark.parametrize(
    ("path", "env", "why"),
    [
        (".env.example", Env.TEMPLATE, "file name .env.example"),
        ("example.env", Env.TEMPLATE, "file name example.env"),
        ("config/app.yml.dist", Env.TEMPLATE, "the .dist ending"),
        ("config/settings.py.sample", Env.TEMPLATE, "the .sample ending"),
        ("wp-config-sample.php", Env.TEMPLATE, "marked sample"),
        ("config/stripe.example.json", Env.TEMPLATE, "marked example"),
        ("template.yaml", Env.PRODUCTION, "no environment marker"),  # SAM's file, not a template by name
        ("example.py", Env.PRODUCTION, "no environment marker"),
        ("src/main/java/com/example/shop/Billing.java", Env.PRODUCTION, "no environment marker"),
        ("chart/templates/_helpers.tpl", Env.PRODUCTION, "no environment marker"),  # Helm renders it
    ],
)
def test_template_names(path, env, why):
    found, reason = environment_of(path, Env.PRODUCTION, {})
    assert (found, why in reason) == (env, True), reason


def test_config_overrides_a_template(tree):
    root = tree(
        {".env.example": "STRIPE_SECRET_KEY=@@sk_test:tpl@@\n", "golive.toml": '[environments]\n".env.example" = "production"\n'}
    )
    report = run(root)
    assert hits(report, "GL101") == {(".env.example", 1)}
    assert value_at(report, ".env.example", 1).environment_reason == "production: golive config maps '.env.example' to production"


# --- SAM, CloudFormation and CDK --------------------------------------------------------------------------

SAM_TEMPLATE = """\
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  StripeWebhookSecret:
    Type: String
    NoEcho: true
Globals:
  Function:
    Environment:
      Variables:
        STRIPE_WEBHOOK_SECRET: !Ref StripeWebhookSecret
Resources:
  CheckoutFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Environment:
        Variables:
          STRIPE_SECRET_KEY: @@sk_test:sam@@
          TABLE_ARN: !GetAtt Orders.Arn
          STRIPE_PRICE_LOOKUP: !Sub "${Prefix}-price"
"""
SAMCONFIG = (
    'version = 0.1\n[default.deploy.parameters]\nstack_name = "shop-api"\n[prod.deploy.parameters]\n'
    'stack_name = "shop-api-prod"\n'
)


def test_a_sandbox_key_in_a_sam_template_deployed_to_production(tree):
    report = run(tree({"template.yaml": SAM_TEMPLATE, "samconfig.toml": SAMCONFIG}))
    assert hits(report, "GL101") == {("template.yaml", 19)}
    assert hits(report, "GL104") == set()  # !Ref and !Sub are filled in by CloudFormation
    assert hits(report, "GL901") == set()  # short tags are no broken YAML
    found = value_at(report, "template.yaml", 19)
    assert (
        found.environment_reason
        == "production: samconfig.toml config env prod deploys stack shop-api-prod (sam deploy --config-env prod)"
    )
    assert found.exposure_reason == "server: environment of Lambda function CheckoutFunction, set on the function"
    assert value_at(report, "template.yaml", 11).key.value.startswith("${Ref:")


def test_a_sam_template_deployed_only_to_development_is_not_production(tree):
    samconfig = 'version = 0.1\n[default.deploy.parameters]\nstack_name = "shop-api-dev"\n'
    report = run(tree({"template.yaml": SAM_TEMPLATE, "samconfig.toml": samconfig}))
    assert hits(report, "GL101") == set()
    assert value_at(report, "template.yaml", 19).environment is Env.DEVELOPMENT


def test_a_sam_template_without_samconfig_takes_its_stage_default_else_the_target(tree):
    staged = SAM_TEMPLATE.replace("Parameters:\n", "Parameters:\n  Stage:\n    Type: String\n    Default: staging\n")
    report = run(tree({"staged/template.yaml": staged, "plain/template.yaml": SAM_TEMPLATE}))
    assert hits(report, "GL101") == {("plain/template.yaml", 19)}
    assert (
        value_at(report, "staged/template.yaml", 22).environment_reason
        == "staging: template.yaml parameter Stage defaults to staging"
    )


def test_samconfig_parameter_overrides_are_the_stack_parameters_of_their_config_env(tree):
    samconfig = (
        'version = 0.1\n[dev.deploy.parameters]\nparameter_overrides = "Stage=dev StripeSecretKey=@@sk_test:dev@@"\n'
        '[prod.deploy.parameters]\nparameter_overrides = "Stage=prod StripeSecretKey=@@sk_test:prod@@"\n'
    )
    report = run(tree({"samconfig.toml": samconfig}))
    assert hits(report, "GL101") == {("samconfig.toml", 5)}
    assert value_at(report, "samconfig.toml", 3).environment is Env.DEVELOPMENT


def test_a_file_named_like_a_template_without_cloudformation_is_a_template(tree):
    report = run(
        tree(
            {
                "config/stripe.template.yaml": "stripe:\n  secret_key: @@sk_test:copy@@\n",
                "template.yml": "stripe_key: @@sk_test:plain@@\n",
            }
        )
    )
    assert hits(report, "GL101") == {("template.yml", 1)}  # a bare template.yml is not marked by its name
    assert value_at(report, "config/stripe.template.yaml", 2).environment_reason == (
        "template: file name stripe.template.yaml: marked template, a file meant to be copied"
    )


def test_cloudformation_under_any_yaml_name_and_cdk_output(tree):
    stack = SAM_TEMPLATE.replace("Transform: AWS::Serverless-2016-10-31\n", "").replace(
        "AWS::Serverless::Function", "AWS::Lambda::Function"
    )
    cdk = {
        "Resources": {
            "Checkout": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "Environment": {"Variables": {"STRIPE_SECRET_KEY": key("sk", "test", seed="cdk"), "TABLE": {"Ref": "Orders"}}}
                },
            }
        }
    }
    files = {
        "infra/stack.yml": stack,
        "cdk.out/ShopProdStack.template.json": json.dumps(cdk, indent=1),
        "cdk.out/ShopDevStack.template.json": json.dumps(cdk, indent=1),
    }
    report = run(tree(files))
    assert hits(report, "GL101") == {("infra/stack.yml", 18), ("cdk.out/ShopProdStack.template.json", 8)}
    assert value_at(report, "cdk.out/ShopProdStack.template.json", 8).environment_reason == (
        "production: CDK stack ShopProdStack (cdk.out/ShopProdStack.template.json)"
    )
    assert value_at(report, "cdk.out/ShopDevStack.template.json", 8).environment is Env.DEVELOPMENT


def test_config_overrides_a_deploy_descriptor(tree):
    root = tree(
        {"template.yaml": SAM_TEMPLATE, "samconfig.toml": SAMCONFIG, "golive.toml": '[environments]\n"template.yaml" = "test"\n'}
    )
    assert hits(run(root), "GL101") == set()


def test_alias_bombs_stay_guarded_with_short_tags(tree):
    bomb = (
        "AWSTemplateFormatVersion: '2010-09-09'\na: &a [!Ref x, !Ref x, !Ref x, !Ref x, !Ref x, !Ref x, !Ref x, !Ref x, !Ref x]\n"
    )
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [" + ", ".join(f"*{previous}" for _ in range(9)) + "]\n"
    report = run(tree({"template.yaml": bomb}))
    assert any(f.check_id == "GL901" and f.path == "template.yaml" for f in report.findings)


# --- Development-only surfaces ----------------------------------------------------------------------------

COMPONENT = 'const STRIPE_PUBLISHABLE_KEY = "@@pk_test:SEED@@";\n'


@pytest.mark.parametrize(
    ("path", "env", "why"),
    [
        ("src/components/Button.stories.tsx", Env.DEVELOPMENT, "Storybook"),
        (".storybook/preview.tsx", Env.DEVELOPMENT, "Storybook"),
        ("playground/app.tsx", Env.DEVELOPMENT, "playground"),
        ("prisma/seed.ts", Env.DEVELOPMENT, "seed data"),
        ("db/seeds/stripe.ts", Env.DEVELOPMENT, "seed data"),
        ("src/__mocks__/stripe.ts", Env.TEST, "mocks"),
        ("mocks/handlers.ts", Env.TEST, "mocks"),
        ("cypress/support/pay.ts", Env.TEST, "end-to-end"),
        ("playwright/checkout.ts", Env.TEST, "end-to-end"),
        ("e2e/checkout.ts", Env.TEST, "e2e"),
        ("k6/checkout.ts", Env.TEST, "load tests"),
        ("load-tests/checkout.ts", Env.TEST, "load-tests"),
        ("locustfile.ts", Env.TEST, "load tests"),
    ],
)
def test_development_only_surfaces_are_not_production(tree, path, env, why):
    report = run(
        tree({path: COMPONENT.replace("SEED", "surface"), "src/components/Button.tsx": COMPONENT.replace("SEED", "app")})
    )
    assert hits(report, "GL101") == {("src/components/Button.tsx", 1)}  # the shipped component still fires
    found = value_at(report, path, 1)
    assert found.environment is env and why in found.environment_reason, found.environment_reason


def test_rails_seeds_are_development_and_config_overrides_them(tree):
    seeds = {"db/seeds.rb": "Stripe.api_key = '@@sk_test:seeds@@'\n"}
    report = run(tree(seeds))
    assert hits(report, "GL101") == set()
    assert (
        value_at(report, "db/seeds.rb", 1).environment_reason
        == "development: file name seeds.rb: seed data fills development databases"
    )
    overridden = run(tree({**seeds, "golive.toml": '[environments]\n"db/seeds.rb" = "production"\n'}))
    assert hits(overridden, "GL101") == {("db/seeds.rb", 1)}


def test_a_playground_is_development_only_as_a_project_folder(tree):
    files = {
        "apps/web/package.json": "{}\n",
        "apps/web/app/playground/page.tsx": COMPONENT.replace("SEED", "route"),  # a route the Next.js app serves
        "apps/playground/package.json": "{}\n",
        "apps/playground/src/App.tsx": COMPONENT.replace("SEED", "sandbox"),  # an app of its own
    }
    report = run(tree(files))
    assert hits(report, "GL101") == {("apps/web/app/playground/page.tsx", 1)}
    assert value_at(report, "apps/playground/src/App.tsx", 1).environment is Env.DEVELOPMENT


@pytest.mark.parametrize("path", ["app/src/androidTest/java/com/acme/shop/CheckoutTest.kt", "ShopUITests/CheckoutTests.swift"])
def test_test_source_sets_are_test(path):
    found, reason = environment_of(path, Env.PRODUCTION, {})
    assert found is Env.TEST and "a test source set" in reason


def test_seeds_a_release_phase_runs_ship(tree):
    files = {
        "db/seeds.rb": "Stripe.api_key = '@@sk_test:release@@'\n",
        "Procfile": "web: bundle exec puma\nrelease: bundle exec rails db:migrate db:seed\n",
    }
    report = run(tree(files))
    assert hits(report, "GL101") == {("db/seeds.rb", 1)}
    assert value_at(report, "db/seeds.rb", 1).environment_reason == (
        "production: db/seeds.rb is loaded by Procfile process release (Procfile, line 2), which runs the seeds; --env production"
    )
    assert (
        hits(run(tree({**files, "Procfile": "web: bundle exec puma\nrelease: bundle exec rails db:migrate\n"})), "GL101") == set()
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "src", "b.c", ".env", "notes.", "..", ".", "", "x.tar.gz", "README", ".github"]), max_size=5),
    st.sampled_from(["a.py", ".env", "notes.", "..", "x.tar.gz", "env.example", "README"]),
)
def test_paths_are_read_as_pathlib_reads_them(folders, name):
    """The inventory splits paths as strings (pathlib cost it 14 ms a run): the same parts, stem and suffix."""
    path = "/".join([*folders, name]).lstrip("/")
    posix = PurePosixPath(path)
    assert path_parts(path) == list(posix.parts)
    assert stem_and_suffix(posix.name) == (posix.stem, posix.suffix)
