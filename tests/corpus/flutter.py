"""Flutter apps (flutter_stripe): --dart-define-from-file per build, everything under lib/ ships in the app;
Codemagic, GitHub Actions."""

from __future__ import annotations

import json

from corpus import E, app, keys

ECO = "flutter"

PUBSPEC = """name: acme_shop
description: Acme's shop app.
version: 2.3.0+42
environment:
  sdk: ">=3.4.0 <4.0.0"
dependencies:
  flutter:
    sdk: flutter
  flutter_stripe: ^10.2.0
  http: ^1.2.1
dev_dependencies:
  flutter_test:
    sdk: flutter
"""

MAIN = """import 'package:flutter/material.dart';
import 'package:flutter_stripe/flutter_stripe.dart';

import 'config.dart';
import 'screens/checkout_screen.dart';

Future<void> main() async {
  WidgetsFlutterBinding.ensureInitialized();
  Stripe.publishableKey = AppConfig.stripePublishableKey;
  Stripe.merchantIdentifier = 'merchant.com.acme.shop';
  await Stripe.instance.applySettings();
  runApp(const MaterialApp(home: CheckoutScreen()));
}
"""

CONFIG = """class AppConfig {
  static const stripePublishableKey = String.fromEnvironment('STRIPE_PUBLISHABLE_KEY');
  static const backendUrl = String.fromEnvironment('BACKEND_URL', defaultValue: 'http://10.0.2.2:4242');
}
"""

CHECKOUT = """import 'dart:convert';

import 'package:flutter/material.dart';
import 'package:flutter_stripe/flutter_stripe.dart';
import 'package:http/http.dart' as http;

import '../config.dart';

class CheckoutScreen extends StatelessWidget {
  const CheckoutScreen({super.key});

  Future<void> _pay() async {
    final response = await http.post(Uri.parse('${AppConfig.backendUrl}/payment-sheet'));
    final data = jsonDecode(response.body) as Map<String, dynamic>;
    await Stripe.instance.initPaymentSheet(
      paymentSheetParameters: SetupPaymentSheetParameters(
        paymentIntentClientSecret: data['paymentIntent'] as String,
        merchantDisplayName: 'Acme',
      ),
    );
    await Stripe.instance.presentPaymentSheet();
  }

  @override
  Widget build(BuildContext context) => Scaffold(body: Center(child: ElevatedButton(onPressed: _pay, child: const Text('Pay'))));
}
"""

WORKFLOW = """name: release

on:
  push:
    tags: ["v*"]

jobs:
  android:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/checkout@v4
      - uses: subosito/flutter-action@v2
        with:
          channel: stable
      - run: flutter build appbundle --release --dart-define-from-file={release}
      - uses: r0adkll/upload-google-play@v1
        with:
          serviceAccountJsonPlainText: ${{{{ secrets.PLAY_SERVICE_ACCOUNT }}}}
          packageName: com.acme.shop
          releaseFiles: build/app/outputs/bundle/release/app-release.aab
"""


def defines(pk: str) -> str:
    return json.dumps({"STRIPE_PUBLISHABLE_KEY": pk, "BACKEND_URL": "https://api.acme.test"}, indent=2) + "\n"


def flutter_app(
    debug_pk: str, release_pk: str, debug_file: str = "env/debug.json", release_file: str = "env/release.json", **extra: str
) -> dict[str, str]:
    return {
        "pubspec.yaml": PUBSPEC,
        "lib/main.dart": MAIN,
        "lib/config.dart": CONFIG,
        "lib/screens/checkout_screen.dart": CHECKOUT,
        debug_file: defines(debug_pk),
        release_file: defines(release_pk),
        ".vscode/launch.json": json.dumps(
            {
                "configurations": [
                    {
                        "name": "shop (debug)",
                        "request": "launch",
                        "type": "dart",
                        "args": [f"--dart-define-from-file={debug_file}"],
                    }
                ]
            },
            indent=2,
        )
        + "\n",
        ".github/workflows/release.yml": WORKFLOW.format(release=release_file),
        "android/app/build.gradle": 'android {\n    namespace "com.acme.shop"\n    defaultConfig {\n        minSdkVersion 21\n    }\n}\n',
        "ios/Runner/Info.plist": '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n'
        "\t<key>CFBundleName</key>\n\t<string>Acme</string>\n</dict>\n</plist>\n",
        ".gitignore": ".dart_tool/\nbuild/\n.flutter-plugins\n",
    } | extra


k = keys("fla")
app(
    "flutter-dart-define-files",
    ECO,
    "github-actions",
    flutter_app(k["pk_test"], k["pk_live"]),
    ready=True,
    holds=(2,),
    why="the release workflow builds with --dart-define-from-file=env/release.json (live key); env/debug.json is what "
    "the editor's debug launch passes",
)

k = keys("flb")
app(
    "flutter-release-defines-sandbox",
    ECO,
    "github-actions",
    flutter_app(k["pk_test"], k["pk_test"]),
    ready=False,
    fires=(2, 4),
    expect=(E("GL101", "env/release.json", "STRIPE_PUBLISHABLE_KEY"),),
    why="the production job builds the Play bundle from env/release.json, whose key is a sandbox key",
)

k = keys("flc")
app(
    "flutter-secret-key-in-lib",
    ECO,
    "github-actions",
    flutter_app(k["pk_test"], k["pk_live"])
    | {
        "lib/services/payments_api.dart": "import 'dart:convert';\n\nimport 'package:http/http.dart' as http;\n\n"
        f"const _stripeSecretKey = '{k['sk_live']}';\n\n"
        "Future<String> createPaymentIntent(int amount) async {\n"
        "  final response = await http.post(Uri.parse('https://api.stripe.com/v1/payment_intents'),\n"
        "      headers: {'Authorization': 'Bearer $_stripeSecretKey'}, body: {'amount': '$amount', 'currency': 'eur'});\n"
        "  return (jsonDecode(response.body) as Map<String, dynamic>)['client_secret'] as String;\n}\n"
    },
    ready=False,
    fires=(5,),
    expect=(E("GL201", "lib/services/payments_api.dart", "const _stripeSecretKey"),),
    why="everything under lib/ is compiled into the app: the live secret key ships to every phone",
)

k = keys("fld")
app(
    "flutter-publishable-literal-in-main",
    ECO,
    "codemagic",
    flutter_app(
        k["pk_test"],
        k["pk_live"],
        **{
            "lib/main.dart": MAIN.replace("AppConfig.stripePublishableKey", f"'{k['pk_live']}'"),
            "codemagic.yaml": "workflows:\n  release:\n    name: Release\n    environment:\n      flutter: stable\n"
            "    scripts:\n      - flutter build ipa --release --dart-define-from-file=env/release.json\n",
        },
    ),
    ready=True,
    holds=(5, 6),
    why="a live publishable key in the app is what Stripe intends: pk_ keys are public",
)

k = keys("fle")
app(
    "flutter-widget-tests",
    ECO,
    "github-actions",
    flutter_app(k["pk_test"], k["pk_live"])
    | {
        "test/checkout_test.dart": "import 'package:flutter_stripe/flutter_stripe.dart';\nimport 'package:flutter_test/flutter_test.dart';\n\n"
        f"void main() {{\n  test('configures stripe', () {{\n    Stripe.publishableKey = '{keys('fletest')['pk_test']}';\n"
        "    expect(Stripe.publishableKey, startsWith('pk_test_'));\n  });\n}\n",
        "integration_test/pay_test.dart": "import 'package:integration_test/integration_test.dart';\n\n"
        f"const testSecret = '{keys('fleint')['sk_test']}';\n\nvoid main() {{\n  IntegrationTestWidgetsFlutterBinding.ensureInitialized();\n}}\n",
    },
    ready=True,
    holds=(3,),
    why="test/ and integration_test/ never ship in the app",
)

k = keys("flf")
app(
    "flutter-default-define-sandbox",
    ECO,
    "github-actions",
    flutter_app(
        k["pk_test"],
        k["pk_live"],
        **{
            "lib/config.dart": CONFIG.replace(
                "String.fromEnvironment('STRIPE_PUBLISHABLE_KEY')",
                f"String.fromEnvironment('STRIPE_PUBLISHABLE_KEY', defaultValue: '{k['pk_test']}')",
            ),
            ".github/workflows/release.yml": WORKFLOW.format(release="env/release.json").replace(
                " --dart-define-from-file=env/release.json", ""
            ),
        },
    ),
    ready=False,
    fires=(2,),
    expect=(E("GL101", "lib/config.dart", "defaultValue: '"),),
    why="the release build passes no defines, so String.fromEnvironment falls back to the sandbox default compiled into lib/",
)
