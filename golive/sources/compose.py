"""docker-compose files: each service's ``environment`` (list or map) and the ``env_file`` it loads.

Values are interpolated as compose does: ``${VAR:-default}`` is the default when VAR is unset (what
production gets if nobody sets it); ``${VAR}`` that nothing resolves stays a reference. With
``--from-env`` the process environment resolves references, as it would for ``docker compose up``.
Override files (``docker-compose.prod.yml``, ``compose.override.yaml``) are read the same way; their
names tell the environment.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

import yaml

from golive.keys import classify
from golive.sources import Load, Located, Reading, Workspace, dotenv, located
from golive.sources.deploy import (
    Hint,
    documents,
    interpolate,
    leaf_values,
    line_of,
    mapping,
    marker_of,
    scalar,
    tagged,
    yaml_leaves,
)
from golive.sources.files import reader_for

SOURCE = "compose"
YAML_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def read(path: str, content: str, workspace: Workspace) -> Reading:
    reading = Reading()
    found = documents(content)
    local = None if marker_of(path) else _local_stack(path, found, workspace)
    for document in found:
        for service, node in mapping(mapping(document).get("services")).items():
            spec = mapping(node)
            exposure = ("server", f"server: environment of compose service {service}")
            reading.values.extend(tagged(_environment(path, spec.get("environment"), workspace), local, exposure))
            for env_file, required in _env_files(spec.get("env_file")):
                reading.values.extend(_env_file(path, env_file, required, service, workspace, reading, local))
        reading.values.extend(_elsewhere(path, document))
    return reading


#: The override files `docker compose up` merges into the base file of the same folder.
OVERRIDES = ("compose.override.yaml", "compose.override.yml", "docker-compose.override.yml", "docker-compose.override.yaml")


def _local_stack(path: str, found: list[yaml.Node], workspace: Workspace) -> Hint | None:
    """A stack that runs ``stripe listen`` (the Stripe CLI forwarding events to a local endpoint, a tool
    for local development) is a developer's stack, with the override files compose merges into it."""
    folder, _, name = path.rpartition("/")
    stacks = [(name, found)]
    if name.lower() in BASE_FILES and not _deployed_with_siblings(workspace.root / folder):
        for override in OVERRIDES:
            try:
                text = (workspace.root / folder / override).read_text(encoding="utf-8", errors="replace")
                stacks.append((override, documents(text)))
            except (OSError, ValueError, yaml.YAMLError):
                continue
    for file_name, documents_found in stacks:
        for document in documents_found:
            for service, node in mapping(mapping(document).get("services")).items():
                spec = mapping(node)
                command = " ".join(text for _, text, _ in yaml_leaves(spec["command"], ("command",))) if "command" in spec else ""
                if (scalar(spec.get("image")) or "").startswith("stripe/stripe-cli") and "listen" in command:
                    return "development", (
                        f"development: compose service {service} ({file_name}) runs stripe listen, the Stripe CLI's event"
                        " forwarding for local development"
                    )
    return None


BASE_FILES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")


def _deployed_with_siblings(folder: Path) -> bool:
    """A base file beside a compose file marked for a deployment (``compose.prod.yaml``) is deployed with
    it (``-f compose.yaml -f compose.prod.yaml``), without the developer's override."""
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    for name in names:
        if reader_for(name) == "compose":
            marker = marker_of(name)
            if marker and marker[0] in ("production", "staging"):
                return True
    return False


def _environment(path: str, node: yaml.Node | None, workspace: Workspace) -> list[Located]:
    pairs: list[tuple[str, str | None, int]] = []
    value: str | None
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            name, equals, value = (scalar(item) or "").partition("=")
            pairs.append((name.strip(), value if equals else None, line_of(item)))
    for name, child in mapping(node).items():
        value = scalar(child)
        unset = value is None or (isinstance(child, yaml.ScalarNode) and child.style is None and value in YAML_NULLS)
        pairs.append((name, None if unset else value, line_of(child)))
    found = []
    for name, value, line in pairs:
        # `- STRIPE_KEY` or `STRIPE_KEY:` passes the variable through from the shell that runs compose
        raw = f"${{{name}}}" if value is None else value
        found.extend(located(path, line, name, interpolate(raw, workspace.environ), SOURCE))
    return found


def _env_files(node: yaml.Node | None) -> list[tuple[str, bool]]:
    """``env_file: .env``, ``[a.env, b.env]`` or ``[{path: a.env, required: false}]``."""
    if isinstance(node, yaml.ScalarNode):
        return [(node.value, True)]
    found = []
    for item in node.value if isinstance(node, yaml.SequenceNode) else []:
        if isinstance(item, yaml.ScalarNode):
            found.append((item.value, True))
        elif scalar(mapping(item).get("path")):
            found.append((scalar(mapping(item)["path"]), scalar(mapping(item).get("required")) not in ("false", "False")))
    return found


def _env_file(
    compose_path: str,
    env_file: str,
    required: bool,
    service: str,
    workspace: Workspace,
    reading: Reading,
    local: Hint | None,
) -> list[Located]:
    """Read an env_file as dotenv, judged by the environment of the compose file that loads it."""
    rel = posixpath.normpath(posixpath.join(posixpath.dirname(compose_path), env_file))
    if rel.startswith("../"):
        reading.problem = f"env_file {env_file} of service {service} is outside the checked tree"
        return []
    reading.loads.append(
        Load("file", rel, None, f"compose service {service} ({compose_path}, env_file)", marker_of(compose_path) or local)
    )
    try:
        content = (workspace.root / rel).read_text(encoding="utf-8", errors="replace")
    except OSError:
        if required:
            reading.problem = f"env_file {env_file} of service {service} cannot be read"
        return []
    marker = marker_of(compose_path) or local
    environment = (marker[0], f"{marker[1]}, which loads it through env_file") if marker else None
    exposure = ("server", f"server: env_file of compose service {service} in {compose_path}")
    return tagged(dotenv.read(rel, content).values, environment, exposure)


def _elsewhere(path: str, document: yaml.Node) -> list[Located]:
    """Real keys outside service environments (a command line, a label, an x- block)."""
    leaves = [
        leaf
        for leaf in yaml_leaves(document, ())
        if not (leaf[0][:1] == ("services",) and len(leaf[0]) > 2 and leaf[0][2] == "environment")
    ]
    return [value for value in leaf_values(path, leaves, SOURCE) if value.value and classify(value.value).is_real]
