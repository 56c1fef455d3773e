"""Nuxt 3 apps: runtimeConfig (private vs public, overridden by NUXT_ variables), Nitro server routes; Netlify and Docker."""

from __future__ import annotations

from corpus import E, app, keys
from corpus.blocks import gitignore, package_json

ECO = "nuxt"

CONFIG = """export default defineNuxtConfig({
  devtools: { enabled: true },
  runtimeConfig: {
    stripeSecretKey: "",
    stripeWebhookSecret: "",
    public: {
      stripePublishableKey: "",
    },
  },
});
"""

WEBHOOK = """import Stripe from "stripe";

export default defineEventHandler(async (event) => {
  const config = useRuntimeConfig(event);
  const stripe = new Stripe(config.stripeSecretKey);
  const body = await readRawBody(event, false);
  const signature = getHeader(event, "stripe-signature");
  let stripeEvent: Stripe.Event;
  try {
    stripeEvent = stripe.webhooks.constructEvent(body!, signature!, config.stripeWebhookSecret);
  } catch (err) {
    throw createError({ statusCode: 400, statusMessage: `Webhook Error: ${(err as Error).message}` });
  }
  if (stripeEvent.type === "checkout.session.completed") {
    await useStorage("orders").setItem(stripeEvent.data.object.id, { paid: true });
  }
  return { received: true };
});
"""

UNVERIFIED = """export default defineEventHandler(async (event) => {
  const body = await readBody(event);
  if (body.type === "checkout.session.completed") {
    await useStorage("orders").setItem(body.data.object.id, { paid: true });
  }
  return { received: true };
});
"""

PAY_BUTTON = """<script setup lang="ts">
import { loadStripe } from "@stripe/stripe-js";

const config = useRuntimeConfig();
const stripePromise = loadStripe(config.public.stripePublishableKey);

async function pay() {
  const { url } = await $fetch("/api/checkout", { method: "POST" });
  window.location.href = url;
}
</script>

<template>
  <button @click="pay">Pay</button>
</template>
"""


def nuxt(seed: str, **replace: str | None) -> dict[str, str]:
    k = keys(seed)
    files = {
        "package.json": package_json(
            "nuxt-shop",
            {"nuxt": "^3.12.4", "vue": "^3.4.34", "stripe": "^16.2.0", "@stripe/stripe-js": "^4.1.0"},
            {"dev": "nuxt dev", "build": "nuxt build", "preview": "nuxt preview"},
        ),
        "nuxt.config.ts": CONFIG,
        "app.vue": "<template>\n  <NuxtPage />\n</template>\n",
        "pages/index.vue": "<template>\n  <PayButton />\n</template>\n",
        "components/PayButton.vue": PAY_BUTTON,
        "server/api/webhook.post.ts": WEBHOOK,
        "server/api/checkout.post.ts": 'import Stripe from "stripe";\n\nexport default defineEventHandler(async (event) => {\n'
        "  const stripe = new Stripe(useRuntimeConfig(event).stripeSecretKey);\n"
        '  const session = await stripe.checkout.sessions.create({ mode: "payment", line_items: [{ price: "price_1Pshirt", quantity: 1 }],\n'
        '    success_url: "https://shop.acme.test/thanks", cancel_url: "https://shop.acme.test/" });\n  return { url: session.url };\n});\n',
        ".gitignore": gitignore(".nuxt/", ".output/"),
        ".env": f"NUXT_STRIPE_SECRET_KEY={k['sk_test']}\nNUXT_STRIPE_WEBHOOK_SECRET={k['whsec']}\n"
        f"NUXT_PUBLIC_STRIPE_PUBLISHABLE_KEY={k['pk_test']}\n",
        "netlify.toml": '[build]\n  command = "npm run build"\n  publish = "dist"\n',
    }
    for path, text in replace.items():
        if text is None:
            files.pop(path, None)
        else:
            files[path] = text
    return files


def env(seed: str) -> dict[str, str]:
    k = keys(seed)
    return {
        "NUXT_STRIPE_SECRET_KEY": k["sk_live"],
        "NUXT_STRIPE_WEBHOOK_SECRET": k["whsec"],
        "NUXT_PUBLIC_STRIPE_PUBLISHABLE_KEY": k["pk_live"],
    }


app(
    "nuxt-runtime-config-netlify",
    ECO,
    "netlify",
    nuxt("nua"),
    ready=True,
    holds=(8, 10, 11),
    deploy_env=env("nua"),
    why="runtimeConfig's empty strings are defaults that NUXT_* variables override at run time; .env is read by nuxt dev only",
)

app(
    "nuxt-secret-in-public-runtime-config",
    ECO,
    "netlify",
    nuxt(
        "nub",
        **{
            "nuxt.config.ts": CONFIG.replace(
                '      stripePublishableKey: "",\n',
                '      stripePublishableKey: "",\n      stripeSecretKey: process.env.STRIPE_SECRET_KEY,\n',
            )
        },
    ),
    ready=False,
    fires=(5,),
    deploy_env=env("nub") | {"STRIPE_SECRET_KEY": keys("nub")["sk_live"]},
    expect=(E("GL201", "nuxt.config.ts", "      stripeSecretKey: process.env"),),
    why="runtimeConfig.public is serialised into every page's payload: the secret key goes to the browser",
)

app(
    "nuxt-server-route-unverified",
    ECO,
    "netlify",
    nuxt("nuc", **{".env": None, "server/api/webhook.post.ts": UNVERIFIED}),
    ready=False,
    fires=(11,),
    deploy_env=env("nuc"),
    expect=(E("GL402", "server/api/webhook.post.ts", '"checkout.session.completed"'),),
    why="readBody parses the JSON and the route trusts it",
)

k = keys("nud")
app(
    "nuxt-component-sandbox-literal",
    ECO,
    "netlify",
    nuxt(
        "nud",
        **{
            ".env": None,
            "components/PayButton.vue": PAY_BUTTON.replace(
                "loadStripe(config.public.stripePublishableKey)", f'loadStripe("{k["pk_test"]}")'
            ),
        },
    ),
    ready=False,
    fires=(6,),
    deploy_env=env("nud"),
    expect=(E("GL101", "components/PayButton.vue", "loadStripe("),),
    maybe=(E("GL103", "components/PayButton.vue", "loadStripe("),),
    why="the component hands loadStripe a sandbox key: the production page confirms payments in test mode",
)

app(
    "nuxt-docker-node-server",
    ECO,
    "docker",
    nuxt(
        "nue",
        **{
            ".env": None,
            "netlify.toml": None,
            "Dockerfile": "FROM node:20-alpine AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n\nFROM node:20-alpine\n"
            'COPY --from=build /app/.output /app/.output\nENV NITRO_PORT=3000\nCMD ["node", "/app/.output/server/index.mjs"]\n',
        },
    ),
    ready=True,
    holds=(8,),
    deploy_env=env("nue"),
    why="the image takes its keys from the container's NUXT_* environment at run time",
)
