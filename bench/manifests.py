"""How long `golive check` takes on a tree of 1000 deployment manifests.

Generates Kubernetes manifests (multi-document: ConfigMap, Secret with base64 data, Deployment),
Helm values files and docker-compose files in a temporary directory, then times the scan in-process
and through the CLI. Target: a few seconds on a 2-core machine.

    python bench/manifests.py [--count 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import base64
import random
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENVIRONMENTS = ("prod", "staging", "dev")
ALPHABET = string.ascii_letters + string.digits


def sandbox_key(kind: str, rng: random.Random) -> str:
    """A sandbox-format key built at run time (bodies are random, never a real key)."""
    return f"{kind}_test_" + "".join(rng.choice(ALPHABET) for _ in range(24))


def kubernetes(index: int, env: str, rng: random.Random) -> str:
    secret = base64.b64encode(sandbox_key("sk", rng).encode()).decode()
    return f"""apiVersion: v1
kind: ConfigMap
metadata:
  name: shop-{index}-config
  namespace: shop-{env}
data:
  STRIPE_PUBLISHABLE_KEY: "{sandbox_key("pk", rng)}"
  LOG_LEVEL: info
---
apiVersion: v1
kind: Secret
metadata:
  name: shop-{index}-stripe
  namespace: shop-{env}
type: Opaque
data:
  STRIPE_SECRET_KEY: {secret}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-{index}
  namespace: shop-{env}
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: api
          image: registry.example.com/shop/api:{index}
          env:
            - name: STRIPE_WEBHOOK_SECRET
              valueFrom:
                secretKeyRef:
                  name: shop-{index}-stripe
                  key: webhook-secret
            - name: PORT
              value: "8080"
          envFrom:
            - configMapRef:
                name: shop-{index}-config
"""


def helm_values(rng: random.Random) -> str:
    return f"""replicaCount: 3
image:
  repository: registry.example.com/shop/api
stripe:
  publishableKey: "{sandbox_key("pk", rng)}"
  secretKey: "{sandbox_key("sk", rng)}"
resources:
  limits:
    cpu: 500m
"""


def compose(rng: random.Random) -> str:
    return f"""services:
  api:
    image: registry.example.com/shop/api:latest
    environment:
      - STRIPE_SECRET_KEY=${{STRIPE_SECRET_KEY:-{sandbox_key("sk", rng)}}}
      - STRIPE_WEBHOOK_SECRET=${{STRIPE_WEBHOOK_SECRET}}
    ports:
      - "8080:8080"
  db:
    image: postgres:16
"""


def generate(root: Path, count: int) -> None:
    rng = random.Random(1000)
    for index in range(count):
        env = ENVIRONMENTS[index % len(ENVIRONMENTS)]
        kind = index % 10
        if kind < 7:
            path, content = root / f"k8s/service-{index}/{env}/manifest.yaml", kubernetes(index, env, rng)
        elif kind < 9:
            path, content = root / f"charts/chart-{index}/values-{env}.yaml", helm_values(rng)
        else:
            path, content = root / f"stacks/stack-{index}/docker-compose.{env}.yml", compose(rng)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


def time_in_process(root: Path) -> tuple[float, int, int]:
    from golive.plugins import load_checks
    from golive.runner import check_tree
    from golive.settings import load_settings

    started = time.perf_counter()
    report = check_tree(root, load_settings(root), load_checks())
    return time.perf_counter() - started, report.files_scanned, len(report.inventory.values)


def time_cli(root: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "golive", "check", str(root), "--format", "json", "--output", str(root.parent / "report.json")],
        check=False,
        capture_output=True,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "tree"
        generate(root, args.count)
        runs = [time_in_process(root) for _ in range(args.repeat)]
        cli = [time_cli(root) for _ in range(args.repeat)]
    seconds, files, values = min(runs)
    print(f"{args.count} manifests: {files} files scanned, {values} inventory values")
    print(f"in-process check: best {seconds:.2f}s, all {', '.join(f'{s:.2f}' for s, _, _ in runs)}")
    print(f"CLI (golive check --format json): best {min(cli):.2f}s, all {', '.join(f'{s:.2f}' for s in cli)}")


if __name__ == "__main__":
    main()
