"""Next.js shops (App and Pages Router): Vercel, Helm, Docker; Stripe Checkout and webhooks as Stripe's docs write them."""

from __future__ import annotations

from corpus import E, app, keys, live_env
from corpus.blocks import dockerfile_node, env_example, gitignore, package_json

ECO = "nextjs"
PUBLIC = "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY"

VERIFIED_ROUTE = """import { NextResponse } from "next/server";
import type Stripe from "stripe";
import { stripe } from "@/lib/stripe";
import { fulfillOrder, markInvoiceFailed } from "@/lib/orders";

export async function POST(req: Request) {
  const body = await req.text();
  const signature = req.headers.get("stripe-signature");
  if (!signature) {
    return NextResponse.json({ error: "missing Stripe-Signature" }, { status: 400 });
  }

  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(body, signature, process.env.STRIPE_WEBHOOK_SECRET!);
  } catch (err) {
    return NextResponse.json({ error: `Webhook Error: ${(err as Error).message}` }, { status: 400 });
  }

  switch (event.type) {
    case "checkout.session.completed":
      await fulfillOrder(event.data.object as Stripe.Checkout.Session);
      break;
    case "invoice.payment_failed":
      await markInvoiceFailed(event.data.object as Stripe.Invoice);
      break;
    default:
      console.log(`Unhandled event type ${event.type}`);
  }
  return NextResponse.json({ received: true });
}
"""

LIB_STRIPE = """import Stripe from "stripe";

export const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!, {
  apiVersion: "2024-06-20",
  typescript: true,
});
"""

CHECKOUT_ROUTE = """import { NextResponse } from "next/server";
import { stripe } from "@/lib/stripe";

export async function POST(req: Request) {
  const { priceId } = await req.json();
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: `${process.env.NEXT_PUBLIC_SITE_URL}/success?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${process.env.NEXT_PUBLIC_SITE_URL}/cart`,
  });
  return NextResponse.json({ url: session.url });
}
"""

CHECKOUT_PAGE = """"use client";

import { loadStripe } from "@stripe/stripe-js";
import { Elements } from "@stripe/react-stripe-js";
import CheckoutForm from "@/components/CheckoutForm";

const stripePromise = loadStripe(process.env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY!);

export default function CheckoutPage() {
  return (
    <Elements stripe={stripePromise}>
      <CheckoutForm />
    </Elements>
  );
}
"""

CHECKOUT_FORM = """"use client";

import { PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import { useState } from "react";

export default function CheckoutForm() {
  const stripe = useStripe();
  const elements = useElements();
  const [message, setMessage] = useState<string | null>(null);

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    if (!stripe || !elements) return;
    const { error } = await stripe.confirmPayment({ elements, confirmParams: { return_url: `${window.location.origin}/success` } });
    if (error) setMessage(error.message ?? "Payment failed");
  }

  return (
    <form onSubmit={onSubmit}>
      <PaymentElement />
      <button disabled={!stripe}>Pay</button>
      {message && <p role="alert">{message}</p>}
    </form>
  );
}
"""

ORDERS = """import type Stripe from "stripe";
import { db } from "./db";

export async function fulfillOrder(session: Stripe.Checkout.Session) {
  await db.order.update({ where: { checkoutSessionId: session.id }, data: { status: "paid" } });
}

export async function markInvoiceFailed(invoice: Stripe.Invoice) {
  await db.subscription.update({ where: { stripeCustomerId: String(invoice.customer) }, data: { status: "past_due" } });
}
"""


def shop(seed: str, name: str = "acme-store", **replace: str | None) -> dict[str, str]:
    """An App Router shop: Checkout, Payment Element, a verified webhook route; ``replace`` swaps or drops files."""
    k = keys(seed)
    files = {
        "package.json": package_json(
            name,
            {
                "next": "14.2.5",
                "react": "18.3.1",
                "react-dom": "18.3.1",
                "stripe": "^16.2.0",
                "@stripe/stripe-js": "^4.1.0",
                "@stripe/react-stripe-js": "^2.7.3",
                "@prisma/client": "^5.16.0",
            },
            {"dev": "next dev", "build": "next build", "start": "next start", "lint": "next lint"},
            {"typescript": "^5.5.3", "prisma": "^5.16.0", "eslint": "^8.57.0"},
        ),
        "next.config.mjs": "/** @type {import('next').NextConfig} */\nconst nextConfig = { reactStrictMode: true };\n\nexport default nextConfig;\n",
        "tsconfig.json": '{\n  "compilerOptions": {"strict": true, "jsx": "preserve", "paths": {"@/*": ["./*"]}}\n}\n',
        ".gitignore": gitignore(".next/", ".vercel"),
        ".env.example": env_example("STRIPE_SECRET_KEY", PUBLIC, "STRIPE_WEBHOOK_SECRET")
        + "NEXT_PUBLIC_SITE_URL=http://localhost:3000\n",
        ".env.local": f"STRIPE_SECRET_KEY={k['sk_test']}\n{PUBLIC}={k['pk_test']}\nSTRIPE_WEBHOOK_SECRET={k['whsec']}\n"
        "NEXT_PUBLIC_SITE_URL=http://localhost:3000\n",
        "app/layout.tsx": "export default function RootLayout({ children }: { children: React.ReactNode }) {\n"
        '  return (<html lang="en"><body>{children}</body></html>);\n}\n',
        "app/page.tsx": 'import Link from "next/link";\n\nexport default function Home() {\n  return <Link href="/checkout">Buy</Link>;\n}\n',
        "app/checkout/page.tsx": CHECKOUT_PAGE,
        "components/CheckoutForm.tsx": CHECKOUT_FORM,
        "app/api/checkout/route.ts": CHECKOUT_ROUTE,
        "app/api/webhooks/stripe/route.ts": VERIFIED_ROUTE,
        "lib/stripe.ts": LIB_STRIPE,
        "lib/orders.ts": ORDERS,
        "lib/db.ts": 'import { PrismaClient } from "@prisma/client";\n\nexport const db = new PrismaClient();\n',
        "README.md": f"# {name}\n\nRun `stripe listen --forward-to localhost:3000/api/webhooks/stripe` and copy the printed\n"
        "whsec_ secret into `.env.local`.\n",
    }
    for path, text in replace.items():
        if text is None:
            files.pop(path, None)
        else:
            files[path] = text
    return files


def env(seed: str) -> dict[str, str]:
    return live_env(seed, publishable=PUBLIC)


# --- ready -----------------------------------------------------------------------------------------

app(
    "nextjs-vercel-shop",
    ECO,
    "vercel",
    shop("nxa") | {"vercel.json": '{\n  "framework": "nextjs",\n  "regions": ["iad1"]\n}\n'},
    ready=True,
    holds=(1, 10),
    deploy_env=env("nxa"),
    why="keys come from Vercel's environment; .env.local is the developer's git-ignored file (Next.js loads it only in dev "
    "and at build on the developer's machine); .env.example holds placeholders",
)

STORY = """import type { Meta, StoryObj } from "@storybook/react";
import { Elements } from "@stripe/react-stripe-js";
import { loadStripe } from "@stripe/stripe-js";
import CheckoutForm from "./CheckoutForm";

const stripePromise = loadStripe("pk_test_TYooMQauvdEDq54NiTphI7jx");

const meta: Meta<typeof CheckoutForm> = {
  title: "Checkout/CheckoutForm",
  component: CheckoutForm,
  decorators: [(Story) => <Elements stripe={stripePromise}><Story /></Elements>],
};
export default meta;

export const Default: StoryObj<typeof CheckoutForm> = {};
"""

MSW = """import { http, HttpResponse } from "msw";

export const handlers = [
  http.post("/api/webhooks/stripe", async ({ request }) => {
    const event = await request.json();
    switch (event.type) {
      case "checkout.session.completed":
        return HttpResponse.json({ received: true });
      default:
        return HttpResponse.json({ ignored: event.type });
    }
  }),
];
"""

E2E = """import { test, expect } from "@playwright/test";
import Stripe from "stripe";

const stripe = new Stripe("@@sk_test:nxbe2e@@", { apiVersion: "2024-06-20" });

test("pays with a test card", async ({ page }) => {
  const price = await stripe.prices.create({ currency: "usd", unit_amount: 500, product_data: { name: "e2e" } });
  await page.goto(`/checkout?price=${price.id}`);
  await expect(page.getByRole("button", { name: "Pay" })).toBeVisible();
});
"""

app(
    "nextjs-storybook-msw-e2e",
    ECO,
    "vercel",
    shop("nxb")
    | {
        ".storybook/main.ts": 'import type { StorybookConfig } from "@storybook/nextjs";\n\nconst config: StorybookConfig = {\n'
        '  stories: ["../components/**/*.stories.tsx"],\n  framework: "@storybook/nextjs",\n};\nexport default config;\n',
        "components/CheckoutForm.stories.tsx": STORY,
        "mocks/handlers.ts": MSW,
        "e2e/checkout.spec.ts": E2E,
        "playwright.config.ts": 'import { defineConfig } from "@playwright/test";\n\nexport default defineConfig({ testDir: "e2e", '
        'use: { baseURL: "http://localhost:3000" } });\n',
    },
    ready=True,
    holds=(3, 6, 11),
    deploy_env=env("nxb"),
    why="Storybook stories, MSW mocks and Playwright e2e specs never ship in the Next.js build; the documentation test key "
    "in a story and a sandbox key in an e2e spec are where they belong",
)

HELM_VALUES = """replicaCount: 2
image:
  repository: ghcr.io/acme/store
  tag: ""
stripe:
  existingSecret: store-stripe
  publishableKey: ""
ingress:
  enabled: true
  host: store.acme.test
"""

HELM_DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "store.fullname" . }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      app: {{ include "store.fullname" . }}
  template:
    metadata:
      labels:
        app: {{ include "store.fullname" . }}
    spec:
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          env:
            - name: NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY
              value: {{ .Values.stripe.publishableKey | quote }}
            - name: STRIPE_SECRET_KEY
              valueFrom:
                secretKeyRef:
                  name: {{ .Values.stripe.existingSecret }}
                  key: STRIPE_SECRET_KEY
            - name: STRIPE_WEBHOOK_SECRET
              valueFrom:
                secretKeyRef:
                  name: {{ .Values.stripe.existingSecret }}
                  key: STRIPE_WEBHOOK_SECRET
"""

app(
    "nextjs-helm-chart",
    ECO,
    "k8s-helm",
    shop("nxc")
    | {
        "Dockerfile": dockerfile_node(),
        "chart/Chart.yaml": 'apiVersion: v2\nname: store\nversion: 0.3.1\nappVersion: "1.4.2"\n',
        "chart/values.yaml": HELM_VALUES,
        "chart/values-production.yaml": f"stripe:\n  existingSecret: store-stripe-live\n  publishableKey: {keys('nxc')['pk_live']}\n",
        "chart/templates/deployment.yaml": HELM_DEPLOYMENT,
        "chart/templates/_helpers.tpl": '{{- define "store.fullname" -}}{{ .Release.Name }}-store{{- end -}}\n',
    },
    ready=True,
    holds=(1,),
    deploy_env=env("nxc"),
    why="Helm's templates/ folder is what the cluster runs, not a template for people; the live publishable key in "
    "values-production.yaml is public by design and the secrets come from an existing Secret",
)

EXAMPLE_SERVER = """// A minimal sample from the Stripe docs, kept for newcomers. Not part of the store.
const stripe = require("stripe")("@@sk_test:nxdsample@@");
const express = require("express");
const app = express();

app.post("/webhook", express.json(), (request, response) => {
  const event = request.body;
  switch (event.type) {
    case "payment_intent.succeeded":
      console.log("PaymentIntent was successful!");
      break;
    default:
      console.log(`Unhandled event type ${event.type}`);
  }
  response.json({ received: true });
});

app.listen(4242, () => console.log("Running on port 4242"));
"""

app(
    "nextjs-monorepo-examples-dir",
    ECO,
    "vercel",
    shop("nxd")
    | {
        "examples/stripe-quickstart/server.js": EXAMPLE_SERVER,
        "examples/stripe-quickstart/package.json": package_json(
            "stripe-quickstart", {"express": "^4.19.2", "stripe": "^16.2.0"}, {"start": "node server.js"}
        ),
        "examples/stripe-quickstart/README.md": "# Quickstart\n\nCopy this folder to try Stripe webhooks locally.\n",
    },
    ready=True,
    holds=(1, 11),
    deploy_env=env("nxd"),
    why="a project-level examples/ tree is meant to be copied by a person: its sandbox key and unverified sample are not "
    "the store's production",
)

# --- not ready -------------------------------------------------------------------------------------

k = keys("nxe")
app(
    "nextjs-public-prefix-secret",
    ECO,
    "vercel",
    shop(
        "nxe",
        **{
            "lib/stripe.ts": LIB_STRIPE.replace("STRIPE_SECRET_KEY", "NEXT_PUBLIC_STRIPE_SECRET_KEY"),
            ".env.production": f"{PUBLIC}={k['pk_live']}\nNEXT_PUBLIC_STRIPE_SECRET_KEY={k['sk_live']}\nSTRIPE_WEBHOOK_SECRET={k['whsec']}\n",
        },
    ),
    ready=False,
    fires=(5,),
    expect=(E("GL201", ".env.production", "NEXT_PUBLIC_STRIPE_SECRET_KEY="),),
    maybe=(E("GL201", "lib/stripe.ts", "NEXT_PUBLIC_STRIPE_SECRET_KEY"),),
    why="Next.js inlines every NEXT_PUBLIC_ variable into the browser bundle: the live secret key ships to every visitor",
)

PAGES_UNVERIFIED = """import type { NextApiRequest, NextApiResponse } from "next";
import type Stripe from "stripe";
import { fulfillOrder } from "@/lib/orders";

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== "POST") {
    res.setHeader("Allow", "POST");
    return res.status(405).end("Method Not Allowed");
  }
  const event = req.body as Stripe.Event;
  switch (event.type) {
    case "checkout.session.completed":
      await fulfillOrder(event.data.object as Stripe.Checkout.Session);
      break;
    default:
      console.warn(`Unhandled event type ${event.type}`);
  }
  res.json({ received: true });
}
"""

app(
    "nextjs-pages-webhook-unverified",
    ECO,
    "vercel",
    shop("nxf", **{"app/api/webhooks/stripe/route.ts": None, "pages/api/webhook.ts": PAGES_UNVERIFIED}),
    ready=False,
    fires=(11,),
    deploy_env=env("nxf"),
    expect=(E("GL402", "pages/api/webhook.ts", '"checkout.session.completed"'),),
    why="the handler trusts the posted JSON: anyone can forge checkout.session.completed",
)

CONDITIONAL = VERIFIED_ROUTE.replace(
    """  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(body, signature, process.env.STRIPE_WEBHOOK_SECRET!);
  } catch (err) {
    return NextResponse.json({ error: `Webhook Error: ${(err as Error).message}` }, { status: 400 });
  }
""",
    """  const endpointSecret = process.env.STRIPE_WEBHOOK_SECRET;
  let event = JSON.parse(body) as Stripe.Event;
  if (endpointSecret) {
    try {
      event = stripe.webhooks.constructEvent(body, signature, endpointSecret);
    } catch (err) {
      return NextResponse.json({ error: `Webhook Error: ${(err as Error).message}` }, { status: 400 });
    }
  }
""",
)

app(
    "nextjs-webhook-if-secret",
    ECO,
    "vercel",
    shop("nxg", **{"app/api/webhooks/stripe/route.ts": CONDITIONAL}),
    ready=False,
    fires=(11,),
    deploy_env=env("nxg"),
    expect=(E("GL402", "app/api/webhooks/stripe/route.ts", ("if (endpointSecret)", "constructEvent(")),),
    why="verification runs only when the secret is set: a deploy that lost it accepts every forged event",
)

app(
    "nextjs-sdk-docs-key",
    ECO,
    "vercel",
    shop(
        "nxh",
        **{
            "lib/stripe.ts": 'import Stripe from "stripe";\n\n// TODO: move to env before launch\n'
            'export const stripe = new Stripe("sk_test_4eC39HqLyjWDarjtT1zdp7dc", { apiVersion: "2024-06-20" });\n'
        },
    ),
    ready=False,
    fires=(6,),
    deploy_env=env("nxh"),
    expect=(E("GL104", "lib/stripe.ts", "new Stripe("),),
    why="the SDK is constructed with Stripe's public documentation key: production runs with it whatever the env says",
)

app(
    "nextjs-sdk-require-sandbox",
    ECO,
    "docker",
    shop(
        "nxi",
        **{
            "app/api/checkout/route.ts": CHECKOUT_ROUTE.replace(
                'import { stripe } from "@/lib/stripe";', 'const stripe = require("stripe")("@@sk_test:nxi@@");'
            ),
            "Dockerfile": dockerfile_node(),
        },
    ),
    ready=False,
    fires=(6,),
    deploy_env=env("nxi"),
    expect=(E("GL101", "app/api/checkout/route.ts", 'require("stripe")'),),
    why="the checkout route builds its own client with a sandbox key: production checkouts are test payments",
)

CONNECT_UNVERIFIED = """import { NextResponse } from "next/server";
import { db } from "@/lib/db";

// Connect events for our marketplace sellers
export async function POST(req: Request) {
  const event = await req.json();
  if (event.type === "account.updated") {
    await db.seller.update({ where: { stripeAccountId: event.account }, data: { chargesEnabled: event.data.object.charges_enabled } });
  }
  return NextResponse.json({ received: true });
}
"""

app(
    "nextjs-second-handler-unverified",
    ECO,
    "vercel",
    shop("nxj") | {"app/api/webhooks/connect/route.ts": CONNECT_UNVERIFIED},
    ready=False,
    fires=(11,),
    deploy_env=env("nxj"),
    expect=(E("GL402", "app/api/webhooks/connect/route.ts", ('"account.updated"', "await req.json()")),),
    why="the platform route verifies, the Connect route does not: each route that receives events is judged on its own",
)

SERVER_JSON_FIRST = """const express = require("express");
const next = require("next");
const Stripe = require("stripe");

const dev = process.env.NODE_ENV !== "production";
const nextApp = next({ dev });
const handle = nextApp.getRequestHandler();
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);

nextApp.prepare().then(() => {
  const server = express();
  server.use(express.json());

  server.post("/stripe/webhook", (req, res) => {
    let event;
    try {
      event = stripe.webhooks.constructEvent(req.body, req.headers["stripe-signature"], process.env.STRIPE_WEBHOOK_SECRET);
    } catch (err) {
      return res.status(400).send(`Webhook Error: ${err.message}`);
    }
    if (event.type === "checkout.session.completed") {
      console.log("paid", event.data.object.id);
    }
    res.json({ received: true });
  });

  server.all("*", (req, res) => handle(req, res));
  server.listen(3000);
});
"""

app(
    "nextjs-custom-server-json-first",
    ECO,
    "docker",
    shop(
        "nxk",
        **{
            "app/api/webhooks/stripe/route.ts": None,
            "server.js": SERVER_JSON_FIRST,
            "Dockerfile": dockerfile_node(start="node server.js"),
        },
    ),
    ready=False,
    fires=(11,),
    deploy_env=env("nxk"),
    expect=(E("GL402", "server.js", ("server.use(express.json())", "constructEvent(")),),
    why="express.json() parses the body before the webhook route: constructEvent gets an object, not the raw bytes, and "
    "every genuine event fails (or the handler is loosened until it passes anything)",
)
