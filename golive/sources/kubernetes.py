"""Kubernetes manifests, Helm values and Helm templates.

Every YAML file goes through :func:`read`: documents with ``apiVersion`` and ``kind`` are read as
Kubernetes objects (Secret ``data`` decoded from base64, ``stringData``, ConfigMap ``data``, container
``env``; a ``secretKeyRef`` is a reference, not a value), anything else as plain YAML. The
namespace names the environment (``shop-prod``); without one, the path does (``overlays/production/``).
"""

from __future__ import annotations

import base64
import binascii
import posixpath

import yaml

from golive.keys import Status, classify
from golive.sources import Load, Located, Reading, Store, cloudformation, mentions_stripe, prefilter, structured, text
from golive.sources.deploy import (
    Hint,
    documents,
    leaf_values,
    line_of,
    mapping,
    marker_of,
    named_environment,
    scalar,
    tagged,
    yaml_leaves,
)

SOURCE = "kubernetes"
POD_SPEC_PATHS = {
    "Pod": ("spec",),
    "Deployment": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
}
HELM_VALUES = ("server", "server: Helm values, rendered into the chart's Kubernetes manifests")


def read(path: str, content: str) -> Reading:
    reading = Reading()
    found = documents(content)
    maybe_cloudformation = any("Resources" in mapping(d) or "AWSTemplateFormatVersion" in mapping(d) for d in found)
    if maybe_cloudformation and any(cloudformation.is_template(document) for document in found):
        # a CloudFormation template under any name (`infra/stack.yml`)
        return cloudformation.read_template(path, found, None)
    # A workload read only for the Secrets it loads names no Stripe value: its leaves are not walked.
    # A Secret's data is decoded whatever the file says, since base64 hides every name and prefix.
    names_stripe = prefilter.mentions(content)
    for document in found:
        fields = mapping(document)
        kind, api_version = scalar(fields.get("kind")), scalar(fields.get("apiVersion"))
        if kind and api_version:
            reading.values.extend(_resource(path, kind, document, fields, reading, names_stripe))
        elif names_stripe:
            reading.values.extend(structured.plain_values(path, yaml_leaves(document, ()), "yaml"))
    return reading


def read_helm_values(path: str, content: str) -> Reading:
    """``values.yaml`` and ``values-<env>.yaml``. An empty Stripe value in the chart's unmarked
    ``values.yaml`` is a slot that ``-f values-production.yaml`` or ``--set`` fills, not a value."""
    defaults = marker_of(path) is None
    reading = Reading()
    for document in documents(content):
        values = leaf_values(path, yaml_leaves(document, ()), "helm")
        kept = [v for v in values if not (defaults and classify(v.value).status in SLOTS)]
        reading.values.extend(tagged(kept, None, HELM_VALUES))
    return reading


SLOTS = frozenset({Status.EMPTY, Status.REFERENCE})


def read_helm_template(path: str, content: str) -> Reading:
    """A chart template is Go text/template until rendered: YAML when it parses, plain text otherwise."""
    try:
        return read(path, content)
    except yaml.YAMLError:
        return text.read(path, content)


def _resource(
    path: str, kind: str, document: yaml.Node, fields: dict[str, yaml.Node], reading: Reading, names_stripe: bool
) -> list[Located]:
    metadata = mapping(fields.get("metadata"))
    name = scalar(metadata.get("name")) or "(unnamed)"
    namespace = scalar(metadata.get("namespace")) or (scalar(fields.get("namespace")) if kind == "Kustomization" else None)
    environment = named_environment(namespace, f"Kubernetes namespace {namespace}")
    if kind in ("Secret", "ConfigMap"):
        reading.stores.append(Store(path, line_of(document), document.end_mark.line + 1, kind, name, namespace))
    elif kind in POD_SPEC_PATHS:
        reading.loads.extend(
            _loads(path, kind, name, namespace, _pod_spec(fields, POD_SPEC_PATHS[kind]), environment or marker_of(path))
        )
    elif kind == "Kustomization":
        _generators(path, fields, namespace, environment or marker_of(path), reading)
    if kind == "Secret":
        exposure = ("server", f"server: Kubernetes Secret {name}, read by pods in the cluster")
        values = _secret_data(path, fields, name, reading)
        values += leaf_values(path, yaml_leaves(fields["metadata"], ("metadata",)), SOURCE) if "metadata" in fields else []
    elif not names_stripe:
        return []
    elif kind == "SealedSecret":
        exposure = ("server", f"server: SealedSecret {name}, decrypted into a Secret inside the cluster")
        values = _sealed_data(path, fields, name)
    elif kind == "Kustomization":
        exposure = ("server", "server: kustomize generator literal, rendered into a Secret or ConfigMap in the cluster")
        values = _generator_literals(path, fields)
    else:
        what = f"ConfigMap {name}, read by pods" if kind == "ConfigMap" else f"{kind} {name} runs"
        exposure = ("server", f"server: Kubernetes {what} in the cluster")
        values = leaf_values(path, yaml_leaves(document, ()), SOURCE)
        values += _references(path, fields, POD_SPEC_PATHS.get(kind))
    return tagged(values, environment, exposure)


def _secret_data(path: str, fields: dict[str, yaml.Node], name: str, reading: Reading) -> list[Located]:
    values = leaf_values(path, yaml_leaves(fields["stringData"], ("stringData",)), SOURCE) if "stringData" in fields else []
    for key, node in mapping(fields.get("data")).items():
        encoded = scalar(node) or ""
        decoded = _decode(encoded)
        if decoded is None:
            reading.problem = f"Secret {name}: data.{key} is not valid base64"
            continue
        values += leaf_values(path, [(("data", key), decoded, line_of(node))], SOURCE)
    return values


def _sealed_data(path: str, fields: dict[str, yaml.Node], name: str) -> list[Located]:
    """``spec.encryptedData`` is ciphertext only the cluster's controller can open: a reference, like a secretKeyRef."""
    encrypted = mapping(mapping(fields.get("spec")).get("encryptedData"))
    return [
        Located(path, line_of(node), key, f"${{SealedSecret:{name}/{key}}}", SOURCE)
        for key, node in encrypted.items()
        if mentions_stripe(key)
    ]


def _decode(encoded: str) -> str | None:
    """Secret data as the pod sees it; Helm expressions (``{{ .Values.x | b64enc }}``) stay references."""
    if "{{" in encoded or "${" in encoded:
        return encoded
    try:
        return base64.b64decode("".join(encoded.split()), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None


def _references(path: str, fields: dict[str, yaml.Node], pod_spec_path: tuple[str, ...] | None) -> list[Located]:
    """``valueFrom.secretKeyRef`` on a Stripe-named variable: the name is seen, the value lives in a Secret."""
    if pod_spec_path is None:
        return []
    spec = _pod_spec(fields, pod_spec_path)
    found = []
    for group in ("initContainers", "containers"):
        containers = spec.get(group)
        for container in containers.value if isinstance(containers, yaml.SequenceNode) else []:
            env = mapping(container).get("env")
            for item in env.value if isinstance(env, yaml.SequenceNode) else []:
                entry = mapping(item)
                variable = scalar(entry.get("name"))
                ref = mapping(mapping(entry.get("valueFrom")).get("secretKeyRef"))
                if variable and ref and mentions_stripe(variable):
                    secret, key = scalar(ref.get("name")), scalar(ref.get("key"))
                    found.append(Located(path, line_of(item), variable, f"${{secretKeyRef:{secret}/{key}}}", SOURCE))
    return found


def _pod_spec(fields: dict[str, yaml.Node], pod_spec_path: tuple[str, ...]) -> dict[str, yaml.Node]:
    node: yaml.Node | None = fields.get(pod_spec_path[0])
    for step in pod_spec_path[1:]:
        node = mapping(node).get(step)
    return mapping(node)


def _loads(
    path: str, kind: str, name: str, namespace: str | None, spec: dict[str, yaml.Node], environment: Hint | None
) -> list[Load]:
    """The Secrets and ConfigMaps a workload loads: ``envFrom``, ``env[].valueFrom`` key references,
    and volumes (``secret``, ``configMap``, ``projected`` sources)."""
    found: dict[tuple[str, str], str] = {}  # (kind, name) -> how, first way seen
    for group in ("initContainers", "containers"):
        for container in _sequence(spec.get(group)):
            for source in _sequence(mapping(container).get("envFrom")):
                for field, what in (("secretRef", "Secret"), ("configMapRef", "ConfigMap")):
                    if loaded := scalar(mapping(mapping(source).get(field)).get("name")):
                        found.setdefault((what, loaded), "envFrom")
            for item in _sequence(mapping(container).get("env")):
                value_from = mapping(mapping(item).get("valueFrom"))
                for field, what in (("secretKeyRef", "Secret"), ("configMapKeyRef", "ConfigMap")):
                    if loaded := scalar(mapping(value_from.get(field)).get("name")):
                        found.setdefault((what, loaded), f"env {field}")
    for volume in _sequence(spec.get("volumes")):
        volume_fields = mapping(volume)
        sources = [volume_fields] + [mapping(s) for s in _sequence(mapping(volume_fields.get("projected")).get("sources"))]
        for volume_source in sources:
            if loaded := scalar(mapping(volume_source.get("secret")).get("secretName")) or scalar(
                mapping(volume_source.get("secret")).get("name")
            ):
                found.setdefault(("Secret", loaded), "a volume")
            if loaded := scalar(mapping(volume_source.get("configMap")).get("name")):
                found.setdefault(("ConfigMap", loaded), "a volume")
    return [Load(what, loaded, namespace, f"{kind} {name} ({path}, {how})", environment) for (what, loaded), how in found.items()]


def _generators(
    path: str, fields: dict[str, yaml.Node], namespace: str | None, environment: Hint | None, reading: Reading
) -> None:
    """A kustomize generator makes a Secret or ConfigMap from its ``literals`` (a store, joined like a
    Secret) and from the env files and files it names (loaded by it)."""
    folder = posixpath.dirname(path)
    for generator, what in (("secretGenerator", "Secret"), ("configMapGenerator", "ConfigMap")):
        for entry in _sequence(fields.get(generator)):
            name = scalar(mapping(entry).get("name"))
            if not name:
                continue
            reading.stores.append(Store(path, line_of(entry), entry.end_mark.line + 1, what, name, namespace))
            for field in ("envs", "env", "files"):
                node = mapping(entry).get(field)
                for item in _sequence(node) or ([node] if isinstance(node, yaml.ScalarNode) else []):
                    written = (scalar(item) or "").rpartition("=")[2]  # `files: [key=path]`
                    loaded = posixpath.normpath(posixpath.join(folder, written)) if written else ""
                    if loaded and not loaded.startswith("../"):
                        reading.loads.append(
                            Load("file", loaded, namespace, f"kustomize {generator} {name} ({path})", environment)
                        )


def _sequence(node: yaml.Node | None) -> list[yaml.Node]:
    return node.value if isinstance(node, yaml.SequenceNode) else []


def _generator_literals(path: str, fields: dict[str, yaml.Node]) -> list[Located]:
    """kustomize ``secretGenerator``/``configMapGenerator`` ``literals: [KEY=value]``."""
    found = []
    for generator in ("secretGenerator", "configMapGenerator"):
        entries = fields.get(generator)
        for entry in entries.value if isinstance(entries, yaml.SequenceNode) else []:
            literals = mapping(entry).get("literals")
            for literal in literals.value if isinstance(literals, yaml.SequenceNode) else []:
                variable, _, value = (scalar(literal) or "").partition("=")
                found += leaf_values(path, [((variable,), value, line_of(literal))], SOURCE)
    return found
