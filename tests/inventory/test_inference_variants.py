"""Build variants decide the environment (issue 13, class 2): the variant the release build uses is
production, the others are not.

Each rule has a tree where it must fire and one where it must not; assertions name the check, the
file and the line. Keys are built at run time from ``@@pk_test:seed@@`` tokens.
"""

from __future__ import annotations

import pytest
from helpers import hits, run


def _value(report, path, line):
    (found,) = [v for v in report.inventory.values if (v.path, v.line) == (path, line) and not v.name_only]
    return found


# --- Xcode -------------------------------------------------------------------------------------

PBXPROJ = """// !$*UTF8*$!
{
	objects = {
		C1 /* Debug */ = {
			isa = XCBuildConfiguration;
			baseConfigurationReference = F1 /* Debug.xcconfig */;
			buildSettings = {
				PRODUCT_NAME = "$(TARGET_NAME)";
			};
			name = Debug;
		};
		C2 /* Release */ = {
			isa = XCBuildConfiguration;
			baseConfigurationReference = F2 /* Release.xcconfig */;
			buildSettings = {
				PRODUCT_NAME = "$(TARGET_NAME)";
			};
			name = Release;
		};
		T1 /* Shop */ = {
			isa = PBXNativeTarget;
			productType = "com.apple.product-type.application";
		};
	};
}
"""
SCHEME = """<?xml version="1.0" encoding="UTF-8"?>
<Scheme LastUpgradeVersion = "1500" version = "1.7">
   <TestAction buildConfiguration = "Debug"></TestAction>
   <LaunchAction buildConfiguration = "Debug"></LaunchAction>
   <ArchiveAction
      buildConfiguration = "{archive}"
      revealArchiveInOrganizer = "YES">
   </ArchiveAction>
</Scheme>
"""


def _xcode(archive="Release"):
    return {
        "Shop.xcodeproj/project.pbxproj": PBXPROJ,
        "Shop.xcodeproj/xcshareddata/xcschemes/Shop.xcscheme": SCHEME.replace("{archive}", archive),
        "Config/Shared.xcconfig": "// shared by every configuration\nSTRIPE_API_HOST = api.stripe.com\n",
        "Config/Debug.xcconfig": '#include "Shared.xcconfig"\n// local builds\nSTRIPE_PUBLISHABLE_KEY = @@pk_test:debug@@\n',
        "Config/Release.xcconfig": (
            '#include "Shared.xcconfig"\n// App Store builds\nSTRIPE_PUBLISHABLE_KEY = @@pk_test:release@@\n'
        ),
        "Shop/Info.plist": (
            "<plist><dict>\n<key>StripePublishableKey</key>\n<string>$(STRIPE_PUBLISHABLE_KEY)</string>\n</dict></plist>\n"
        ),
    }


def test_xcconfig_of_the_archived_configuration_is_production(tree):
    report = run(tree(_xcode()))
    assert hits(report, "GL101") == {("Config/Release.xcconfig", 3)}
    found = _value(report, "Config/Release.xcconfig", 3)
    assert found.environment_reason == (
        "production: Release.xcconfig is the base of configuration Release (project.pbxproj), which scheme Shop archives for "
        "release"
    )
    debug = _value(report, "Config/Debug.xcconfig", 3)
    assert debug.environment.value == "development"
    assert "only run and tested" in debug.environment_reason


def test_scheme_archiving_another_configuration_moves_production(tree):
    """The scheme, not the name: a scheme that archives Debug ships Debug.xcconfig."""
    report = run(tree(_xcode(archive="Debug")))
    assert hits(report, "GL101") == {("Config/Debug.xcconfig", 3)}


def test_xcconfig_without_project_is_judged_by_xcode_defaults_and_says_so(tree):
    files = {k: v for k, v in _xcode().items() if not k.startswith("Shop.xcodeproj/")}
    report = run(tree(files))
    assert hits(report, "GL101") == {("Config/Release.xcconfig", 3)}
    assert _value(report, "Config/Release.xcconfig", 3).environment_reason == (
        "production: Release.xcconfig is named after configuration Release, which Xcode archives for release (no scheme says "
        "otherwise)"
    )


def test_included_xcconfig_takes_the_strictest_includer(tree):
    files = _xcode()
    files["Config/Shared.xcconfig"] = "STRIPE_PUBLISHABLE_KEY = @@pk_test:shared@@\n"
    report = run(tree(files))
    assert ("Config/Shared.xcconfig", 1) in hits(report, "GL101")
    assert _value(report, "Config/Shared.xcconfig", 1).environment_reason.startswith("production: Release.xcconfig includes it")


def test_xcconfig_secret_read_by_info_plist_ships_in_the_app(tree):
    files = _xcode()
    files["Config/Release.xcconfig"] = "STRIPE_PUBLISHABLE_KEY = @@sk_live:plist@@\nSTRIPE_ADMIN_SECRET = @@sk_live:other@@\n"
    report = run(tree(files))
    assert ("Config/Release.xcconfig", 1) in hits(report, "GL201")
    assert ("Config/Release.xcconfig", 2) not in hits(report, "GL201")  # no Info.plist reads it
    assert _value(report, "Config/Release.xcconfig", 1).exposure_reason.startswith(
        "client: Shop/Info.plist reads build setting STRIPE_PUBLISHABLE_KEY"
    )


def test_config_overrides_a_variant(tree):
    files = _xcode()
    files["golive.toml"] = '[environments]\n"Config/Debug.xcconfig" = "production"\n'
    report = run(tree(files))
    assert hits(report, "GL101") == {("Config/Release.xcconfig", 3), ("Config/Debug.xcconfig", 3)}


# --- Branches on the build type in code ----------------------------------------------------------

SWIFT = """import Foundation

enum StripeConfig {
#if DEBUG
    static let publishableKey = "@@pk_test:swiftdebug@@"
#else
    static let publishableKey = "@@pk_test:swiftrelease@@"
#endif
}
"""


def test_swift_else_branch_of_if_debug_is_production(tree):
    report = run(tree({"Shop/StripeConfig.swift": SWIFT}))
    assert hits(report, "GL101") == {("Shop/StripeConfig.swift", 7)}
    assert _value(report, "Shop/StripeConfig.swift", 5).environment_reason == (
        "development: inside #if DEBUG, compiled only into development builds"
    )
    assert _value(report, "Shop/StripeConfig.swift", 7).environment_reason == (
        "production: in the #else branch of #if DEBUG, compiled only into release builds"
    )


def test_swift_live_key_in_release_branch_passes(tree):
    report = run(tree({"Shop/StripeConfig.swift": SWIFT.replace("pk_test:swiftrelease", "pk_live:swiftrelease")}))
    assert hits(report, "GL101") == set()
    assert hits(report, "GL102") == set()  # the live key is in the release branch: production


def test_swift_other_conditions_say_nothing(tree):
    source = '#if targetEnvironment(simulator)\nlet stripeKey = "@@pk_test:sim@@"\n#endif\n'
    report = run(
        tree(
            {"Shop/Keys.swift": source},
        ),
        env="development",
    )
    assert _value(report, "Shop/Keys.swift", 2).environment_reason.startswith("development: no environment marker")


DART = """import 'package:flutter/foundation.dart';

final stripePublishableKey = kReleaseMode
    ? '@@pk_test:dartrelease@@'
    : '@@pk_test:dartdebug@@';

String stripeKeyFor() {
  if (kDebugMode) {
    return '@@pk_test:dartif@@';
  } else {
    return '@@pk_test:dartelse@@';
  }
}
"""


def test_dart_release_mode_branches(tree):
    report = run(tree({"app/lib/config.dart": DART}))
    assert hits(report, "GL101") == {("app/lib/config.dart", 4), ("app/lib/config.dart", 11)}
    assert _value(report, "app/lib/config.dart", 5).environment.value == "development"
    assert (
        _value(report, "app/lib/config.dart", 9).environment_reason
        == "development: inside if (kDebugMode), run only by development builds"
    )


KOTLIN = """package com.shop

object StripeKeys {
    val publishable: String = if (BuildConfig.DEBUG) {
        "@@pk_test:ktdebug@@"
    } else {
        "@@pk_test:ktrelease@@"
    }
}
"""


def test_kotlin_build_config_debug_branches(tree):
    report = run(tree({"app/src/main/java/com/shop/StripeKeys.kt": KOTLIN}))
    assert hits(report, "GL101") == {("app/src/main/java/com/shop/StripeKeys.kt", 7)}


# --- Android build types, flavors and source sets -----------------------------------------------

GRADLE = """plugins {
    id 'com.android.application'
}

android {
    buildTypes {
        release {
            minifyEnabled true
        }
    }
    flavorDimensions "env"
    productFlavors {
        staging {
            dimension "env"
            buildConfigField "String", "STRIPE_PUBLISHABLE_KEY", "\\"@@pk_test:flavorstaging@@\\""
        }
        prod {
            dimension "env"
            buildConfigField "String", "STRIPE_PUBLISHABLE_KEY", "\\"@@pk_test:flavorprod@@\\""
        }
    }
}
"""
KEYS_KT = 'package com.shop\n\nconst val STRIPE_PUBLISHABLE_KEY = "@@pk_test:{seed}@@"\n'


def test_android_flavors_and_source_sets(tree):
    report = run(
        tree(
            {
                "app/build.gradle": GRADLE,
                "app/src/debug/java/com/shop/Keys.kt": KEYS_KT.replace("{seed}", "debugset"),
                "app/src/stagingRelease/java/com/shop/Keys.kt": KEYS_KT.replace("{seed}", "stagingset"),
                "app/src/prodRelease/java/com/shop/Keys.kt": KEYS_KT.replace("{seed}", "prodset"),
                "app/src/release/res/values/stripe.xml": (
                    '<resources>\n<string name="stripe_publishable_key">@@pk_test:resset@@</string>\n</resources>\n'
                ),
            }
        ),
        env="development",
    )
    assert hits(report, "GL101") == {
        ("app/build.gradle", 19),
        ("app/src/prodRelease/java/com/shop/Keys.kt", 3),
        ("app/src/release/res/values/stripe.xml", 2),
    }
    assert _value(report, "app/src/stagingRelease/java/com/shop/Keys.kt", 3).environment_reason == (
        "staging: Android source set src/stagingRelease/ goes only into the staging flavor's release builds (build.gradle)"
    )
    assert _value(report, "app/src/debug/java/com/shop/Keys.kt", 3).environment.value == "development"


def test_source_set_folders_mean_nothing_outside_an_android_module(tree):
    """A Rust or Go ``src/release/`` module is code, not a build variant."""
    report = run(
        tree({"cli/src/release/keys.go": 'package release\n\nvar stripeKey = "@@pk_test:gorelease@@"\n'}), env="development"
    )
    assert hits(report, "GL101") == set()


# --- Angular fileReplacements -------------------------------------------------------------------

ANGULAR_PRE_15 = """{
  "projects": {
    "shop": {
      "architect": {
        "build": {
          "defaultConfiguration": "production",
          "configurations": {
            "production": {
              "fileReplacements": [
                {"replace": "src/environments/environment.ts", "with": "src/environments/environment.prod.ts"}
              ]
            },
            "development": {"optimization": false}
          }
        }
      }
    }
  }
}
"""
ANGULAR_15 = """{
  "projects": {
    "shop": {
      "architect": {
        "build": {
          "defaultConfiguration": "production",
          "configurations": {
            "production": {"outputHashing": "all"},
            "development": {
              "fileReplacements": [
                {"replace": "src/environments/environment.ts", "with": "src/environments/environment.development.ts"}
              ]
            }
          }
        }
      }
    }
  }
}
"""
ENVIRONMENT_TS = "export const environment = {\n  production: {prod},\n  stripePublishableKey: '@@pk_test:{seed}@@',\n};\n"


def _angular(config: str) -> dict[str, str]:
    return {
        "angular.json": config,
        "src/environments/environment.ts": ENVIRONMENT_TS.replace("{prod}", "false").replace("{seed}", "ngbase"),
        "src/environments/environment.prod.ts": ENVIRONMENT_TS.replace("{prod}", "true").replace("{seed}", "ngprod"),
        "src/environments/environment.development.ts": ENVIRONMENT_TS.replace("{prod}", "false").replace("{seed}", "ngdev"),
    }


def test_angular_pre_15_environment_ts_is_development(tree):
    report = run(tree(_angular(ANGULAR_PRE_15)))
    assert hits(report, "GL101") == {("src/environments/environment.prod.ts", 3)}
    assert _value(report, "src/environments/environment.ts", 3).environment_reason == (
        "development: angular.json's development build uses it (only production replaces it)"
    )


def test_angular_replaced_file_without_other_configurations_is_development(tree):
    report = run(tree(_angular(ANGULAR_PRE_15.replace(',\n            "development": {"optimization": false}', ""))))
    assert hits(report, "GL101") == {("src/environments/environment.prod.ts", 3)}
    assert _value(report, "src/environments/environment.ts", 3).environment_reason == (
        "development: angular.json's production build replaces it with environment.prod.ts; only other builds use it"
    )


def test_angular_15_environment_ts_is_the_production_default(tree):
    report = run(tree(_angular(ANGULAR_15)))
    assert hits(report, "GL101") == {("src/environments/environment.ts", 3), ("src/environments/environment.prod.ts", 3)}
    assert _value(report, "src/environments/environment.ts", 3).environment_reason == (
        "production: angular.json's production build uses it (only development replaces it)"
    )
    assert _value(report, "src/environments/environment.development.ts", 3).environment_reason == (
        "development: angular.json's development build replaces environment.ts with it"
    )


def test_angular_environment_ts_without_angular_json_is_not_guessed(tree):
    files = _angular(ANGULAR_PRE_15)
    del files["angular.json"]
    report = run(tree(files))
    assert ("src/environments/environment.ts", 3) in hits(report, "GL101")  # no evidence: --env production


# --- Flutter define files ----------------------------------------------------------------------

MAKEFILE = """release:
\tflutter build appbundle --release --dart-define-from-file=config/app.json

run:
\tflutter run --dart-define-from-file=config/mine.json
"""
DEFINES = '{\n  "API_URL": "https://api.shop.test",\n  "STRIPE_PUBLISHABLE_KEY": "@@pk_test:{seed}@@"\n}\n'


def test_flutter_release_define_file_is_production_and_client(tree):
    report = run(
        tree(
            {
                "mobile/Makefile": MAKEFILE,
                "mobile/config/app.json": DEFINES.replace("{seed}", "defrelease"),
                "mobile/config/mine.json": DEFINES.replace("{seed}", "defrun"),
            }
        )
    )
    assert hits(report, "GL101") == {("mobile/config/app.json", 3)}
    found = _value(report, "mobile/config/app.json", 3)
    assert found.environment_reason == (
        "production: `flutter build … --dart-define-from-file=config/app.json` in Makefile compiles it into the release app"
    )
    assert found.exposure_reason.startswith("client: `flutter build … --dart-define-from-file=config/app.json`")
    assert _value(report, "mobile/config/mine.json", 3).environment.value == "development"


def test_flutter_define_file_named_by_a_ci_step(tree):
    workflow = """name: release
on: push
jobs:
  android:
    runs-on: ubuntu-latest
    steps:
      - run: flutter build apk --dart-define-from-file=env/secrets.json
        working-directory: apps/mobile
"""
    report = run(
        tree(
            {
                ".github/workflows/release.yml": workflow,
                "apps/mobile/env/secrets.json": '{\n  "STRIPE_SECRET_KEY": "@@sk_test:ciflutter@@"\n}\n',
            }
        ),
        env="development",
    )
    assert hits(report, "GL201") == {("apps/mobile/env/secrets.json", 2)}
    assert hits(report, "GL101") == {("apps/mobile/env/secrets.json", 2)}


# --- Vite and Vue CLI modes --------------------------------------------------------------------


def test_vite_mode_of_the_build_script_is_production(tree):
    report = run(
        tree(
            {
                "package.json": (
                    '{"scripts": {"build": "vite build --mode live", "dev": "vite --mode sandbox", '
                    '"build:staging": "vite build --mode staging"}}'
                ),
                ".env.live": "VITE_STRIPE_PUBLISHABLE_KEY=@@pk_test:vitelive@@\n",
                ".env.sandbox": "VITE_STRIPE_PUBLISHABLE_KEY=@@pk_test:vitesandbox@@\n",
                ".env.staging": "VITE_STRIPE_PUBLISHABLE_KEY=@@pk_test:vitestaging@@\n",
            }
        )
    )
    assert hits(report, "GL101") == {(".env.live", 1)}
    assert _value(report, ".env.live", 1).environment_reason == (
        "production: package.json script 'build' runs `vite build --mode live`, which loads .env.live"
    )
    assert _value(report, ".env.sandbox", 1).environment.value == "development"
    assert _value(report, ".env.staging", 1).environment.value == "staging"


@pytest.mark.parametrize("script", ['"build:qa": "vite build --mode qa"', '"build": "vite build"'])
def test_vite_mode_without_evidence_changes_nothing(tree, script):
    report = run(
        tree({"package.json": '{"scripts": {' + script + "}}", ".env.qa": "VITE_STRIPE_PUBLISHABLE_KEY=@@pk_test:qa@@\n"}),
        env="development",
    )
    assert hits(report, "GL101") == set()


def test_flutter_define_file_named_by_a_shell_script(tree):
    script = "#!/bin/sh\nset -e\ncd app\nflutter build ipa --dart-define-from-file=defines/store.json\n"
    report = run(
        tree({"scripts/release.sh": script, "app/defines/store.json": DEFINES.replace("{seed}", "shell")}), env="development"
    )
    assert hits(report, "GL101") == {("app/defines/store.json", 3)}


def test_define_file_beside_the_release_one_is_another_builds(tree):
    workflow = (
        "jobs:\n  release:\n    environment: production\n    steps:\n"
        "      - run: flutter build ipa --dart-define-from-file=env/release.json\n"
    )
    report = run(
        tree(
            {
                ".github/workflows/release.yml": workflow,
                "env/release.json": DEFINES.replace("{seed}", "siblingrelease").replace("pk_test", "pk_live"),
                "env/debug.json": DEFINES.replace("{seed}", "siblingdebug"),
                "env/staging.json": DEFINES.replace("{seed}", "siblingstaging"),
            }
        )
    )
    assert hits(report, "GL101") == set()
    assert hits(report, "GL103") == set()
    debug = _value(report, "env/debug.json", 3)
    assert debug.environment_reason.startswith(
        "development: no release build passes it; it sits beside release.json, which one does"
    )
    assert _value(report, "env/staging.json", 3).environment.value == "staging"


def test_define_file_of_an_editor_launch_is_development(tree):
    launch = """{
  // Flutter: debug launch
  "configurations": [
    {"name": "shop", "request": "launch", "type": "dart", "args": ["--dart-define-from-file=env/local.json"],},
  ]
}
"""
    report = run(
        tree({".vscode/launch.json": launch, "env/local.json": DEFINES.replace("{seed}", "vscode").replace("pk_test", "sk_test")})
    )
    assert hits(report, "GL101") == set()
    assert hits(report, "GL201") == {("env/local.json", 3)}  # a debug build still ships to a device
    assert _value(report, "env/local.json", 3).environment_reason == (
        "development: .vscode/launch.json passes it to a debug launch (--dart-define-from-file=env/local.json) on a "
        "developer's machine"
    )
    assert hits(report, "GL901") == set()  # launch.json is JSON with comments, read as VS Code reads it


def test_empty_xcconfig_setting_is_a_slot(tree):
    files = _xcode()
    files["Config/Release.xcconfig"] = "STRIPE_PUBLISHABLE_KEY = \n"
    report = run(tree(files))
    assert hits(report, "GL104") == set()


def test_angular_json_with_comments_is_read_as_the_cli_reads_it(tree):
    config = ANGULAR_PRE_15.replace('"projects": {', '// generated by ng new\n  "projects": {', 1)
    report = run(tree(_angular(config)))
    assert hits(report, "GL101") == {("src/environments/environment.prod.ts", 3)}
    assert hits(report, "GL901") == set()
