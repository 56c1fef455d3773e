"""Laravel apps: Cashier (which verifies webhooks for the app), stripe-php controllers, config/*.php, Forge and Sail."""

from __future__ import annotations

from corpus import E, app, keys

ECO = "laravel"

COMPOSER = """{
    "name": "acme/billing",
    "type": "project",
    "require": {
        "php": "^8.2",
        "laravel/framework": "^11.9",
        %s
    },
    "require-dev": {
        "phpunit/phpunit": "^11.0"
    },
    "autoload": {
        "psr-4": { "App\\\\": "app/" }
    }
}
"""

CASHIER_CONFIG = """<?php

return [
    'key' => env('STRIPE_KEY'),
    'secret' => env('STRIPE_SECRET'),
    'path' => env('CASHIER_PATH', 'stripe'),
    'webhook' => [
        'secret' => env('STRIPE_WEBHOOK_SECRET'),
        'tolerance' => env('STRIPE_WEBHOOK_TOLERANCE', 300),
        'events' => \\Laravel\\Cashier\\Console\\WebhookCommand::DEFAULT_EVENTS,
    ],
    'currency' => env('CASHIER_CURRENCY', 'eur'),
];
"""

LISTENER = """<?php

namespace App\\Listeners;

use App\\Models\\Team;
use Laravel\\Cashier\\Events\\WebhookReceived;

class StripeEventListener
{
    public function handle(WebhookReceived $event): void
    {
        if ($event->payload['type'] === 'invoice.payment_succeeded') {
            Team::where('stripe_id', $event->payload['data']['object']['customer'])->update(['past_due' => false]);
        }
    }
}
"""

SERVICES = """<?php

return [
    'postmark' => [
        'token' => env('POSTMARK_TOKEN'),
    ],

    'stripe' => [
        'key' => env('STRIPE_KEY'),
        'secret' => env('STRIPE_SECRET'),
        'webhook_secret' => env('STRIPE_WEBHOOK_SECRET'),
    ],
];
"""

CONTROLLER = """<?php

namespace App\\Http\\Controllers;

use App\\Models\\Order;
use Illuminate\\Http\\Request;
use Stripe\\Event;
use Stripe\\Exception\\SignatureVerificationException;
use Stripe\\Webhook;

class StripeWebhookController extends Controller
{
    public function __invoke(Request $request)
    {
        $payload = $request->getContent();
        $sigHeader = $request->header('Stripe-Signature');
        try {
            $event = Webhook::constructEvent($payload, $sigHeader, config('services.stripe.webhook_secret'));
        } catch (\\UnexpectedValueException | SignatureVerificationException $e) {
            return response('Invalid payload', 400);
        }

        switch ($event->type) {
            case Event::CHECKOUT_SESSION_COMPLETED:
                Order::where('checkout_session_id', $event->data->object->id)->update(['status' => 'paid']);
                break;
            case Event::CHARGE_REFUNDED:
                Order::where('charge_id', $event->data->object->id)->update(['status' => 'refunded']);
                break;
        }
        return response('', 200);
    }
}
"""

UNVERIFIED = """<?php

namespace App\\Http\\Controllers;

use App\\Models\\Order;
use Illuminate\\Http\\Request;

class StripeWebhookController extends Controller
{
    public function __invoke(Request $request)
    {
        $payload = json_decode($request->getContent(), true);

        switch ($payload['type']) {
            case 'checkout.session.completed':
                Order::where('checkout_session_id', $payload['data']['object']['id'])->update(['status' => 'paid']);
                break;
        }
        return response('', 200);
    }
}
"""

ROUTES = """<?php

use App\\Http\\Controllers\\StripeWebhookController;
use Illuminate\\Support\\Facades\\Route;

Route::view('/', 'welcome');
Route::post('/stripe/webhook', StripeWebhookController::class)->withoutMiddleware('web');
"""


def laravel(seed: str, cashier: bool, **replace: str | None) -> dict[str, str]:
    k = keys(seed)
    files = {
        "composer.json": COMPOSER % ('"laravel/cashier": "^15.4"' if cashier else '"stripe/stripe-php": "^15.3"'),
        "artisan": "#!/usr/bin/env php\n<?php\n\nrequire __DIR__.'/vendor/autoload.php';\n",
        "config/services.php": SERVICES,
        "resources/js/app.js": "import { loadStripe } from '@stripe/stripe-js';\n\n"
        "export const stripe = await loadStripe(import.meta.env.VITE_STRIPE_KEY);\n",
        "package.json": '{\n  "private": true,\n  "scripts": { "dev": "vite", "build": "vite build" },\n'
        '  "devDependencies": { "laravel-vite-plugin": "^1.0", "vite": "^5.0" },\n'
        '  "dependencies": { "@stripe/stripe-js": "^4.1.0" }\n}\n',
        ".env.example": "APP_NAME=Billing\nAPP_ENV=local\nAPP_KEY=\nAPP_DEBUG=true\n\nSTRIPE_KEY=\nSTRIPE_SECRET=\n"
        'STRIPE_WEBHOOK_SECRET=\nVITE_STRIPE_KEY="${STRIPE_KEY}"\n',
        ".env": f"APP_NAME=Billing\nAPP_ENV=local\nAPP_KEY=base64:bG9jYWxvbmx5bG9jYWxvbmx5bG9jYWxvbmx5MTI=\nAPP_DEBUG=true\n\n"
        f"STRIPE_KEY={k['pk_test']}\nSTRIPE_SECRET={k['sk_test']}\nSTRIPE_WEBHOOK_SECRET={k['whsec']}\n"
        'VITE_STRIPE_KEY="${STRIPE_KEY}"\n',
        ".gitignore": "/vendor\n/node_modules\n/public/build\n.env\n.env.backup\n.env.production\n",
        "routes/web.php": ROUTES,
        "app/Http/Controllers/Controller.php": "<?php\n\nnamespace App\\Http\\Controllers;\n\nabstract class Controller\n{\n}\n",
    }
    if cashier:
        files |= {
            "config/cashier.php": CASHIER_CONFIG,
            "app/Listeners/StripeEventListener.php": LISTENER,
            "app/Models/Team.php": "<?php\n\nnamespace App\\Models;\n\nuse Illuminate\\Database\\Eloquent\\Model;\n"
            "use Laravel\\Cashier\\Billable;\n\nclass Team extends Model\n{\n    use Billable;\n}\n",
            "routes/web.php": "<?php\n\nuse Illuminate\\Support\\Facades\\Route;\n\nRoute::view('/', 'welcome');\n",
        }
    else:
        files["app/Http/Controllers/StripeWebhookController.php"] = CONTROLLER
    for path, text in replace.items():
        if text is None:
            files.pop(path, None)
        else:
            files[path] = text
    return files


def env(seed: str, webhook: bool = True) -> dict[str, str]:
    k = keys(seed)
    return {"STRIPE_KEY": k["pk_live"], "STRIPE_SECRET": k["sk_live"]} | (
        {"STRIPE_WEBHOOK_SECRET": k["whsec"]} if webhook else {}
    )


app(
    "laravel-cashier-forge",
    ECO,
    "forge",
    laravel("lva", True),
    ready=True,
    holds=(10, 11),
    deploy_env=env("lva"),
    why="Cashier's webhook controller verifies signatures with cashier.webhook.secret; the .env in the tree says "
    "APP_ENV=local and is git-ignored: Forge keeps production's .env on the server",
)

app(
    "laravel-cashier-no-webhook-secret",
    ECO,
    "forge",
    laravel("lvb", True, **{".env": None}),
    ready=False,
    fires=(11,),
    deploy_env=env("lvb", webhook=False),
    expect=(E("GL401", "config/cashier.php", "'secret' => env('STRIPE_WEBHOOK_SECRET')"),),
    maybe=(
        E("GL401", "app/Listeners/StripeEventListener.php", "invoice.payment_succeeded"),
        E("GL401", "composer.json", "laravel/cashier"),
        E("GL104", "config/cashier.php", "'secret' => env('STRIPE_WEBHOOK_SECRET')"),
    ),
    why="Cashier verifies with STRIPE_WEBHOOK_SECRET; production has none, so every event is rejected with 403",
)

app(
    "laravel-stripe-php-verified",
    ECO,
    "forge",
    laravel("lvc", False, **{".env": None}),
    ready=True,
    holds=(11,),
    deploy_env=env("lvc"),
    why="Webhook::constructEvent verifies; Event::CHECKOUT_SESSION_COMPLETED and friends are the SDK's event constants",
)

app(
    "laravel-controller-unverified",
    ECO,
    "forge",
    laravel("lvd", False, **{".env": None, "app/Http/Controllers/StripeWebhookController.php": UNVERIFIED}),
    ready=False,
    fires=(11,),
    deploy_env=env("lvd"),
    expect=(E("GL402", "app/Http/Controllers/StripeWebhookController.php", "case 'checkout.session.completed'"),),
    why="the controller json_decodes the body and trusts it",
)

app(
    "laravel-constants-unverified",
    ECO,
    "forge",
    laravel(
        "lve",
        False,
        **{
            ".env": None,
            "app/Http/Controllers/StripeWebhookController.php": CONTROLLER.replace(
                """        try {
            $event = Webhook::constructEvent($payload, $sigHeader, config('services.stripe.webhook_secret'));
        } catch (\\UnexpectedValueException | SignatureVerificationException $e) {
            return response('Invalid payload', 400);
        }
""",
                """        $event = Event::constructFrom(json_decode($payload, true));
""",
            ),
        },
    ),
    ready=False,
    fires=(11,),
    deploy_env=env("lve"),
    expect=(E("GL402", "app/Http/Controllers/StripeWebhookController.php", "case Event::CHECKOUT_SESSION_COMPLETED"),),
    why="Event::constructFrom only hydrates the JSON; the switch acts on Event:: constants without a verified signature",
)

app(
    "laravel-config-services-literal",
    ECO,
    "forge",
    laravel(
        "lvf",
        False,
        **{
            ".env": None,
            "config/services.php": SERVICES.replace(
                "'secret' => env('STRIPE_SECRET'),", f"'secret' => '{keys('lvf')['sk_test']}',"
            ),
        },
    ),
    ready=False,
    fires=(8,),
    deploy_env=env("lvf"),
    expect=(E("GL101", "config/services.php", "'secret' => '"),),
    why="config/services.php is PHP the app runs in every environment: the literal wins over the environment",
)

app(
    "laravel-config-commented-literal",
    ECO,
    "forge",
    laravel(
        "lvg",
        False,
        **{
            ".env": None,
            "config/services.php": SERVICES.replace(
                "        'secret' => env('STRIPE_SECRET'),",
                f"        // 'secret' => '{keys('lvg')['sk_test']}',\n        'secret' => env('STRIPE_SECRET'),",
            ),
        },
    ),
    ready=True,
    holds=(8,),
    deploy_env=env("lvg"),
    why="the literal is commented out; the config reads the environment",
)

PHPUNIT = """<?xml version="1.0" encoding="UTF-8"?>
<phpunit bootstrap="vendor/autoload.php" colors="true">
    <testsuites>
        <testsuite name="Feature">
            <directory>tests/Feature</directory>
        </testsuite>
    </testsuites>
    <php>
        <env name="APP_ENV" value="testing"/>
        <env name="STRIPE_SECRET" value="{sk}"/>
        <env name="STRIPE_WEBHOOK_SECRET" value="{wh}"/>
    </php>
</phpunit>
"""

FEATURE = """<?php

namespace Tests\\Feature;

use Tests\\TestCase;

class StripeWebhookTest extends TestCase
{
    public function test_checkout_completed_marks_the_order_paid(): void
    {
        $payload = json_encode(['id' => 'evt_1', 'type' => 'checkout.session.completed', 'data' => ['object' => ['id' => 'cs_test_1']]]);
        $timestamp = time();
        $signature = hash_hmac('sha256', "{$timestamp}.{$payload}", env('STRIPE_WEBHOOK_SECRET'));
        $this->call('POST', '/stripe/webhook', [], [], [], ['HTTP_STRIPE_SIGNATURE' => "t={$timestamp},v1={$signature}"], $payload)
            ->assertOk();
    }
}
"""

app(
    "laravel-phpunit-sandbox",
    ECO,
    "forge",
    laravel("lvh", False, **{".env": None})
    | {
        "phpunit.xml": PHPUNIT.format(sk=keys("lvhtest")["sk_test"], wh=keys("lvhtest")["whsec"]),
        "tests/Feature/StripeWebhookTest.php": FEATURE,
        "tests/TestCase.php": "<?php\n\nnamespace Tests;\n\n"
        "use Illuminate\\Foundation\\Testing\\TestCase as BaseTestCase;\n\nabstract class TestCase extends BaseTestCase\n{\n}\n",
    },
    ready=True,
    holds=(3,),
    deploy_env=env("lvh"),
    why="phpunit.xml sets the test suite's environment only",
)

SAIL = """services:
    laravel.test:
        build:
            context: ./vendor/laravel/sail/runtimes/8.3
        image: sail-8.3/app
        ports:
            - '${APP_PORT:-80}:80'
        environment:
            WWWUSER: '${WWWUSER}'
            LARAVEL_SAIL: 1
            STRIPE_SECRET: '${STRIPE_SECRET}'
        volumes:
            - '.:/var/www/html'
        depends_on:
            - mysql
    mysql:
        image: 'mysql/mysql-server:8.0'
        environment:
            MYSQL_DATABASE: '${DB_DATABASE}'
"""

app(
    "laravel-sail-compose-local",
    ECO,
    "compose",
    laravel("lvi", False) | {"docker-compose.yml": SAIL},
    ready=True,
    holds=(10,),
    deploy_env=env("lvi"),
    why="Sail's compose file runs the app on a laptop from the local .env (APP_ENV=local); production is on Forge",
)

k = keys("lvj")
app(
    "laravel-env-production-committed",
    ECO,
    "forge",
    laravel("lvj", False, **{".env": None, ".gitignore": "/vendor\n/node_modules\n/public/build\n.env\n.env.backup\n"})
    | {
        ".env.production": f"APP_ENV=production\nAPP_DEBUG=false\nSTRIPE_KEY={k['pk_live']}\nSTRIPE_SECRET={k['sk_test']}\n"
        f"STRIPE_WEBHOOK_SECRET={k['whsec']}\n",
        "envoy.blade.php": "@servers(['web' => 'deploy@billing.acme.test'])\n\n@task('deploy')\n    cd /srv/billing\n    git pull\n"
        "    cp .env.production .env\n    php artisan migrate --force\n@endtask\n",
    },
    ready=False,
    expect=(E("GL101", ".env.production", "STRIPE_SECRET="), E("GL103", ".env.production", ("STRIPE_SECRET=", "STRIPE_KEY="))),
    why="the deploy copies .env.production into place: a sandbox secret with a live publishable key, which cannot work together",
)
