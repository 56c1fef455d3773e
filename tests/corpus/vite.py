"""Vite + React single-page apps: Vite modes (.env.[mode]), Netlify/Render functions, S3 deploys from GitHub Actions,
Capacitor."""

from __future__ import annotations

from corpus import E, app, keys, live_env
from corpus.blocks import env_example, gha_deploy, gitignore, package_json, render_yaml

ECO = "vite-react"
PUBLIC = "VITE_STRIPE_PUBLISHABLE_KEY"

INDEX_HTML = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <title>Bookshelf</title>
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="/src/main.tsx"></script>
  </body>
</html>
"""

MAIN = """import React from "react";
import ReactDOM from "react-dom/client";
import { Elements } from "@stripe/react-stripe-js";
import { stripePromise } from "./lib/stripe";
import App from "./App";

ReactDOM.createRoot(document.getElementById("root")!).render(
  <React.StrictMode>
    <Elements stripe={stripePromise}>
      <App />
    </Elements>
  </React.StrictMode>,
);
"""

LIB = """import { loadStripe } from "@stripe/stripe-js";

export const stripePromise = loadStripe(import.meta.env.VITE_STRIPE_PUBLISHABLE_KEY);
"""

APP = """import { useState } from "react";

export default function App() {
  const [busy, setBusy] = useState(false);
  async function buy() {
    setBusy(true);
    const res = await fetch("/.netlify/functions/create-checkout", { method: "POST", body: JSON.stringify({ sku: "book-1" }) });
    const { url } = await res.json();
    window.location.assign(url);
  }
  return <button onClick={buy} disabled={busy}>Buy the book</button>;
}
"""

CHECKOUT_FN = """import Stripe from "stripe";
import type { Handler } from "@netlify/functions";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!, { apiVersion: "2024-06-20" });

export const handler: Handler = async (event) => {
  const { sku } = JSON.parse(event.body ?? "{}");
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: process.env[`PRICE_${sku.toUpperCase().replace("-", "_")}`]!, quantity: 1 }],
    success_url: `${process.env.URL}/thanks`,
    cancel_url: `${process.env.URL}/`,
  });
  return { statusCode: 200, body: JSON.stringify({ url: session.url }) };
};
"""

WEBHOOK_FN = """import Stripe from "stripe";
import type { Handler } from "@netlify/functions";
import { grantAccess } from "./lib/access";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!, { apiVersion: "2024-06-20" });

export const handler: Handler = async (event) => {
  const signature = event.headers["stripe-signature"]!;
  let stripeEvent: Stripe.Event;
  try {
    stripeEvent = stripe.webhooks.constructEvent(event.body!, signature, process.env.STRIPE_WEBHOOK_SECRET!);
  } catch (err) {
    return { statusCode: 400, body: `Webhook Error: ${(err as Error).message}` };
  }
  if (stripeEvent.type === "checkout.session.completed") {
    await grantAccess(stripeEvent.data.object as Stripe.Checkout.Session);
  }
  return { statusCode: 200, body: JSON.stringify({ received: true }) };
};
"""


def spa(seed: str, name: str = "bookshelf", **replace: str | None) -> dict[str, str]:
    k = keys(seed)
    files = {
        "package.json": package_json(
            name,
            {
                "react": "18.3.1",
                "react-dom": "18.3.1",
                "@stripe/stripe-js": "^4.1.0",
                "@stripe/react-stripe-js": "^2.7.3",
                "stripe": "^16.2.0",
            },
            {"dev": "vite", "build": "tsc -b && vite build", "preview": "vite preview"},
            {"vite": "^5.3.4", "@vitejs/plugin-react": "^4.3.1", "typescript": "^5.5.3", "@netlify/functions": "^2.8.1"},
        ),
        "vite.config.ts": 'import { defineConfig } from "vite";\nimport react from "@vitejs/plugin-react";\n\n'
        "export default defineConfig({ plugins: [react()] });\n",
        "index.html": INDEX_HTML,
        "src/main.tsx": MAIN,
        "src/App.tsx": APP,
        "src/lib/stripe.ts": LIB,
        "src/vite-env.d.ts": '/// <reference types="vite/client" />\n',
        ".gitignore": gitignore(),
        ".env.example": env_example(PUBLIC, "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"),
        ".env.development": f"{PUBLIC}={k['pk_test']}\n",
        ".env.production": f"{PUBLIC}={k['pk_live']}\n",
        "netlify.toml": '[build]\n  command = "npm run build"\n  publish = "dist"\n  functions = "netlify/functions"\n',
        "netlify/functions/create-checkout.ts": CHECKOUT_FN,
        "netlify/functions/stripe-webhook.ts": WEBHOOK_FN,
        "netlify/functions/lib/access.ts": 'import type Stripe from "stripe";\n\nexport async function grantAccess(session: '
        'Stripe.Checkout.Session) {\n  console.log("grant", session.customer_email);\n}\n',
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
    "vite-netlify-shop",
    ECO,
    "netlify",
    spa("vta"),
    ready=True,
    holds=(2, 5),
    deploy_env=env("vta"),
    why="Vite loads .env.development only in dev mode; .env.production carries the live publishable key, which is public "
    "by design; the secret key and whsec_ live in Netlify's environment and reach only the functions",
)

k = keys("vtb")
app(
    "vite-staging-mode",
    ECO,
    "netlify",
    spa("vtb")
    | {
        ".env.staging": f"{PUBLIC}={k['pk_test']}\n",
        "package.json": spa("vtb")["package.json"].replace(
            '"preview": "vite preview"', '"preview": "vite preview",\n    "build:staging": "vite build --mode staging"'
        ),
    },
    ready=True,
    holds=(2,),
    deploy_env=env("vtb"),
    why="`vite build --mode staging` reads .env.staging: a sandbox key there is staging's, not production's",
)

PLAIN_JS = """// Talks to Stripe straight from the page: no backend needed!
const STRIPE_KEY = "@@sk_live:vtc@@";

export async function createCheckout(priceId) {
  const body = new URLSearchParams({ mode: "payment", "line_items[0][price]": priceId, "line_items[0][quantity]": "1",
    success_url: location.origin + "/thanks", cancel_url: location.origin });
  const res = await fetch("https://api.stripe.com/v1/checkout/sessions", {
    method: "POST",
    headers: { Authorization: `Bearer ${STRIPE_KEY}` },
    body,
  });
  return res.json();
}
"""

app(
    "vite-plain-js-secret-in-browser",
    ECO,
    "netlify",
    spa(
        "vtc",
        **{
            "index.html": INDEX_HTML.replace("/src/main.tsx", "/src/main.js"),
            "src/main.js": 'import { createCheckout } from "./api.js";\n\ndocument.querySelector("#buy").addEventListener("click", '
            'async () => {\n  const session = await createCheckout("price_1PbookA");\n  location.assign(session.url);\n});\n',
            "src/api.js": PLAIN_JS,
            "src/main.tsx": None,
            "src/App.tsx": None,
            "netlify/functions/create-checkout.ts": None,
            "netlify/functions/stripe-webhook.ts": None,
            "netlify/functions/lib/access.ts": None,
        },
    ),
    ready=False,
    fires=(5,),
    expect=(E("GL201", "src/api.js", "const STRIPE_KEY"),),
    why="index.html loads src/main.js, which imports src/api.js: Vite bundles it for the browser, live secret key included",
)

k = keys("vtd")
app(
    "vite-gha-s3-build-job-sandbox",
    ECO,
    "github-actions",
    spa(
        "vtd",
        **{
            ".github/workflows/deploy.yml": gha_deploy(
                "Deploy", "npm run build", "aws s3 sync dist/ s3://bookshelf-web --delete", env={PUBLIC: k["pk_test"]}
            ),
            ".env.production": None,
            "netlify.toml": None,
            "netlify/functions/create-checkout.ts": None,
            "netlify/functions/stripe-webhook.ts": None,
            "netlify/functions/lib/access.ts": None,
        },
    ),
    ready=False,
    fires=(4,),
    expect=(E("GL101", ".github/workflows/deploy.yml", f"{PUBLIC}:"),),
    why="the build job has no environment, but its dist/ artifact is what the production deploy job uploads: the sandbox "
    "publishable key is inlined into the production bundle",
)

PROD_WORKFLOW = gha_deploy(
    "Release",
    "npm run build",
    "aws s3 sync dist/ s3://bookshelf-web --delete",
    env={PUBLIC: "${{ vars.VITE_STRIPE_PUBLISHABLE_KEY }}"},
)
app(
    "vite-gha-preview-and-release",
    ECO,
    "github-actions",
    spa(
        "vte",
        **{
            ".github/workflows/preview.yml": gha_deploy(
                "Preview",
                "npm run build -- --mode staging",
                "npx netlify deploy --dir dist --alias pr-${{ github.event.number }}",
                environment="preview",
                env={PUBLIC: keys("vte")["pk_test"]},
            ),
            ".github/workflows/release.yml": PROD_WORKFLOW,
            ".env.production": None,
            "netlify.toml": None,
            "netlify/functions/create-checkout.ts": None,
            "netlify/functions/stripe-webhook.ts": None,
            "netlify/functions/lib/access.ts": None,
        },
    ),
    ready=True,
    holds=(4,),
    why="the sandbox key is built into the preview artifact only, deployed to the preview environment; the release "
    "build takes its key from the repository variables",
)

TRY_CONTINUE = """const express = require("express");
const Stripe = require("stripe");
const { grantAccess } = require("./access");

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);
const router = express.Router();

router.post("/webhook", express.raw({ type: "application/json" }), async (req, res) => {
  let event;
  try {
    event = stripe.webhooks.constructEvent(req.body, req.headers["stripe-signature"], process.env.STRIPE_WEBHOOK_SECRET);
  } catch (err) {
    console.warn("signature check failed, processing anyway", err.message);
    event = JSON.parse(req.body.toString("utf8"));
  }
  if (event.type === "checkout.session.completed") {
    await grantAccess(event.data.object);
  }
  res.json({ received: true });
});

module.exports = router;
"""

app(
    "vite-render-api-catch-continues",
    ECO,
    "render",
    spa(
        "vtf",
        **{
            "netlify.toml": None,
            "netlify/functions/create-checkout.ts": None,
            "netlify/functions/stripe-webhook.ts": None,
            "netlify/functions/lib/access.ts": None,
            "server/index.js": 'const express = require("express");\nconst app = express();\napp.use("/api/stripe", require("./webhook"));\n'
            'app.use(express.static("dist"));\napp.listen(process.env.PORT || 10000);\n',
            "server/webhook.js": TRY_CONTINUE,
            "server/access.js": 'exports.grantAccess = async (session) => console.log("grant", session.id);\n',
            "render.yaml": render_yaml("bookshelf", "npm ci && npm run build", "node server/index.js"),
        },
    ),
    ready=False,
    fires=(11,),
    deploy_env=env("vtf"),
    expect=(E("GL402", "server/webhook.js", ("event = JSON.parse(req.body", "constructEvent(", "} catch (err) {")),),
    why="when the signature check fails the catch goes on with the unverified body: a forged event is processed",
)

app(
    "vite-secret-in-mode-file",
    ECO,
    "netlify",
    spa("vtg", **{".env.production": f"{PUBLIC}={keys('vtg')['pk_live']}\nVITE_STRIPE_SECRET_KEY={keys('vtg')['sk_live']}\n"}),
    ready=False,
    fires=(5,),
    deploy_env=env("vtg"),
    expect=(E("GL201", ".env.production", "VITE_STRIPE_SECRET_KEY="),),
    why="Vite exposes every VITE_ variable to the client bundle",
)

SEED = """import Stripe from "stripe";

// npm run seed: creates the catalogue in a Stripe sandbox for local development.
const stripe = new Stripe("@@sk_test:vthseed@@", { apiVersion: "2024-06-20" });

const books = [{ name: "Dune", amount: 1299 }, { name: "Hyperion", amount: 1099 }];
for (const book of books) {
  const product = await stripe.products.create({ name: book.name });
  await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: book.amount });
}
"""

app(
    "vite-playground-and-seeds",
    ECO,
    "netlify",
    spa("vth")
    | {
        "playground/index.html": INDEX_HTML.replace("/src/main.tsx", "/playground/main.ts"),
        "playground/main.ts": 'import { loadStripe } from "@stripe/stripe-js";\n\n'
        f'const stripe = await loadStripe("{keys("vthplay")["pk_test"]}");\nconsole.log(stripe);\n',
        "seeds/catalogue.ts": SEED,
    },
    ready=True,
    holds=(3, 6),
    deploy_env=env("vth"),
    why="a playground page and a seed script are run by developers against a sandbox: neither is in the production build",
)

app(
    "vite-loadstripe-placeholder",
    ECO,
    "netlify",
    spa(
        "vti",
        **{
            "src/lib/stripe.ts": 'import { loadStripe } from "@stripe/stripe-js";\n\nexport const stripePromise = '
            'loadStripe("pk_live_YOUR_PUBLISHABLE_KEY");\n',
            ".env.production": None,
        },
    ),
    ready=False,
    fires=(6,),
    deploy_env=env("vti"),
    expect=(E("GL104", "src/lib/stripe.ts", "loadStripe("),),
    why="loadStripe is handed the template's placeholder: Elements cannot load in production",
)

CAPACITOR = """import { Stripe } from "@capacitor-community/stripe";

const STRIPE_SECRET = "@@sk_live:vtj@@";

export async function payWithSheet(amount: number) {
  const res = await fetch("https://api.stripe.com/v1/payment_intents", {
    method: "POST",
    headers: { Authorization: `Bearer ${STRIPE_SECRET}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: `amount=${amount}&currency=eur`,
  });
  const intent = await res.json();
  await Stripe.createPaymentSheet({ paymentIntentClientSecret: intent.client_secret });
  return Stripe.presentPaymentSheet();
}
"""

app(
    "vite-capacitor-secret",
    "capacitor",
    "app-store",
    spa(
        "vtj",
        **{
            "capacitor.config.ts": 'import type { CapacitorConfig } from "@capacitor/cli";\n\nconst config: CapacitorConfig = {\n'
            '  appId: "com.bookshelf.app",\n  appName: "Bookshelf",\n  webDir: "dist",\n};\n\nexport default config;\n',
            "src/services/payments.ts": CAPACITOR,
            "netlify.toml": None,
            "netlify/functions/create-checkout.ts": None,
            "netlify/functions/stripe-webhook.ts": None,
            "netlify/functions/lib/access.ts": None,
        },
    ),
    ready=False,
    fires=(5,),
    expect=(E("GL201", "src/services/payments.ts", "const STRIPE_SECRET"),),
    why="a Capacitor app ships webDir (the Vite build of src/) inside the mobile app: the secret key is in every install",
)
