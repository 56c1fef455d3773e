"""React Native and Expo apps (@stripe/stripe-react-native): EAS build profiles, EXPO_PUBLIC_ variables, StripeProvider."""

from __future__ import annotations

import json

from corpus import E, app, keys
from corpus.blocks import package_json

ECO = "react-native"
PUBLIC = "EXPO_PUBLIC_STRIPE_PUBLISHABLE_KEY"

APP = """import { StripeProvider } from "@stripe/stripe-react-native";
import { Stack } from "expo-router";

export default function RootLayout() {
  return (
    <StripeProvider publishableKey={process.env.EXPO_PUBLIC_STRIPE_PUBLISHABLE_KEY!} merchantIdentifier="merchant.com.acme.shop">
      <Stack />
    </StripeProvider>
  );
}
"""

CHECKOUT = """import { useStripe } from "@stripe/stripe-react-native";
import { Button } from "react-native";

export default function Checkout() {
  const { initPaymentSheet, presentPaymentSheet } = useStripe();

  async function pay() {
    const res = await fetch(`${process.env.EXPO_PUBLIC_API_URL}/payment-sheet`, { method: "POST" });
    const { paymentIntent, ephemeralKey, customer } = await res.json();
    await initPaymentSheet({ merchantDisplayName: "Acme", paymentIntentClientSecret: paymentIntent,
                             customerEphemeralKeySecret: ephemeralKey, customerId: customer });
    await presentPaymentSheet();
  }
  return <Button title="Pay" onPress={pay} />;
}
"""


def eas(development: str, production: str) -> str:
    return (
        json.dumps(
            {
                "cli": {"version": ">= 10.0.0"},
                "build": {
                    "development": {
                        "developmentClient": True,
                        "distribution": "internal",
                        "env": {PUBLIC: development, "EXPO_PUBLIC_API_URL": "https://staging-api.acme.test"},
                    },
                    "production": {
                        "autoIncrement": True,
                        "env": {PUBLIC: production, "EXPO_PUBLIC_API_URL": "https://api.acme.test"},
                    },
                },
                "submit": {"production": {}},
            },
            indent=2,
        )
        + "\n"
    )


def expo(development: str, production: str, **replace: str | None) -> dict[str, str]:
    files = {
        "package.json": package_json(
            "acme-shop",
            {
                "expo": "~51.0.22",
                "expo-router": "~3.5.18",
                "react": "18.2.0",
                "react-native": "0.74.3",
                "@stripe/stripe-react-native": "0.37.2",
            },
            {"start": "expo start", "android": "expo run:android", "ios": "expo run:ios"},
        ),
        "app.json": json.dumps(
            {
                "expo": {
                    "name": "Acme",
                    "slug": "acme-shop",
                    "scheme": "acme",
                    "plugins": [["@stripe/stripe-react-native", {"merchantIdentifier": "merchant.com.acme.shop"}]],
                }
            },
            indent=2,
        )
        + "\n",
        "eas.json": eas(development, production),
        "app/_layout.tsx": APP,
        "app/checkout.tsx": CHECKOUT,
        ".env": f"{PUBLIC}={development}\nEXPO_PUBLIC_API_URL=http://localhost:4242\n",
        ".gitignore": "node_modules/\n.expo/\ndist/\n.env\n.env*.local\nios/\nandroid/\n",
    }
    for path, text in replace.items():
        if text is None:
            files.pop(path, None)
        else:
            files[path] = text
    return files


k = keys("rna")
app(
    "expo-eas-profiles",
    ECO,
    "eas",
    expo(k["pk_test"], k["pk_live"]),
    ready=True,
    holds=(2, 10),
    why="eas build --profile production inlines the production profile's env; .env is the developer's (git-ignored, "
    "read by expo start)",
)

k = keys("rnb")
app(
    "expo-eas-production-sandbox",
    ECO,
    "eas",
    expo(k["pk_test"], k["pk_test"], **{".env": None}),
    ready=False,
    fires=(2,),
    expect=(E("GL101", "eas.json", f'"{PUBLIC}": "{k["pk_test"]}",\n        "EXPO_PUBLIC_API_URL": "https://api'),),
    why="the production build profile inlines a sandbox publishable key into the store build",
)

k = keys("rnc")
app(
    "expo-public-prefix-secret",
    ECO,
    "eas",
    expo(
        k["pk_test"],
        k["pk_live"],
        **{
            ".env": None,
            "eas.json": eas(k["pk_test"], k["pk_live"]).replace(
                '"autoIncrement": true,', '"autoIncrement": true,\n      "env_secret_note": "",'
            ),
        },
    )
    | {
        "eas.json": json.dumps(
            {"build": {"production": {"env": {PUBLIC: k["pk_live"], "EXPO_PUBLIC_STRIPE_SECRET_KEY": k["sk_live"]}}}}, indent=2
        )
        + "\n"
    },
    ready=False,
    fires=(5,),
    expect=(E("GL201", "eas.json", "EXPO_PUBLIC_STRIPE_SECRET_KEY"),),
    why="EXPO_PUBLIC_ variables are inlined into the JavaScript bundle of the app",
)

app(
    "rn-stripe-provider-docs-key",
    ECO,
    "eas",
    expo(
        keys("rnd")["pk_test"],
        keys("rnd")["pk_live"],
        **{
            ".env": None,
            "app/_layout.tsx": APP.replace(
                "{process.env.EXPO_PUBLIC_STRIPE_PUBLISHABLE_KEY!}", '"pk_test_TYooMQauvdEDq54NiTphI7jx"'
            ),
        },
    ),
    ready=False,
    fires=(6,),
    expect=(E("GL104", "app/_layout.tsx", "<StripeProvider publishableKey="),),
    why="StripeProvider is given the documentation key: the app's PaymentSheet runs against no real account",
)

k = keys("rne")
app(
    "rn-cli-secret-in-src",
    ECO,
    "app-store",
    {
        "package.json": package_json(
            "AcmeShop",
            {"react": "18.2.0", "react-native": "0.74.3", "@stripe/stripe-react-native": "0.37.2"},
            {"android": "react-native run-android", "ios": "react-native run-ios"},
        ),
        "index.js": "import { AppRegistry } from 'react-native';\nimport App from './src/App';\n\nAppRegistry.registerComponent('AcmeShop', () => App);\n",
        "src/App.tsx": "import { StripeProvider } from '@stripe/stripe-react-native';\nimport Checkout from './Checkout';\n\n"
        f'export default function App() {{\n  return <StripeProvider publishableKey="{k["pk_live"]}"><Checkout /></StripeProvider>;\n}}\n',
        "src/Checkout.tsx": CHECKOUT.replace(
            "`${process.env.EXPO_PUBLIC_API_URL}/payment-sheet`", "'https://api.acme.test/payment-sheet'"
        ),
        "src/stripeAdmin.ts": f"// used by the refunds screen\nexport const STRIPE_SECRET_KEY = '{k['sk_live']}';\n\n"
        "export async function refund(charge: string) {\n  return fetch('https://api.stripe.com/v1/refunds', {\n"
        "    method: 'POST', headers: { Authorization: `Bearer ${STRIPE_SECRET_KEY}` }, body: `charge=${charge}` });\n}\n",
        "android/app/build.gradle": 'android {\n    namespace "com.acmeshop"\n}\n',
        "ios/AcmeShop/Info.plist": '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict></dict></plist>\n',
        "metro.config.js": "const { getDefaultConfig } = require('@react-native/metro-config');\n\nmodule.exports = getDefaultConfig(__dirname);\n",
    },
    ready=False,
    fires=(5,),
    expect=(E("GL201", "src/stripeAdmin.ts", "export const STRIPE_SECRET_KEY"),),
    why="Metro bundles everything index.js imports into the app binary",
)

k = keys("rnf")
app(
    "expo-storybook-stories",
    ECO,
    "eas",
    expo(k["pk_test"], k["pk_live"])
    | {
        ".storybook/main.ts": "const main = { stories: ['../components/**/*.stories.tsx'] };\nexport default main;\n",
        "components/PayButton.tsx": "import { Button } from 'react-native';\n\nexport default function PayButton(props: { onPress(): void }) {\n"
        '  return <Button title="Pay" onPress={props.onPress} />;\n}\n',
        "components/PayButton.stories.tsx": "import { StripeProvider } from '@stripe/stripe-react-native';\nimport PayButton from './PayButton';\n\n"
        f"export default {{ title: 'PayButton', decorators: [(Story: any) => <StripeProvider publishableKey=\"{keys('rnfstory')['pk_test']}\"><Story /></StripeProvider>] }};\n\n"
        "export const Basic = { args: { onPress: () => {} } };\n",
    },
    ready=True,
    holds=(3, 6),
    why="Storybook stories render in the Storybook app only",
)
