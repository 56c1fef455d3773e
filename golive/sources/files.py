"""Which files a scan reads, and with which reader.

Ignore rules never hide env files: `.env.production` is usually git-ignored and is exactly the file
a pre-deploy check must read. Built bundles (`dist/`, `.next/static/`) are read too, for the same
reason. Only vendored, generated-cache and VCS folders are pruned.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pathspec

from golive.sources import frontend

SKIP_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", "node_modules", "bower_components", "__pycache__", ".tox", ".nox",
        ".venv", "venv", ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages", ".cache",
        ".idea", ".vscode", ".gradle", ".terraform", ".turbo", ".parcel-cache",
    }
)
BINARY_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .ico .webp .avif .bmp .tiff .svgz .woff .woff2 .ttf .otf .eot .pdf .zip .gz "
    ".tgz .bz2 .xz .7z .tar .jar .war .class .so .dylib .dll .exe .bin .wasm .pyc .mp3 .mp4 .mov .webm "
    ".ogg .wav .sqlite .db .keystore .p12 .der".split()
)
MAX_FILE_BYTES = 64 * 1024 * 1024


def is_env_file(name: str) -> bool:
    """`.env`, `.env.production.local`, `production.env`, `.envrc`, `.flaskenv`."""
    return name.startswith(".env") or name.endswith(".env") or name == ".flaskenv"


LOCK_FILES = frozenset(
    {"package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock", "composer.lock", "poetry.lock",
     "Pipfile.lock", "Cargo.lock", "Gemfile.lock", "uv.lock", "bun.lock"}
)


def reader_for(path: str) -> str:
    """The reader for a file, from its path relative to the root (``.github/workflows/deploy.yml``)."""
    name = path.rsplit("/", 1)[-1]
    if is_env_file(name):
        return "dotenv"
    if name == "golive.toml" or name in LOCK_FILES:  # golive's own config, and package managers' lock files:
        return "text"  # scanned for stray keys only; their structure holds no Stripe settings
    deployment = deployment_reader(path, name.lower())
    if deployment:
        return deployment
    code_or_frontend = frontend.reader_for(path)
    if code_or_frontend:
        return code_or_frontend
    suffix = os.path.splitext(name)[1].lower()
    return {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".toml": "toml"}.get(suffix, "text")


# Deployment files whose name says how they are read. Kubernetes manifests have no telling name:
# the YAML reader recognises them by apiVersion and kind.
_DEPLOYMENT_NAMES = (
    (re.compile(r"(?:dockerfile|containerfile)(?:\..+)?|.+\.dockerfile"), "dockerfile"),
    (re.compile(r"(?:docker-)?compose(?:[.-].+)?\.ya?ml"), "compose"),
    (re.compile(r"(?:.+\.)?\.?gitlab-ci\.ya?ml"), "gitlab-ci"),
    (re.compile(r"serverless(?:[.-].+)?\.ya?ml"), "serverless"),
    (re.compile(r"app(?:\.[a-z0-9-]+)?\.ya?ml"), "app-engine"),
    (re.compile(r"values(?:[.-].+)?\.ya?ml"), "helm-values"),
    (re.compile(r"fly(?:[.-].+)?\.toml"), "fly"),
    (re.compile(r"netlify\.toml"), "netlify"),
    (re.compile(r"vercel\.json"), "vercel"),
    (re.compile(r"app\.json"), "app-json"),
    (re.compile(r".+\.tfvars"), "terraform"),
)


def deployment_reader(path: str, name: str) -> str | None:
    if name.endswith((".yml", ".yaml")):
        folders = path.split("/")[:-1]
        if folders[-2:] == [".github", "workflows"]:
            return "github-actions"
        if "templates" in folders and name not in ("values.yaml", "chart.yaml"):
            return "helm-template"
    return next((reader for pattern, reader in _DEPLOYMENT_NAMES if pattern.fullmatch(name)), None)


def walk(root: Path, exclude: list[str], unreadable: Callable[[OSError], None]) -> Iterator[Path]:
    """Files under ``root`` worth reading, in a stable order; a folder that cannot be listed goes to
    ``unreadable`` (os.walk would otherwise skip it in silence, and golive fails closed)."""
    spec = pathspec.GitIgnoreSpec.from_lines(exclude) if exclude else None
    for folder, dirs, files in os.walk(root, onerror=unreadable):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not (here / d / "pyvenv.cfg").exists())
        for name in sorted(files):
            path = here / name
            if os.path.splitext(name)[1].lower() in BINARY_SUFFIXES:
                continue
            if spec and not is_env_file(name) and spec.match_file(path.relative_to(root).as_posix()):
                continue
            yield path


def looks_binary(head: bytes) -> bool:
    return b"\0" in head[:8192]
