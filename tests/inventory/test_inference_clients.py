"""Every client platform is a client (issue 13, class 5): a secret in code that ships to users'
browsers or devices is GL201, and the reason names the build config that ships it.

Each platform has a tree where GL201 must fire and one where it must not (the same code, without the
evidence, or server code beside the client). Assertions name the check, the file and the line.
"""

from __future__ import annotations

import pytest
from helpers import hits, run

SECRET_JS = 'import Stripe from "stripe";\nconst stripe = new Stripe("@@sk_live:{seed}@@");\n'  # the secret on line 2


def _js(seed: str) -> str:
    return SECRET_JS.replace("{seed}", seed)


def _reason(report, path, line):
    (found,) = [v for v in report.inventory.values if (v.path, v.line) == (path, line)]
    return found.exposure_reason


# --- Browser extensions ------------------------------------------------------------------------

MANIFEST = """{
  "manifest_version": 3,
  "name": "Shop helper",
  "background": {"service_worker": "background.js"},
  "action": {"default_popup": "popup.html"},
  "content_scripts": [{"matches": ["https://*/*"], "js": ["content.js"]}]
}
"""


def test_browser_extension_folder_ships_whole(tree):
    report = run(
        tree(
            {
                "extension/manifest.json": MANIFEST,
                "extension/background.js": _js("background"),
                "extension/popup/popup.js": _js("popup"),
                "extension/config.json": '{\n  "stripeSecretKey": "@@sk_live:extjson@@"\n}\n',
                "server/index.js": _js("server"),
            }
        )
    )
    assert hits(report, "GL201") == {
        ("extension/background.js", 2),
        ("extension/popup/popup.js", 2),
        ("extension/config.json", 2),
    }
    assert _reason(report, "extension/background.js", 2) == (
        "client: browser extension (extension/manifest.json, manifest_version 3, background, content_scripts, action): "
        "extension/ is packaged and installed in users' browsers"
    )


def test_pwa_manifest_is_not_an_extension(tree):
    report = run(
        tree(
            {
                "app/manifest.json": '{"name": "Shop", "start_url": "/", "icons": []}',
                "app/sw.js": _js("pwa"),
            }
        )
    )
    assert hits(report, "GL201") == set()


def test_bundled_extension_with_manifest_in_public_is_the_project(tree):
    report = run(
        tree(
            {
                "package.json": '{"name": "ext", "devDependencies": {"vite": "5"}}',
                "public/manifest.json": MANIFEST,
                "src/background.ts": _js("bundled"),
                "server/api.ts": _js("bundledserver"),
            }
        )
    )
    assert hits(report, "GL201") == {("src/background.ts", 2)}


# --- Vite and webpack entries ------------------------------------------------------------------

INDEX_HTML = """<!doctype html>
<html>
  <body>
    <div id="root"></div>
    <script type="module" src="/src/main.tsx"></script>
  </body>
</html>
"""


def test_vite_entry_folder_is_client_and_the_monorepo_server_is_not(tree):
    report = run(
        tree(
            {
                "apps/web/package.json": '{"name": "web", "devDependencies": {"vite": "5"}}',
                "apps/web/index.html": INDEX_HTML,
                "apps/web/src/main.tsx": 'import "./checkout";\n',
                "apps/web/src/api/payments.ts": _js("webapi"),
                "apps/web/src/server/render.ts": _js("ssr"),
                "apps/api/package.json": '{"name": "api"}',
                "apps/api/src/index.ts": _js("nodeapi"),
            }
        )
    )
    assert hits(report, "GL201") == {("apps/web/src/api/payments.ts", 2)}
    assert _reason(report, "apps/web/src/api/payments.ts", 2) == (
        "client: apps/web/index.html loads /src/main.tsx as a module: the bundler pulls apps/web/src/ into the browser"
    )


def test_node_backend_with_src_and_no_entry_stays_server(tree):
    report = run(tree({"package.json": '{"name": "api", "main": "src/index.js"}', "src/index.js": _js("backend")}))
    assert hits(report, "GL201") == set()


def test_entry_beside_the_page_makes_only_that_file_client(tree):
    report = run(
        tree(
            {
                "index.html": '<script type="module" src="./main.js"></script>\n',
                "main.js": _js("rootentry"),
                "server.js": _js("rootserver"),
            }
        )
    )
    assert hits(report, "GL201") == {("main.js", 2)}


WEBPACK = """const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');

module.exports = {
  entry: './src/index.js',
  output: { path: path.resolve(__dirname, 'dist') },
  plugins: [new HtmlWebpackPlugin()],
};
"""


def test_webpack_entry_folder_is_client(tree):
    report = run(tree({"webpack.config.js": WEBPACK, "src/checkout.js": _js("webpack")}))
    assert hits(report, "GL201") == {("src/checkout.js", 2)}
    assert (
        _reason(report, "src/checkout.js", 2)
        == "client: webpack.config.js bundles entry ./src/index.js for the browser, with the code in src/"
    )


def test_webpack_for_node_is_not_client(tree):
    config = WEBPACK.replace("  entry:", "  target: 'node',\n  entry:")
    report = run(tree({"webpack.config.js": config, "src/checkout.js": _js("webpacknode")}))
    assert hits(report, "GL201") == set()


# --- Flutter -----------------------------------------------------------------------------------

PUBSPEC = """name: shop
environment:
  sdk: ">=3.0.0 <4.0.0"
dependencies:
  flutter:
    sdk: flutter
  flutter_stripe: ^10.1.0
  flutter_dotenv: ^5.1.0

flutter:
  uses-material-design: true
  assets:
    - .env
    - assets/config/
"""
DART_SECRET = "class StripeService {\n  static const secretKey = '@@sk_live:{seed}@@';\n}\n"


def test_flutter_lib_and_assets_ship_in_the_app(tree):
    report = run(
        tree(
            {
                "shop_app/pubspec.yaml": PUBSPEC,
                "shop_app/lib/api/stripe_service.dart": DART_SECRET.replace("{seed}", "flutterlib"),
                "shop_app/.env": "STRIPE_SECRET_KEY=@@sk_live:flutterenv@@\n",
                "shop_app/assets/config/keys.json": '{\n  "stripe_secret_key": "@@sk_live:flutterasset@@"\n}\n',
                "shop_app/test/stripe_test.dart": DART_SECRET.replace("{seed}", "fluttertest"),
                "shop_app/tool/seed.dart": DART_SECRET.replace("{seed}", "fluttertool"),
            }
        )
    )
    assert hits(report, "GL201") == {
        ("shop_app/lib/api/stripe_service.dart", 2),
        ("shop_app/.env", 1),
        ("shop_app/assets/config/keys.json", 2),
    }
    assert _reason(report, "shop_app/lib/api/stripe_service.dart", 2) == (
        "client: Flutter app (shop_app/pubspec.yaml depends on the flutter SDK) compiles lib/ into the app users install"
    )
    assert (
        _reason(report, "shop_app/.env", 1)
        == "client: shop_app/pubspec.yaml bundles it as a Flutter asset, readable by anyone who installs the app"
    )


def test_dart_server_package_is_not_client(tree):
    report = run(
        tree(
            {
                "server/pubspec.yaml": "name: api\ndependencies:\n  shelf: ^1.4.0\n",
                "server/lib/stripe.dart": DART_SECRET.replace("{seed}", "dartserver"),
            }
        )
    )
    assert hits(report, "GL201") == set()


# --- Electron, Capacitor, Tauri ----------------------------------------------------------------


def test_electron_app_code_ships_to_users(tree):
    report = run(
        tree(
            {
                "package.json": '{"name": "desk", "main": "main.js", "devDependencies": {"electron": "^30.0.0"}}',
                "main.js": _js("electronmain"),
                "renderer/checkout.js": _js("renderer"),
            }
        )
    )
    assert hits(report, "GL201") == {("main.js", 2), ("renderer/checkout.js", 2)}
    assert _reason(report, "renderer/checkout.js", 2).startswith("client: Electron app (package.json depends on electron)")


def test_node_package_without_electron_is_not_client(tree):
    report = run(tree({"package.json": '{"name": "api", "main": "main.js"}', "main.js": _js("notelectron")}))
    assert hits(report, "GL201") == set()


def test_capacitor_web_app_ships_in_the_mobile_app(tree):
    report = run(
        tree(
            {
                "capacitor.config.ts": (
                    "const config = { appId: 'com.shop', appName: 'Shop', webDir: 'www' };\nexport default config;\n"
                ),
                "package.json": '{"name": "shop"}',
                "src/app/pay.service.ts": _js("capacitor"),
                "api/checkout.ts": _js("vercelfunction"),
            }
        )
    )
    assert hits(report, "GL201") == {("src/app/pay.service.ts", 2)}
    assert (
        _reason(report, "src/app/pay.service.ts", 2)
        == "client: Capacitor app (capacitor.config.ts): its web app ships inside the mobile app"
    )


RUST_SECRET = 'fn main() {\n    let key = "@@sk_live:{seed}@@";\n}\n'


def test_tauri_frontend_and_rust_core_ship_in_the_desktop_app(tree):
    report = run(
        tree(
            {
                "package.json": '{"name": "desk"}',
                "src/lib/pay.ts": _js("tauriweb"),
                "src-tauri/Cargo.toml": '[package]\nname = "desk"\n',
                "src-tauri/tauri.conf.json": '{"build": {"frontendDist": "../dist", "devUrl": "http://localhost:1420"}}',
                "src-tauri/src/main.rs": RUST_SECRET.replace("{seed}", "tauricore"),
            }
        )
    )
    assert hits(report, "GL201") == {("src/lib/pay.ts", 2), ("src-tauri/src/main.rs", 2)}
    assert _reason(report, "src-tauri/src/main.rs", 2) == (
        "client: Tauri app (src-tauri/tauri.conf.json): its Rust core is compiled into the desktop app users install"
    )


def test_rust_server_is_not_client(tree):
    report = run(tree({"Cargo.toml": '[package]\nname = "api"\n', "src/main.rs": RUST_SECRET.replace("{seed}", "rustserver")}))
    assert hits(report, "GL201") == set()


# --- Native mobile -----------------------------------------------------------------------------

ANDROID_GRADLE = "plugins {\n    id 'com.android.application'\n}\n\nandroid {\n    namespace 'com.shop'\n}\n"
KOTLIN_SECRET = 'package com.shop\n\nconst val STRIPE_SECRET_KEY = "@@sk_live:{seed}@@"\n'


def test_android_module_sources_ship_in_the_app(tree):
    report = run(
        tree(
            {
                "app/build.gradle": ANDROID_GRADLE,
                "app/src/main/java/com/shop/Keys.kt": KOTLIN_SECRET.replace("{seed}", "androidmain"),
                "app/src/test/java/com/shop/KeysTest.kt": KOTLIN_SECRET.replace("{seed}", "androidtest"),
            }
        )
    )
    assert hits(report, "GL201") == {("app/src/main/java/com/shop/Keys.kt", 3)}


def test_kotlin_server_is_not_client(tree):
    report = run(
        tree(
            {
                "build.gradle.kts": 'plugins {\n    id("org.springframework.boot") version "3.2.0"\n}\n',
                "src/main/kotlin/com/shop/Keys.kt": KOTLIN_SECRET.replace("{seed}", "spring"),
            }
        )
    )
    assert hits(report, "GL201") == set()


SWIFT_SECRET = 'enum Keys {\n    static let stripeSecretKey = "@@sk_live:{seed}@@"\n}\n'


def test_xcode_app_sources_ship_in_the_app(tree):
    report = run(
        tree(
            {
                "Shop.xcodeproj/project.pbxproj": (
                    '{\n  isa = PBXNativeTarget;\n  productType = "com.apple.product-type.application";\n}\n'
                ),
                "Shop/Keys.swift": SWIFT_SECRET.replace("{seed}", "ios"),
            }
        )
    )
    assert hits(report, "GL201") == {("Shop/Keys.swift", 2)}


def test_swift_package_server_is_not_client(tree):
    report = run(
        tree(
            {
                "Package.swift": (
                    "// swift-tools-version:5.9\nimport PackageDescription\n"
                    'let package = Package(name: "api", dependencies: [.package(url: "https://github.com/vapor/vapor.git", '
                    'from: "4.0.0")])\n'
                ),
                "Sources/App/Keys.swift": SWIFT_SECRET.replace("{seed}", "vapor"),
            }
        )
    )
    assert hits(report, "GL201") == set()


@pytest.mark.parametrize("exposure", ["server", "client"])
def test_public_prefix_and_file_hints_still_come_first(tree, exposure):
    """A Dockerfile in a client folder still says server; a VITE_ prefix still says client."""
    files = {"extension/manifest.json": MANIFEST}
    if exposure == "server":
        files["extension/Dockerfile"] = "FROM node:20\nENV STRIPE_SECRET_KEY=@@sk_live:docker@@\n"
        expected = "server: Dockerfile ENV is baked into the image"
        path, line = "extension/Dockerfile", 2
    else:
        files["extension/.env"] = "VITE_STRIPE_SECRET_KEY=@@sk_live:vite@@\n"
        expected = "client: VITE_ prefix"
        path, line = "extension/.env", 1
    report = run(tree(files))
    assert _reason(report, path, line).startswith(expected)


def test_tooling_in_a_server_language_inside_an_app_project_is_not_client(tree):
    """fastlane's Ruby and a Python release script beside an iOS app are tooling, not the app."""
    report = run(
        tree(
            {
                "Shop.xcodeproj/project.pbxproj": (
                    '{\n  isa = PBXNativeTarget;\n  productType = "com.apple.product-type.application";\n}\n'
                ),
                "Shop/Keys.swift": SWIFT_SECRET.replace("{seed}", "iosapp"),
                "scripts/upload.py": 'STRIPE_SECRET_KEY = "@@sk_live:iostool@@"\n',
            }
        )
    )
    assert hits(report, "GL201") == {("Shop/Keys.swift", 2)}


@pytest.mark.parametrize("package", ["react-native", "expo"])
def test_react_native_and_expo_code_ships_in_the_app(tree, package):
    report = run(
        tree(
            {
                "package.json": '{"name": "shop", "dependencies": {"' + package + '": "1.0.0"}}',
                "index.js": "import App from './src/App';\n",
                "src/stripeAdmin.ts": _js("rn" + package.replace("-", "")),
                "app/api/checkout+api.ts": _js("exporoute" + package.replace("-", "")),
                "server/index.ts": _js("rnserver" + package.replace("-", "")),
            }
        )
    )
    assert hits(report, "GL201") == {("src/stripeAdmin.ts", 2)}
    assert _reason(report, "src/stripeAdmin.ts", 2).endswith("Metro bundles its JavaScript into the app users install")


def test_xcode_project_of_only_command_line_tools_is_not_client(tree):
    report = run(
        tree(
            {
                "Tools.xcodeproj/project.pbxproj": (
                    '{\n  isa = PBXNativeTarget;\n  productType = "com.apple.product-type.tool";\n}\n'
                ),
                "Tools/Keys.swift": SWIFT_SECRET.replace("{seed}", "tool"),
            }
        )
    )
    assert hits(report, "GL201") == set()


def test_server_modules_inside_an_entry_folder_stay_server(tree):
    """Vite SSR's entry-server.ts, a server.ts beside the client entry, Remix-style *.server.ts."""
    report = run(
        tree(
            {
                "index.html": INDEX_HTML,
                "src/main.tsx": _js("ssrclient"),
                "src/entry-server.ts": _js("ssrentry"),
                "src/server.ts": _js("ssrserver"),
                "src/billing.server.ts": _js("ssrmodule"),
            }
        )
    )
    assert hits(report, "GL201") == {("src/main.tsx", 2)}


def test_webpack_server_bundle_with_node_externals_is_not_client(tree):
    config = WEBPACK.replace(
        "const HtmlWebpackPlugin", "const nodeExternals = require('webpack-node-externals');\nconst HtmlWebpackPlugin"
    )
    report = run(tree({"webpack.config.js": config, "src/checkout.js": _js("externals")}))
    assert hits(report, "GL201") == set()


def test_extension_manifest_with_comments_is_read_as_chrome_reads_it(tree):
    manifest = MANIFEST.replace('"name": "Shop helper",', '"name": "Shop helper", // shown in the toolbar')
    report = run(tree({"extension/manifest.json": manifest, "extension/background.js": _js("jsonc")}))
    assert hits(report, "GL201") == {("extension/background.js", 2)}
    assert hits(report, "GL901") == set()
