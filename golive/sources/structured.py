"""JSON and TOML, flattened to (variable, value, line); YAML is golive.sources.deploy's.

json and tomllib give no positions, so their leaves are
found by searching the text forward in document order, which is the order the parsers return.
"""

from __future__ import annotations

import dataclasses
import json
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from golive.inventory import ENV_ALIASES
from golive.sources import Located, Reading, located, mentions_stripe

Leaf = tuple[tuple[str, ...], str, int]  # key path, string value, line


def variable_name(keys: tuple[str, ...]) -> str:
    """The name a report shows: the last key, widened to the nearest Stripe-named ancestor.

    ``env.STRIPE_SECRET_KEY`` stays ``STRIPE_SECRET_KEY``; ``stripe.secretKey`` keeps its parent,
    whose name is what makes it a Stripe variable.
    """
    names = [k for k in keys if not k.isdigit()]
    if not names:
        return ""
    for depth in range(1, min(3, len(names)) + 1):
        if mentions_stripe(names[-depth]):
            return ".".join(names[-depth:])
    return names[-1]


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
    """The Stripe-relevant values of a plain config file, each with the environment its section names."""
    found = []
    for keys, value, line in leaves:
        hint = section_environment(keys)
        for item in located(path, line, variable_name(keys) or None, value, source):
            found.append(dataclasses.replace(item, environment_hint=hint) if hint else item)
    return found


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
    """Every string leaf with its key path and line; deployment readers pick sections by path."""
    finder = _ForwardFinder(text)
    return [(k, v, finder.line_of(k, v, _json_string)) for k, v in _flatten(json.loads(text, object_pairs_hook=_unique_keys))]


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
    return _located(path, "json", iter(json_leaves(text)))


def read_toml(path: str, text: str) -> Reading:
    return _located(path, "toml", iter(toml_leaves(text)))


def _toml_string(value: str) -> str:
    return value.split("\n", 1)[0]
