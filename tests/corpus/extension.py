"""Browser extensions (Manifest V3, plain and WXT): background, content scripts and popups all run on the user's machine."""

from __future__ import annotations

import json

from corpus import E, app, keys
from corpus.blocks import package_json

ECO = "browser-extension"


def manifest(**extra) -> str:
    body = {
        "manifest_version": 3,
        "name": "Acme Price Tracker",
        "version": "1.8.0",
        "permissions": ["storage", "alarms"],
        "host_permissions": ["https://api.acme.test/*"],
        "background": {"service_worker": "background.js", "type": "module"},
        "action": {"default_popup": "popup.html"},
        "content_scripts": [{"matches": ["https://*.shop.test/*"], "js": ["content.js"]}],
    } | extra
    return json.dumps(body, indent=2) + "\n"


BACKGROUND = """import { refreshPrices } from "./prices.js";

chrome.alarms.create("refresh", { periodInMinutes: 60 });
chrome.alarms.onAlarm.addListener(() => refreshPrices());

chrome.runtime.onMessage.addListener((message, sender, reply) => {
  if (message.type === "upgrade") {
    fetch("https://api.acme.test/billing/checkout", { method: "POST", credentials: "include" })
      .then((res) => res.json())
      .then(({ url }) => chrome.tabs.create({ url }));
  }
  return true;
});
"""

POPUP_HTML = """<!doctype html>
<html>
  <body>
    <button id="upgrade">Upgrade to Pro</button>
    <script src="popup.js" type="module"></script>
  </body>
</html>
"""

POPUP = """document.getElementById("upgrade").addEventListener("click", () => {
  chrome.runtime.sendMessage({ type: "upgrade" });
});
"""

CONTENT = """const price = document.querySelector("[data-price]");
if (price) {
  chrome.runtime.sendMessage({ type: "price", value: price.textContent });
}
"""


def extension(**replace: str | None) -> dict[str, str]:
    files = {
        "manifest.json": manifest(),
        "background.js": BACKGROUND,
        "prices.js": 'export async function refreshPrices() {\n  const res = await fetch("https://api.acme.test/prices");\n'
        "  await chrome.storage.local.set({ prices: await res.json() });\n}\n",
        "popup.html": POPUP_HTML,
        "popup.js": POPUP,
        "content.js": CONTENT,
        "README.md": "# Acme Price Tracker\n\nLoad unpacked from this folder in chrome://extensions.\n",
    }
    for path, text in replace.items():
        if text is None:
            files.pop(path, None)
        else:
            files[path] = text
    return files


app(
    "extension-mv3-backend-checkout",
    ECO,
    "chrome-web-store",
    extension(),
    ready=True,
    holds=(5,),
    why="the extension asks the backend for a Checkout URL; no Stripe key ships in it",
)

k = keys("exb")
app(
    "extension-secret-in-background",
    ECO,
    "chrome-web-store",
    extension(
        **{
            "background.js": BACKGROUND.replace(
                'import { refreshPrices } from "./prices.js";\n',
                f'import {{ refreshPrices }} from "./prices.js";\n\nconst STRIPE_SECRET_KEY = "{k["sk_live"]}";\n',
            )
        }
    ),
    ready=False,
    fires=(5,),
    expect=(E("GL201", "background.js", "const STRIPE_SECRET_KEY"),),
    why="an extension's service worker is shipped in the .crx: anyone can unzip it and read the key",
)

k = keys("exc")
app(
    "extension-restricted-key-in-content-script",
    ECO,
    "chrome-web-store",
    extension(**{"content.js": f'const STRIPE_KEY = "{k["rk_live"]}";\n\n' + CONTENT}),
    ready=False,
    fires=(5,),
    expect=(E("GL201", "content.js", "const STRIPE_KEY"),),
    maybe=(E("GL301", "content.js", "const STRIPE_KEY"),),
    why="content scripts run inside every matching page: the restricted key is readable by the page and the user",
)

k = keys("exd")
app(
    "extension-popup-publishable-live",
    ECO,
    "chrome-web-store",
    extension(**{"popup.js": f'const STRIPE_PUBLISHABLE_KEY = "{k["pk_live"]}";\n\n' + POPUP}),
    ready=True,
    holds=(5,),
    why="a live publishable key in a popup is public by design",
)

k = keys("exe")
app(
    "extension-popup-stripe-js-sandbox",
    ECO,
    "chrome-web-store",
    extension(
        **{
            "popup.html": POPUP_HTML.replace(
                '    <script src="popup.js"', '    <script src="vendor/stripe.js"></script>\n    <script src="popup.js"'
            ),
            "popup.js": f'const stripe = Stripe("{k["pk_test"]}");\n\n' + POPUP,
            "vendor/stripe.js": "/* Stripe.js v3 (vendored) */\nwindow.Stripe = function Stripe(key) { return { key }; };\n",
        }
    ),
    ready=False,
    fires=(6,),
    expect=(E("GL101", "popup.js", "Stripe("),),
    why="the popup initialises Stripe.js with a sandbox key in the published extension",
)

WXT_CONFIG = """import { defineConfig } from "wxt";

export default defineConfig({
  manifest: {
    name: "Acme Clipper",
    permissions: ["storage"],
  },
});
"""

k = keys("exf")
app(
    "extension-wxt-vite-modes",
    ECO,
    "chrome-web-store",
    {
        "package.json": package_json(
            "acme-clipper",
            {"@stripe/stripe-js": "^4.1.0"},
            {"dev": "wxt", "build": "wxt build", "zip": "wxt zip"},
            {"wxt": "^0.18.0"},
        ),
        "wxt.config.ts": WXT_CONFIG,
        "entrypoints/background.ts": 'export default defineBackground(() => {\n  browser.runtime.onInstalled.addListener(() => console.log("installed"));\n});\n',
        "entrypoints/popup/index.html": '<!doctype html>\n<html><body><div id="app"></div><script type="module" src="./main.ts"></script></body></html>\n',
        "entrypoints/popup/main.ts": 'import { loadStripe } from "@stripe/stripe-js";\n\nconst stripe = await loadStripe(import.meta.env.WXT_STRIPE_PUBLISHABLE_KEY);\n'
        "console.log(stripe);\n",
        ".env.development": f"WXT_STRIPE_PUBLISHABLE_KEY={k['pk_test']}\n",
        ".env.production": f"WXT_STRIPE_PUBLISHABLE_KEY={k['pk_live']}\n",
        ".gitignore": "node_modules/\n.output/\n.wxt/\n",
    },
    ready=True,
    holds=(2,),
    why="WXT builds with Vite modes: `wxt build` uses .env.production; .env.development is for `wxt` (dev)",
)

app(
    "extension-e2e-fixtures",
    ECO,
    "chrome-web-store",
    extension()
    | {
        "e2e/upgrade.spec.ts": 'import { test, expect } from "./fixtures";\n\ntest("upgrade opens checkout", async ({ page, extensionId }) => {\n'
        "  await page.goto(`chrome-extension://${extensionId}/popup.html`);\n"
        '  await expect(page.getByText("Upgrade to Pro")).toBeVisible();\n});\n',
        "e2e/fixtures.ts": f'export const STRIPE_TEST_SECRET = "{keys("exgtest")["sk_test"]}";\n'
        'export { test, expect } from "@playwright/test";\n',
    },
    ready=True,
    holds=(3,),
    why="e2e specs and fixtures are not in the packed extension",
)
