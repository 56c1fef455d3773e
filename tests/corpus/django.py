"""Django apps: Heroku, Fly, compose and Kustomize deploys; stripe-python webhooks and dj-stripe."""

from __future__ import annotations

from corpus import E, app, keys, live_env
from corpus.blocks import dockerfile_python, fly_toml, k8s_deployment, kustomization

ECO = "django"

SETTINGS = """from pathlib import Path
import os

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "payments",
]

ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"

STRIPE_SECRET_KEY = os.environ["STRIPE_SECRET_KEY"]
STRIPE_PUBLISHABLE_KEY = os.environ["STRIPE_PUBLISHABLE_KEY"]
STRIPE_WEBHOOK_SECRET = os.environ["STRIPE_WEBHOOK_SECRET"]
"""

VIEWS = """import stripe
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import Order

stripe.api_key = settings.STRIPE_SECRET_KEY


@require_POST
def create_checkout_session(request):
    order = Order.objects.create(user=request.user, sku=request.POST["sku"])
    session = stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": order.price_id, "quantity": 1}],
        client_reference_id=str(order.pk),
        success_url=request.build_absolute_uri("/thanks/"),
        cancel_url=request.build_absolute_uri("/cart/"),
    )
    return JsonResponse({"url": session.url})


@csrf_exempt
@require_POST
def stripe_webhook(request):
    payload = request.body
    sig_header = request.META.get("HTTP_STRIPE_SIGNATURE")
    try:
        event = stripe.Webhook.construct_event(payload, sig_header, settings.STRIPE_WEBHOOK_SECRET)
    except ValueError:
        return HttpResponse(status=400)
    except stripe.error.SignatureVerificationError:
        return HttpResponse(status=400)

    if event["type"] == "checkout.session.completed":
        session = event["data"]["object"]
        Order.objects.filter(pk=session["client_reference_id"]).update(status="paid")
    return HttpResponse(status=200)
"""

UNVERIFIED_VIEW = """import json

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt

from .models import Order


@csrf_exempt
def stripe_webhook(request):
    event = json.loads(request.body)
    if event["type"] == "checkout.session.completed":
        session = event["data"]["object"]
        Order.objects.filter(pk=session["client_reference_id"]).update(status="paid")
    return HttpResponse(status=200)
"""

MODELS = """from django.conf import settings
from django.db import models


class Order(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    sku = models.CharField(max_length=64)
    price_id = models.CharField(max_length=64)
    status = models.CharField(max_length=16, default="pending")
"""

URLS = """from django.contrib import admin
from django.urls import path

from payments import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("checkout/", views.create_checkout_session, name="checkout"),
    path("stripe/webhook/", views.stripe_webhook, name="stripe-webhook"),
]
"""


def project(seed: str, **replace: str | None) -> dict[str, str]:
    k = keys(seed)
    files = {
        "manage.py": '#!/usr/bin/env python\nimport os\nimport sys\n\nif __name__ == "__main__":\n'
        '    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n'
        "    from django.core.management import execute_from_command_line\n\n    execute_from_command_line(sys.argv)\n",
        "requirements.txt": "Django==5.0.7\nstripe==10.3.0\ngunicorn==22.0.0\npsycopg[binary]==3.2.1\ndj-database-url==2.2.0\n",
        "shop/__init__.py": "",
        "shop/settings.py": SETTINGS,
        "shop/urls.py": URLS,
        "shop/wsgi.py": "import os\n\nfrom django.core.wsgi import get_wsgi_application\n\n"
        'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\napplication = get_wsgi_application()\n',
        "payments/__init__.py": "",
        "payments/models.py": MODELS,
        "payments/views.py": VIEWS,
        "payments/apps.py": 'from django.apps import AppConfig\n\n\nclass PaymentsConfig(AppConfig):\n    name = "payments"\n',
        ".gitignore": "__pycache__/\n*.pyc\n.env\n.venv/\nstaticfiles/\n",
        ".env": f"DJANGO_SECRET_KEY=dev-only-not-secret\nDJANGO_DEBUG=1\nSTRIPE_SECRET_KEY={k['sk_test']}\n"
        f"STRIPE_PUBLISHABLE_KEY={k['pk_test']}\nSTRIPE_WEBHOOK_SECRET={k['whsec']}\n",
        "Procfile": "release: python manage.py migrate --noinput\nweb: gunicorn shop.wsgi --log-file -\n",
        ".python-version": "3.12\n",
    }
    for path, text in replace.items():
        if text is None:
            files.pop(path, None)
        else:
            files[path] = text
    return files


app(
    "django-heroku-shop",
    ECO,
    "heroku",
    project("dja"),
    ready=True,
    holds=(10, 11),
    deploy_env=live_env("dja"),
    why="the root .env is git-ignored and read by nothing in production (settings read os.environ; Heroku config vars "
    "supply the keys): it is the developer's local file",
)

DJSTRIPE_SETTINGS = SETTINGS.replace('    "payments",\n', '    "djstripe",\n    "payments",\n').replace(
    """STRIPE_SECRET_KEY = os.environ["STRIPE_SECRET_KEY"]
STRIPE_PUBLISHABLE_KEY = os.environ["STRIPE_PUBLISHABLE_KEY"]
STRIPE_WEBHOOK_SECRET = os.environ["STRIPE_WEBHOOK_SECRET"]
""",
    """STRIPE_LIVE_SECRET_KEY = os.environ.get("STRIPE_LIVE_SECRET_KEY", "")
STRIPE_TEST_SECRET_KEY = os.environ.get("STRIPE_TEST_SECRET_KEY", "")
STRIPE_LIVE_MODE = os.environ.get("STRIPE_LIVE_MODE") == "1"
DJSTRIPE_WEBHOOK_SECRET = os.environ.get("DJSTRIPE_WEBHOOK_SECRET", "")
DJSTRIPE_FOREIGN_KEY_TO_FIELD = "id"
""",
)

DJSTRIPE_HANDLERS = """from djstripe import webhooks

from .models import Order


@webhooks.handler("checkout.session.completed")
def fulfil(event, **kwargs):
    session = event.data["object"]
    Order.objects.filter(pk=session["client_reference_id"]).update(status="paid")


@webhooks.handler("customer.subscription.deleted")
def cancel(event, **kwargs):
    Order.objects.filter(subscription_id=event.data["object"]["id"]).update(status="cancelled")
"""

DJSTRIPE_URLS = URLS.replace("from django.urls import path", "from django.urls import include, path").replace(
    '    path("stripe/webhook/", views.stripe_webhook, name="stripe-webhook"),\n',
    '    path("stripe/", include("djstripe.urls", namespace="djstripe")),\n',
)


def djstripe(seed: str) -> dict[str, str]:
    k = keys(seed)
    return project(
        seed,
        **{
            "shop/settings.py": DJSTRIPE_SETTINGS,
            "shop/urls.py": DJSTRIPE_URLS,
            "payments/webhooks.py": DJSTRIPE_HANDLERS,
            "payments/views.py": VIEWS.split("@csrf_exempt")[0],
            "requirements.txt": "Django==5.0.7\ndj-stripe==2.7.3\nstripe==4.2.0\ngunicorn==22.0.0\n",
            ".env": f"STRIPE_TEST_SECRET_KEY={k['sk_test']}\nSTRIPE_LIVE_MODE=0\nDJSTRIPE_WEBHOOK_SECRET={k['whsec']}\n",
        },
    )


k = keys("djb")
app(
    "django-djstripe-ready",
    ECO,
    "heroku",
    djstripe("djb"),
    ready=True,
    holds=(11,),
    deploy_env={"STRIPE_LIVE_SECRET_KEY": k["sk_live"], "STRIPE_LIVE_MODE": "1", "DJSTRIPE_WEBHOOK_SECRET": k["whsec"]},
    why="dj-stripe's webhook view verifies every event with DJSTRIPE_WEBHOOK_SECRET before the handlers run",
)

app(
    "django-djstripe-no-signing-secret",
    ECO,
    "heroku",
    djstripe("djc"),
    ready=False,
    fires=(11,),
    deploy_env={"STRIPE_LIVE_SECRET_KEY": keys("djc")["sk_live"], "STRIPE_LIVE_MODE": "1"},
    expect=(E("GL401", "shop/settings.py", "DJSTRIPE_WEBHOOK_SECRET ="),),
    maybe=(
        E("GL104", "shop/settings.py", "DJSTRIPE_WEBHOOK_SECRET ="),
        E("GL401", "shop/urls.py", "djstripe.urls"),
        E("GL401", "payments/webhooks.py", "@webhooks.handler"),
    ),
    why="dj-stripe verifies events only with DJSTRIPE_WEBHOOK_SECRET; production has none, so every event is rejected",
)

app(
    "django-webhook-json-loads",
    ECO,
    "heroku",
    project(
        "djd",
        **{
            "payments/views.py": UNVERIFIED_VIEW,
            "shop/urls.py": URLS.replace('    path("checkout/", views.create_checkout_session, name="checkout"),\n', ""),
        },
    ),
    ready=False,
    fires=(11,),
    deploy_env=live_env("djd"),
    expect=(E("GL402", "payments/views.py", '"checkout.session.completed"'),),
    why="the view trusts json.loads(request.body): forged events are fulfilled",
)

app(
    "django-api-key-docs-literal",
    ECO,
    "fly",
    project(
        "dje",
        **{
            "payments/views.py": VIEWS.replace(
                "stripe.api_key = settings.STRIPE_SECRET_KEY", 'stripe.api_key = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"'
            ),
            "fly.toml": fly_toml("shop-dje", 8000),
            "Dockerfile": dockerfile_python("shop.wsgi:application"),
        },
    ),
    ready=False,
    fires=(6,),
    deploy_env=live_env("dje"),
    expect=(E("GL104", "payments/views.py", "stripe.api_key ="),),
    why="stripe.api_key is set to Stripe's documentation key at import: production calls the API with it",
)

app(
    "django-root-env-baked-into-image",
    ECO,
    "fly",
    project(
        "djf",
        **{
            ".gitignore": "__pycache__/\n*.pyc\n.venv/\n",
            "shop/settings.py": "from dotenv import load_dotenv\n\n"
            + SETTINGS.replace(
                "BASE_DIR = Path(__file__).resolve().parent.parent\n",
                'BASE_DIR = Path(__file__).resolve().parent.parent\nload_dotenv(BASE_DIR / ".env")\n',
            ),
            "Dockerfile": dockerfile_python("shop.wsgi:application"),
            "fly.toml": fly_toml("shop-djf", 8000),
        },
    ),
    ready=False,
    fires=(10,),
    expect=(E("GL101", ".env", "STRIPE_SECRET_KEY="), E("GL101", ".env", "STRIPE_PUBLISHABLE_KEY=")),
    why=".env is not git-ignored, has no .dockerignore to keep it out, is copied by `COPY . .` and loaded by settings.py at "
    "start: the sandbox keys in it are what production runs with",
)

FIXTURE = """[
  {
    "id": "evt_1PbfixtureA",
    "object": "event",
    "type": "checkout.session.completed",
    "data": {"object": {"id": "cs_test_a1", "client_reference_id": "1"}}
  }
]
"""

TEST_WEBHOOK = """import json
import time

import stripe
from django.test import Client, TestCase, override_settings

SECRET = "@@whsec:djgtest@@"


@override_settings(STRIPE_WEBHOOK_SECRET=SECRET, STRIPE_SECRET_KEY="@@sk_test:djgtest@@")
class WebhookTests(TestCase):
    def test_signed_event_is_accepted(self):
        payload = json.dumps({"id": "evt_1", "object": "event", "type": "checkout.session.completed",
                              "data": {"object": {"client_reference_id": "1"}}})
        timestamp = int(time.time())
        signature = stripe.WebhookSignature._compute_signature(f"{timestamp}.{payload}", SECRET)
        response = Client().post("/stripe/webhook/", payload, content_type="application/json",
                                 HTTP_STRIPE_SIGNATURE=f"t={timestamp},v1={signature}")
        self.assertEqual(response.status_code, 200)
"""

SEED = """import stripe

stripe.api_key = "@@sk_test:djgseed@@"

for name, amount in [("T-shirt", 2500), ("Mug", 1200)]:
    product = stripe.Product.create(name=name)
    stripe.Price.create(product=product.id, unit_amount=amount, currency="eur")
"""

app(
    "django-fixtures-tests-seeds",
    ECO,
    "heroku",
    project("djg")
    | {
        "payments/fixtures/stripe_events.json": FIXTURE,
        "payments/tests/__init__.py": "",
        "payments/tests/test_webhooks.py": TEST_WEBHOOK,
        "seeds/stripe_catalogue.py": SEED,
    },
    ready=True,
    holds=(3,),
    deploy_env=live_env("djg"),
    why="fixtures, tests and seed scripts run against a sandbox on developers' machines and in CI, never in production",
)

K8S_SECRET = """apiVersion: v1
kind: Secret
metadata:
  name: shop-stripe
type: Opaque
stringData:
  STRIPE_SECRET_KEY: {sk}
  STRIPE_PUBLISHABLE_KEY: {pk}
  STRIPE_WEBHOOK_SECRET: {wh}
"""

k = keys("djh")
app(
    "django-kustomize-base-secret-envfrom",
    ECO,
    "k8s-kustomize",
    project("djh")
    | {
        "Dockerfile": dockerfile_python("shop.wsgi:application"),
        "deploy/base/deployment.yaml": k8s_deployment(
            "shop", "registry.acme.test/shop:1.4.2", "default", env_from=True, port=8000
        ),
        "deploy/base/secret.yaml": K8S_SECRET.format(sk=k["sk_test"], pk=k["pk_test"], wh=k["whsec"]),
        "deploy/base/kustomization.yaml": kustomization("default", ("deployment.yaml", "secret.yaml")),
        "deploy/live/kustomization.yaml": kustomization("shop-live", (), base="../base"),
    },
    ready=False,
    fires=(10,),
    expect=(
        E("GL101", "deploy/base/secret.yaml", "STRIPE_SECRET_KEY:"),
        E("GL101", "deploy/base/secret.yaml", "STRIPE_PUBLISHABLE_KEY:"),
    ),
    why="the only overlay deploys the base to namespace shop-live, and the Deployment loads the whole Secret with envFrom: "
    "its sandbox keys are production's",
)

k = keys("dji")
app(
    "django-kustomize-staging-only-secret",
    ECO,
    "k8s-kustomize",
    project("dji")
    | {
        "Dockerfile": dockerfile_python("shop.wsgi:application"),
        "deploy/base/deployment.yaml": k8s_deployment(
            "shop", "registry.acme.test/shop:1.4.2", "default", env_from=True, port=8000
        ),
        "deploy/base/kustomization.yaml": kustomization("default", ("deployment.yaml",)),
        "deploy/overlays/staging/kustomization.yaml": kustomization("shop-staging", ("secret.yaml",), base="../../base"),
        "deploy/overlays/staging/secret.yaml": K8S_SECRET.format(sk=k["sk_test"], pk=k["pk_test"], wh=keys("djistg")["whsec"]),
        "deploy/overlays/production/kustomization.yaml": kustomization("shop-prod", ("external-secret.yaml",), base="../../base"),
        "deploy/overlays/production/external-secret.yaml": "apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\n"
        "metadata:\n  name: shop-stripe\nspec:\n  secretStoreRef:\n    kind: ClusterSecretStore\n    name: gcp-secret-manager\n"
        "  target:\n    name: shop-stripe\n  dataFrom:\n    - extract:\n        key: shop-stripe-live\n",
    },
    ready=True,
    holds=(10,),
    deploy_env=live_env("dji"),
    why="the sandbox Secret is part of the staging overlay only; production's Secret comes from the secret manager",
)

COMPOSE_PROD = """services:
  web:
    image: ghcr.io/acme/shop:1.4.2
    restart: always
    env_file: .env
    command: gunicorn shop.wsgi --bind 0.0.0.0:8000
  caddy:
    image: caddy:2
    ports: ["443:443"]
"""

DEPLOY = """name: deploy
on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/checkout@v4
      - run: scp compose.yaml .env deploy@shop.acme.test:/srv/shop/
      - run: ssh deploy@shop.acme.test 'cd /srv/shop && docker compose pull && docker compose up -d'
"""

app(
    "django-env-shipped-by-deploy-job",
    ECO,
    "compose",
    project(
        "djj",
        **{
            ".gitignore": "__pycache__/\n*.pyc\n.venv/\n",
            "compose.yaml": COMPOSE_PROD,
            ".github/workflows/deploy.yml": DEPLOY,
            "Procfile": None,
        },
    ),
    ready=False,
    fires=(10,),
    expect=(E("GL101", ".env", "STRIPE_SECRET_KEY="), E("GL101", ".env", "STRIPE_PUBLISHABLE_KEY=")),
    why="the production deploy job copies the tracked .env to the server, where compose loads it (env_file): its "
    "sandbox keys run production",
)
