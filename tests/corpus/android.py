"""Native Android apps (Kotlin, stripe-android): buildTypes and product flavors decide which key the release APK carries."""

from __future__ import annotations

from corpus import E, app, keys

ECO = "android"

GRADLE = """plugins {{
    id("com.android.application")
    id("org.jetbrains.kotlin.android")
}}

android {{
    namespace = "com.acme.shop"
    compileSdk = 34

    defaultConfig {{
        applicationId = "com.acme.shop"
        minSdk = 24
        targetSdk = 34
        versionCode = 42
        versionName = "2.3.0"
    }}

    buildFeatures {{
        buildConfig = true
    }}

{variants}
}}

dependencies {{
    implementation("com.stripe:stripe-android:20.48.0")
    implementation("androidx.activity:activity-ktx:1.9.0")
}}
"""

BUILD_TYPES = """    buildTypes {{
        debug {{
            buildConfigField("String", "STRIPE_PUBLISHABLE_KEY", "\\"{debug}\\"")
        }}
        release {{
            isMinifyEnabled = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
            buildConfigField("String", "STRIPE_PUBLISHABLE_KEY", "\\"{release}\\"")
        }}
    }}"""

FLAVORS = """    flavorDimensions += "env"
    productFlavors {{
        create("staging") {{
            dimension = "env"
            applicationIdSuffix = ".staging"
            buildConfigField("String", "STRIPE_PUBLISHABLE_KEY", "\\"{staging}\\"")
        }}
        create("production") {{
            dimension = "env"
            buildConfigField("String", "STRIPE_PUBLISHABLE_KEY", "\\"{production}\\"")
        }}
    }}"""

ACTIVITY = """package com.acme.shop

import android.os.Bundle
import androidx.activity.ComponentActivity
import com.stripe.android.PaymentConfiguration
import com.stripe.android.paymentsheet.PaymentSheet

class CheckoutActivity : ComponentActivity() {
    private lateinit var paymentSheet: PaymentSheet

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        PaymentConfiguration.init(applicationContext, BuildConfig.STRIPE_PUBLISHABLE_KEY)
        paymentSheet = PaymentSheet(this) { result -> onPaymentResult(result) }
    }

    private fun onPaymentResult(result: com.stripe.android.paymentsheet.PaymentSheetResult) {}
}
"""


def android_app(variants: str, activity: str = ACTIVITY, **extra: str) -> dict[str, str]:
    return {
        "settings.gradle.kts": 'rootProject.name = "Shop"\ninclude(":app")\n',
        "build.gradle.kts": 'plugins {\n    id("com.android.application") version "8.5.1" apply false\n'
        '    id("org.jetbrains.kotlin.android") version "1.9.24" apply false\n}\n',
        "app/build.gradle.kts": GRADLE.format(variants=variants),
        "app/src/main/AndroidManifest.xml": '<manifest xmlns:android="http://schemas.android.com/apk/res/android">\n'
        '    <application android:label="Shop">\n'
        '        <activity android:name=".CheckoutActivity" android:exported="true" />\n'
        "    </application>\n</manifest>\n",
        "app/src/main/java/com/acme/shop/CheckoutActivity.kt": activity,
        "app/src/main/res/values/strings.xml": '<resources>\n    <string name="app_name">Shop</string>\n</resources>\n',
        ".gitignore": "*.iml\n.gradle\n/local.properties\n/build\n/app/build\n",
    } | extra


k = keys("ana")
app(
    "android-build-types",
    ECO,
    "play-store",
    android_app(BUILD_TYPES.format(debug=k["pk_test"], release=k["pk_live"])),
    ready=True,
    holds=(2,),
    why="the release build type (what bundleRelease uploads to Play) has the live publishable key; debug has the sandbox one",
)

k = keys("anb")
app(
    "android-release-build-type-sandbox",
    ECO,
    "play-store",
    android_app(BUILD_TYPES.format(debug=k["pk_test"], release=k["pk_test"])),
    ready=False,
    fires=(2,),
    expect=(E("GL101", "app/build.gradle.kts", f'STRIPE_PUBLISHABLE_KEY", "\\"{k["pk_test"]}\\"")\n        }}\n    }}'),),
    why="the release build type ships the sandbox publishable key",
)

k = keys("anc")
app(
    "android-product-flavors",
    ECO,
    "play-store",
    android_app(FLAVORS.format(staging=k["pk_test"], production=k["pk_live"])),
    ready=True,
    holds=(2,),
    why="the staging flavor (a separate .staging app) has the sandbox key; the production flavor the live one",
)

k = keys("and")
app(
    "android-secret-in-string-resources",
    ECO,
    "play-store",
    android_app(BUILD_TYPES.format(debug=k["pk_test"], release=k["pk_live"]))
    | {
        "app/src/main/res/values/strings.xml": f'<resources>\n    <string name="app_name">Shop</string>\n'
        f'    <string name="stripe_secret_key">{k["sk_live"]}</string>\n</resources>\n'
    },
    ready=False,
    fires=(5,),
    expect=(E("GL201", "app/src/main/res/values/strings.xml", "stripe_secret_key"),),
    why="string resources are compiled into the APK, readable with apktool",
)

app(
    "android-payment-configuration-docs-key",
    ECO,
    "play-store",
    android_app("", ACTIVITY.replace("BuildConfig.STRIPE_PUBLISHABLE_KEY", '"pk_test_TYooMQauvdEDq54NiTphI7jx"')),
    ready=False,
    fires=(6,),
    expect=(E("GL104", "app/src/main/java/com/acme/shop/CheckoutActivity.kt", "PaymentConfiguration.init("),),
    why="PaymentConfiguration.init gets Stripe's documentation key: the app cannot take real payments",
)

k = keys("anf")
app(
    "android-instrumented-tests",
    ECO,
    "play-store",
    android_app(BUILD_TYPES.format(debug=k["pk_test"], release=k["pk_live"]))
    | {
        "app/src/androidTest/java/com/acme/shop/CheckoutTest.kt": "package com.acme.shop\n\nimport com.stripe.android.PaymentConfiguration\n"
        "import org.junit.Test\n\nclass CheckoutTest {\n    @Test\n    fun initialises() {\n"
        f'        PaymentConfiguration.init(androidx.test.core.app.ApplicationProvider.getApplicationContext(), "{keys("anftest")["pk_test"]}")\n'
        "    }\n}\n"
    },
    ready=True,
    holds=(3,),
    why="androidTest sources are compiled into the test APK only",
)
