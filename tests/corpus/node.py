"""Express APIs: compose, Helm, GitLab CI, Heroku, Railway; the stripe-node server side of many of the other apps."""

from __future__ import annotations

from keyfactory import key

from corpus import E, app, keys, live_env
from corpus.blocks import (
    compose,
    dockerfile_node,
    env_example,
    gha_deploy,
    gitignore,
    k8s_deployment,
    package_json,
)

ECO = "express"

SERVER = """const express = require("express");
const Stripe = require("stripe");
const { webhookRouter } = require("./webhooks");

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY, { apiVersion: "2024-06-20" });
const app = express();

// The webhook route needs the raw body: it is mounted before the JSON parser.
app.use("/webhooks", webhookRouter(stripe));
app.use(express.json());

app.post("/payment-sheet", async (req, res) => {
  const customer = await stripe.customers.create();
  const ephemeralKey = await stripe.ephemeralKeys.create({ customer: customer.id }, { apiVersion: "2024-06-20" });
  const paymentIntent = await stripe.paymentIntents.create({ amount: req.body.amount, currency: "eur", customer: customer.id });
  res.json({ paymentIntent: paymentIntent.client_secret, ephemeralKey: ephemeralKey.secret, customer: customer.id });
});

app.listen(process.env.PORT || 4242);
"""

WEBHOOKS = """const express = require("express");
const { markPaid } = require("./orders");

function webhookRouter(stripe) {
  const router = express.Router();
  router.post("/stripe", express.raw({ type: "application/json" }), async (req, res) => {
    let event;
    try {
      event = stripe.webhooks.constructEvent(req.body, req.headers["stripe-signature"], process.env.STRIPE_WEBHOOK_SECRET);
    } catch (err) {
      return res.status(400).send(`Webhook Error: ${err.message}`);
    }
    switch (event.type) {
      case "payment_intent.succeeded":
        await markPaid(event.data.object.id);
        break;
      default:
        break;
    }
    res.json({ received: true });
  });
  return router;
}

module.exports = { webhookRouter };
"""


def api(seed: str, **replace: str | None) -> dict[str, str]:
    k = keys(seed)
    files = {
        "package.json": package_json(
            "payments-api",
            {"express": "^4.19.2", "stripe": "^16.2.0", "pg": "^8.12.0"},
            {"start": "node src/server.js", "dev": "node --watch --env-file=.env src/server.js", "test": "node --test"},
        ),
        "src/server.js": SERVER,
        "src/webhooks.js": WEBHOOKS,
        "src/orders.js": 'const { Pool } = require("pg");\nconst pool = new Pool();\n\nexports.markPaid = (id) =>\n'
        "  pool.query(\"update orders set status = 'paid' where payment_intent = $1\", [id]);\n",
        ".env.example": env_example("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET") + "PORT=4242\n",
        ".env": f"STRIPE_SECRET_KEY={k['sk_test']}\nSTRIPE_WEBHOOK_SECRET={k['whsec']}\nPORT=4242\n",
        ".gitignore": gitignore(),
        "Dockerfile": dockerfile_node(4242, "node src/server.js"),
        ".dockerignore": "node_modules\n.env\n.git\n",
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
    "express-heroku-api",
    ECO,
    "heroku",
    api("exa") | {"Procfile": "web: node src/server.js\n"},
    ready=True,
    holds=(10, 11),
    deploy_env=env("exa"),
    why="the webhook router is mounted before express.json() and verifies the raw body; .env is the developer's "
    "(git-ignored, excluded by .dockerignore, read by `npm run dev` only)",
)

app(
    "express-compose-dev-stack",
    ECO,
    "compose",
    api("exb", **{".env": None})
    | {
        "compose.yaml": compose(
            "api", {"STRIPE_SECRET_KEY": keys("exb")["sk_test"], "STRIPE_WEBHOOK_SECRET": keys("exb")["whsec"]}, port=4242
        ),
        "Procfile": "web: node src/server.js\n",
        "compose.override.yaml": "services:\n  stripe-cli:\n    image: stripe/stripe-cli\n    command: listen --forward-to api:4242/webhooks/stripe\n",
    },
    ready=True,
    holds=(10,),
    deploy_env=env("exb"),
    why="the compose stack (with the Stripe CLI forwarding to it) is the local development setup; production runs the "
    "image on Heroku with its own config vars",
)

k = keys("exc")
app(
    "express-compose-prod-sandbox",
    ECO,
    "compose",
    api("exc", **{".env": None})
    | {
        "compose.prod.yaml": compose(
            "api", {"STRIPE_SECRET_KEY": k["sk_test"], "STRIPE_WEBHOOK_SECRET": k["whsec"], "NODE_ENV": "production"}, port=4242
        ).replace("    build: .\n", "    image: ghcr.io/acme/payments-api:1.6.0\n    restart: always\n"),
        "deploy.sh": "#!/bin/sh\nset -e\nssh deploy@pay.acme.test 'cd /srv/payments && docker compose -f compose.prod.yaml pull && "
        "docker compose -f compose.prod.yaml up -d'\n",
    },
    ready=False,
    expect=(E("GL101", "compose.prod.yaml", "STRIPE_SECRET_KEY:"),),
    why="the production compose file runs the API with a sandbox secret key",
)

JSON_FIRST = SERVER.replace(
    """// The webhook route needs the raw body: it is mounted before the JSON parser.
app.use("/webhooks", webhookRouter(stripe));
app.use(express.json());
""",
    """app.use(express.json());
app.use("/webhooks", webhookRouter(stripe));
""",
)

app(
    "express-json-parser-before-webhook",
    ECO,
    "railway",
    api("exd", **{"src/server.js": JSON_FIRST, ".env": None}),
    ready=False,
    fires=(11,),
    deploy_env=env("exd"),
    expect=(E("GL402", "src/server.js", ("app.use(express.json());", 'app.use("/webhooks"')),),
    maybe=(E("GL402", "src/webhooks.js", "constructEvent("),),
    why="express.json() consumes the body before the webhook router: express.raw never sees the bytes Stripe signed",
)

HELM_VALUES_PROD = """replicaCount: 3
image:
  tag: "1.6.0"
stripe:
  secretKey:
    existingSecret: payments-stripe
  webhook:
    secret: whsec_...
"""

HELM_SECRET = """apiVersion: v1
kind: Secret
metadata:
  name: {{ .Release.Name }}-webhook
stringData:
  STRIPE_WEBHOOK_SECRET: {{ .Values.stripe.webhook.secret | quote }}
"""

app(
    "express-helm-nested-webhook-placeholder",
    ECO,
    "k8s-helm",
    api("exe", **{".env": None})
    | {
        "chart/Chart.yaml": "apiVersion: v2\nname: payments-api\nversion: 1.6.0\n",
        "chart/values.yaml": 'replicaCount: 1\nimage:\n  repository: ghcr.io/acme/payments-api\nstripe:\n  webhook:\n    secret: ""\n',
        "chart/values-production.yaml": HELM_VALUES_PROD,
        "chart/templates/webhook-secret.yaml": HELM_SECRET,
    },
    ready=False,
    fires=(9,),
    deploy_env=live_env("exe", webhook=False, publishable=""),
    expect=(E("GL401", "chart/values-production.yaml", "    secret: whsec_..."),),
    maybe=(E("GL104", "chart/values-production.yaml", "    secret: whsec_..."), E("GL401", "src/webhooks.js", "constructEvent(")),
    why="stripe.webhook.secret in the production values is the template's whsec_...: the Secret the chart renders "
    "holds no signing secret",
)

k = keys("exf")
app(
    "express-helm-nested-webhook-real",
    ECO,
    "k8s-helm",
    api("exf", **{".env": None})
    | {
        "chart/Chart.yaml": "apiVersion: v2\nname: payments-api\nversion: 1.6.0\n",
        "chart/values.yaml": 'replicaCount: 1\nimage:\n  repository: ghcr.io/acme/payments-api\nstripe:\n  webhook:\n    secret: ""\n',
        "chart/values-production.yaml": HELM_VALUES_PROD.replace("whsec_...", k["whsec"]),
        "chart/templates/webhook-secret.yaml": HELM_SECRET,
        ".gitignore": gitignore("chart/values-production.yaml"),
    },
    ready=True,
    holds=(9,),
    deploy_env=live_env("exf", webhook=False, publishable=""),
    why="the deploy pipeline writes the git-ignored production values with the endpoint's real signing secret under "
    "stripe.webhook.secret",
)

VALIDATOR = """const LIVE_PREFIXES = ["sk_live_", "rk_live_"];

// Refuse to start production with a sandbox or malformed key.
function assertLiveKey(key) {
  if (!LIVE_PREFIXES.some((prefix) => key.startsWith(prefix))) {
    throw new Error("STRIPE_SECRET_KEY must be a live key in production (sk_live_... or rk_live_...)");
  }
  return key;
}

module.exports = { assertLiveKey, DASHBOARD_KEYS_URL: "https://dashboard.stripe.com/apikeys" };
"""

app(
    "express-key-prefix-validator",
    ECO,
    "heroku",
    api("exg", **{".env": None}) | {"src/config.js": VALIDATOR, "Procfile": "web: node src/server.js\n"},
    ready=True,
    holds=(6, 7),
    deploy_env=env("exg"),
    why="prefix strings in a validator and its error message are not keys, placeholders or configuration",
)

GITLAB = """stages: [build, deploy]

build_image:
  stage: build
  image: docker:24
  services: [docker:24-dind]
  variables:
    STRIPE_SECRET_KEY: {sk}
  script:
    - docker build --build-arg STRIPE_SECRET_KEY=$STRIPE_SECRET_KEY -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA .
    - docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA

deploy_live:
  stage: deploy
  dependencies: [build_image]
  environment:
    name: live
  script:
    - helm upgrade --install payments chart/ --set image.tag=$CI_COMMIT_SHA
"""

app(
    "express-gitlab-image-build-sandbox",
    ECO,
    "gitlab-ci",
    api("exh", **{".env": None})
    | {
        ".gitlab-ci.yml": GITLAB.format(sk=keys("exh")["sk_test"]),
        "Dockerfile": dockerfile_node(4242, "node src/server.js").replace(
            "ENV NODE_ENV=production\n",
            "ENV NODE_ENV=production\nARG STRIPE_SECRET_KEY\nENV STRIPE_SECRET_KEY=$STRIPE_SECRET_KEY\n",
        ),
    },
    ready=False,
    fires=(4,),
    deploy_env=env("exh"),
    expect=(E("GL101", ".gitlab-ci.yml", "STRIPE_SECRET_KEY:"),),
    why="the image built with the sandbox key as a build argument is the one deploy_live (environment live) rolls out",
)

app(
    "express-gha-build-docker-staging",
    ECO,
    "github-actions",
    api("exi", **{".env": None})
    | {
        ".github/workflows/staging.yml": gha_deploy(
            "Staging",
            "docker build -t payments:staging .",
            "flyctl deploy --app payments-staging",
            environment="staging",
            env={"STRIPE_SECRET_KEY": keys("exi")["sk_test"]},
        )
    },
    ready=True,
    holds=(4,),
    deploy_env=env("exi"),
    why="the build and the deploy job it feeds are staging's: a sandbox key is right there",
)

K8S_PROD = k8s_deployment("payments-api", "ghcr.io/acme/payments-api:1.6.0", "payments", env_from=True, port=4242)
SEALED = """apiVersion: v1
kind: Secret
metadata:
  name: payments-api-stripe
  namespace: payments
stringData:
  STRIPE_SECRET_KEY: ${STRIPE_SECRET_KEY}
  STRIPE_WEBHOOK_SECRET: ${STRIPE_WEBHOOK_SECRET}
"""

app(
    "express-k8s-envsubst-secret",
    ECO,
    "k8s",
    api("exj", **{".env": None})
    | {
        "k8s/deployment.yaml": K8S_PROD,
        "k8s/secret.yaml": SEALED,
        ".github/workflows/deploy.yml": "name: deploy\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n"
        "    environment: production\n    steps:\n      - uses: actions/checkout@v4\n"
        "      - run: envsubst < k8s/secret.yaml | kubectl apply -f -\n"
        "        env:\n          STRIPE_SECRET_KEY: ${{ secrets.STRIPE_SECRET_KEY }}\n"
        "          STRIPE_WEBHOOK_SECRET: ${{ secrets.STRIPE_WEBHOOK_SECRET }}\n      - run: kubectl apply -f k8s/deployment.yaml\n",
    },
    ready=True,
    holds=(10,),
    deploy_env=env("exj"),
    why="the Secret is rendered from the deploy job's secrets with envsubst; the Deployment loads it with envFrom",
)

k = keys("exk")
SPLIT_KEY = key("sk", "test", seed="exk")
app(
    "express-split-sandbox-literal",
    ECO,
    "heroku",
    api("exk", **{".env": None})
    | {
        # split after the key is built (a sandbox key may stand in fixtures; a token split in two expands to nothing)
        "src/legacy.js": f'// old integration, kept for the refunds cron\nconst KEY = "{SPLIT_KEY[:14]}" +\n  "{SPLIT_KEY[14:]}";\n\n'
        'module.exports = require("stripe")(KEY);\n',
        "Procfile": "web: node src/server.js\nrefunds: node src/refunds-cron.js\n",
        "src/refunds-cron.js": 'const stripe = require("./legacy");\n\nstripe.refunds.list({ limit: 10 }).then(console.log);\n',
    },
    ready=False,
    fires=(6, 7),
    deploy_env=env("exk"),
    expect=(E("GL101", "src/legacy.js", "const KEY = "),),
    why="a sandbox key split over two literals and handed to the SDK runs the production refunds cron",
)

k = keys("exl")
app(
    "express-config-string-holds-key",
    ECO,
    "heroku",
    api("exl", **{".env": None})
    | {
        "Procfile": "web: node src/server.js\n",
        "deploy/production.env": f"STRIPE_CONFIG=key={k['sk_test']};apiVersion=2024-06-20;maxNetworkRetries=2\nNODE_ENV=production\n",
    },
    ready=False,
    fires=(7,),
    deploy_env=env("exl"),
    expect=(E("GL101", "deploy/production.env", "STRIPE_CONFIG="),),
    why="the Stripe-named variable holds more than the key, but the key in it is a sandbox key configured for production",
)

START = """#!/usr/bin/env bash
# Started by the Procfile on every dyno.
set -euo pipefail
export STRIPE_SECRET_KEY={sk}
exec node src/server.js
"""

app(
    "express-start-script-exports-key",
    ECO,
    "heroku",
    api("exm", **{".env": None}) | {"Procfile": "web: bin/start.sh\n", "bin/start.sh": START.format(sk=keys("exm")["sk_test"])},
    ready=False,
    fires=(6,),
    deploy_env=env("exm"),
    expect=(E("GL101", "bin/start.sh", "export STRIPE_SECRET_KEY"),),
    maybe=(E("GL103", "bin/start.sh", "export STRIPE_SECRET_KEY"),),
    why="the start script the Procfile runs exports a sandbox key over whatever the dyno's config says",
)

ELECTRON_MAIN = """const {{ app, BrowserWindow, ipcMain }} = require("electron");
const Stripe = require("stripe");

const stripe = new Stripe("{sk}");

ipcMain.handle("create-payment-intent", async (_event, amount) => {{
  const intent = await stripe.paymentIntents.create({{ amount, currency: "usd" }});
  return intent.client_secret;
}});

app.whenReady().then(() => new BrowserWindow({{ webPreferences: {{ preload: `${{__dirname}}/preload.js` }} }}).loadFile("index.html"));
"""

app(
    "electron-main-process-secret",
    "electron",
    "github-releases",
    {
        "package.json": package_json(
            "acme-desktop",
            {"stripe": "^16.2.0"},
            {"start": "electron .", "dist": "electron-builder"},
            {"electron": "^31.3.0", "electron-builder": "^24.13.3"},
        ).replace('"private": true,', '"private": true,\n  "main": "main.js",'),
        "main.js": ELECTRON_MAIN.format(sk=keys("exn")["sk_live"]),
        "preload.js": 'const { contextBridge, ipcRenderer } = require("electron");\n\ncontextBridge.exposeInMainWorld("payments", {\n'
        '  createPaymentIntent: (amount) => ipcRenderer.invoke("create-payment-intent", amount),\n});\n',
        "index.html": '<!doctype html>\n<html><body><button id="pay">Pay</button><script src="renderer.js"></script></body></html>\n',
        "renderer.js": 'document.getElementById("pay").onclick = () => window.payments.createPaymentIntent(1000);\n',
        "electron-builder.yml": "appId: com.acme.desktop\nfiles:\n  - main.js\n  - preload.js\n  - index.html\n  - renderer.js\n",
    },
    ready=False,
    fires=(5,),
    expect=(E("GL201", "main.js", "new Stripe("),),
    why="the main process of an Electron app runs on the customer's machine: the asar archive hands the secret key to every user",
)
