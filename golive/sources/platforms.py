"""Hosting platform configs: fly.toml, netlify.toml, vercel.json, Heroku app.json, App Engine app.yaml,
Serverless serverless.yml and Terraform *.tfvars.

Each names where its values go (a Fly app's Machines, a Netlify deploy context, a Serverless stage);
those words are the reason shown for environment and exposure. Sections a platform does not read as
environment are still scanned for real keys like any other config.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import yaml

from golive.sources import Reading, frontend, structured
from golive.sources.deploy import (
    Hint,
    documents,
    leaf_values,
    mapping,
    named_environment,
    scalar,
    tagged,
    yaml_leaves,
)

Leaf = structured.Leaf
Section = Callable[[tuple[str, ...]], tuple[Hint | None, Hint | None] | None]  # key path -> (environment, exposure)


def _read(path: str, leaves: Iterable[Leaf], source: str, section: Section, generic: str) -> Reading:
    """Values in the platform's environment sections get its reasons; the rest is read as plain ``generic`` config."""
    reading = Reading()
    for keys, value, line in leaves:
        hints = section(keys)
        if hints:
            reading.values.extend(tagged(leaf_values(path, [(keys, value, line)], source), *hints))
        else:
            reading.values.extend(leaf_values(path, [(keys, value, line)], generic))
    return reading


def read_fly(path: str, content: str) -> Reading:
    leaves = structured.toml_leaves(content)
    app = next((value for keys, value, _ in leaves if keys == ("app",)), None)
    environment = named_environment(app, f"Fly app {app}")

    def section(keys: tuple[str, ...]) -> tuple[Hint | None, Hint | None] | None:
        if keys[:1] == ("env",):
            return environment, ("server", "server: fly.toml [env], set on the app's Machines")
        if keys[:2] == ("build", "args"):
            return environment, ("server", "server: fly.toml [build.args], passed to the image build")
        return None

    return _read(path, leaves, "fly", section, "toml")


NETLIFY_CONTEXTS = {"production": "production", "deploy-preview": "staging", "branch-deploy": "staging", "dev": "development"}


def read_netlify(path: str, content: str) -> Reading:
    def section(keys: tuple[str, ...]) -> tuple[Hint | None, Hint | None] | None:
        if keys[:2] == ("build", "environment"):
            return None, ("server", "server: netlify.toml [build.environment], seen by the build and functions")
        if keys[:1] == ("context",) and len(keys) > 3 and keys[2] == "environment":
            context = keys[1]
            env = NETLIFY_CONTEXTS.get(context)
            hint = (env, f"{env}: netlify.toml deploy context {context}") if env else None
            return hint, ("server", f"server: netlify.toml [context.{context}.environment], seen by the build")
        return None

    return _read(path, structured.toml_leaves(content), "netlify", section, "toml")


def read_vercel(path: str, content: str) -> Reading:
    def section(keys: tuple[str, ...]) -> tuple[Hint | None, Hint | None] | None:
        if keys[:1] == ("env",):
            return None, ("server", "server: vercel.json env, set on the deployment's functions")
        if keys[:2] == ("build", "env"):
            return None, ("server", "server: vercel.json build.env, seen by the build")
        return None

    return _read(path, structured.json_leaves(content), "vercel", section, "json")


HEROKU_ENVIRONMENTS = {"test": "test", "review": "staging"}


def read_app_json(path: str, content: str) -> Reading:
    """Heroku's app.json: ``env`` (string or ``{"value": ...}``), overridden per ``environments.test|review``.
    An Expo app.json is the frontend reader's."""
    expo = frontend.read_expo_app_json(path, content)
    if expo is not None:
        return expo

    def section(keys: tuple[str, ...]) -> tuple[Hint | None, Hint | None] | None:
        exposure = ("server", "server: Heroku app.json env, set on the app's dynos")
        if keys[:1] == ("env",):
            return None, exposure
        if keys[:1] == ("environments",) and len(keys) > 3 and keys[2] == "env":
            env = HEROKU_ENVIRONMENTS.get(keys[1])
            return ((env, f"{env}: Heroku app.json environments.{keys[1]}") if env else None), exposure
        return None

    leaves = [(named, value, line) for keys, value, line in structured.json_leaves(content) if (named := _heroku_keys(keys))]
    return _read(path, leaves, "heroku", section, "json")


def _heroku_keys(keys: tuple[str, ...]) -> tuple[str, ...] | None:
    """``env.X.value`` is X's value; ``description``, ``generator`` and ``required`` are not values."""
    if len(keys) >= 3 and keys[-3] == "env":
        return keys[:-1] if keys[-1] == "value" else None
    return keys


def read_app_engine(path: str, content: str) -> Reading:
    reading = Reading()
    for document in documents(content):
        reading.values.extend(_read_app_engine_document(path, document).values)
    return reading


def _read_app_engine_document(path: str, document: yaml.Node) -> Reading:
    """One YAML document: its ``section`` closes over this document's fields, never a later one's."""
    fields = mapping(document)
    service = scalar(fields.get("service"))
    environment = named_environment(service, f"App Engine service {service}")
    exposure = ("server", "server: App Engine env_variables, set on the service's instances")

    def section(keys: tuple[str, ...]) -> tuple[Hint | None, Hint | None] | None:
        return (environment, exposure) if keys[:1] == ("env_variables",) and "runtime" in fields else None

    return _read(path, yaml_leaves(document, ()), "app-engine", section, "yaml")


def read_serverless(path: str, content: str) -> Reading:
    """``provider.environment`` and ``functions.*.environment``; stage from ``provider.stage`` or ``params.<stage>``."""
    reading = Reading()
    for document in documents(content):
        reading.values.extend(_read_serverless_document(path, document).values)
    return reading


def _read_serverless_document(path: str, document: yaml.Node) -> Reading:
    """One YAML document: its ``section`` closes over this document's stage, never a later one's."""
    stage = scalar(mapping(mapping(document).get("provider")).get("stage"))
    stage_hint = named_environment(stage, f"Serverless provider.stage {stage}") if stage and "${" not in stage else None

    def section(keys: tuple[str, ...]) -> tuple[Hint | None, Hint | None] | None:
        if keys[:2] == ("provider", "environment"):
            return stage_hint, ("server", "server: Serverless provider.environment, set on every function")
        if keys[:1] == ("functions",) and len(keys) > 3 and keys[2] == "environment":
            return stage_hint, ("server", f"server: Serverless function {keys[1]} environment")
        if keys[:1] == ("params",) and len(keys) > 2:
            return named_environment(keys[1], f"Serverless params for stage {keys[1]}"), (
                "server",
                "server: Serverless stage params",
            )
        return None

    return _read(path, yaml_leaves(document, ()), "serverless", section, "yaml")


# HCL as *.tfvars use it: `name = "value"`, nested `name = { ... }` maps, heredocs, comments.
_HCL = re.compile(
    r"(?P<comment>#[^\n]*|//[^\n]*|/\*.*?\*/)"
    r"|(?P<heredoc_name>[\w-]+)\s*=\s*<<-?(?P<tag>\w+)\n(?P<heredoc>.*?)\n\s*(?P=tag)\b"
    r'|"?(?P<name>[\w.-]+)"?\s*[=:]\s*(?:(?P<open>\{)|"(?P<string>(?:[^"\\\n]|\\.)*)")'
    r"|(?P<anonymous>\{)|(?P<close>\})",
    re.S,
)


def read_tfvars(path: str, content: str) -> Reading:
    leaves: list[Leaf] = []
    stack: list[str] = []
    for match in _HCL.finditer(content):
        line = content.count("\n", 0, match.start()) + 1
        if match["open"] or match["anonymous"]:
            stack.append(match["name"] or "")
        elif match["close"]:
            if stack:
                stack.pop()
        elif match["string"] is not None:
            leaves.append((tuple(k for k in stack if k) + (match["name"],), match["string"], line))
        elif match["heredoc_name"]:
            leaves.append((tuple(k for k in stack if k) + (match["heredoc_name"],), match["heredoc"], line + 1))
    declared = next(((keys[0], value) for keys, value, _ in leaves if keys in (("environment",), ("env",), ("stage",))), None)
    environment = named_environment(declared[1], f'Terraform variable {declared[0]} = "{declared[1]}"') if declared else None
    exposure = ("server", "server: Terraform variables, passed to the infrastructure it provisions")
    return _read(path, leaves, "terraform", lambda keys: (environment, exposure), "text")
