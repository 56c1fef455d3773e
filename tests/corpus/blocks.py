"""Deploy files and project furniture shared by the corpus trees: written as the tools' docs show them."""

from __future__ import annotations

import json


def package_json(name: str, deps: dict[str, str], scripts: dict[str, str], dev: dict[str, str] | None = None) -> str:
    body = {"name": name, "version": "1.4.2", "private": True, "scripts": scripts, "dependencies": deps}
    if dev:
        body["devDependencies"] = dev
    return json.dumps(body, indent=2) + "\n"


def gitignore(*extra: str) -> str:
    return "\n".join(["node_modules/", ".env", ".env*.local", "dist/", "build/", ".DS_Store", *extra]) + "\n"


def env_example(*names: str) -> str:
    """A template a developer copies to .env: placeholders, as Stripe's samples ship them."""
    placeholders = {
        "STRIPE_SECRET_KEY": "sk_test_...",
        "STRIPE_PUBLISHABLE_KEY": "pk_test_...",
        "STRIPE_WEBHOOK_SECRET": "whsec_...",
    }
    lines = ["# Copy to .env and fill in your keys from https://dashboard.stripe.com/test/apikeys"]
    for name in names:
        base = next((p for p in placeholders if name.endswith(p.split("STRIPE_", 1)[1])), "")
        lines.append(f"{name}={placeholders.get(base, '')}")
    return "\n".join(lines) + "\n"


def dockerfile_node(port: int = 3000, start: str = "npm start") -> str:
    return f"""FROM node:20-alpine AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci

FROM node:20-alpine AS build
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build

FROM node:20-alpine
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app ./
EXPOSE {port}
CMD {json.dumps(start.split())}
"""


def dockerfile_python(module: str = "app.wsgi:application") -> str:
    return f"""FROM python:3.12-slim
WORKDIR /srv
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV PYTHONUNBUFFERED=1
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "{module}"]
"""


def k8s_deployment(
    app: str,
    image: str,
    namespace: str,
    secret: str = "",
    port: int = 8080,
    env_from: bool = False,
    refs: tuple[str, ...] = ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"),
) -> str:
    """A Deployment that takes its Stripe values from a Secret (secretKeyRef, or envFrom the whole Secret)."""
    secret = secret or f"{app}-stripe"
    if env_from:
        env = f"""          envFrom:
            - secretRef:
                name: {secret}
"""
    else:
        env = "          env:\n" + "".join(
            f"""            - name: {name}
              valueFrom:
                secretKeyRef:
                  name: {secret}
                  key: {name}
"""
            for name in refs
        )
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {app}
  namespace: {namespace}
  labels:
    app: {app}
spec:
  replicas: 3
  selector:
    matchLabels:
      app: {app}
  template:
    metadata:
      labels:
        app: {app}
    spec:
      containers:
        - name: {app}
          image: {image}
          ports:
            - containerPort: {port}
{env}          resources:
            limits:
              memory: 512Mi
"""


def k8s_service(app: str, namespace: str, port: int = 8080) -> str:
    return f"""apiVersion: v1
kind: Service
metadata:
  name: {app}
  namespace: {namespace}
spec:
  selector:
    app: {app}
  ports:
    - port: 80
      targetPort: {port}
"""


def kustomization(namespace: str, resources: tuple[str, ...], base: str = "") -> str:
    lines = ["apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization", f"namespace: {namespace}", "resources:"]
    lines += [f"  - {r}" for r in ((base,) if base else ()) + resources]
    return "\n".join(lines) + "\n"


def sealed_or_external_secret(app: str, namespace: str, names: tuple[str, ...]) -> str:
    """An ExternalSecret: the values live in the cloud secret manager, never in the repository."""
    data = "".join(
        f"""    - secretKey: {n}
      remoteRef:
        key: {app}/{namespace}
        property: {n}
"""
        for n in names
    )
    return f"""apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: {app}-stripe
  namespace: {namespace}
spec:
  refreshInterval: 1h
  secretStoreRef:
    kind: ClusterSecretStore
    name: aws-secrets-manager
  target:
    name: {app}-stripe
  data:
{data}"""


def gha_deploy(
    name: str, build: str, deploy: str, environment: str = "production", env: dict[str, str] | None = None, artifact: str = "dist"
) -> str:
    """A GitHub Actions workflow: a build job with no environment, a deploy job that ships its artifact."""
    env_block = "".join(f"      {k}: {v}\n" for k, v in (env or {}).items())
    env_block = f"    env:\n{env_block}" if env_block else ""
    return f"""name: {name}

on:
  push:
    branches: [main]

jobs:
  build:
    runs-on: ubuntu-latest
{env_block}    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - run: {build}
      - uses: actions/upload-artifact@v4
        with:
          name: web
          path: {artifact}/

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment: {environment}
    steps:
      - uses: actions/download-artifact@v4
        with:
          name: web
          path: {artifact}/
      - run: {deploy}
"""


def gha_ci(lang_setup: str, test: str, env: dict[str, str] | None = None) -> str:
    env_block = "".join(f"      {k}: {v}\n" for k, v in (env or {}).items())
    env_block = f"    env:\n{env_block}" if env_block else ""
    return f"""name: CI

on:
  pull_request:
  push:
    branches: [main]

jobs:
  test:
    runs-on: ubuntu-latest
{env_block}    steps:
      - uses: actions/checkout@v4
{lang_setup}      - run: {test}
"""


def fly_toml(app: str, port: int = 8080) -> str:
    return f"""app = "{app}"
primary_region = "ams"

[build]

[env]
  PORT = "{port}"

[http_service]
  internal_port = {port}
  force_https = true
  auto_stop_machines = true
  min_machines_running = 1
"""


def render_yaml(service: str, build: str, start: str, runtime: str = "node") -> str:
    return f"""services:
  - type: web
    name: {service}
    runtime: {runtime}
    plan: starter
    buildCommand: {build}
    startCommand: {start}
    envVars:
      - key: STRIPE_SECRET_KEY
        sync: false
      - key: STRIPE_WEBHOOK_SECRET
        sync: false
      - key: DATABASE_URL
        fromDatabase:
          name: {service}-db
          property: connectionString
databases:
  - name: {service}-db
    plan: starter
"""


def compose(service: str, build_env: dict[str, str], env_file: str = "", port: int = 8000, db: bool = True) -> str:
    env = "".join(f"      {k}: {v}\n" for k, v in build_env.items())
    env_block = f"    environment:\n{env}" if env else ""
    env_file_block = f"    env_file:\n      - {env_file}\n" if env_file else ""
    db_block = (
        """  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: postgres
    volumes:
      - pgdata:/var/lib/postgresql/data

volumes:
  pgdata:
"""
        if db
        else ""
    )
    return f"""services:
  {service}:
    build: .
    ports:
      - "{port}:{port}"
{env_file_block}{env_block}{"    depends_on:" + chr(10) + "      - db" + chr(10) if db else ""}{db_block}"""


def readme(title: str, body: str) -> str:
    return f"# {title}\n\n{body}\n"
