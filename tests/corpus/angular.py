"""Angular apps: environment files swapped by angular.json fileReplacements (pre-v15 and v15+ layouts); Firebase Hosting."""

from __future__ import annotations

import json

from corpus import E, app, keys
from corpus.blocks import gitignore, package_json

ECO = "angular"


def angular_json(replacements: dict[str, tuple[str, str]]) -> str:
    """``{"production": ("src/environments/environment.ts", "src/environments/environment.prod.ts")}``."""
    configurations = {}
    for name, (replace, with_) in replacements.items():
        configurations[name] = {"fileReplacements": [{"replace": replace, "with": with_}]}
    configurations.setdefault("production", {})["outputHashing"] = "all"
    configurations.setdefault("development", {}).update({"optimization": False, "sourceMap": True})
    body = {
        "$schema": "./node_modules/@angular/cli/lib/config/schema.json",
        "version": 1,
        "projects": {
            "storefront": {
                "projectType": "application",
                "root": "",
                "sourceRoot": "src",
                "architect": {
                    "build": {
                        "builder": "@angular-devkit/build-angular:application",
                        "options": {"outputPath": "dist/storefront", "index": "src/index.html", "browser": "src/main.ts"},
                        "configurations": configurations,
                        "defaultConfiguration": "production",
                    },
                    "serve": {
                        "builder": "@angular-devkit/build-angular:dev-server",
                        "configurations": {
                            "production": {"buildTarget": "storefront:build:production"},
                            "development": {"buildTarget": "storefront:build:development"},
                        },
                        "defaultConfiguration": "development",
                    },
                },
            }
        },
    }
    return json.dumps(body, indent=2) + "\n"


def environment(production: bool, publishable: str, extra: str = "") -> str:
    return (
        f"export const environment = {{\n  production: {str(production).lower()},\n  apiUrl: '/api',\n"
        f"  stripePublishableKey: '{publishable}',\n{extra}}};\n"
    )


PAYMENT = """import { Injectable } from '@angular/core';
import { loadStripe, Stripe } from '@stripe/stripe-js';
import { environment } from '../environments/environment';

@Injectable({ providedIn: 'root' })
export class PaymentService {
  private readonly stripe: Promise<Stripe | null> = loadStripe(environment.stripePublishableKey);

  async redirectToCheckout(sessionId: string) {
    const stripe = await this.stripe;
    return stripe?.redirectToCheckout({ sessionId });
  }
}
"""


def storefront(replacements: dict[str, tuple[str, str]], envs: dict[str, str]) -> dict[str, str]:
    files = {
        "package.json": package_json(
            "storefront",
            {
                "@angular/core": "^17.3.0",
                "@angular/common": "^17.3.0",
                "@angular/platform-browser": "^17.3.0",
                "@stripe/stripe-js": "^4.1.0",
                "rxjs": "~7.8.0",
            },
            {"start": "ng serve", "build": "ng build", "test": "ng test"},
            {"@angular/cli": "^17.3.0", "@angular-devkit/build-angular": "^17.3.0"},
        ),
        "angular.json": angular_json(replacements),
        "tsconfig.json": '{\n  "compilerOptions": { "strict": true, "target": "ES2022" }\n}\n',
        "src/index.html": '<!doctype html>\n<html>\n<head><base href="/"></head>\n<body><app-root></app-root></body>\n</html>\n',
        "src/main.ts": "import { bootstrapApplication } from '@angular/platform-browser';\nimport { AppComponent } from './app/app.component';\n\n"
        "bootstrapApplication(AppComponent).catch((err) => console.error(err));\n",
        "src/app/app.component.ts": "import { Component } from '@angular/core';\n\n@Component({ selector: 'app-root', standalone: true, "
        "template: '<button (click)=\"buy()\">Buy</button>' })\nexport class AppComponent {\n  buy() {}\n}\n",
        "src/app/payment.service.ts": PAYMENT,
        "firebase.json": '{\n  "hosting": { "public": "dist/storefront/browser", "rewrites": [{ "source": "**", "destination": "/index.html" }] }\n}\n',
        ".gitignore": gitignore(".angular/"),
    }
    files |= {f"src/environments/{name}": text for name, text in envs.items()}
    return files


PRE15 = {"production": ("src/environments/environment.ts", "src/environments/environment.prod.ts")}
V15 = {"development": ("src/environments/environment.ts", "src/environments/environment.development.ts")}

k = keys("nga")
app(
    "angular-pre15-file-replacements",
    ECO,
    "firebase",
    storefront(
        PRE15, {"environment.ts": environment(False, k["pk_test"]), "environment.prod.ts": environment(True, k["pk_live"])}
    ),
    ready=True,
    holds=(2,),
    why="ng build --configuration production replaces environment.ts with environment.prod.ts: the sandbox key in "
    "environment.ts only ever reaches ng serve",
)

k = keys("ngb")
app(
    "angular-pre15-prod-file-sandbox",
    ECO,
    "firebase",
    storefront(
        PRE15, {"environment.ts": environment(False, k["pk_test"]), "environment.prod.ts": environment(True, k["pk_test"])}
    ),
    ready=False,
    fires=(2,),
    expect=(E("GL101", "src/environments/environment.prod.ts", "stripePublishableKey"),),
    why="the production build ships environment.prod.ts, which still holds the sandbox key",
)

k = keys("ngc")
app(
    "angular-prod-file-secret-key",
    ECO,
    "firebase",
    storefront(
        PRE15,
        {
            "environment.ts": environment(False, k["pk_test"]),
            "environment.prod.ts": environment(True, k["pk_live"], f"  stripeSecretKey: '{k['sk_live']}',\n"),
        },
    ),
    ready=False,
    fires=(5,),
    expect=(E("GL201", "src/environments/environment.prod.ts", "stripeSecretKey"),),
    why="everything in an Angular environment file is compiled into the browser bundle",
)

k = keys("ngd")
app(
    "angular-v17-default-is-production",
    ECO,
    "firebase",
    storefront(
        V15, {"environment.ts": environment(True, k["pk_test"]), "environment.development.ts": environment(False, k["pk_test"])}
    ),
    ready=False,
    fires=(2,),
    expect=(E("GL101", "src/environments/environment.ts", "stripePublishableKey"),),
    why="since v15, environment.ts is what production builds use; only the development configuration swaps in "
    "environment.development.ts",
)

k = keys("nge")
app(
    "angular-v17-development-file",
    ECO,
    "firebase",
    storefront(
        V15, {"environment.ts": environment(True, k["pk_live"]), "environment.development.ts": environment(False, k["pk_test"])}
    ),
    ready=True,
    holds=(2,),
    why="environment.development.ts replaces environment.ts only in the development configuration",
)

k = keys("ngf")
app(
    "angular-staging-configuration",
    ECO,
    "firebase",
    storefront(
        PRE15 | {"staging": ("src/environments/environment.ts", "src/environments/environment.staging.ts")},
        {
            "environment.ts": environment(False, k["pk_test"]),
            "environment.prod.ts": environment(True, k["pk_live"]),
            "environment.staging.ts": environment(True, keys("ngfstg")["pk_test"]),
        },
    ),
    ready=True,
    holds=(2,),
    why="the staging configuration's file holds staging's sandbox key",
)
