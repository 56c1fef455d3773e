"""JSON and TOML, flattened to (variable, value, line); YAML is golive.sources.deploy's.

json and tomllib give no positions, so their leaves are
found by searching the text forward in document order, which is the order the parsers return.
"""

from __future__ import annotations

import dataclasses
import json
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator
from posixpath import basename
from typing import Any

from golive.environments import ENV_ALIASES, env_named
from golive.keys import classify
from golive.sources import Located, Reading, located, mentions_stripe

Leaf = tuple[tuple[str, ...], str, int]  # key path, string value, line


def variable_name(keys: tuple[str, ...]) -> str:
    """The name a report shows: the last key, widened to the nearest Stripe-named ancestor.

    ``env.STRIPE_SECRET_KEY`` stays ``STRIPE_SECRET_KEY``; ``stripe.secretKey`` keeps its parent,
    whose name is what makes it a Stripe variable.
    """
    names = [k for k in keys if not k.isdigit() and k != "<<"]
    if not names:
        return ""
    for depth in range(1, min(3, len(names)) + 1):
        if mentions_stripe(names[-depth]):
            return ".".join(names[-depth:])
    if len(names) > 1 and names[-1].lower() in GENERIC_LEAVES and names[-2].lower() not in ENV_ALIASES:  # webhook.secret
        return ".".join(names[-2:])
    return names[-1]


#: Leaf names that say what a value is but not whose: ``webhook: {secret: …}``, ``api: {key: …}``.
GENERIC_LEAVES = frozenset({"secret", "key", "token", "value", "secret_key", "secretkey", "signing_secret", "signingsecret"})


def _flatten(node: Any, keys: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(node, dict):
        if isinstance(node.get("name"), str) and "value" in node:  # [{name: X, value: Y}] env lists
            if isinstance(node["value"], str) or node["value"] is None:
                yield keys + (node["name"],), node["value"] or ""
            return
        for key, value in node.items():
            yield from _flatten(value, keys + (str(key),))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _flatten(value, keys + (str(index),))
    elif isinstance(node, str):
        yield keys, node
    elif node is None and keys:
        yield keys, ""


def _located(path: str, source: str, leaves: Iterator[Leaf]) -> Reading:
    return Reading(values=plain_values(path, leaves, source))


def plain_values(path: str, leaves: Iterable[Leaf], source: str) -> list[Located]:
    """The Stripe-relevant values of a plain config file, each with the environment its section names.

    In a file with a section per environment, a section that others merge (``default: &default``,
    ``production: {<<: *default}``) is read where it is merged, with that section's environment: on
    its own it is no environment's value.
    """
    leaves = list(leaves)
    merged = {(line, value) for keys, value, line in leaves if "<<" in keys}
    if merged:  # a merged key the section sets itself is overridden: ``production: {<<: *default, secret_key: …}``
        explicit = {keys for keys, _, _ in leaves if "<<" not in keys}
        leaves = [leaf for leaf in leaves if "<<" not in leaf[0] or tuple(k for k in leaf[0] if k != "<<") not in explicit]
    namespace = _stripe_namespace(path)
    found = []
    for keys, value, line in leaves:
        if merged and "<<" not in keys and (line, value) in merged:
            continue
        hint = section_environment(keys)
        variable = variable_name(keys) or None
        if namespace and variable and not mentions_stripe(variable):
            variable = f"{namespace}.{variable}"
        for item in located(path, line, variable, value, source):
            found.append(dataclasses.replace(item, environment_hint=hint) if hint else item)
    return found


def _stripe_namespace(path: str) -> str | None:
    """A config file named for Stripe in a ``config/`` folder (``config/stripe.yml``, which Rails'
    ``config_for(:stripe)`` reads): its keys are Stripe's, so ``secret_key`` there is ``stripe.secret_key``.
    Elsewhere a file called ``stripe.json`` may be anything (an API fixture, a schema)."""
    folder, _, name = path.rpartition("/")
    stem = name.split(".", 1)[0]
    return stem if mentions_stripe(stem) and folder.rpartition("/")[2] == "config" else None


def section_environment(keys: tuple[str, ...]) -> tuple[str, str] | None:
    """``production:`` in Rails' ``secrets.yml``, ``build.preview`` in ``eas.json``: one file, a section per
    environment, and the innermost section that names one decides."""
    for depth in range(len(keys), 0, -1):
        env = ENV_ALIASES.get(keys[depth - 1].lower())
        if env:
            return env.value, f"{env.value}: section {'.'.join(keys[:depth])} of the file"
    return None


class _ForwardFinder:
    """Line of each leaf, found by searching forward from the previous one; lines are counted
    incrementally, so a 4 MB lock file costs one pass, not one pass per leaf."""

    def __init__(self, text: str) -> None:
        self.text, self.cursor = text, 0
        self.counted_to, self.line = 0, 1

    def line_of(self, keys: tuple[str, ...], value: str, encode) -> int:
        needles = [encode(value)] if value else []
        if keys and not keys[-1].isdigit():
            needles.insert(0, keys[-1])
        position = self.cursor
        for needle in needles:
            found = self.text.find(needle, position)
            if found < 0:
                found = self.text.find(needle, 0, position)
            if found >= 0:
                position = found
        self.cursor = max(self.cursor, position)
        if position < self.counted_to:
            self.counted_to, self.line = 0, 1
        self.line += self.text.count("\n", self.counted_to, position)
        self.counted_to = position
        return self.line


def _json_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)[1:-1]


def json_leaves(text: str) -> list[Leaf]:
    """Every string leaf with its key path and line; deployment readers pick sections by path.

    JSON with comments and trailing commas (.NET's ``appsettings.json``, ``tsconfig.json``) is read
    as its tools read it; what is commented out is no value (the key scan still sees real keys there).
    """
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except ValueError:
        uncommented = _without_comments(text)
        if uncommented is None:
            raise
        text = uncommented
        data = json.loads(text, object_pairs_hook=_unique_keys)
    finder = _ForwardFinder(text)
    return [(k, v, finder.line_of(k, v, _json_string)) for k, v in _flatten(data)]


_JSONC_COMMENT = re.compile(r'"(?:[^"\\\n]|\\.)*"|//[^\n]*|/\*.*?\*/', re.S)
_JSONC_TRAILING_COMMA = re.compile(r'"(?:[^"\\\n]|\\.)*"|,(?=\s*[}\]])')


def _without_comments(text: str) -> str | None:
    """``text`` with its comments and trailing commas blanked (lines kept), or None when it has none."""
    if "//" not in text and "/*" not in text and not re.search(r",\s*[}\]]", text):
        return None

    def blank(match: re.Match[str]) -> str:
        token = match.group(0)
        return token if token.startswith('"') else re.sub(r"[^\n]", " ", token)

    return _JSONC_TRAILING_COMMA.sub(blank, _JSONC_COMMENT.sub(blank, text))


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """JSON parsers keep the last of duplicate keys, so a key in an earlier one would reach no check:
    such a file is invalid here (ValueError), and read as plain text instead."""
    data = dict(pairs)
    if len(data) < len(pairs):
        counts = Counter(key for key, _ in pairs)
        raise ValueError(f"duplicate key {next(key for key, _ in pairs if counts[key] > 1)!r}")
    return data


def toml_leaves(text: str) -> list[Leaf]:
    data = tomllib.loads(text)
    data.get("tool", {}).pop("golive", None)  # golive's own config names Stripe variables; it holds no values
    finder = _ForwardFinder(text)
    return [(k, v, finder.line_of(k, v, _toml_string)) for k, v in _flatten(data)]


def read_json(path: str, text: str) -> Reading:
    reading = _located(path, "json", iter(json_leaves(text)))
    if basename(path).lower() == "appsettings.json":
        reading.values = base_values(path, reading.values)
    return reading


def base_values(path: str, values: list[Located]) -> list[Located]:
    """The values of a framework's base config (``appsettings.json``, ``application.properties``,
    ``application.yml``), which its profile files (``appsettings.Production.json``,
    ``application-prod.properties``) and environment variables override: each is a default, dropped where
    the same environment sets the name elsewhere, and an empty one is a slot for them to fill."""
    return [dataclasses.replace(value, fallback=True) for value in values if value.value or value.environment_hint is not None]


# --- Java properties and Spring Boot ------------------------------------------------------------

_PROPERTY = re.compile(r"^[ \t\f]*(?P<key>(?:[^\s:=\\]|\\.)+)[ \t\f]*[:=]?[ \t\f]*(?P<value>.*)$")
#: Spring's ``${NAME:default}``: the default is what runs when nothing sets NAME.
_SPRING_DEFAULT = re.compile(r"^\$\{(?P<name>[^{}:]+):(?P<default>[^{}]*)\}$")
_SPRING_PROFILE_KEYS = (("spring", "config", "activate", "on-profile"), ("spring", "profiles"))


def read_properties(path: str, text: str) -> Reading:
    """A ``.properties`` file: ``key=value``, ``key: value``, ``key value``; ``#`` and ``!`` comments;
    ``\\`` continues a line. Spring's multi-document files (``#---``) take each document's
    ``spring.config.activate.on-profile``."""
    reading = Reading()
    base = _spring_base(path)
    document: list[Located] = []
    profile: tuple[str, str] | None = None

    def close() -> None:
        values = [dataclasses.replace(v, environment_hint=profile) for v in document] if profile else document
        reading.values.extend(base_values(path, values) if base and not profile else values)

    lines = text.split("\n")
    index = 0
    while index < len(lines):
        number, logical = index + 1, lines[index]
        while _continues(logical) and index + 1 < len(lines):
            index += 1
            logical = logical[:-1] + lines[index].lstrip()
        index += 1
        stripped = logical.strip()
        if stripped in ("#---", "!---"):
            close()
            document, profile = [], None
            continue
        if not stripped or stripped[0] in "#!":
            continue
        match = _PROPERTY.match(logical)
        if not match:
            continue
        key, value = match.group("key").replace("\\", ""), match.group("value").strip()
        if key in ("spring.config.activate.on-profile", "spring.profiles"):
            profile = _profile_environment(value)
        document.extend(_spring_value(path, number, key, value, "properties"))
    close()
    return reading


def _continues(line: str) -> bool:
    trailing = len(line) - len(line.rstrip("\\"))
    return trailing % 2 == 1


def _spring_base(path: str) -> bool:
    """``application.properties`` / ``application.yml``: Spring's base config, which profile files override."""
    return basename(path).lower() in ("application.properties", "application.yml", "application.yaml")


def _profile_environment(profile: str) -> tuple[str, str] | None:
    env = env_named(profile.strip().lstrip("!")) if profile and not profile.strip().startswith("!") else None
    return (env.value, f"{env.value}: Spring profile {profile.strip()} (its section of the file)") if env else None


def _spring_value(path: str, line: int, key: str, value: str, source: str) -> list[Located]:
    """A Spring value; ``${STRIPE_KEY:sk_test_…}`` is its default, what runs where STRIPE_KEY is unset,
    recorded under STRIPE_KEY (as code fallbacks are) when that name is Stripe's."""
    default = _SPRING_DEFAULT.match(value)
    if default and "${" not in default.group("default"):
        name = default.group("name").strip()
        variable = name if mentions_stripe(name) else key
        return [
            dataclasses.replace(item, fallback=True) for item in located(path, line, variable, default.group("default"), source)
        ]
    return located(path, line, key, value, source)


# --- Terraform state ------------------------------------------------------------------------------


def read_tfstate(path: str, text: str) -> Reading:
    """``terraform.tfstate``: each resource's attributes under ``type.name.attribute``
    (``stripe_webhook_endpoint.main.secret``) and each output under ``output.name``. State holds what the
    providers returned, not slots someone fills: only values with a Stripe prefix are kept."""
    data = json.loads(text)
    finder = _ForwardFinder(text)
    found: list[Located] = []

    def add(keys: tuple[str, ...], node: Any) -> None:
        for leaf_keys, value in _flatten(node, keys):
            if "_" not in value:
                continue
            line = finder.line_of(leaf_keys, value, _json_string)
            variable = ".".join(k for k in leaf_keys if not k.isdigit())
            found.extend(item for item in located(path, line, variable, value, "json") if classify(item.value).kind is not None)

    for resource in data.get("resources") or []:
        if isinstance(resource, dict):
            for instance in resource.get("instances") or []:
                if isinstance(instance, dict):
                    add((str(resource.get("type", "")), str(resource.get("name", ""))), instance.get("attributes") or {})
    for name, output in (data.get("outputs") or {}).items():
        add(("output", str(name)), output.get("value") if isinstance(output, dict) else output)
    return Reading(values=found)


def read_toml(path: str, text: str) -> Reading:
    return _located(path, "toml", iter(toml_leaves(text)))


def _toml_string(value: str) -> str:
    return value.split("\n", 1)[0]
