"""Issue 13, class 6: a literal handed to a Stripe SDK is configuration.

``require('stripe')('sk_test_...')`` is what production runs with: a placeholder there is GL104, a
real sandbox key GL101, wherever the file's environment is production; the same code in a test, a
template or a comment is not production. Each expectation names the check, the file and the line.
"""

from __future__ import annotations

import pytest
from helpers import hits, run
from keyfactory import key

from golive.keys import Kind, named_kind

# (file, text, line of the SDK literal, the kind of key its name must promise)
SDK_FORMS = [
    ("server.js", "const express = require('express');\nconst stripe = require('stripe')('sk_test_...');\n", 2, Kind.SECRET),
    (
        "api/pay.ts",
        "import Stripe from 'stripe';\nconst stripe = new Stripe('sk_test_xxx', { apiVersion: '2024-06-20' });\n",
        2,
        Kind.SECRET,
    ),
    ("api/charge.mjs", "import Stripe from 'stripe';\nconst stripe = Stripe('your_key_here');\n", 2, Kind.SECRET),
    ("billing.py", "import stripe\n\nstripe.api_key = 'sk_test_4eC39HqLyjWDarjtT1zdp7dc'\n", 3, Kind.SECRET),
    ("client.py", "import stripe\nclient = stripe.StripeClient('rk_test_1234')\n", 2, Kind.SECRET),
    ("app/services/pay.rb", "require 'stripe'\nStripe.api_key = 'sk_test_xxx'\n", 2, Kind.SECRET),
    ("src/Pay.java", 'class Pay {\n  static { Stripe.apiKey = "your_stripe_secret_key"; }\n}\n', 2, Kind.SECRET),
    ("Program.cs", 'using Stripe;\nStripeConfiguration.ApiKey = "sk_test_...";\n', 2, Kind.SECRET),
    ("Billing.cs", 'var client = new StripeClient("sk_test_xxx");\n', 1, Kind.SECRET),
    ("pay.php", "<?php\n\\Stripe\\Stripe::setApiKey('sk_test_...');\n", 2, Kind.SECRET),
    ("checkout.php", "<?php\n$stripe = new \\Stripe\\StripeClient('sk_test_xxx');\n", 2, Kind.SECRET),
    ("main.go", 'package main\n\nfunc init() {\n\tstripe.Key = "sk_test_..."\n}\n', 4, Kind.SECRET),
    (
        "web/checkout.js",
        "import { loadStripe } from '@stripe/stripe-js';\nconst promise = loadStripe('pk_test_TYooMQauvdEDq54NiTphI7jx');\n",
        2,
        Kind.PUBLISHABLE,
    ),
    (
        "mobile/App.tsx",
        'export default () => (\n  <StripeProvider publishableKey="pk_test_xxx">\n    <Main />\n  </StripeProvider>\n);\n',
        2,
        Kind.PUBLISHABLE,
    ),
    (
        "views/pay.html",
        (
            "<script src=\"https://js.stripe.com/v3/\"></script>\n<script>\nvar stripe = Stripe('your_publishable_key');\n"
            "</script>\n"
        ),
        3,
        Kind.PUBLISHABLE,
    ),
]


@pytest.mark.parametrize(("path", "source", "line", "kind"), SDK_FORMS, ids=[form[0] for form in SDK_FORMS])
def test_placeholder_handed_to_the_sdk_is_gl104_in_production(tree, path, source, line, kind):
    report = run(tree({path: source}))
    assert hits(report, "GL104") == {(path, line)}
    (value,) = [v for v in report.inventory.values if (v.path, v.line) == (path, line)]
    assert named_kind(value.variable) is kind  # its name says what it is, so a value without a prefix is judged too


def test_real_sandbox_key_handed_to_the_sdk_is_gl101(tree):
    sandbox = key("sk", "test", seed="sdk", style="legacy")
    report = run(
        tree(
            {
                "server.js": f"const stripe = require('stripe')('{sandbox}');\n",
                "Program.cs": f'StripeConfiguration.ApiKey = "{sandbox}";\n',
            }
        )
    )
    assert hits(report, "GL101") == {("server.js", 1), ("Program.cs", 1)}
    assert hits(report, "GL104") == set()


def test_shell_script_exports_are_configuration(tree):
    script = (
        "#!/usr/bin/env bash\nset -euo pipefail\n"
        "export STRIPE_SECRET_KEY=sk_test_xxx\n"
        'export STRIPE_WEBHOOK_SECRET="$(vault read -field=value secret/stripe)"\n'
        "export STRIPE_PUBLISHABLE_KEY=${STRIPE_PUBLISHABLE_KEY}\n"
        "# export STRIPE_RESTRICTED_KEY=rk_test_1234\n"
        "exec node server.js\n"
    )
    report = run(tree({"bin/start.sh": script, "scripts/dev-setup.sh": "export STRIPE_SECRET_KEY=sk_test_xxx\n"}))
    assert hits(report, "GL104") == {("bin/start.sh", 3)}  # the dev script is development; commands and references are no values


def test_a_publishable_key_handed_to_the_server_sdk_is_gl104(tree):
    publishable = key("pk", "live", seed="sdk")
    report = run(tree({"server.js": f"const stripe = require('stripe')('{publishable}');\n"}))
    assert hits(report, "GL104") == {("server.js", 1)}


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("server.js", "const stripe = require('stripe')(process.env.STRIPE_SECRET_KEY);\n"),  # the name alone is no value
        ("api/pay.ts", "import Stripe from 'stripe';\nconst stripe = new Stripe(secretKey, { apiVersion: '2024-06-20' });\n"),
        ("web/checkout.js", "const promise = loadStripe(import.meta.env.VITE_STRIPE_PUBLISHABLE_KEY);\n"),
        ("tests/test_billing.py", "import stripe\nstripe.api_key = 'sk_test_xxx'\n"),  # test environment
        ("spec/support/stripe.rb", "Stripe.api_key = 'sk_test_xxx'\n"),
        ("docs/quickstart.js", "const stripe = require('stripe')('sk_test_4eC39HqLyjWDarjtT1zdp7dc');\n"),  # documentation
        ("examples/server.js", "const stripe = require('stripe')('sk_test_...');\n"),
        (
            "server.js",
            "// const stripe = require('stripe')('sk_test_...');\nconst stripe = require('stripe')(process.env.KEY);\n",
        ),
        ("billing.py", "import stripe\n# stripe.api_key = 'sk_test_xxx'\nstripe.api_key = os.environ['STRIPE_SECRET_KEY']\n"),
        ("Program.cs", '/*\n StripeConfiguration.ApiKey = "sk_test_...";\n*/\n'),
        ("views/pay.html", "<!-- <script>var stripe = Stripe('pk_test_xxx');</script> -->\n"),
        ("lib/client.js", "const stripe = Stripe(options.key);\nconst other = NotStripe('sk_test_xxx');\n"),
        ("lib/widget.js", "const s = Stripe('your_key_here');\n"),  # neither Stripe.js nor the Node SDK: nothing says which key
    ],
)
def test_no_gl104_where_production_does_not_run_the_literal(tree, path, source):
    report = run(tree({path: source}))
    assert hits(report, "GL104") == set()
    assert hits(report, "GL101") == set()


def test_a_real_publishable_key_in_stripe_js_is_fine(tree):
    publishable = key("pk", "live", seed="browser")
    page = f"<script src=\"https://js.stripe.com/v3/\"></script>\n<script>var stripe = Stripe('{publishable}');</script>\n"
    report = run(tree({"views/pay.html": page}))
    assert not [f for f in report.findings if f.check_id in ("GL104", "GL101", "GL201")]


def test_a_live_prefix_fragment_is_never_called_a_placeholder(tree):
    source = "import os\nSTRIPE_SECRET_KEY = 'sk_live_' + os.environ['STRIPE_KEY_BODY']\nstripe.api_key = 'sk_live_' + suffix\n"
    report = run(tree({"shop/settings/production.py": source}))
    assert hits(report, "GL104") == set()


def test_a_constant_handed_to_the_sdk_is_read_where_it_is_defined(tree):
    report = run(
        tree(
            {
                "server.js": "const STRIPE_SECRET = 'sk_test_...';\nconst stripe = require('stripe')(STRIPE_SECRET);\n",
                "pay.php": "<?php\n$key = 'your_stripe_key';\n\\Stripe\\Stripe::setApiKey($key);\n",
                "web/App.tsx": (
                    "import { loadStripe } from '@stripe/stripe-js';\nconst PK = 'pk_test_xxx';\n"
                    "export const promise = loadStripe(PK);\n"
                ),
            }
        )
    )
    assert hits(report, "GL104") == {("server.js", 1), ("pay.php", 2), ("web/App.tsx", 2)}


def test_a_constant_assigned_anything_else_says_nothing(tree):
    report = run(
        tree(
            {
                "server.js": (
                    "let key = '';\nif (process.env.STRIPE_SECRET_KEY) key = process.env.STRIPE_SECRET_KEY;\n"
                    "const stripe = require('stripe')(key);\n"
                ),
                "api.js": (
                    "const stripe = require('stripe')(config.secretKey);\nconst other = require('stripe')(KEY_FROM_ELSEWHERE);\n"
                ),
            }
        )
    )
    assert hits(report, "GL104") == set()
