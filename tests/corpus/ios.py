"""Native iOS apps (Swift, stripe-ios): Debug/Release xcconfig files, #if DEBUG branches; everything in the app
ships to devices."""

from __future__ import annotations

from corpus import E, app, keys

ECO = "ios"

PBXPROJ = """// !$*UTF8*$!
{
	archiveVersion = 1;
	objects = {
		A1000001 /* Debug.xcconfig */ = {isa = PBXFileReference; path = Config/Debug.xcconfig; sourceTree = "<group>"; };
		A1000002 /* Release.xcconfig */ = {isa = PBXFileReference; path = Config/Release.xcconfig; sourceTree = "<group>"; };
		B1000001 /* Debug */ = {
			isa = XCBuildConfiguration;
			baseConfigurationReference = A1000001 /* Debug.xcconfig */;
			buildSettings = { INFOPLIST_FILE = Shop/Info.plist; SWIFT_ACTIVE_COMPILATION_CONDITIONS = DEBUG; };
			name = Debug;
		};
		B1000002 /* Release */ = {
			isa = XCBuildConfiguration;
			baseConfigurationReference = A1000002 /* Release.xcconfig */;
			buildSettings = { INFOPLIST_FILE = Shop/Info.plist; };
			name = Release;
		};
	};
}
"""

INFO_PLIST = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleIdentifier</key>
	<string>$(PRODUCT_BUNDLE_IDENTIFIER)</string>
	<key>StripePublishableKey</key>
	<string>$(STRIPE_PUBLISHABLE_KEY)</string>
	<key>BackendURL</key>
	<string>$(BACKEND_URL)</string>
</dict>
</plist>
"""

APP_FROM_PLIST = """import SwiftUI
import StripePaymentSheet

@main
struct ShopApp: App {
    init() {
        StripeAPI.defaultPublishableKey = Bundle.main.object(forInfoDictionaryKey: "StripePublishableKey") as? String ?? ""
    }

    var body: some Scene {
        WindowGroup { CheckoutView() }
    }
}
"""

IF_DEBUG = """import SwiftUI
import StripePaymentSheet

@main
struct ShopApp: App {
    init() {
        #if DEBUG
        StripeAPI.defaultPublishableKey = "{debug}"
        #else
        StripeAPI.defaultPublishableKey = "{release}"
        #endif
    }

    var body: some Scene {
        WindowGroup { CheckoutView() }
    }
}
"""

CHECKOUT = """import SwiftUI
import StripePaymentSheet

struct CheckoutView: View {
    @State private var paymentSheet: PaymentSheet?

    var body: some View {
        Button("Checkout") { Task { await preparePaymentSheet() } }
    }

    func preparePaymentSheet() async {
        let backend = Bundle.main.object(forInfoDictionaryKey: "BackendURL") as! String
        var request = URLRequest(url: URL(string: backend + "/payment-sheet")!)
        request.httpMethod = "POST"
        guard let (data, _) = try? await URLSession.shared.data(for: request),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: String],
              let clientSecret = json["paymentIntent"] else { return }
        var configuration = PaymentSheet.Configuration()
        configuration.merchantDisplayName = "Acme"
        paymentSheet = PaymentSheet(paymentIntentClientSecret: clientSecret, configuration: configuration)
    }
}
"""


def ios_app(debug_pk: str, release_pk: str, swift_app: str = APP_FROM_PLIST, **extra: str) -> dict[str, str]:
    return {
        "Shop.xcodeproj/project.pbxproj": PBXPROJ,
        "Config/Debug.xcconfig": f"BACKEND_URL = http:/$()/localhost:4242\nSTRIPE_PUBLISHABLE_KEY = {debug_pk}\n",
        "Config/Release.xcconfig": f"BACKEND_URL = https:/$()/api.acme.test\nSTRIPE_PUBLISHABLE_KEY = {release_pk}\n",
        "Shop/Info.plist": INFO_PLIST,
        "Shop/ShopApp.swift": swift_app,
        "Shop/CheckoutView.swift": CHECKOUT,
        "Package.resolved": '{\n  "pins": [{ "identity": "stripe-ios-spm", "location": "https://github.com/stripe/stripe-ios-spm", '
        '"state": { "version": "23.28.1" } }]\n}\n',
        ".gitignore": "xcuserdata/\nDerivedData/\n*.xcuserstate\n",
    } | extra


k = keys("ioa")
app(
    "ios-xcconfig-debug-release",
    ECO,
    "app-store",
    ios_app(k["pk_test"], k["pk_live"]),
    ready=True,
    holds=(2,),
    why="the Release build configuration is based on Release.xcconfig: the archive uploaded to the App Store has the live "
    "publishable key; Debug.xcconfig's sandbox key is for simulator runs",
)

k = keys("iob")
app(
    "ios-release-xcconfig-sandbox",
    ECO,
    "app-store",
    ios_app(k["pk_test"], k["pk_test"]),
    ready=False,
    fires=(2,),
    expect=(E("GL101", "Config/Release.xcconfig", "STRIPE_PUBLISHABLE_KEY"),),
    why="the Release configuration ships the sandbox publishable key: every App Store payment is a test payment",
)

k = keys("ioc")
app(
    "ios-if-debug-branches",
    ECO,
    "app-store",
    ios_app("", "", IF_DEBUG.replace("{debug}", k["pk_test"]).replace("{release}", k["pk_live"])),
    ready=True,
    holds=(2,),
    why="Release builds do not define DEBUG: the #else branch (live key) is compiled, the sandbox key is not",
)

k = keys("iod")
app(
    "ios-if-debug-else-sandbox",
    ECO,
    "app-store",
    ios_app("", "", IF_DEBUG.replace("{debug}", k["pk_test"]).replace("{release}", keys("iodx")["pk_test"])),
    ready=False,
    fires=(2,),
    expect=(E("GL101", "Shop/ShopApp.swift", f'        StripeAPI.defaultPublishableKey = "{keys("iodx")["pk_test"]}"'),),
    why="the #else branch, which Release builds compile, holds a sandbox key",
)

k = keys("ioe")
app(
    "ios-secret-key-in-app",
    ECO,
    "app-store",
    ios_app(k["pk_test"], k["pk_live"])
    | {
        "Shop/StripeBackend.swift": f"import Foundation\n\n// Create PaymentIntents straight from the app (no server yet)\n"
        f'enum StripeBackend {{\n    static let secretKey = "{k["sk_live"]}"\n\n'
        "    static func createPaymentIntent(amount: Int) async throws -> Data {\n"
        '        var request = URLRequest(url: URL(string: "https://api.stripe.com/v1/payment_intents")!)\n'
        '        request.httpMethod = "POST"\n'
        '        request.setValue("Bearer \\(secretKey)", forHTTPHeaderField: "Authorization")\n'
        '        request.httpBody = "amount=\\(amount)&currency=usd".data(using: .utf8)\n'
        "        return try await URLSession.shared.data(for: request).0\n    }\n}\n"
    },
    ready=False,
    fires=(5,),
    expect=(E("GL201", "Shop/StripeBackend.swift", "static let secretKey"),),
    why="a string in an iOS app is readable by anyone with the .ipa: the live secret key ships to every device",
)

app(
    "ios-docs-key-in-release-branch",
    ECO,
    "app-store",
    ios_app("", "", IF_DEBUG.replace("{debug}", keys("iof")["pk_test"]).replace("{release}", "pk_test_TYooMQauvdEDq54NiTphI7jx")),
    ready=False,
    fires=(6,),
    expect=(E("GL104", "Shop/ShopApp.swift", 'StripeAPI.defaultPublishableKey = "pk_test_TYooMQ'),),
    why="the Release branch hands the SDK Stripe's documentation key, copied from the quickstart",
)
