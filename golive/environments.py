"""The environment vocabulary: the environments a value can belong to, the names that stand for them,
and what a file's path says about its environment.

Shared by the sources (a Kubernetes namespace ``shop-prod``, a workflow job's ``environment:``) and
the inventory, which decides each value's environment from it. Low in the layers: it knows paths and
names, nothing of Stripe values.
"""

from __future__ import annotations

import functools
import re
from enum import StrEnum

from golive.keys import NAME_TOKENS


class Env(StrEnum):
    PRODUCTION = "production"
    STAGING = "staging"
    DEVELOPMENT = "development"
    TEST = "test"
    TEMPLATE = "template"
    UNKNOWN = "unknown"


class Exposure(StrEnum):
    SERVER = "server"
    CLIENT = "client"
    UNKNOWN = "unknown"


ENV_ALIASES = {
    "production": Env.PRODUCTION,
    "prod": Env.PRODUCTION,
    "prd": Env.PRODUCTION,
    "staging": Env.STAGING,
    "stage": Env.STAGING,
    "stg": Env.STAGING,
    "preprod": Env.STAGING,
    "preview": Env.STAGING,
    "development": Env.DEVELOPMENT,
    "dev": Env.DEVELOPMENT,
    "develop": Env.DEVELOPMENT,
    "test": Env.TEST,
    "tests": Env.TEST,
    "testing": Env.TEST,
    "spec": Env.TEST,
    "e2e": Env.TEST,
}


#: Test runners' config files and test-data folders: what they hold never reaches production.
TEST_TOOL_TOKENS = frozenset(
    {
        "conftest",
        "pytest",
        "tox",
        "noxfile",
        "jest",
        "vitest",
        "karma",
        "cypress",
        "playwright",
        "phpunit",
        "rspec",
        "mocharc",
        "setuptests",
        "fixtures",
        "fixture",
        "mocks",
        "testdata",
        "cassettes",
    }
)


WEAK_ALIASES = {"local": Env.DEVELOPMENT}  # `.env.local` is a developer machine unless a stronger marker says otherwise


#: Words that mark a file meant to be copied by a person (`.env.example`, `config.yml.dist`,
#: `wp-config-sample.php`): as an env file's word, the last suffix, or the last word before it.
TEMPLATE_NAME_TOKENS = frozenset({"example", "examples", "sample", "samples", "template", "tpl", "tmpl", "dist", "skel"})


#: Project-level trees of examples and documentation: templates at the repository root or an app's
#: root (a folder with a manifest), never inside source code (`com/example/` is Spring's default package).
TEMPLATE_DIRS = frozenset({"docs", "doc", "examples", "example", "samples", "sample"})


#: Development-only surfaces, by folder or file-name word: what they hold never runs in the shipped app.
DEV_SURFACES = {
    "storybook": (Env.DEVELOPMENT, "Storybook renders components on developer machines and in a component catalogue"),
    "stories": (Env.DEVELOPMENT, "Storybook stories render components on developer machines and in a component catalogue"),
    "playground": (Env.DEVELOPMENT, "a project's playground is for trying things on developer machines"),
    "playgrounds": (Env.DEVELOPMENT, "a project's playground is for trying things on developer machines"),
    "seed": (Env.DEVELOPMENT, "seed data fills development databases"),
    "seeds": (Env.DEVELOPMENT, "seed data fills development databases"),
    "seeder": (Env.DEVELOPMENT, "seed data fills development databases"),
    "seeders": (Env.DEVELOPMENT, "seed data fills development databases"),
    "mock": (Env.TEST, "mocks stand in for real services in tests"),
    "mocks": (Env.TEST, "mocks stand in for real services in tests"),
    "cypress": (Env.TEST, "end-to-end tests drive the app from outside"),
    "playwright": (Env.TEST, "end-to-end tests drive the app from outside"),
    "e2e": (Env.TEST, "end-to-end tests drive the app from outside"),
    "k6": (Env.TEST, "load tests drive the app from outside"),
    "locust": (Env.TEST, "load tests drive the app from outside"),
    "locustfile": (Env.TEST, "load tests drive the app from outside"),
    "loadtest": (Env.TEST, "load tests drive the app from outside"),
    "loadtests": (Env.TEST, "load tests drive the app from outside"),
}


#: Surfaces that are one only as a project-level folder: `app/playground/` in a Next.js app is a route it serves.
PROJECT_LEVEL_SURFACES = frozenset({"playground", "playgrounds"})


#: Source-set folders whose name ends in Test or Tests (Android's `androidTest/`, Xcode's `ShopUITests/`).
_TEST_SOURCE_SET = re.compile(r"(?<=[A-Za-z0-9])(?:Test|Tests|Spec|Specs)$")


DOC_SUFFIXES = frozenset({".md", ".mdx", ".rst", ".adoc", ".txt"})


#: Words that name an environment only as a deployment's name (a GitLab environment `live`), never in a path (`live-chat/`).
DEPLOYMENT_ALIASES = {"live": Env.PRODUCTION}


def env_named(name: str) -> Env | None:
    """The environment a deployment name stands for: namespace ``shop-prod``, GitHub environment ``Production``."""
    for token in NAME_TOKENS.split(name.lower()):
        if token in ENV_ALIASES or token in DEPLOYMENT_ALIASES:
            return ENV_ALIASES.get(token) or DEPLOYMENT_ALIASES[token]
    return None


@functools.cache  # a file's values share its path
def path_marker(path: str, app_roots: frozenset[str] = frozenset(), descriptor: bool = False) -> tuple[Env, str] | None:
    """The environment a file's name or folders declare, or None when they say nothing."""
    parts = path_parts(path)
    name = parts[-1] if parts else ""
    name_tokens = _tokens(name.lower())
    folders = [part.lower() for part in parts[:-1]]
    stem, suffix = stem_and_suffix(name)
    template = _template_name(name, stem, suffix, descriptor)
    if template:
        return Env.TEMPLATE, template
    if suffix.lower() in DOC_SUFFIXES or name.lower().startswith("readme"):
        return Env.TEMPLATE, f"template: documentation file {name}"
    for depth, folder in enumerate(folders):
        parent = "/".join(parts[:depth])
        if folder in TEMPLATE_DIRS and (depth == 0 or parent in app_roots):
            where = "the repository root" if depth == 0 else f"the app root {parent}/"
            return Env.TEMPLATE, f"template: inside {folder}/ at {where}, a tree of examples and documentation"
    for depth, folder in enumerate(folders):  # a test folder holds test data, whatever the file inside is called
        tokens = _tokens(folder)
        surface = next(
            (DEV_SURFACES[token] for token in tokens if token in DEV_SURFACES and _surface_here(token, parts, depth, app_roots)),
            None,
        )
        if surface:
            return surface[0], f"{surface[0].value}: inside {folder}/: {surface[1]}"
        if any(ENV_ALIASES.get(token) is Env.TEST or token in TEST_TOOL_TOKENS for token in tokens):
            return Env.TEST, f"test: inside {folder}/"
        if _TEST_SOURCE_SET.search(parts[depth]):
            return Env.TEST, f"test: inside {parts[depth]}/, a test source set"
    surface = next((DEV_SURFACES[t] for t in name_tokens if t in DEV_SURFACES and t not in PROJECT_LEVEL_SURFACES), None)
    if surface:
        return surface[0], f"{surface[0].value}: file name {name}: {surface[1]}"
    if TEST_TOOL_TOKENS.intersection(name_tokens):
        return Env.TEST, f"test: file name {name} belongs to the test setup"
    for token in name_tokens:
        if token in ENV_ALIASES:
            env = ENV_ALIASES[token]
            return env, f"{env.value}: file name {name}"
    for folder in reversed(folders):
        for token in _tokens(folder):
            if token in ENV_ALIASES:
                env = ENV_ALIASES[token]
                return env, f"{env.value}: folder {folder}/"
    for token in name_tokens:
        if token in WEAK_ALIASES:
            env = WEAK_ALIASES[token]
            return env, f"{env.value}: file name {name} is machine-local"
    return None


@functools.lru_cache(maxsize=4096)  # folder names repeat from path to path
def _tokens(lowered: str) -> tuple[str, ...]:
    return tuple(token for token in NAME_TOKENS.split(lowered) if token)


def path_parts(path: str) -> list[str]:
    """A relative posix path's folders and name, as pathlib reads them (no PurePosixPath: the inventory
    asks for every value it places)."""
    return [part for part in path.split("/") if part not in ("", ".")]


def stem_and_suffix(name: str) -> tuple[str, str]:
    """A file name's stem and suffix as pathlib gives them: ``.env`` and ``notes.`` have no suffix."""
    dot = name.rfind(".")
    return (name[:dot], name[dot:]) if 0 < dot < len(name) - 1 else (name, "")


def _surface_here(token: str, parts: list[str], depth: int, app_roots: frozenset[str]) -> bool:
    """A playground is a development surface as a project's own folder (at the root, at an app root, or an
    app of its own), not inside an app's routes."""
    if token not in PROJECT_LEVEL_SURFACES:
        return True
    return depth == 0 or "/".join(parts[:depth]) in app_roots or "/".join(parts[: depth + 1]) in app_roots


def is_surface(marker: tuple[Env, str] | None) -> bool:
    """A marker that says only that the path is a development surface (seeds, Storybook): a deploy
    file that loads the file (a release phase running the seeds) is stronger evidence."""
    return marker is not None and any(marker[1].endswith(why) for _, why in DEV_SURFACES.values())


def _template_name(name: str, stem: str, suffix: str, descriptor: bool) -> str | None:
    """Why a file's name marks it as one to copy: ``.env.example``, ``config.yml.dist``,
    ``settings.example.py``. A name that is only the word (``template.yaml``, ``example.py``) is not
    enough: SAM deploys ``template.yaml``, and ``example.py`` is as likely code as a sample."""
    words = TEMPLATE_NAME_TOKENS - {"template"} if descriptor else TEMPLATE_NAME_TOKENS
    lowered = name.lower()
    if lowered.startswith((".env", "env.")) or lowered.endswith(".env"):  # as files.is_env_file, and env.example
        word = next((t for t in _tokens(lowered) if t in words), None)
        return f"template: file name {name}" if word else None  # `.env.example` says why on its own
    bare_suffix = suffix.lower().lstrip(".")
    if bare_suffix in words and bare_suffix != "tpl":  # Helm renders its `_helpers.tpl` into the manifests
        return f"template: file name {name}: the .{bare_suffix} ending marks a file meant to be copied"
    stem_tokens = _tokens(stem.lower()) if suffix else ()
    if len(stem_tokens) > 1 and stem_tokens[-1] in words:
        return f"template: file name {name}: marked {stem_tokens[-1]}, a file meant to be copied"
    return None
