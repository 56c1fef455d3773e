"""What the deployment readers share: YAML nodes with their lines, `${VAR}` interpolation, and values
tagged with the reason for their environment and exposure.

A deployment file often says more about where a value runs than its path does: a Kubernetes
namespace, a workflow job's ``environment:``, a Dockerfile instruction. Readers put that in words on
each value (``Located.environment_hint`` / ``exposure_hint``); the inventory prefers it over the path.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Mapping

import yaml

from golive.environments import env_named, path_marker
from golive.keys import classify
from golive.sources import Located, located, structured

Hint = tuple[str, str]  # (environment or exposure name, reason in words)
#: libyaml's safe loader when PyYAML was built with it (several times faster), else the pure-Python one.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


#: Nodes that aliases may add to a document. Readers walk an aliased node once per reference, so a
#: "billion laughs" file of a few hundred bytes (nine aliases of nine aliases, nine deep) would keep
#: them busy for hours; legitimate anchors (compose's ``x-env: &env``) add a few hundred.
MAX_ALIASED_NODES = 100_000
_ANCHOR = re.compile(r"(?:\A|[\s\[{,:])&")  # an alias needs an anchor, and most files have none


def documents(text: str) -> list[yaml.Node]:
    found = [node for node in yaml.compose_all(text, Loader=YAML_LOADER) if node is not None]
    if "&" in text and _ANCHOR.search(text):  # the literal test first: the pattern is tried at every character
        for node in found:
            _check_aliases(node)
    return found


def _check_aliases(document: yaml.Node) -> None:
    """Raise ValueError (an invalid file, read as plain text) when the document's aliases refer to
    themselves or expand it by more than MAX_ALIASED_NODES. One pass over the node graph, sizes
    memoised, and a stack rather than recursion."""
    expanded: dict[int, int] = {}  # id(node) -> its node count with every alias expanded
    open_nodes: set[int] = set()  # nodes whose children are still being counted: the path from the root
    stack: list[tuple[yaml.Node, bool]] = [(document, False)]
    while stack:
        node, children_counted = stack.pop()
        if children_counted:
            open_nodes.discard(id(node))
            expanded[id(node)] = 1 + sum(expanded[id(child)] for child in _children(node))
            if expanded[id(node)] - len(expanded) > MAX_ALIASED_NODES:
                raise ValueError(f"aliases expand the document by more than {MAX_ALIASED_NODES} nodes")
        elif id(node) in open_nodes:
            raise ValueError("an alias refers to a node that contains it")
        elif id(node) not in expanded:
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [item for pair in node.value for item in pair]
    return node.value if isinstance(node, yaml.SequenceNode) else []


def mapping(node: yaml.Node | None) -> dict[str, yaml.Node]:
    """A mapping's children by key, with YAML merge keys (``<<: *defaults``) followed; explicit keys win."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    merged: dict[str, yaml.Node] = {}
    own: dict[str, yaml.Node] = {}
    for key, child in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        if key.tag == "tag:yaml.org,2002:merge":
            for source in child.value if isinstance(child, yaml.SequenceNode) else [child]:
                merged.update({k: v for k, v in mapping(source).items() if k not in merged})
        else:
            own[str(key.value)] = child
    return {**merged, **own}


def scalar(node: yaml.Node | None) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def named_environment(name: str | None, reason: str) -> Hint | None:
    """``("production", "production: Kubernetes namespace shop-prod")`` when ``name`` names an environment."""
    env = env_named(name) if name else None
    return (env.value, f"{env.value}: {reason}") if env else None


def marker_of(path: str) -> Hint | None:
    """The environment a path's own names declare (templates excluded), as a hint for files it loads."""
    marker = path_marker(path)
    if marker is None or marker[0].value == "template":
        return None
    return marker[0].value, marker[1]


def tagged(values: Iterable[Located], environment: Hint | None, exposure: Hint | None) -> list[Located]:
    return [dataclasses.replace(value, environment_hint=environment, exposure_hint=exposure) for value in values]


def leaf_values(path: str, leaves: Iterable[structured.Leaf], source: str) -> list[Located]:
    """The Stripe-relevant values among ``(key path, value, line)`` leaves."""
    found = []
    for keys, value, line in leaves:
        found.extend(located(path, line, structured.variable_name(keys) or None, value, source))
    return found


_VARIABLE = re.compile(r"\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|([A-Za-z_][A-Za-z0-9_]*))")


def interpolate(value: str, known: Mapping[str, str] | None) -> str:
    """``${VAR}`` and ``${VAR:-default}`` resolved as compose and Docker resolve them.

    ``known`` holds the variables that are set (``None``: nothing is known to be set). A default is
    what the deployment gets when the variable is unset; an empty default is no default. When any
    variable cannot be resolved, the value is returned as written: a reference, filled in elsewhere.
    """
    if "$" not in value:
        return value
    known = known or {}
    unresolved = False

    def substitute(match: re.Match[str]) -> str:
        nonlocal unresolved
        escaped, braced, operator, argument, bare = match.groups()
        if escaped:
            return "$"
        name = braced or bare
        is_set = name in known
        if operator in (":-", "-"):
            use_default = not is_set or (operator == ":-" and not known[name])
            if not use_default:
                return known[name]
            unresolved = unresolved or not argument  # `${VAR:-}` only silences compose's warning: still a reference
            return interpolate(argument, known)
        if operator in (":+", "+"):
            if not is_set:
                unresolved = True
                return ""
            return interpolate(argument, known) if (known[name] or operator == "+") else ""
        if is_set:
            return known[name]
        unresolved = True
        return ""

    resolved = _VARIABLE.sub(substitute, value)
    return value if unresolved else resolved


def yaml_leaves(node: yaml.Node, keys: tuple[str, ...]) -> Iterator[structured.Leaf]:
    if keys and (function := _intrinsic(node)):
        # CloudFormation's `!Ref StripeKey`, `{Ref: StripeKey}`, `!Sub`, `!If [...]`, GitLab's `!reference`:
        # a value the deploy tool fills in. Safe loading would reject the tag; as nodes it is read as a reference.
        yield keys, function, node.start_mark.line + 1
        for inner, value, line in _literals(node, keys):
            if classify(value).is_real:  # a key written inside the function (`!If [IsProd, sk_live_…, …]`) still counts
                yield inner, value, line
        return
    if isinstance(node, yaml.MappingNode):
        pairs = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
        name_node, value_node = pairs.get("name"), pairs.get("value")
        if isinstance(name_node, yaml.ScalarNode) and isinstance(value_node, yaml.ScalarNode):
            yield keys + (name_node.value,), _scalar(value_node), value_node.start_mark.line + 1
            return
        for key, child in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield from yaml_leaves(child, keys + (str(key.value),))
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            yield from yaml_leaves(child, keys + (str(index),))
    elif isinstance(node, yaml.ScalarNode) and keys:
        yield keys, _scalar(node), node.start_mark.line + 1


def _intrinsic(node: yaml.Node) -> str | None:
    """A deploy-time function as a reference (``${Ref:StripeKey}``), or None for a plain node. A ``!Sub``
    without ``${`` is the literal it holds."""
    tag = node.tag or ""
    if tag.startswith("!") and not tag.startswith("!!"):
        if isinstance(node, yaml.ScalarNode):
            if tag == "!Sub" and "${" not in node.value:
                return None
            return _as_reference(tag[1:], node.value)
        return _as_reference(tag[1:], "")
    if isinstance(node, yaml.MappingNode) and len(node.value) == 1 and isinstance(node.value[0][0], yaml.ScalarNode):
        name, argument = node.value[0][0].value, node.value[0][1]
        if name == "Ref" or (isinstance(name, str) and name.startswith("Fn::")):
            if name == "Fn::Sub" and isinstance(argument, yaml.ScalarNode) and "${" not in argument.value:
                return None
            return _as_reference(name, argument.value if isinstance(argument, yaml.ScalarNode) else "")
    return None


def _as_reference(function: str, argument: str) -> str:
    return "${" + function + (":" + argument.replace("{", "").replace("}", "") if argument else "") + "}"


def _literals(node: yaml.Node, keys: tuple[str, ...]) -> Iterator[structured.Leaf]:
    """Every plain scalar inside a function's arguments."""
    for child in _children(node):
        plain = isinstance(child, yaml.ScalarNode) and (
            child.tag.startswith("tag:yaml.org") or (child.tag == "!Sub" and "${" not in child.value)
        )
        if plain:
            yield keys, child.value, child.start_mark.line + 1
        else:
            yield from _literals(child, keys)


_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")


def _scalar(node: yaml.ScalarNode) -> str:
    """A scalar as the app would read it: YAML null is an empty value, anything else its text."""
    if node.style is None and _NULL.match(node.value):
        return ""
    return node.value
