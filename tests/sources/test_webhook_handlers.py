"""Webhook verification as the SDKs and libraries write it, judged per handler (issue 13, class 11).

One section per language. Each case is a small app tree: the findings of GL402 (and GL401 where a
library needs its signing secret) must be exactly the expected (check, path, line); lines are named by
the first line holding a marker text, so a fixture edit cannot silently move them.
"""

from __future__ import annotations

import pytest
from helpers import hits, run, write_tree

SECRET_ENV = {".env.production": "STRIPE_WEBHOOK_SECRET=@@whsec:hooks@@\n"}
CASES: dict[str, tuple[dict[str, str], dict[str, set[tuple[str, str]]]]] = {}


def case(name: str, files: dict[str, str], **expected: set[tuple[str, str]]) -> None:
    """``expected``: check id -> {(path, marker)}; GL402 is always checked (no entry: no finding)."""
    CASES[name] = ({**SECRET_ENV, **files}, {"GL402": set(), **expected})


def line_of(files: dict[str, str], path: str, marker: str) -> int:
    return next(number for number, line in enumerate(files[path].split("\n"), 1) if marker in line)


# --- Node: Express, Next.js (pages and app router), Nest ----------------------------------------------

EXPRESS_VERIFIED = """const express = require("express");
const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);
const app = express();

app.post("/stripe/webhook", express.raw({ type: "application/json" }), (req, res) => {
  let event;
  try {
    event = stripe.webhooks.constructEvent(req.body, req.headers["stripe-signature"], process.env.STRIPE_WEBHOOK_SECRET);
  } catch (err) {
    return res.status(400).send(`Webhook Error: ${err.message}`);
  }
  switch (event.type) {
    case "checkout.session.completed":
      fulfil(event.data.object);
      break;
  }
  res.json({ received: true });
});

app.use(express.json());
app.listen(4242);
"""
case("express-ready", {"package.json": "{}", "server.js": EXPRESS_VERIFIED})

EXPRESS_SECOND_ROUTE = """const express = require("express");
const router = express.Router();

router.post("/connect/webhook", express.json(), async (req, res) => {
  const event = req.body;
  if (event.type === "account.updated") {
    await sellers.sync(event.data.object);
  }
  res.json({ received: true });
});

module.exports = router;
"""
case(
    "express-verified-and-unverified",
    {"package.json": "{}", "server.js": EXPRESS_VERIFIED, "routes/connect.js": EXPRESS_SECOND_ROUTE},
    GL402={("routes/connect.js", '"account.updated"')},
)

EXPRESS_SAME_FILE = EXPRESS_VERIFIED.replace(
    "app.use(express.json());",
    """app.post("/stripe/legacy", express.json(), (req, res) => {
  const event = req.body;
  if (event.type === "invoice.paid") markPaid(event.data.object);
  res.sendStatus(200);
});""",
)
case(
    "express-two-routes-one-file", {"package.json": "{}", "server.js": EXPRESS_SAME_FILE}, GL402={("server.js", '"invoice.paid"')}
)

case(
    "express-json-first",
    {
        "package.json": "{}",
        "server.js": EXPRESS_VERIFIED.replace("const app = express();\n", "const app = express();\napp.use(express.json());\n"),
    },
    GL402={("server.js", "constructEvent(")},
)

case(
    "express-json-first-with-raw-capture",
    {
        "package.json": "{}",
        "server.js": EXPRESS_VERIFIED.replace(
            "const app = express();\n",
            "const app = express();\napp.use(express.json({ verify: (req, res, buf) => { req.rawBody = buf; } }));\n",
        ).replace("constructEvent(req.body", "constructEvent(req.rawBody"),
    },
)

case(
    "express-catch-goes-on",
    {
        "package.json": "{}",
        "server.js": EXPRESS_VERIFIED.replace("  let event;\n", "  let event = JSON.parse(req.body);\n").replace(
            "    return res.status(400).send(`Webhook Error: ${err.message}`);\n",
            "    console.log(`Webhook Error: ${err.message}`);\n",
        ),
    },
    GL402={("server.js", "constructEvent(")},
)

case(
    "express-catch-logs-event-unset",
    {
        "package.json": "{}",
        "server.js": EXPRESS_VERIFIED.replace(
            "    return res.status(400).send(`Webhook Error: ${err.message}`);\n",
            "    console.log(err);\n    return res.sendStatus(400);\n",
        ),
    },
)

case(
    "express-tolerance-zero",
    {
        "package.json": "{}",
        "server.js": EXPRESS_VERIFIED.replace("process.env.STRIPE_WEBHOOK_SECRET);", "process.env.STRIPE_WEBHOOK_SECRET, 0);"),
    },
    GL402={("server.js", "constructEvent(")},
)

case(
    "express-commented-out-verification",
    {
        "package.json": "{}",
        "server.js": """const express = require("express");
const app = express();

app.post("/stripe/webhook", express.json(), (req, res) => {
  // const event = stripe.webhooks.constructEvent(req.body, req.headers["stripe-signature"], secret);
  /* stripe.webhooks.constructEvent(req.body, sig, secret) */
  const event = req.body;
  if (event.type === "checkout.session.completed") fulfil(event.data.object);
  res.sendStatus(200);
});
""",
    },
    GL402={("server.js", '"checkout.session.completed"')},
)

case(
    "express-signature-middleware",
    {
        "package.json": "{}",
        "server.js": """const express = require("express");
const { verifyStripeSignature } = require("./stripe-signature");
const app = express();

app.post("/stripe/webhook", express.raw({ type: "application/json" }), verifyStripeSignature, (req, res) => {
  const event = req.stripeEvent;
  if (event.type === "invoice.paid") markPaid(event.data.object);
  res.sendStatus(200);
});
""",
    },
)

case(
    "express-same-file-helper-verifies",
    {
        "package.json": "{}",
        "server.js": """const express = require("express");
const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);
const app = express();

function verified(req) {
  return stripe.webhooks.constructEvent(req.body, req.headers["stripe-signature"], process.env.STRIPE_WEBHOOK_SECRET);
}

app.post("/stripe/webhook", express.raw({ type: "application/json" }), (req, res) => {
  const event = verified(req);
  if (event.type === "invoice.paid") markPaid(event.data.object);
  res.sendStatus(200);
});
""",
    },
)

EXPRESS_ROUTER = """const express = require("express");

function webhookRouter(stripe) {
  const router = express.Router();
  router.post("/stripe", express.raw({ type: "application/json" }), (req, res) => {
    let event;
    try {
      event = stripe.webhooks.constructEvent(req.body, req.headers["stripe-signature"], process.env.STRIPE_WEBHOOK_SECRET);
    } catch (err) {
      return res.status(400).send(`Webhook Error: ${err.message}`);
    }
    if (event.type === "invoice.paid") markPaid(event.data.object);
    res.json({ received: true });
  });
  return router;
}

module.exports = { webhookRouter };
"""
EXPRESS_APP = """const express = require("express");
const Stripe = require("stripe");
const { webhookRouter } = require("./webhooks");

const app = express();
app.use(express.json());
app.use("/webhooks", webhookRouter(new Stripe(process.env.STRIPE_SECRET_KEY)));
"""
case(
    "express-json-before-router-from-other-file",
    {"package.json": "{}", "src/server.js": EXPRESS_APP, "src/webhooks.js": EXPRESS_ROUTER},
    GL402={("src/server.js", "app.use(express.json())")},
)
case(
    "express-router-before-json",
    {
        "package.json": "{}",
        "src/webhooks.js": EXPRESS_ROUTER,
        "src/server.js": EXPRESS_APP.replace(
            'app.use(express.json());\napp.use("/webhooks", webhookRouter(new Stripe(process.env.STRIPE_SECRET_KEY)));',
            'app.use("/webhooks", webhookRouter(new Stripe(process.env.STRIPE_SECRET_KEY)));\napp.use(express.json());',
        ),
    },
)

case(
    "express-hoisted-handler-registered-before-json",
    {
        "package.json": "{}",
        "server.js": """const express = require("express");
const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);
const app = express();

app.post("/stripe/webhook", express.raw({ type: "application/json" }), handleWebhook);
app.use(express.json());

function handleWebhook(req, res) {
  let event;
  try {
    event = stripe.webhooks.constructEvent(req.body, req.headers["stripe-signature"], process.env.STRIPE_WEBHOOK_SECRET);
  } catch (err) {
    return res.status(400).send(`Webhook Error: ${err.message}`);
  }
  if (event.type === "invoice.paid") markPaid(event.data.object);
  res.json({ received: true });
}
""",
    },
)
case(
    "express-analytics-events-beside-stripe",
    {
        "package.json": "{}",
        "server.js": EXPRESS_VERIFIED.replace(
            "app.use(express.json());",
            """app.post("/track", express.json(), (req, res) => {
  const event = req.body;
  analytics.track(event.name, event.properties);
  res.sendStatus(204);
});""",
        ),
    },
)

NEXT_PAGES = """import Stripe from "stripe";
import { buffer } from "micro";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export default async function handler(req, res) {
  const event = stripe.webhooks.constructEvent(req.body, req.headers["stripe-signature"], process.env.STRIPE_WEBHOOK_SECRET!);
  if (event.type === "checkout.session.completed") await fulfil(event.data.object);
  res.json({ received: true });
}
"""
case(
    "next-pages-parsed-body",
    {"package.json": "{}", "pages/api/webhook.ts": NEXT_PAGES},
    GL402={("pages/api/webhook.ts", "constructEvent(")},
)
case(
    "next-pages-raw-body",
    {
        "package.json": "{}",
        "pages/api/webhook.ts": NEXT_PAGES.replace("constructEvent(req.body", "constructEvent(await buffer(req)")
        + "\nexport const config = { api: { bodyParser: false } };\n",
    },
)

NEXT_APP = """import { NextResponse } from "next/server";
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function POST(req: Request) {
  const body = await req.text();
  const signature = req.headers.get("stripe-signature")!;
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(body, signature, process.env.STRIPE_WEBHOOK_SECRET!);
  } catch (err) {
    return NextResponse.json({ error: "bad signature" }, { status: 400 });
  }
  if (event.type === "invoice.paid") await markPaid(event.data.object);
  return NextResponse.json({ received: true });
}
"""
case("next-app-ready", {"package.json": "{}", "app/api/webhooks/stripe/route.ts": NEXT_APP})
case(
    "next-app-reserialised",
    {
        "package.json": "{}",
        "app/api/webhooks/stripe/route.ts": NEXT_APP.replace(
            "const body = await req.text();", "const body = await req.json();"
        ).replace("constructEvent(body,", "constructEvent(JSON.stringify(body),"),
    },
    GL402={("app/api/webhooks/stripe/route.ts", "constructEvent(")},
)

# Remix and React Router route modules are .tsx files whose `action` runs on the server.
REMIX_ACTION_UNVERIFIED = """import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { db } from "~/db.server";

export async function action({ request }: ActionFunctionArgs) {
  const event = await request.json();
  if (event.type === "invoice.paid") {
    await db.invoice.update({ where: { id: event.data.object.id }, data: { paid: true } });
  }
  return json({ received: true });
}
"""
REMIX_ACTION_VERIFIED = """import type { ActionFunctionArgs } from "@remix-run/node";
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function action({ request }: ActionFunctionArgs) {
  const payload = await request.text();
  const signature = request.headers.get("stripe-signature")!;
  const event = stripe.webhooks.constructEvent(payload, signature, process.env.STRIPE_WEBHOOK_SECRET!);
  if (event.type === "invoice.paid") {
    console.log(event.id);
  }
  return new Response(null, { status: 200 });
}
"""
# A component that shows an event's type runs in the browser: it receives no webhook.
INVOICE_BADGE = """export function InvoiceBadge({ event }: { event: { type: string } }) {
  return event.type === "invoice.paid" ? <span>Paid</span> : null;
}
"""
case(
    "remix-action-unverified",
    {"package.json": "{}", "app/routes/webhooks.stripe.tsx": REMIX_ACTION_UNVERIFIED},
    GL402={("app/routes/webhooks.stripe.tsx", '"invoice.paid"')},
)
case("remix-action-nested-verified", {"package.json": "{}", "app/routes/api/stripe-webhook.tsx": REMIX_ACTION_VERIFIED})
case("component-showing-an-event-type", {"package.json": "{}", "app/components/InvoiceBadge.tsx": INVOICE_BADGE})

NEST_CONTROLLER = """import { Controller, Headers, Post, RawBodyRequest, Req } from "@nestjs/common";
import { StripeService } from "./stripe.service";

@Controller("stripe")
export class StripeWebhookController {
  constructor(private readonly stripeService: StripeService) {}

  @Post("webhook")
  async handle(@Req() req: RawBodyRequest<Request>, @Headers("stripe-signature") signature: string) {
    const event = this.stripeService.eventFromWebhook(req.rawBody, signature);
    switch (event.type) {
      case "customer.subscription.deleted":
        await this.stripeService.cancel(event.data.object);
        break;
    }
    return { received: true };
  }
}
"""
NEST_SERVICE = """import { Injectable } from "@nestjs/common";
import Stripe from "stripe";

@Injectable()
export class StripeService {
  private stripe = new Stripe(process.env.STRIPE_SECRET_KEY);

  eventFromWebhook(payload: Buffer, signature: string): Stripe.Event {
    return this.stripe.webhooks.constructEvent(payload, signature, process.env.STRIPE_WEBHOOK_SECRET);
  }
}
"""
case(
    "nest-service-verifies",
    {"package.json": "{}", "src/stripe/stripe.controller.ts": NEST_CONTROLLER, "src/stripe/stripe.service.ts": NEST_SERVICE},
)
case(
    "nest-body-event",
    {
        "package.json": "{}",
        "src/stripe/stripe.service.ts": NEST_SERVICE,
        "src/stripe/connect.controller.ts": """
import { Body, Controller, Post } from "@nestjs/common";
import Stripe from "stripe";

@Controller("connect")
export class ConnectController {
  @Post("webhook")
  async handle(@Body() event: Stripe.Event) {
    if (event.type === "account.updated") await this.sellers.sync(event.data.object);
    return { received: true };
  }
}
""",
    },
    GL402={("src/stripe/connect.controller.ts", '"account.updated"')},
)

# --- Python: Django, Flask, FastAPI ------------------------------------------------------------------

DJANGO_VIEWS = """import json

import stripe
from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def stripe_webhook(request):
    try:
        event = stripe.Webhook.construct_event(
            request.body, request.headers.get("Stripe-Signature"), settings.STRIPE_WEBHOOK_SECRET
        )
    except (ValueError, stripe.error.SignatureVerificationError):
        return HttpResponse(status=400)
    if event["type"] == "checkout.session.completed":
        fulfil(event["data"]["object"])
    return HttpResponse(status=200)
"""
case("django-ready", {"manage.py": "", "shop/views.py": DJANGO_VIEWS})
case(
    "django-second-view-unverified",
    {
        "manage.py": "",
        "shop/views.py": DJANGO_VIEWS
        + """

@csrf_exempt
def connect_webhook(request):
    event = json.loads(request.body)
    if event["type"] == "account.updated":
        sync_seller(event["data"]["object"])
    return HttpResponse(status=200)
""",
    },
    GL402={("shop/views.py", '"account.updated"')},
)
case(
    "django-commented-out",
    {
        "manage.py": "",
        "shop/views.py": DJANGO_VIEWS.replace(
            (
                "        event = stripe.Webhook.construct_event(\n            request.body, "
                'request.headers.get("Stripe-Signature"), settings.STRIPE_WEBHOOK_SECRET\n        )'
            ),
            (
                "        # event = stripe.Webhook.construct_event(request.body, sig, settings.STRIPE_WEBHOOK_SECRET)\n"
                "        event = json.loads(request.body)"
            ),
        ),
    },
    GL402={("shop/views.py", '"checkout.session.completed"')},
)
case(
    "django-dispatcher-in-other-module",
    {
        "manage.py": "",
        "shop/views.py": DJANGO_VIEWS.replace(
            '    if event["type"] == "checkout.session.completed":\n        fulfil(event["data"]["object"])\n',
            "    dispatch(event)\n",
        ),
        "shop/handlers.py": (
            'def dispatch(event):\n    if event["type"] == "invoice.paid":\n        mark_paid(event["data"]["object"])\n'
        ),
    },
)

FLASK_CONSTRUCT_FROM = """import json

import stripe
from flask import Flask, request

app = Flask(__name__)


@app.route("/webhook", methods=["POST"])
def webhook():
    event = stripe.Event.construct_from(json.loads(request.data), stripe.api_key)
    if event.type == "payment_intent.succeeded":
        fulfil(event.data.object)
    return "", 200
"""
case(
    "flask-construct-from",
    {"requirements.txt": "stripe\n", "app.py": FLASK_CONSTRUCT_FROM},
    GL402={("app.py", '"payment_intent.succeeded"')},
)

FASTAPI = """import json

import stripe
from fastapi import FastAPI, Header, HTTPException, Request

app = FastAPI()


@app.post("/stripe/webhook")
async def stripe_webhook(request: Request, stripe_signature: str = Header()):
    payload = await request.body()
    try:
        event = stripe.Webhook.construct_event(payload, stripe_signature, settings.webhook_secret)
    except stripe.error.SignatureVerificationError:
        raise HTTPException(status_code=400)
    if event["type"] == "invoice.paid":
        await mark_paid(event["data"]["object"])
    return {"received": True}
"""
case("fastapi-ready", {"pyproject.toml": "", "app/main.py": FASTAPI})
case(
    "fastapi-except-goes-on",
    {
        "pyproject.toml": "",
        "app/main.py": FASTAPI.replace("    try:\n", "    event = json.loads(payload)\n    try:\n").replace(
            "        raise HTTPException(status_code=400)\n", '        print("signature check failed")\n'
        ),
    },
    GL402={("app/main.py", "construct_event(")},
)
case(
    "fastapi-tolerance-none",
    {
        "pyproject.toml": "",
        "app/main.py": FASTAPI.replace("settings.webhook_secret)", "settings.webhook_secret, tolerance=None)"),
    },
    GL402={("app/main.py", "construct_event(")},
)
case(
    "dj-stripe-receivers",
    {
        "manage.py": "",
        "shop/settings.py": 'INSTALLED_APPS = ["django.contrib.admin", "djstripe"]\n',
        "shop/receivers.py": """from djstripe import webhooks


@webhooks.handler("customer.subscription.deleted")
def on_cancel(event, **kwargs):
    if event.type == "customer.subscription.deleted":
        cancel(event.data["object"])
""",
    },
    GL401=set(),
)

# --- Ruby: Rails, stripe_event, pay -------------------------------------------------------------------

RAILS_VERIFIED = """class WebhooksController < ApplicationController
  skip_before_action :verify_authenticity_token

  def create
    event = Stripe::Webhook.construct_event(
      request.body.read, request.env["HTTP_STRIPE_SIGNATURE"], ENV.fetch("STRIPE_WEBHOOK_SECRET")
    )
    case event.type
    when "customer.subscription.deleted"
      Subscription.cancel!(event.data.object.id)
    end
    head :ok
  rescue JSON::ParserError, Stripe::SignatureVerificationError
    head :bad_request
  end
end
"""
RAILS_UNVERIFIED = """class ConnectWebhooksController < ApplicationController
  skip_before_action :verify_authenticity_token

  def create
    payload = request.body.read
    event = Stripe::Event.construct_from(JSON.parse(payload, symbolize_names: true))
    case event.type
    when "account.updated"
      Seller.sync!(event.data.object)
    end
    head :ok
  end
end
"""
case("rails-ready", {"Gemfile": "", "app/controllers/webhooks_controller.rb": RAILS_VERIFIED})
case(
    "rails-second-controller-unverified",
    {
        "Gemfile": "",
        "app/controllers/webhooks_controller.rb": RAILS_VERIFIED,
        "app/controllers/connect_webhooks_controller.rb": RAILS_UNVERIFIED,
    },
    GL402={("app/controllers/connect_webhooks_controller.rb", '"account.updated"')},
)
STRIPE_EVENT = """StripeEvent.signing_secret = ENV["STRIPE_SIGNING_SECRET"]

StripeEvent.configure do |events|
  events.subscribe "charge.failed" do |event|
    Dunning.start(event.data.object)
  end
end
"""
case(
    "rails-stripe-event-without-secret",
    {
        "Gemfile": "",
        "config/initializers/stripe.rb": STRIPE_EVENT,
        "config/routes.rb": 'Rails.application.routes.draw do\n  mount StripeEvent::Engine, at: "/stripe"\nend\n',
        ".env.production": "STRIPE_SECRET_KEY=\n",
    },
    GL401={("config/initializers/stripe.rb", "StripeEvent.signing_secret")},
)
case("rails-stripe-event-with-secret", {"Gemfile": "", "config/initializers/stripe.rb": STRIPE_EVENT}, GL401=set())

# --- PHP: Laravel (Cashier), plain ------------------------------------------------------------------

PLAIN_PHP_VERIFIED = """<?php
require 'vendor/autoload.php';

$payload = @file_get_contents('php://input');
$sigHeader = $_SERVER['HTTP_STRIPE_SIGNATURE'];
try {
    $event = \\Stripe\\Webhook::constructEvent($payload, $sigHeader, getenv('STRIPE_WEBHOOK_SECRET'));
} catch (\\Stripe\\Exception\\SignatureVerificationException $e) {
    http_response_code(400);
    exit();
}
switch ($event->type) {
    case \\Stripe\\Event::PAYMENT_INTENT_SUCCEEDED:
        fulfil($event->data->object);
        break;
}
http_response_code(200);
"""
case("php-plain-ready", {"composer.json": "{}", "public/webhook.php": PLAIN_PHP_VERIFIED})
case(
    "php-construct-from",
    {
        "composer.json": "{}",
        "public/webhook.php": """<?php
require 'vendor/autoload.php';

$payload = @file_get_contents('php://input');
// \\Stripe\\Webhook::constructEvent($payload, $sigHeader, $secret);
$event = \\Stripe\\Event::constructFrom(json_decode($payload, true));
switch ($event->type) {
    case \\Stripe\\Event::PAYMENT_INTENT_SUCCEEDED:
        fulfil($event->data->object);
        break;
}
""",
    },
    GL402={("public/webhook.php", "Event::PAYMENT_INTENT_SUCCEEDED")},
)
CASHIER = """<?php

namespace App\\Http\\Controllers;

use Laravel\\Cashier\\Http\\Controllers\\WebhookController as CashierController;

class WebhookController extends CashierController
{
    public function handleInvoicePaymentSucceeded(array $payload)
    {
        Invoice::markPaid($payload['data']['object']['id']);
    }
}
"""
case(
    "laravel-cashier-without-secret",
    {"composer.json": "{}", "app/Http/Controllers/WebhookController.php": CASHIER, ".env.production": "APP_ENV=production\n"},
    GL401={("app/Http/Controllers/WebhookController.php", "use Laravel")},
)
case("laravel-cashier-with-secret", {"composer.json": "{}", "app/Http/Controllers/WebhookController.php": CASHIER}, GL401=set())

CASHIER_CONFIG = """<?php

return [
    'key' => env('STRIPE_KEY'),
    'secret' => env('STRIPE_SECRET'),
    'webhook' => [
        'secret' => env('STRIPE_WEBHOOK_SECRET'),
        'tolerance' => env('STRIPE_WEBHOOK_TOLERANCE', 300),
    ],
];
"""
case(
    "laravel-cashier-config-without-secret",
    {"composer.json": "{}", "config/cashier.php": CASHIER_CONFIG, ".env.production": "APP_ENV=production\n"},
    GL401={("config/cashier.php", "env('STRIPE_WEBHOOK_SECRET')")},
)
PAY = 'Pay.setup do |config|\n  config.business_name = "Acme"\n  config.enabled_processors = [:stripe]\nend\n'
case(
    "rails-pay-without-secret",
    {"Gemfile": "", "config/initializers/pay.rb": PAY, ".env.production": "RAILS_ENV=production\n"},
    GL401={("config/initializers/pay.rb", "Pay.setup")},
)
case("rails-pay-with-secret", {"Gemfile": "", "config/initializers/pay.rb": PAY}, GL401=set())

# --- Go ---------------------------------------------------------------------------------------------------

GO = """package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"

	"github.com/stripe/stripe-go/v79"
	"github.com/stripe/stripe-go/v79/webhook"
)

func handleWebhook(w http.ResponseWriter, r *http.Request) {
	payload, _ := io.ReadAll(r.Body)
	event, err := webhook.ConstructEvent(payload, r.Header.Get("Stripe-Signature"), os.Getenv("STRIPE_WEBHOOK_SECRET"))
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	switch event.Type {
	case stripe.EventTypeCheckoutSessionCompleted:
		fulfil(event.Data.Raw)
	}
}
"""
GO_UNVERIFIED = """
func handleConnect(w http.ResponseWriter, r *http.Request) {
	payload, _ := io.ReadAll(r.Body)
	var event stripe.Event
	if err := json.Unmarshal(payload, &event); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	switch event.Type {
	case stripe.EventTypeAccountUpdated:
		syncSeller(event.Data.Raw)
	}
}
"""
case("go-ready", {"go.mod": "module shop\n", "main.go": GO})
case(
    "go-second-handler-unverified",
    {"go.mod": "module shop\n", "main.go": GO + GO_UNVERIFIED},
    GL402={("main.go", "stripe.EventTypeAccountUpdated")},
)
case(
    "go-ignoring-tolerance",
    {"go.mod": "module shop\n", "main.go": GO.replace("webhook.ConstructEvent(", "webhook.ConstructEventIgnoringTolerance(")},
    GL402={("main.go", "ConstructEventIgnoringTolerance(")},
)
case(
    "go-closures-in-main",
    {
        "go.mod": "module shop\n",
        "main.go": """package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"

	"github.com/stripe/stripe-go/v79"
	"github.com/stripe/stripe-go/v79/webhook"
)

func main() {
	http.HandleFunc("/webhook", func(w http.ResponseWriter, r *http.Request) {
		payload, _ := io.ReadAll(r.Body)
		event, err := webhook.ConstructEvent(payload, r.Header.Get("Stripe-Signature"), os.Getenv("STRIPE_WEBHOOK_SECRET"))
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		if event.Type == "invoice.paid" {
			markPaid(event.Data.Raw)
		}
	})
	http.HandleFunc("/connect", func(w http.ResponseWriter, r *http.Request) {
		var event stripe.Event
		json.NewDecoder(r.Body).Decode(&event)
		if event.Type == "account.updated" {
			syncSeller(event.Data.Raw)
		}
	})
	http.ListenAndServe(":4242", nil)
}
""",
    },
    GL402={("main.go", '"account.updated"')},
)

# --- Java and Kotlin (Spring) -------------------------------------------------------------------------

JAVA = """package com.example.shop;

import com.stripe.model.Event;
import com.stripe.net.ApiResource;
import com.stripe.net.Webhook;
import org.springframework.web.bind.annotation.*;

@RestController
public class WebhookController {
    @PostMapping("/stripe/webhook")
    public String handle(@RequestBody String payload, @RequestHeader("Stripe-Signature") String sigHeader) throws Exception {
        Event event = Webhook.constructEvent(payload, sigHeader, System.getenv("STRIPE_WEBHOOK_SECRET"));
        switch (event.getType()) {
            case "invoice.paid":
                billing.markPaid(event);
                break;
            default:
                break;
        }
        return "";
    }
@@SECOND@@}
"""
JAVA_SECOND = """
    @PostMapping("/stripe/connect")
    public String connect(@RequestBody String payload) {
        Event event = ApiResource.GSON.fromJson(payload, Event.class);
        if ("account.updated".equals(event.getType())) {
            sellers.sync(event);
        }
        return "";
    }
"""
JAVA_PATH = "src/main/java/com/example/shop/WebhookController.java"
case("spring-ready", {"pom.xml": "<project/>", JAVA_PATH: JAVA.replace("@@SECOND@@", "")})
case(
    "spring-second-method-unverified",
    {"pom.xml": "<project/>", JAVA_PATH: JAVA.replace("@@SECOND@@", JAVA_SECOND)},
    GL402={(JAVA_PATH, '"account.updated"')},
)
KOTLIN_PATH = "src/main/kotlin/com/example/shop/WebhookController.kt"
case(
    "kotlin-ready",
    {
        "build.gradle.kts": "",
        KOTLIN_PATH: """package com.example.shop

import com.stripe.net.Webhook
import org.springframework.web.bind.annotation.*

@RestController
class WebhookController {
    @PostMapping("/stripe/webhook")
    fun handle(@RequestBody payload: String, @RequestHeader("Stripe-Signature") signature: String): String {
        val event = Webhook.constructEvent(payload, signature, System.getenv("STRIPE_WEBHOOK_SECRET"))
        when (event.type) {
            "checkout.session.completed" -> orders.fulfil(event)
        }
        return ""
    }
}
""",
    },
)

# --- C# (.NET) ----------------------------------------------------------------------------------------

DOTNET_CONSTRUCT = (
    'EventUtility.ConstructEvent(json, Request.Headers["Stripe-Signature"], _webhookSecret, throwOnApiVersionMismatch: false)'
)
DOTNET = """using Microsoft.AspNetCore.Mvc;
using Stripe;

[Route("stripe/webhook")]
[ApiController]
public class WebhookController : Controller
{
    [HttpPost]
    public async Task<IActionResult> Index()
    {
        var json = await new StreamReader(HttpContext.Request.Body).ReadToEndAsync();
        try
        {
            var stripeEvent = DOTNET_CONSTRUCT;
            if (stripeEvent.Type == EventTypes.PaymentIntentSucceeded)
            {
                await _orders.MarkPaid(stripeEvent.Data.Object);
            }
            return Ok();
        }
        catch (StripeException)
        {
            return BadRequest();
        }
    }
}
""".replace("DOTNET_CONSTRUCT", DOTNET_CONSTRUCT)
DOTNET_PATH = "Controllers/WebhookController.cs"
case("dotnet-ready", {"Shop.csproj": "<Project/>", DOTNET_PATH: DOTNET})
case(
    "dotnet-parse-event",
    {
        "Shop.csproj": "<Project/>",
        DOTNET_PATH: DOTNET.replace(DOTNET_CONSTRUCT, "EventUtility.ParseEvent(json)"),
    },
    GL402={(DOTNET_PATH, "EventTypes.PaymentIntentSucceeded")},
)
case(
    "dotnet-tolerance-zero",
    {"Shop.csproj": "<Project/>", DOTNET_PATH: DOTNET.replace("throwOnApiVersionMismatch: false", "tolerance: 0")},
    GL402={(DOTNET_PATH, "EventUtility.ConstructEvent")},
)


@pytest.mark.parametrize("name", sorted(CASES))
def test_findings_name_the_handler(name, tmp_path):
    files, expected = CASES[name]
    report = run(write_tree(tmp_path, files))
    assert not report.crashed
    for check_id, wanted in expected.items():
        assert hits(report, check_id) == {(path, line_of(files, path, marker)) for path, marker in wanted}, check_id


def test_an_unverified_handler_beside_a_verified_one_says_so(tmp_path):
    files, _ = CASES["express-verified-and-unverified"]
    (found,) = [f for f in run(write_tree(tmp_path, files)).findings if f.check_id == "GL402"]
    assert "a verified handler elsewhere in the app does not protect this route" in found.message


def test_a_catch_that_goes_on_is_named(tmp_path):
    files, _ = CASES["express-catch-goes-on"]
    (found,) = [f for f in run(write_tree(tmp_path, files)).findings if f.check_id == "GL402"]
    assert "only logs the failure and goes on with the unverified event" in found.message
