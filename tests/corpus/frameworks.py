"""More frameworks and deploy shapes (SvelteKit, Remix, Cloudflare Workers, Symfony, Phoenix, CRA, Gatsby, CDK, Azure
Functions), written after the first round of fixes: trees the fixes were not written against, to see that they generalise."""

from __future__ import annotations

from corpus import E, app, keys, live_env
from corpus.blocks import gitignore, package_json

SVELTE_WEBHOOK = """import Stripe from "stripe";
import { error, json } from "@sveltejs/kit";
import { STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET } from "$env/static/private";
import type { RequestHandler } from "./$types";

const stripe = new Stripe(STRIPE_SECRET_KEY);

export const POST: RequestHandler = async ({ request }) => {
  const body = await request.text();
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(body, request.headers.get("stripe-signature") ?? "", STRIPE_WEBHOOK_SECRET);
  } catch {
    error(400, "invalid signature");
  }
  if (event.type === "checkout.session.completed") {
    console.log("paid", event.data.object.id);
  }
  return json({ received: true });
};
"""

SVELTE_PAGE = """<script lang="ts">
  import { loadStripe } from "@stripe/stripe-js";
  import { PUBLIC_STRIPE_PUBLISHABLE_KEY } from "$env/static/public";

  const stripePromise = loadStripe(PUBLIC_STRIPE_PUBLISHABLE_KEY);
</script>

<button on:click={async () => console.log(await stripePromise)}>Pay</button>
"""


def sveltekit(seed: str, **extra: str) -> dict[str, str]:
    k = keys(seed)
    return {
        "package.json": package_json(
            "svelte-shop",
            {"stripe": "^16.2.0", "@stripe/stripe-js": "^4.1.0"},
            {"dev": "vite dev", "build": "vite build"},
            {"@sveltejs/kit": "^2.5.18", "@sveltejs/adapter-vercel": "^5.4.1"},
        ),
        "svelte.config.js": 'import adapter from "@sveltejs/adapter-vercel";\n\nexport default { kit: { adapter: adapter() } };\n',
        "src/routes/+page.svelte": SVELTE_PAGE,
        "src/routes/api/stripe/webhook/+server.ts": SVELTE_WEBHOOK,
        ".env": f"STRIPE_SECRET_KEY={k['sk_test']}\nSTRIPE_WEBHOOK_SECRET={k['whsec']}\nPUBLIC_STRIPE_PUBLISHABLE_KEY={k['pk_test']}\n",
        ".env.example": "STRIPE_SECRET_KEY=\nSTRIPE_WEBHOOK_SECRET=\nPUBLIC_STRIPE_PUBLISHABLE_KEY=\n",
        ".gitignore": gitignore(".svelte-kit/", ".vercel/"),
    } | extra


app(
    "sveltekit-vercel-shop",
    "sveltekit",
    "vercel",
    sveltekit("sva"),
    ready=True,
    holds=(10, 11),
    deploy_env=live_env("sva", publishable="PUBLIC_STRIPE_PUBLISHABLE_KEY"),
    why="$env/static/private stays on the server; .env is git-ignored and read by vite dev; the route verifies",
)

k = keys("svb")
app(
    "sveltekit-public-secret",
    "sveltekit",
    "vercel",
    sveltekit(
        "svb",
        **{
            "src/routes/admin/+page.svelte": '<script lang="ts">\n  import { PUBLIC_STRIPE_SECRET_KEY } from "$env/static/public";\n</script>\n\n'
            "<p>{PUBLIC_STRIPE_SECRET_KEY.slice(0, 8)}</p>\n",
            ".env.production": f"PUBLIC_STRIPE_SECRET_KEY={k['sk_live']}\n",
        },
    ),
    ready=False,
    fires=(5,),
    deploy_env=live_env("svb", publishable="PUBLIC_STRIPE_PUBLISHABLE_KEY"),
    expect=(E("GL201", ".env.production", "PUBLIC_STRIPE_SECRET_KEY="),),
    maybe=(E("GL201", "src/routes/admin/+page.svelte", ("PUBLIC_STRIPE_SECRET_KEY", "{PUBLIC_STRIPE_SECRET_KEY")),),
    why="$env/static/public inlines PUBLIC_ variables into client code",
)

REMIX_VERIFIED = """import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { stripe } from "~/stripe.server";

export async function action({ request }: ActionFunctionArgs) {
  const payload = await request.text();
  const signature = request.headers.get("stripe-signature")!;
  let event;
  try {
    event = stripe.webhooks.constructEvent(payload, signature, process.env.STRIPE_WEBHOOK_SECRET!);
  } catch {
    return json({ error: "bad signature" }, { status: 400 });
  }
  if (event.type === "customer.subscription.updated") {
    console.log("subscription", event.data.object.id);
  }
  return json({ received: true });
}
"""

REMIX_UNVERIFIED = """import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { db } from "~/db.server";

export async function action({ request }: ActionFunctionArgs) {
  const event = await request.json();
  if (event.type === "invoice.paid") {
    await db.invoice.update({ where: { stripeId: event.data.object.id }, data: { paid: true } });
  }
  return json({ received: true });
}
"""


def remix(seed: str, route: str) -> dict[str, str]:
    return {
        "package.json": package_json(
            "remix-saas",
            {"@remix-run/node": "^2.10.3", "@remix-run/react": "^2.10.3", "stripe": "^16.2.0"},
            {"build": "remix vite:build", "start": "remix-serve ./build/server/index.js"},
        ),
        "vite.config.ts": 'import { vitePlugin as remix } from "@remix-run/dev";\nimport { defineConfig } from "vite";\n\n'
        "export default defineConfig({ plugins: [remix()] });\n",
        "app/stripe.server.ts": 'import Stripe from "stripe";\n\nexport const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);\n',
        "app/db.server.ts": 'import { PrismaClient } from "@prisma/client";\n\nexport const db = new PrismaClient();\n',
        "app/routes/webhooks.stripe.tsx": route,
        "fly.toml": 'app = "remix-saas"\nprimary_region = "cdg"\n\n[http_service]\n  internal_port = 3000\n',
        ".gitignore": gitignore("/build"),
    }


app(
    "remix-fly-verified",
    "remix",
    "fly",
    remix("rma", REMIX_VERIFIED),
    ready=True,
    holds=(11,),
    deploy_env=live_env("rma", publishable=""),
    why="the resource route reads the raw text and verifies it with constructEvent",
)

app(
    "remix-route-unverified",
    "remix",
    "fly",
    remix("rmb", REMIX_UNVERIFIED),
    ready=False,
    fires=(11,),
    deploy_env=live_env("rmb", publishable=""),
    expect=(E("GL402", "app/routes/webhooks.stripe.tsx", '"invoice.paid"'),),
    why="the action trusts request.json(): anyone can mark invoices paid",
)

WORKER = """import Stripe from "stripe";
import { Hono } from "hono";

type Env = { STRIPE_SECRET_KEY: string; STRIPE_WEBHOOK_SECRET: string };
const app = new Hono<{ Bindings: Env }>();

app.post("/webhook", async (c) => {
  const stripe = new Stripe(c.env.STRIPE_SECRET_KEY, { httpClient: Stripe.createFetchHttpClient() });
  const body = await c.req.text();
  const event = await stripe.webhooks.constructEventAsync(body, c.req.header("stripe-signature")!, c.env.STRIPE_WEBHOOK_SECRET,
    undefined, Stripe.createSubtleCryptoProvider());
  if (event.type === "checkout.session.completed") {
    await c.env;  // fulfil
  }
  return c.json({ received: true });
});

export default app;
"""

WRANGLER = """name = "shop-worker"
main = "src/index.ts"
compatibility_date = "2024-07-01"

[env.staging]
name = "shop-worker-staging"

[env.staging.vars]
STRIPE_SECRET_KEY = "{staging}"

[env.production]
name = "shop-worker"
{production}"""


def worker(staging: str, production: str) -> dict[str, str]:
    return {
        "package.json": package_json(
            "shop-worker",
            {"hono": "^4.5.1", "stripe": "^16.2.0"},
            {"deploy": "wrangler deploy --env production", "dev": "wrangler dev --env staging"},
            {"wrangler": "^3.65.0"},
        ),
        "wrangler.toml": WRANGLER.format(staging=staging, production=production),
        "src/index.ts": WORKER,
        ".gitignore": gitignore(".wrangler/", ".dev.vars"),
    }


app(
    "workers-wrangler-staging-vars",
    "cloudflare-workers",
    "wrangler",
    worker(keys("cwa")["sk_test"], ""),
    ready=True,
    holds=(10, 11),
    deploy_env=live_env("cwa", publishable=""),
    why="the sandbox key is a var of [env.staging] only; production's secrets are set with `wrangler secret put`",
)

app(
    "workers-wrangler-production-vars",
    "cloudflare-workers",
    "wrangler",
    worker(keys("cwbstg")["sk_test"], f'\n[env.production.vars]\nSTRIPE_SECRET_KEY = "{keys("cwb")["sk_test"]}"\n'),
    ready=False,
    fires=(10,),
    deploy_env=live_env("cwb", publishable=""),
    expect=(E("GL101", "wrangler.toml", keys("cwb")["sk_test"]),),
    why="`wrangler deploy --env production` ships [env.production.vars]: a sandbox key",
)

SYMFONY_ENV = """# In all environments, the following files are loaded if they exist,
# the latter taking precedence over the former:
#
#  * .env                contains default values for the environment variables needed by the app
#  * .env.local          uncommitted file with local overrides
#  * .env.$APP_ENV       committed environment-specific defaults
#  * .env.$APP_ENV.local uncommitted environment-specific overrides
#
# Real environment variables win over .env files.
APP_ENV=dev
APP_SECRET=
STRIPE_SECRET_KEY=sk_test_change_me
STRIPE_WEBHOOK_SECRET=
"""

SYMFONY_CONTROLLER = """<?php

namespace App\\Controller;

use Stripe\\Webhook;
use Symfony\\Bundle\\FrameworkBundle\\Controller\\AbstractController;
use Symfony\\Component\\DependencyInjection\\Attribute\\Autowire;
use Symfony\\Component\\HttpFoundation\\Request;
use Symfony\\Component\\HttpFoundation\\Response;
use Symfony\\Component\\Routing\\Attribute\\Route;

class StripeWebhookController extends AbstractController
{
    #[Route('/stripe/webhook', methods: ['POST'])]
    public function __invoke(Request $request, #[Autowire(env: 'STRIPE_WEBHOOK_SECRET')] string $secret): Response
    {
        try {
            $event = Webhook::constructEvent($request->getContent(), $request->headers->get('Stripe-Signature'), $secret);
        } catch (\\Throwable) {
            return new Response('', 400);
        }
        if ($event->type === 'checkout.session.completed') {
            // fulfil the order
        }
        return new Response('', 200);
    }
}
"""

app(
    "symfony-committed-dotenv-defaults",
    "symfony",
    "platform-sh",
    {
        "composer.json": '{\n  "require": { "php": ">=8.2", "symfony/framework-bundle": "7.1.*", "stripe/stripe-php": "^15.3" }\n}\n',
        ".env": SYMFONY_ENV,
        ".gitignore": "/.env.local\n/.env.local.php\n/.env.*.local\n/var/\n/vendor/\n",
        "src/Controller/StripeWebhookController.php": SYMFONY_CONTROLLER,
        "config/packages/framework.yaml": "framework:\n  secret: '%env(APP_SECRET)%'\n",
        ".platform.app.yaml": "name: app\ntype: php:8.3\nvariables:\n  env:\n    APP_ENV: prod\n",
    },
    ready=True,
    holds=(10,),
    deploy_env=live_env("sya", publishable=""),
    why="Symfony commits .env with defaults for development; real environment variables win over it, and production "
    "sets them (Platform.sh variables)",
)

PHX_RUNTIME = """import Config

if config_env() == :prod do
  config :stripity_stripe,
    api_key: System.fetch_env!("STRIPE_SECRET_KEY"),
    signing_secret: System.fetch_env!("STRIPE_WEBHOOK_SECRET")
end
"""

PHX_PLUG = """defmodule ShopWeb.StripeWebhookController do
  use ShopWeb, :controller

  def create(conn, _params) do
    [signature] = get_req_header(conn, "stripe-signature")
    secret = Application.fetch_env!(:stripity_stripe, :signing_secret)

    case Stripe.Webhook.construct_event(conn.assigns.raw_body, signature, secret) do
      {:ok, %Stripe.Event{type: "checkout.session.completed"} = event} ->
        Shop.Orders.mark_paid(event.data.object.id)
        send_resp(conn, 200, "ok")

      {:ok, _event} ->
        send_resp(conn, 200, "ignored")

      {:error, _reason} ->
        send_resp(conn, 400, "bad signature")
    end
  end
end
"""


def phoenix(seed: str, prod_exs: str, runtime: str = PHX_RUNTIME) -> dict[str, str]:
    k = keys(seed)
    return {
        "mix.exs": 'defmodule Shop.MixProject do\n  use Mix.Project\n\n  def project, do: [app: :shop, version: "0.4.0", deps: deps()]\n\n'
        '  defp deps, do: [{:phoenix, "~> 1.7"}, {:stripity_stripe, "~> 3.2"}]\nend\n',
        "config/config.exs": 'import Config\n\nconfig :shop, ShopWeb.Endpoint, url: [host: "localhost"]\n\nimport_config "#{config_env()}.exs"\n',
        "config/dev.exs": f'import Config\n\nconfig :stripity_stripe,\n  api_key: "{k["sk_test"]}",\n  signing_secret: "{k["whsec"]}"\n',
        "config/test.exs": 'import Config\n\nconfig :stripity_stripe, api_key: "sk_test_123"\n',
        "config/prod.exs": prod_exs,
        "config/runtime.exs": runtime,
        "lib/shop_web/controllers/stripe_webhook_controller.ex": PHX_PLUG,
        "fly.toml": 'app = "shop"\n\n[http_service]\n  internal_port = 4000\n',
        ".gitignore": "/_build/\n/deps/\n",
    }


app(
    "phoenix-runtime-exs",
    "phoenix",
    "fly",
    phoenix("pha", 'import Config\n\nconfig :shop, ShopWeb.Endpoint, cache_static_manifest: "priv/static/cache_manifest.json"\n'),
    ready=True,
    holds=(8,),
    deploy_env=live_env("pha", publishable=""),
    why="config/dev.exs is imported only when MIX_ENV=dev; production reads runtime.exs, which takes the environment",
)

app(
    "phoenix-prod-exs-sandbox",
    "phoenix",
    "fly",
    phoenix(
        "phb",
        f'import Config\n\nconfig :stripity_stripe, api_key: "{keys("phb")["sk_test"]}"\n',
        PHX_RUNTIME.replace('    api_key: System.fetch_env!("STRIPE_SECRET_KEY"),\n', ""),
    ),
    ready=False,
    fires=(8,),
    deploy_env=live_env("phb", publishable="", webhook=True),
    expect=(E("GL101", "config/prod.exs", "api_key:"),),
    maybe=(E("GL103", "config/prod.exs", "api_key:"),),
    why="config/prod.exs is compiled into the release and runtime.exs sets only the signing secret: production calls "
    "Stripe with the sandbox key",
)

k = keys("cra")
app(
    "cra-production-env-sandbox",
    "create-react-app",
    "s3",
    {
        "package.json": package_json(
            "storefront",
            {"react": "18.3.1", "react-dom": "18.3.1", "react-scripts": "5.0.1", "@stripe/stripe-js": "^4.1.0"},
            {"start": "react-scripts start", "build": "react-scripts build"},
        ),
        "public/index.html": '<!doctype html>\n<html><body><div id="root"></div></body></html>\n',
        "src/index.js": 'import { loadStripe } from "@stripe/stripe-js";\n\nexport const stripePromise = loadStripe(process.env.REACT_APP_STRIPE_PUBLISHABLE_KEY);\n',
        ".env.development": f"REACT_APP_STRIPE_PUBLISHABLE_KEY={k['pk_test']}\n",
        ".env.production": f"REACT_APP_STRIPE_PUBLISHABLE_KEY={keys('craprod')['pk_test']}\n",
        ".gitignore": gitignore(),
    },
    ready=False,
    fires=(2,),
    expect=(E("GL101", ".env.production", "REACT_APP_STRIPE_PUBLISHABLE_KEY="),),
    why="`react-scripts build` reads .env.production: the production bundle has a sandbox key (.env.development is dev's)",
)

k = keys("gab")
app(
    "gatsby-secret-in-public-prefix",
    "gatsby",
    "netlify",
    {
        "package.json": package_json(
            "gatsby-shop", {"gatsby": "^5.13.7", "@stripe/stripe-js": "^4.1.0"}, {"build": "gatsby build"}
        ),
        "gatsby-config.js": 'module.exports = { siteMetadata: { title: "Shop" } };\n',
        "src/pages/index.js": 'import { loadStripe } from "@stripe/stripe-js";\n\nconst stripe = loadStripe(process.env.GATSBY_STRIPE_PUBLISHABLE_KEY);\n'
        "export default function Index() {\n  return null;\n}\n",
        ".env.production": f"GATSBY_STRIPE_PUBLISHABLE_KEY={k['pk_live']}\nGATSBY_STRIPE_SECRET_KEY={k['sk_live']}\n",
        ".gitignore": gitignore(".cache/", "public/"),
    },
    ready=False,
    fires=(5,),
    expect=(E("GL201", ".env.production", "GATSBY_STRIPE_SECRET_KEY="),),
    why="Gatsby inlines GATSBY_ variables into the browser bundle",
)

CDK_STACK = """import * as cdk from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda-nodejs";
import {{ Construct }} from "constructs";

export class BillingStack extends cdk.Stack {{
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {{
    super(scope, id, props);
    new lambda.NodejsFunction(this, "Webhook", {{
      entry: "src/webhook.ts",
      environment: {{
        STRIPE_SECRET_KEY: "{sk}",
        STRIPE_WEBHOOK_SECRET: cdk.SecretValue.secretsManager("billing/stripe").unsafeUnwrap(),
      }},
    }});
  }}
}}
"""

app(
    "cdk-stack-sandbox-literal",
    "aws-cdk",
    "cdk",
    {
        "package.json": package_json(
            "billing-infra",
            {"aws-cdk-lib": "^2.150.0", "constructs": "^10.3.0", "stripe": "^16.2.0"},
            {"deploy": "cdk deploy BillingProd"},
        ),
        "cdk.json": '{\n  "app": "npx ts-node bin/app.ts"\n}\n',
        "bin/app.ts": 'import * as cdk from "aws-cdk-lib";\nimport { BillingStack } from "../lib/billing-stack";\n\n'
        'const app = new cdk.App();\nnew BillingStack(app, "BillingProd", { env: { region: "eu-west-1" } });\n',
        "lib/billing-stack.ts": CDK_STACK.format(sk=keys("cdk")["sk_test"]),
        "src/webhook.ts": 'import Stripe from "stripe";\n\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);\n\n'
        "export const handler = async (event: { body: string; headers: Record<string, string> }) => {\n"
        '  const e = stripe.webhooks.constructEvent(event.body, event.headers["stripe-signature"], process.env.STRIPE_WEBHOOK_SECRET!);\n'
        "  return { statusCode: e.type ? 200 : 400 };\n};\n",
    },
    ready=False,
    fires=(1,),
    deploy_env={"STRIPE_WEBHOOK_SECRET": keys("cdk")["whsec"]},
    expect=(E("GL101", "lib/billing-stack.ts", 'STRIPE_SECRET_KEY: "'),),
    why="the CDK app deploys the BillingProd stack with a sandbox key in the Lambda's environment",
)

k = keys("azf")
app(
    "azure-functions-local-settings",
    "azure-functions",
    "azure-functions",
    {
        "Billing.csproj": '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n'
        "    <AzureFunctionsVersion>v4</AzureFunctionsVersion>\n  </PropertyGroup>\n  <ItemGroup>\n"
        '    <PackageReference Include="Stripe.net" Version="45.3.0" />\n  </ItemGroup>\n</Project>\n',
        "local.settings.json": f'{{\n  "IsEncrypted": false,\n  "Values": {{\n    "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",\n'
        f'    "STRIPE_SECRET_KEY": "{k["sk_test"]}",\n    "STRIPE_WEBHOOK_SECRET": "{k["whsec"]}"\n  }}\n}}\n',
        "StripeWebhook.cs": "using Microsoft.Azure.Functions.Worker;\nusing Microsoft.Azure.Functions.Worker.Http;\nusing Stripe;\n\n"
        'public class StripeWebhook\n{\n    [Function("StripeWebhook")]\n'
        '    public async Task<HttpResponseData> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequestData req)\n    {\n'
        "        var json = await new StreamReader(req.Body).ReadToEndAsync();\n"
        '        var stripeEvent = EventUtility.ConstructEvent(json, req.Headers.GetValues("Stripe-Signature").First(),\n'
        '            Environment.GetEnvironmentVariable("STRIPE_WEBHOOK_SECRET"));\n'
        "        if (stripeEvent.Type == EventTypes.InvoicePaid) { }\n        return req.CreateResponse(System.Net.HttpStatusCode.OK);\n    }\n}\n",
        ".gitignore": "bin/\nobj/\nlocal.settings.json\n",
    },
    ready=True,
    holds=(10,),
    deploy_env=live_env("azf", publishable=""),
    why="local.settings.json is the Functions host's local file: `func azure functionapp publish` never uploads it",
)
