"""Settings modules, application code, frontend and mobile configs, and webhook code (GL105, GL402).

Fixture trees live in tests/fixtures/code/<case>/, shaped like the projects that ship them; live keys
are ``@@sk_live@@`` tokens built at run time. Each expectation names the check, the file and the line.
"""

from __future__ import annotations

import pytest
from helpers import hits, run

from golive.keys import KEY_IN_TEXT

EXPECTED = {
    # Settings modules and code: a fallback literal is what production gets when the variable is missing.
    ("django", "GL101"): {("shop/settings/production.py", 9)},
    ("django", "GL104"): {("shop/settings/production.py", 8), ("shop/settings/production.py", 10)},
    ("django", "GL402"): set(),  # handlers.py dispatches, views.py in the same app verifies
    ("laravel", "GL104"): {("config/services.php", 12), ("config/services.php", 14)},
    ("rails", "GL101"): {("config/initializers/stripe.rb", 3)},
    ("rails", "GL104"): {("config/environments/production.rb", 4)},
    ("node", "GL101"): {("server/config.ts", 5)},
    ("node", "GL104"): {("server/config.ts", 6)},
    ("shadowed", "GL104"): set(),  # .env.production sets the variables: the "" defaults never run
    ("shadowed", "GL401"): set(),
    # Frontends and mobile: values shipped to every browser and phone.
    ("nextjs", "GL201"): {("next.config.js", 7), ("next.config.js", 8), ("next.config.js", 11)},
    ("vite", "GL201"): {("apps/storefront/.env.production", 2)},
    ("nuxt", "GL201"): {("nuxt.config.ts", 8), ("nuxt.config.ts", 9)},
    ("nuxt", "GL104"): set(),  # "" in runtimeConfig declares a key Nuxt fills at runtime
    ("angular", "GL201"): {("src/environments/environment.prod.ts", 5)},
    ("angular", "GL101"): set(),
    ("expo-json", "GL201"): {("app.json", 10)},
    ("expo-config", "GL201"): {("app.config.ts", 9)},
    ("react-native", "GL201"): {("mobile/.env.production", 3)},
    ("android", "GL201"): {
        ("app/build.gradle", 19),
        ("app/build.gradle", 22),
        ("app/build.gradle", 23),
        ("app/src/release/res/values/secrets.xml", 3),
    },
    ("ios", "GL201"): {("ShopApp/Info.plist", 10), ("ShopApp/Info.plist", 12)},
    ("client-init", "GL201"): {("web/src/checkout.js", 3), ("views/pay.html", 9)},
    # GL105: one key in production and elsewhere.
    ("reuse", "GL105"): {(".env.staging", 1), ("config/settings/development.py", 4)},
    ("reuse-distinct", "GL105"): set(),
    # GL402: events handled without a verified signature, or verified only when the secret is set.
    ("webhooks-express", "GL402"): {("server.js", 15)},
    ("webhooks-flask", "GL402"): {("server.py", 24)},
    ("webhooks-next", "GL402"): {("app/api/webhooks/stripe/route.ts", 10)},
    ("webhooks-monorepo", "GL402"): {("apps/billing-worker/src/index.ts", 7)},
    ("webhooks-guarded", "GL402"): set(),
    ("sdk-handlers", "GL402"): set(),
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """One run per fixture tree, shared by its expectations."""
    from conftest import FIXTURES, materialise

    cache = {}

    def report(case: str):
        if case not in cache:
            cache[case] = run(materialise(FIXTURES / "code" / case, tmp_path_factory.mktemp(case)))
        return cache[case]

    return report


@pytest.mark.parametrize(("case", "check_id"), sorted(EXPECTED), ids=lambda v: v)
def test_fixture_findings(reports, case, check_id):
    report = reports(case)
    assert not report.crashed
    assert hits(report, check_id) == EXPECTED[case, check_id]


def _value(report, path, line):
    (found,) = [v for v in report.inventory.values if (v.path, v.line) == (path, line)]
    return found


@pytest.mark.parametrize(
    ("case", "path", "line", "variable", "reason"),
    [
        (
            "nextjs",
            "next.config.js",
            7,
            "STRIPE_SECRET_KEY",
            "client: Next.js next.config.js env block is inlined into the bundle",
        ),
        (
            "vite",
            "apps/storefront/.env.production",
            2,
            "SHOP_STRIPE_SECRET_KEY",
            "client: vite.config.ts envPrefix 'SHOP_' exposes SHOP_ variables to client code",
        ),
        (
            "nuxt",
            "nuxt.config.ts",
            9,
            "stripeRestrictedKey",
            "client: Nuxt nuxt.config.ts runtimeConfig.public is sent to the browser",
        ),
        (
            "angular",
            "src/environments/environment.prod.ts",
            5,
            "stripeSecretKey",
            "client: Angular environment file environment.prod.ts is compiled into the browser bundle",
        ),
        ("expo-json", "app.json", 10, "stripeSecretKey", "client: Expo app config extra"),
        ("expo-config", "app.config.ts", 9, "STRIPE_SECRET_KEY", "client: Expo app config extra"),
        ("react-native", "mobile/.env.production", 3, "STRIPE_SECRET_KEY", "client: react-native-config ships every variable"),
        ("android", "app/build.gradle", 19, "STRIPE_SECRET_KEY", "client: Android buildConfigField is compiled into the app"),
        ("android", "app/src/release/res/values/secrets.xml", 3, "stripe_restricted_key", "client: Android string resource"),
        ("ios", "ShopApp/Info.plist", 10, "STRIPE_SECRET_KEY", "client: iOS Info.plist is packaged into the app"),
        (
            "client-init",
            "web/src/checkout.js",
            3,
            "loadStripe() publishable key",
            "client: loadStripe() starts Stripe.js in the browser",
        ),
        ("client-init", "views/pay.html", 9, "Stripe() restricted key", "client: Stripe() starts Stripe.js in browser code"),
    ],
)
def test_exposure_names_the_evidence(reports, case, path, line, variable, reason):
    found = _value(reports(case), path, line)
    assert found.variable == variable
    assert found.exposure.value == "client"
    assert found.exposure_reason.startswith(reason)


@pytest.mark.parametrize(
    ("case", "path", "line", "environment", "reason"),
    [
        ("android", "app/build.gradle", 19, "production", "production: Android release build"),
        ("android", "app/build.gradle", 22, "development", "development: Android debug build"),
        ("android", "app/src/release/res/values/secrets.xml", 3, "production", "production: Android release source set"),
        ("angular", "src/environments/environment.prod.ts", 5, "production", "production: file name environment.prod.ts"),
        ("django", "shop/settings/production.py", 8, "production", "production: file name production.py"),
    ],
)
def test_environment_names_the_evidence(reports, case, path, line, environment, reason):
    found = _value(reports(case), path, line)
    assert (found.environment.value, found.environment_reason) == (environment, reason)


def test_fallbacks_are_recorded_under_the_variable_with_the_literal_whatever_it_holds(reports):
    report = reports("laravel")
    found = {(v.line, v.variable, v.key.value) for v in report.inventory.values}
    assert found == {(12, "STRIPE_SECRET", "#"), (14, "STRIPE_WEBHOOK_SECRET", "whsec_your_webhook_secret")}


def test_code_without_stripe_key_names_adds_nothing(reports):
    """STRIPE_API_VERSION, STRIPE_PRICE_ID and STRIPE_CONNECT_CLIENT_ID name no key."""
    variables = {v.variable for v in reports("django").inventory.values}
    assert variables == {"STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET"}


def test_server_sdk_construction_is_not_a_client_exposure(reports):
    found = _value(reports("client-init"), "server/payments.js", 3)
    assert found.exposure.value == "server"


def test_vite_prefix_applies_only_under_its_config(reports):
    found = _value(reports("vite"), "apps/admin/.env.production", 1)
    assert found.exposure.value == "server"


def test_react_native_config_applies_only_to_its_app(reports):
    assert _value(reports("react-native"), "api/.env.production", 1).exposure.value == "server"


def test_key_reuse_names_the_production_location(reports):
    (found, *_) = sorted((f for f in reports("reuse").findings if f.check_id == "GL105"), key=lambda f: f.path)
    assert found.path == ".env.staging"
    assert "production key at .env.production:1 (STRIPE_SECRET_KEY)" in found.message
    assert not KEY_IN_TEXT.search(found.message)


def test_conditional_verification_names_the_secret(reports):
    (found,) = [f for f in reports("webhooks-express").findings if f.check_id == "GL402"]
    assert "stripe.webhooks.constructEvent runs only when endpointSecret is set" in found.message


def test_unverified_handler_names_the_event(reports):
    (found,) = [f for f in reports("webhooks-monorepo").findings if f.check_id == "GL402"]
    assert "handles invoice.payment_failed" in found.message
    assert "verifies the Stripe-Signature header" in found.message


@pytest.mark.parametrize(
    ("path", "line", "call"),
    [
        ("node/webhook.mjs", 6, "stripe.webhooks.constructEventAsync"),
        ("python/webhooks.py", 10, "client.construct_event"),
        ("ruby/webhooks_controller.rb", 5, "Stripe::Webhook.construct_event"),
        ("php/webhook.php", 7, "Stripe\\Webhook::constructEvent"),
        ("go/webhook.go", 13, "webhook.ConstructEvent"),
        ("java/src/main/java/com/example/shop/WebhookController.java", 11, "Webhook.constructEvent"),
        ("dotnet/Controllers/WebhookController.cs", 12, "EventUtility.ConstructEvent"),
    ],
)
def test_official_sdk_verification_is_a_webhook_handler(reports, path, line, call):
    signals = reports("sdk-handlers").inventory.signals_of("webhook_handler")
    assert (path, line, call) in {(s.path, s.line, s.detail) for s in signals}


def test_verified_sdk_handlers_are_not_reported_as_handling_events(reports):
    """Each handler verifies in itself: none is left to the per-app judgement (the old per-file signal)."""
    inventory = reports("sdk-handlers").inventory
    assert not inventory.signals_of("webhook_event_handling") + inventory.signals_of("webhook_unverified")


def test_tests_and_setup_scripts_are_not_webhook_handlers(reports):
    signals = reports("webhooks-guarded").inventory.signals_of("webhook_event_handling")
    assert {(s.path, s.environment) for s in signals} == {("tests/webhook.test.js", "test")}  # the route verifies itself


@pytest.mark.parametrize(
    "snippet",
    [
        "event = stripe.webhooks.constructEvent(body, sig, endpointSecret) if endpoint_secret else json.loads(body)\n",
        "const event = webhookSecret ? stripe.webhooks.constructEvent(body, sig, webhookSecret) : JSON.parse(body);\n",
        (
            "if not endpoint_secret:\n    event = json.loads(payload)\nelse:\n"
            "    event = stripe.Webhook.construct_event(payload, sig, endpoint_secret)\n"
        ),
        "if ($endpoint_secret) {\n    $event = \\Stripe\\Webhook::constructEvent($payload, $sig, $endpoint_secret);\n}\n",
        "if endpoint_secret\n  event = Stripe::Webhook.construct_event(payload, sig, endpoint_secret)\nend\n",
    ],
)
def test_verification_that_depends_on_the_secret_is_conditional(snippet):
    from golive.sources import code

    kinds = {s.kind for s in code.read("app/webhook.py", snippet).signals}
    assert kinds == {"webhook_handler", "webhook_verify_conditional"}


@pytest.mark.parametrize(
    ("path", "snippet"),
    [
        ("src/components/InvoiceRow.tsx", 'if (event.type === "click") select(row);\nconst label = "invoice.paid";\n'),
        ("src/i18n/labels.ts", 'export const t = (e) => e.target.type === "text" ? "invoice.total" : "customer.name";\n'),
        ("scripts/create-endpoint.py", 'stripe.WebhookEndpoint.create(url=URL, enabled_events=["checkout.session.completed"])\n'),
    ],
)
def test_components_labels_and_setup_scripts_do_not_handle_events(path, snippet):
    from golive.sources import code

    assert not [s for s in code.read(path, snippet).signals if s.kind == "webhook_event_handling"]
