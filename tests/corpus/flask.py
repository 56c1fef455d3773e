"""Flask and FastAPI services: Railway, AWS SAM, Serverless Framework, CloudFormation, Terraform; stripe-python webhooks."""

from __future__ import annotations

from corpus import E, app, keys, live_env

ECO = "flask-fastapi"

FASTAPI = """import os

import stripe
from fastapi import FastAPI, Header, HTTPException, Request

from .orders import fulfil

stripe.api_key = os.environ["STRIPE_SECRET_KEY"]
WEBHOOK_SECRET = os.environ["STRIPE_WEBHOOK_SECRET"]

app = FastAPI()


@app.post("/checkout")
async def checkout(sku: str):
    session = stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": sku, "quantity": 1}],
        success_url="https://shop.acme.test/thanks",
        cancel_url="https://shop.acme.test/cart",
    )
    return {"url": session.url}


@app.post("/webhooks/stripe")
async def stripe_webhook(request: Request, stripe_signature: str = Header(None)):
    payload = await request.body()
    try:
        event = stripe.Webhook.construct_event(payload=payload, sig_header=stripe_signature, secret=WEBHOOK_SECRET)
    except (ValueError, stripe.error.SignatureVerificationError):
        raise HTTPException(status_code=400, detail="invalid payload or signature")

    if event["type"] == "checkout.session.completed":
        await fulfil(event["data"]["object"])
    return {"received": True}
"""

FLASK = """import os

import stripe
from flask import Flask, abort, jsonify, request

from orders import fulfil

stripe.api_key = os.environ["STRIPE_SECRET_KEY"]
endpoint_secret = os.environ["STRIPE_WEBHOOK_SECRET"]

app = Flask(__name__)


@app.post("/webhook")
def webhook():
    payload = request.data
    sig_header = request.headers.get("Stripe-Signature")
    try:
        event = stripe.Webhook.construct_event(payload, sig_header, endpoint_secret)
    except ValueError:
        abort(400)
    except stripe.error.SignatureVerificationError:
        abort(400)

    if event["type"] == "payment_intent.succeeded":
        fulfil(event["data"]["object"]["id"])
    return jsonify(success=True)
"""

FLASK_CONSTRUCT_FROM = FLASK.replace(
    """    payload = request.data
    sig_header = request.headers.get("Stripe-Signature")
    try:
        event = stripe.Webhook.construct_event(payload, sig_header, endpoint_secret)
    except ValueError:
        abort(400)
    except stripe.error.SignatureVerificationError:
        abort(400)
""",
    """    event = stripe.Event.construct_from(request.get_json(), stripe.api_key)
""",
)

ORDERS = """import logging

log = logging.getLogger(__name__)


async def fulfil(session):
    log.info("fulfilling %s", session["id"])
"""

LAMBDA = """import json
import os

import stripe

stripe.api_key = os.environ["STRIPE_SECRET_KEY"]
WEBHOOK_SECRET = os.environ["STRIPE_WEBHOOK_SECRET"]


def handler(event, context):
    try:
        stripe_event = stripe.Webhook.construct_event(
            event["body"], event["headers"].get("stripe-signature"), WEBHOOK_SECRET)
    except (ValueError, stripe.error.SignatureVerificationError):
        return {"statusCode": 400, "body": "bad signature"}
    if stripe_event["type"] == "invoice.paid":
        print(json.dumps({"paid": stripe_event["data"]["object"]["id"]}))
    return {"statusCode": 200, "body": "ok"}
"""


def fastapi_app(seed: str, **replace: str | None) -> dict[str, str]:
    files = {
        "pyproject.toml": '[project]\nname = "shop-api"\nversion = "0.9.0"\nrequires-python = ">=3.11"\n'
        'dependencies = ["fastapi>=0.111", "uvicorn[standard]>=0.30", "stripe>=10.3"]\n',
        "app/__init__.py": "",
        "app/main.py": FASTAPI,
        "app/orders.py": ORDERS,
        ".gitignore": "__pycache__/\n.venv/\n.env\n",
        "railway.json": '{\n  "$schema": "https://railway.app/railway.schema.json",\n  "build": { "builder": "NIXPACKS" },\n'
        '  "deploy": { "startCommand": "uvicorn app.main:app --host 0.0.0.0 --port $PORT" }\n}\n',
    }
    for path, text in replace.items():
        if text is None:
            files.pop(path, None)
        else:
            files[path] = text
    return files


def env(seed: str) -> dict[str, str]:
    return live_env(seed, publishable="")


app(
    "fastapi-railway-shop",
    ECO,
    "railway",
    fastapi_app("fpa"),
    ready=True,
    holds=(11,),
    deploy_env=env("fpa"),
    why="Railway's variables supply the keys; construct_event verifies each event",
)

app(
    "fastapi-tolerance-disabled",
    ECO,
    "railway",
    fastapi_app("fpb", **{"app/main.py": FASTAPI.replace("secret=WEBHOOK_SECRET)", "secret=WEBHOOK_SECRET, tolerance=None)")}),
    ready=False,
    fires=(11,),
    deploy_env=env("fpb"),
    expect=(E("GL402", "app/main.py", "tolerance=None"),),
    why="tolerance=None turns off the timestamp check: any captured event can be replayed forever",
)

app(
    "flask-construct-from-unverified",
    ECO,
    "heroku",
    {
        "requirements.txt": "Flask==3.0.3\nstripe==10.3.0\ngunicorn==22.0.0\n",
        "app.py": FLASK_CONSTRUCT_FROM,
        "orders.py": ORDERS.replace("async def", "def"),
        "Procfile": "web: gunicorn app:app\n",
        ".gitignore": "__pycache__/\n.env\n",
    },
    ready=False,
    fires=(11,),
    deploy_env=env("fpc"),
    expect=(E("GL402", "app.py", '"payment_intent.succeeded"'),),
    why="stripe.Event.construct_from builds an Event from the posted JSON: it does not verify anything",
)

SAM = """AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Description: Stripe webhooks for the shop

Globals:
  Function:
    Runtime: python3.12
    Timeout: 10

Resources:
  StripeWebhookFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: webhook.handler
      Environment:
        Variables:
          STRIPE_SECRET_KEY: {sk}
          STRIPE_WEBHOOK_SECRET: {wh}
      Events:
        Webhook:
          Type: HttpApi
          Properties:
            Path: /stripe/webhook
            Method: post
"""

SAMCONFIG = """version = 0.1

[default.deploy.parameters]
stack_name = "shop-webhooks-prod"
region = "eu-west-1"
capabilities = "CAPABILITY_IAM"
confirm_changeset = true
"""


def sam(seed: str, sk: str, wh: str) -> dict[str, str]:
    return {
        "template.yaml": SAM.format(sk=sk, wh=wh),
        "samconfig.toml": SAMCONFIG,
        "src/webhook.py": LAMBDA,
        "src/requirements.txt": "stripe==10.3.0\n",
        ".gitignore": ".aws-sam/\n",
        "README.md": "# Shop webhooks\n\n`sam build && sam deploy` deploys the stack in samconfig.toml.\n",
    }


k = keys("fpd")
app(
    "sam-template-sandbox-key",
    ECO,
    "sam",
    sam("fpd", k["sk_test"], "{{resolve:secretsmanager:shop/stripe:SecretString:webhook_secret}}"),
    ready=False,
    fires=(1,),
    deploy_env=env("fpd"),
    expect=(E("GL101", "template.yaml", "STRIPE_SECRET_KEY:"),),
    why="template.yaml is the file `sam deploy` deploys (to the stack shop-webhooks-prod), not a template for people",
)

app(
    "sam-template-dynamic-references",
    ECO,
    "sam",
    sam(
        "fpe",
        "{{resolve:secretsmanager:shop/stripe:SecretString:secret_key}}",
        "{{resolve:secretsmanager:shop/stripe:SecretString:webhook_secret}}",
    ),
    ready=True,
    holds=(1,),
    deploy_env=env("fpe"),
    why="CloudFormation dynamic references resolve the secrets at deploy time",
)

SERVERLESS = """service: shop-billing
frameworkVersion: "3"

provider:
  name: aws
  runtime: python3.12
  stage: ${{opt:stage, 'prod'}}
  region: eu-west-1
  environment:
    STRIPE_SECRET_KEY: {sk}
    STRIPE_WEBHOOK_SECRET: ${{ssm:/shop/${{sls:stage}}/stripe-webhook-secret}}

functions:
  webhook:
    handler: src/webhook.handler
    events:
      - httpApi:
          path: /stripe/webhook
          method: post
"""

app(
    "serverless-yml-placeholder",
    ECO,
    "serverless",
    {
        "serverless.yml": SERVERLESS.format(sk="sk_test_xxxxxxxxxxxxxxxxxxxx"),
        "src/webhook.py": LAMBDA,
        "requirements.txt": "stripe==10.3.0\n",
        "package.json": '{\n  "devDependencies": { "serverless": "^3.39.0" }\n}\n',
    },
    ready=False,
    fires=(1,),
    deploy_env=env("fpf"),
    expect=(E("GL104", "serverless.yml", "STRIPE_SECRET_KEY:"),),
    why="serverless.yml deploys the prod stage with the placeholder as the API key",
)

app(
    "serverless-yml-ssm",
    ECO,
    "serverless",
    {
        "serverless.yml": SERVERLESS.format(sk="${ssm:/shop/${sls:stage}/stripe-secret-key}"),
        "src/webhook.py": LAMBDA,
        "requirements.txt": "stripe==10.3.0\n",
        "package.json": '{\n  "devDependencies": { "serverless": "^3.39.0" }\n}\n',
    },
    ready=True,
    holds=(1,),
    deploy_env=env("fpg"),
    why="the keys come from SSM Parameter Store at deploy",
)

CFN = """AWSTemplateFormatVersion: "2010-09-09"
Description: Billing worker
Parameters:
  Stage:
    Type: String
    Default: prod
Resources:
  BillingWorker:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: worker.handler
      Role: !GetAtt WorkerRole.Arn
      Code:
        S3Bucket: acme-artifacts
        S3Key: billing-worker.zip
      Environment:
        Variables:
          STRIPE_SECRET_KEY: {sk}
"""

app(
    "cloudformation-stack-sandbox",
    ECO,
    "cloudformation",
    {
        "cloudformation/billing-worker.yaml": CFN.format(sk=keys("fph")["sk_test"]),
        "worker.py": 'import os\n\nimport stripe\n\nstripe.api_key = os.environ["STRIPE_SECRET_KEY"]\n\n\ndef handler(event, context):\n'
        "    return stripe.Balance.retrieve()\n",
        ".github/workflows/deploy.yml": "name: deploy\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n"
        "    environment: production\n    steps:\n      - uses: actions/checkout@v4\n      - uses: aws-actions/aws-cloudformation-github-deploy@v1\n"
        "        with:\n          name: billing-worker-prod\n          template: cloudformation/billing-worker.yaml\n",
    },
    ready=False,
    fires=(1,),
    expect=(E("GL101", "cloudformation/billing-worker.yaml", "STRIPE_SECRET_KEY:"),),
    why="the production workflow deploys this CloudFormation template: its sandbox key is production's",
)

DOCS = """# Webhooks

Run the Stripe CLI and paste the printed secret:

```sh
stripe listen --forward-to localhost:8000/webhooks/stripe
export STRIPE_WEBHOOK_SECRET={wh}
export STRIPE_SECRET_KEY={sk}
```
"""

app(
    "fastapi-docs-folder",
    ECO,
    "railway",
    fastapi_app("fpi")
    | {
        "docs/webhooks.md": DOCS.format(wh=keys("fpidoc")["whsec"], sk=keys("fpidoc")["sk_test"]),
        "docs/conf.py": 'project = "shop-api"\nextensions = ["myst_parser"]\n',
    },
    ready=True,
    holds=(1,),
    deploy_env=env("fpi"),
    why="documentation shows a developer's sandbox setup; it configures nothing",
)

TFSTATE = """{{
  "version": 4,
  "terraform_version": "1.8.5",
  "resources": [
    {{
      "mode": "managed",
      "type": "aws_lambda_function",
      "name": "webhook",
      "instances": [
        {{
          "attributes": {{
            "function_name": "shop-webhook-prod",
            "environment": [
              {{
                "variables": {{
                  "STRIPE_SECRET_KEY": "{sk}",
                  "stripe_webhook_secret": "{wh}"
                }}
              }}
            ]
          }}
        }}
      ]
    }}
  ]
}}
"""

k = keys("fpj")
app(
    "terraform-state-real-whsec",
    ECO,
    "terraform",
    fastapi_app("fpj", **{"railway.json": None})
    | {
        "infra/prod/main.tf": 'resource "aws_lambda_function" "webhook" {\n  function_name = "shop-webhook-prod"\n'
        "  environment {\n    variables = {\n      STRIPE_SECRET_KEY     = var.stripe_secret_key\n"
        "      stripe_webhook_secret = var.stripe_webhook_secret\n    }\n  }\n}\n",
        "infra/prod/terraform.tfstate": TFSTATE.format(sk=k["sk_live"], wh=k["whsec"]),
        ".gitignore": "__pycache__/\n.venv/\n*.tfstate\n*.tfstate.backup\n.terraform/\n",
    },
    ready=True,
    holds=(9,),
    why="the local (git-ignored) state of the prod stack holds the real values; a real whsec_ under stripe_webhook_secret "
    "is the signing secret production has, not a placeholder",
)

MODE_CHECK = """import os

import stripe

LIVE = os.environ.get("APP_ENV") == "production"
EXPECTED_PREFIX = "sk_" + ("live" if LIVE else "test") + "_"

stripe.api_key = os.environ["STRIPE_SECRET_KEY"]
if not stripe.api_key.startswith(EXPECTED_PREFIX):
    raise RuntimeError(f"STRIPE_SECRET_KEY must start with {EXPECTED_PREFIX} (see https://dashboard.stripe.com/test/apikeys)")
"""

app(
    "fastapi-key-mode-guard",
    ECO,
    "railway",
    fastapi_app("fpk") | {"app/stripe_guard.py": MODE_CHECK},
    ready=True,
    holds=(7,),
    deploy_env=env("fpk"),
    why="a prefix built from fragments to check the key's mode is not a key and not a placeholder",
)

MANIFEST_ANNOTATIONS = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-api
  namespace: shop-prod
  annotations:
    acme.test/stripe-endpoint: https://dashboard.stripe.com/webhooks/we_1PshopLiveEndpoint
    acme.test/runbook: https://wiki.acme.test/payments/rotating-sk_live-keys
spec:
  template:
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/shop-api:0.9.0
          envFrom:
            - secretRef:
                name: shop-api-stripe
"""

app(
    "fastapi-k8s-annotation-urls",
    ECO,
    "k8s",
    fastapi_app("fpl", **{"railway.json": None}) | {"k8s/deployment.yaml": MANIFEST_ANNOTATIONS},
    ready=True,
    holds=(7,),
    deploy_env=env("fpl"),
    why="URLs that mention webhook endpoints and sk_live in a runbook path carry no key",
)

k = keys("fpm")
app(
    "terraform-state-webhook-placeholder",
    ECO,
    "terraform",
    fastapi_app("fpm", **{"railway.json": None})
    | {
        "infra/prod/main.tf": 'resource "aws_lambda_function" "webhook" {\n  function_name = "shop-webhook-prod"\n}\n',
        "infra/prod/terraform.tfstate": TFSTATE.format(sk="{{resolve:secretsmanager:shop/stripe}}", wh="whsec_..."),
        ".gitignore": "__pycache__/\n.venv/\n*.tfstate\n",
    },
    ready=False,
    fires=(9,),
    deploy_env=live_env("fpm", webhook=False, publishable=""),
    expect=(E("GL401", "infra/prod/terraform.tfstate", '"stripe_webhook_secret"'),),
    maybe=(E("GL104", "infra/prod/terraform.tfstate", '"stripe_webhook_secret"'), E("GL401", "app/main.py", "construct_event")),
    why="the production stack's state says the Lambda runs with stripe_webhook_secret = whsec_...: the handler that "
    "verifies has no signing secret",
)
