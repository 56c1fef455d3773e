"""Issue 13, class 7: keys where scanners do not look.

Inside URLs, as YAML and JSON mapping keys, inside a Stripe-named value that holds more than the key,
and split across concatenated literals. Each is a committed key (GL501 when git tracks the file), and
a live-prefixed fragment is never called a placeholder. Keys are built at run time (tests/keyfactory.py).
"""

from __future__ import annotations

import subprocess

from helpers import hits, run
from keyfactory import key


def _commit(root):
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "app"]):
        subprocess.run(
            ["git", "-c", "user.name=golive", "-c", "user.email=golive@example.com", *args],
            cwd=root,
            check=True,
            capture_output=True,
        )
    return root


def _found(report, path, line):
    return {v.key.value for v in report.inventory.values if (v.path, v.line) == (path, line) and v.key.is_real}


def test_key_inside_a_url(tree):
    live = key("sk", "live", seed="url")
    root = _commit(
        tree(
            {
                "config/settings.yml": f"stripe_api_url: https://{live}:@api.stripe.com/v1\n",
                ".env.production": f"PAYMENTS_URL=https://{live}@api.stripe.com\n",
                "src/client.py": f"BASE = 'https://{live}:@api.stripe.com'\n",
            }
        )
    )
    report = run(root)
    assert hits(report, "GL501") == {("config/settings.yml", 1), (".env.production", 1), ("src/client.py", 1)}
    assert _found(report, "config/settings.yml", 1) == {live}


def test_key_as_a_mapping_key(tree):
    restricted, secret = key("rk", "live", seed="mapkey"), key("sk", "live", seed="jsonkey")
    root = _commit(
        tree(
            {
                "config/allowed.yml": f"keys:\n  {restricted}: reporting\n",
                "data/accounts.json": f'{{\n  "accounts": {{\n    "{secret}": {{"name": "main"}}\n  }}\n}}\n',
            }
        )
    )
    report = run(root)
    assert hits(report, "GL501") == {("config/allowed.yml", 2), ("data/accounts.json", 3)}


def test_key_inside_a_longer_stripe_value(tree):
    live = key("sk", "live", seed="longer")
    root = _commit(
        tree(
            {
                ".env.production": f'STRIPE="key={live} mode=live"\n',
                "config/payments.yml": f"stripe:\n  dsn: stripe://{live}@default\n",
            }
        )
    )
    report = run(root)
    assert hits(report, "GL501") == {(".env.production", 1), ("config/payments.yml", 2)}
    assert _found(report, ".env.production", 1) == {live}


def test_key_split_across_concatenated_literals(tree):
    live = key("sk", "live", seed="split")
    head, tail = live[:8], live[8:]  # "sk_live_" and the body
    root = _commit(
        tree(
            {
                "server/config.js": f'const STRIPE_KEY = "{head}" + "{tail}";\n',
                "shop/keys.py": f"STRIPE_KEY = (\n    '{live[:5]}'\n    '{live[5:]}'\n)\n",
                "src/Pay.php": f"<?php\n$key = '{live[:20]}' . '{live[20:]}';\n\\Stripe\\Stripe::setApiKey($key);\n",
            }
        )
    )
    report = run(root)
    assert hits(report, "GL501") == {("server/config.js", 1), ("shop/keys.py", 2), ("src/Pay.php", 2)}
    assert _found(report, "server/config.js", 1) == {live}
    assert hits(report, "GL104") == set()  # no fragment is called a placeholder


def test_a_fragment_with_a_live_prefix_is_no_placeholder(tree):
    report = run(
        tree(
            {
                "config/settings/production.py": "import os\nSTRIPE_SECRET_KEY = 'sk_live_' + os.environ['BODY']\n",
                "config/stripe.js": "module.exports = { stripeSecretKey: 'sk_live_' + process.env.BODY };\n",
            }
        )
    )
    assert hits(report, "GL104") == set()


def test_no_key_where_none_is_spelt(tree):
    """Placeholders joined stay placeholders; unrelated literals side by side are no key."""
    report = run(
        _commit(
            tree(
                {
                    "server/config.js": 'const STRIPE_KEY = "sk_test_" + "xxx";\nconst a = "sk_live_"; const b = "x";\n',
                    "shop/urls.py": "URL = 'https://' 'api.stripe.com'\n",
                }
            )
        )
    )
    assert hits(report, "GL501") == set()
    assert hits(report, "GL104") == set()


def test_a_sandbox_key_split_over_lines_and_handed_to_the_sdk_is_gl101(tree):
    sandbox = key("sk", "test", seed="cron")
    legacy = (
        f'// old integration, kept for the refunds cron\nconst KEY = "{sandbox[:14]}" +\n  "{sandbox[14:]}";\n\n'
        'module.exports = require("stripe")(KEY);\n'
    )
    report = run(tree({"src/legacy.js": legacy}))
    assert hits(report, "GL101") == {("src/legacy.js", 2)}
    assert hits(report, "GL104") == set()
