"""Turborepo / pnpm workspaces: a Next.js web app, an Express API, a worker, a UI kit with Storybook and a docs site."""

from __future__ import annotations

from corpus import E, app, keys, live_env
from corpus.blocks import gitignore, package_json
from corpus.nextjs import CHECKOUT_PAGE, LIB_STRIPE, VERIFIED_ROUTE
from corpus.node import WEBHOOKS

ECO = "monorepo"
PUBLIC = "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY"

DOCS_MDX = """---
title: Taking payments locally
---

Start the API with your sandbox keys:

```bash
export STRIPE_SECRET_KEY={sk}
stripe listen --forward-to localhost:4000/webhooks/stripe
```
"""

UI_CHECKOUT = """import { PaymentElement } from "@stripe/react-stripe-js";

export function CheckoutPanel(props: { title: string }) {
  return (
    <section>
      <h2>{props.title}</h2>
      <PaymentElement />
    </section>
  );
}
"""

UI_STORY = """import type { Meta } from "@storybook/react";
import { Elements } from "@stripe/react-stripe-js";
import { loadStripe } from "@stripe/stripe-js";
import { CheckoutPanel } from "./CheckoutPanel";

const stripe = loadStripe("{pk}");

export default { title: "CheckoutPanel", component: CheckoutPanel,
  decorators: [(Story) => <Elements stripe={stripe} options={{ mode: "payment", amount: 1000, currency: "eur" }}><Story /></Elements>],
} satisfies Meta<typeof CheckoutPanel>;

export const Default = { args: { title: "Pay" } };
"""


def workspace(seed: str, **replace: str | None) -> dict[str, str]:
    files = {
        "package.json": package_json("acme", {}, {"build": "turbo run build", "dev": "turbo run dev"}, {"turbo": "^2.0.9"}),
        "pnpm-workspace.yaml": 'packages:\n  - "apps/*"\n  - "packages/*"\n',
        "turbo.json": '{\n  "tasks": { "build": { "dependsOn": ["^build"], "outputs": [".next/**", "dist/**"] } }\n}\n',
        ".gitignore": gitignore(".turbo/", ".next/"),
        "apps/web/package.json": package_json(
            "web",
            {"next": "14.2.5", "react": "18.3.1", "stripe": "^16.2.0", "@stripe/stripe-js": "^4.1.0", "@acme/ui": "workspace:*"},
            {"build": "next build", "dev": "next dev"},
        ),
        "apps/web/app/checkout/page.tsx": CHECKOUT_PAGE,
        "apps/web/app/api/webhooks/stripe/route.ts": VERIFIED_ROUTE,
        "apps/web/lib/stripe.ts": LIB_STRIPE,
        "apps/web/lib/orders.ts": "export async function fulfillOrder(session: unknown) {}\nexport async function markInvoiceFailed(invoice: unknown) {}\n",
        "apps/api/package.json": package_json(
            "api", {"express": "^4.19.2", "stripe": "^16.2.0"}, {"start": "node src/server.js"}
        ),
        "apps/api/src/server.js": 'const express = require("express");\nconst Stripe = require("stripe");\nconst { webhookRouter } = require("./webhooks");\n\n'
        'const app = express();\napp.use("/webhooks", webhookRouter(new Stripe(process.env.STRIPE_SECRET_KEY)));\n'
        "app.use(express.json());\napp.listen(4000);\n",
        "apps/api/src/webhooks.js": WEBHOOKS,
        "apps/api/src/orders.js": "exports.markPaid = async (id) => id;\n",
        "packages/ui/package.json": package_json(
            "@acme/ui",
            {"@stripe/react-stripe-js": "^2.7.3"},
            {"storybook": "storybook dev -p 6006"},
            {"@storybook/react-vite": "^8.2.6"},
        ),
        "packages/ui/.storybook/main.ts": 'export default { stories: ["../src/**/*.stories.tsx"], framework: "@storybook/react-vite" };\n',
        "packages/ui/src/CheckoutPanel.tsx": UI_CHECKOUT,
        "packages/ui/src/CheckoutPanel.stories.tsx": UI_STORY.replace("{pk}", keys(seed + "ui")["pk_test"]),
        "apps/docs/package.json": package_json("docs", {"@docusaurus/core": "^3.4.0"}, {"build": "docusaurus build"}),
        "apps/docs/docs/local-payments.mdx": DOCS_MDX.format(sk=keys(seed + "doc")["sk_test"]),
    }
    for path, text in replace.items():
        if text is None:
            files.pop(path, None)
        else:
            files[path] = text
    return files


def env(seed: str) -> dict[str, str]:
    return live_env(seed, publishable=PUBLIC)


app(
    "turbo-web-api-ui-docs",
    ECO,
    "vercel",
    workspace("moa"),
    ready=True,
    holds=(1, 3, 11),
    deploy_env=env("moa"),
    why="both apps verify their webhooks; the Storybook story and the docs page's sandbox key are not configuration",
)

WORKER = """import express from "express";
import { reconcile } from "./reconcile";

// Receives payout events forwarded from the Stripe dashboard endpoint
const app = express();
app.use(express.json());

app.post("/stripe/payouts", async (req, res) => {
  const event = req.body;
  if (event.type === "payout.paid") {
    await reconcile(event.data.object);
  }
  res.sendStatus(200);
});

app.listen(4100);
"""

app(
    "turbo-worker-unverified",
    ECO,
    "vercel",
    workspace("mob")
    | {
        "apps/worker/package.json": package_json("worker", {"express": "^4.19.2"}, {"start": "tsx src/index.ts"}),
        "apps/worker/src/index.ts": WORKER,
        "apps/worker/src/reconcile.ts": "export async function reconcile(payout: { id: string }) {\n  console.log(payout.id);\n}\n",
    },
    ready=False,
    fires=(11,),
    deploy_env=env("mob"),
    expect=(E("GL402", "apps/worker/src/index.ts", '"payout.paid"'),),
    why="the worker is its own app with its own route: the API's verification does not cover it",
)

app(
    "turbo-component-beside-story-secret",
    ECO,
    "vercel",
    workspace(
        "moc", **{"packages/ui/src/CheckoutPanel.tsx": f'const STRIPE_SECRET_KEY = "{keys("moc")["sk_live"]}";\n\n' + UI_CHECKOUT}
    ),
    ready=False,
    fires=(3, 5),
    deploy_env=env("moc"),
    expect=(E("GL201", "packages/ui/src/CheckoutPanel.tsx", "const STRIPE_SECRET_KEY"),),
    why="the component (not its story) is imported by apps/web and bundled for the browser",
)

app(
    "next-playground-route-ships",
    ECO,
    "vercel",
    workspace("mod")
    | {
        "apps/web/app/playground/page.tsx": '"use client";\n\nimport { loadStripe } from "@stripe/stripe-js";\n\n'
        f'const stripePromise = loadStripe("{keys("modplay")["pk_test"]}");\n\n'
        "export default function Playground() {\n  return <pre>{String(stripePromise)}</pre>;\n}\n"
    },
    ready=False,
    fires=(3,),
    deploy_env=env("mod"),
    expect=(E("GL101", "apps/web/app/playground/page.tsx", "loadStripe("),),
    maybe=(E("GL103", "apps/web/app/playground/page.tsx", "loadStripe("),),
    why="app/playground/page.tsx is a route of the production Next.js app (/playground), not a dev-only playground",
)

PREBUILT = """name: Production

on:
  push:
    branches: [main]

jobs:
  build:
    runs-on: ubuntu-latest
    env:
      VERCEL_ORG_ID: ${{{{ secrets.VERCEL_ORG_ID }}}}
      VERCEL_PROJECT_ID: ${{{{ secrets.VERCEL_PROJECT_ID }}}}
      NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: {pk}
    steps:
      - uses: actions/checkout@v4
      - run: npx vercel pull --yes --environment=production --token=${{{{ secrets.VERCEL_TOKEN }}}}
      - run: npx vercel build --prod --token=${{{{ secrets.VERCEL_TOKEN }}}}
      - uses: actions/upload-artifact@v4
        with:
          name: vercel-output
          path: .vercel/output

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/download-artifact@v4
        with:
          name: vercel-output
          path: .vercel/output
      - run: npx vercel deploy --prebuilt --prod --token=${{{{ secrets.VERCEL_TOKEN }}}}
"""

app(
    "turbo-vercel-prebuilt-artifact",
    ECO,
    "github-actions",
    workspace("moe") | {".github/workflows/production.yml": PREBUILT.format(pk=keys("moe")["pk_test"])},
    ready=False,
    fires=(4,),
    deploy_env=env("moe"),
    expect=(E("GL101", ".github/workflows/production.yml", f"{PUBLIC}:"),),
    maybe=(E("GL103", ".github/workflows/production.yml", f"{PUBLIC}:"),),
    why="the build job inlines the sandbox key into .vercel/output, which the production job deploys as is",
)

app(
    "pnpm-examples-and-package-examples",
    ECO,
    "vercel",
    workspace("mof")
    | {
        "examples/checkout-basic/index.js": f'const stripe = require("stripe")("{keys("mofex")["sk_test"]}");\n\n'
        'stripe.checkout.sessions.create({ mode: "payment" }).then(console.log);\n',
        "examples/checkout-basic/package.json": package_json("checkout-basic", {"stripe": "^16.2.0"}, {"start": "node index.js"}),
    },
    ready=True,
    holds=(1,),
    deploy_env=env("mof"),
    why="the root examples/ folder holds samples for people to copy; no workspace glob includes it",
)
