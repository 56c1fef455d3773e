"""AWS deploy descriptors: SAM ``template.yaml``, CloudFormation templates, CDK output
(``cdk.out/*.template.json``) and ``samconfig.toml``.

``template.yaml`` is the file ``sam deploy`` reads, not a file to copy: when its content is a
CloudFormation template (``AWSTemplateFormatVersion``, ``Transform: AWS::Serverless-…``, or
``Resources`` of ``AWS::`` types), its Lambda environment variables are what the functions run with.
The environment comes from evidence: the ``samconfig.toml`` beside it (its config envs, stack names
and ``Stage=`` parameter overrides: ``sam deploy --config-env prod``), else the template's own stage
parameter default, else the file name (CDK names files after stacks: ``ShopProd.template.json``),
else ``--env``. A file with a template's name whose content is no CloudFormation is read as plain
config, and its name marks it as a template.
"""

from __future__ import annotations

import posixpath
import re
import shlex
import tomllib
from collections.abc import Iterable

import yaml

from golive.sources import Located, Reading, Workspace, structured, text
from golive.sources.deploy import (
    YAML_LOADER,
    Hint,
    documents,
    leaf_values,
    mapping,
    named_environment,
    scalar,
    tagged,
    yaml_leaves,
)

SOURCE = "cloudformation"
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
FUNCTION_TYPES = frozenset({"AWS::Serverless::Function", "AWS::Lambda::Function"})
#: Parameters whose value names the stage a stack is deployed as.
STAGE_PARAMETERS = frozenset({"stage", "stagename", "env", "environment", "environmentname", "envtype", "deploymentstage"})
SAMCONFIG_NAMES = ("samconfig.toml", "samconfig.yaml", "samconfig.yml")
ORDER = ("production", "staging", "development", "test")


def read(path: str, content: str, workspace: Workspace | None = None) -> Reading:
    """``workspace``: where to find the samconfig beside the template (None: a plain YAML file found to be a template)."""
    try:
        found = documents(content)
    except (ValueError, yaml.YAMLError):
        if path.lower().endswith((".yaml", ".yml", ".json")):
            raise  # a broken template is reported (GL901) and scanned as text
        found = []  # `nginx.conf.template`: not YAML at all
    if not any(is_template(document) for document in found):
        return _plain(path, content)
    return read_template(path, found, workspace)


def read_template(path: str, found: list[yaml.Node], workspace: Workspace | None) -> Reading:
    reading = Reading()
    deployed = (_samconfig_environment(path, workspace) if workspace else None) or _cdk_stack(path)
    for document in found:
        reading.values.extend(_values(path, document, deployed or _stage_default(path, document)))
    return reading


def _cdk_stack(path: str) -> Hint | None:
    """``cdk synth`` names each template after its stack (``ShopProdStack.template.json``)."""
    folders, _, name = path.rpartition("/")
    if "cdk.out" not in folders.split("/") or not name.endswith(".template.json"):
        return None
    stack = name[: -len(".template.json")]
    return named_environment(_CAMEL.sub("-", stack), f"CDK stack {stack} ({path})")


def is_template(document: yaml.Node) -> bool:
    """A CloudFormation (or SAM) template, by the keys only a template has."""
    fields = mapping(document)
    if "AWSTemplateFormatVersion" in fields:
        return True
    transform = fields.get("Transform")
    transforms = [scalar(transform)] if isinstance(transform, yaml.ScalarNode) else [scalar(n) for n in _items(transform)]
    if any(name and name.startswith("AWS::Serverless") for name in transforms):
        return True
    return any(
        (scalar(mapping(resource).get("Type")) or "").startswith("AWS::")
        for resource in mapping(fields.get("Resources")).values()
    )


def _plain(path: str, content: str) -> Reading:
    """A ``config.template.yml`` that is no CloudFormation: plain config (its name makes it a template)."""
    if path.lower().endswith((".yaml", ".yml")):
        return Reading(
            values=[
                v for document in documents(content) for v in structured.plain_values(path, yaml_leaves(document, ()), "yaml")
            ]
        )
    if path.lower().endswith(".json"):
        return structured.read_json(path, content)
    return text.read(path, content)


def _values(path: str, document: yaml.Node, environment: Hint | None) -> list[Located]:
    fields = mapping(document)
    resources = mapping(fields.get("Resources"))
    found = []
    for keys, value, line in yaml_leaves(document, ()):
        named, exposure = _section(keys, resources)
        if named is None:
            continue
        values = leaf_values(path, [(named, value, line)], SOURCE)
        found.extend(tagged(values, environment, exposure or ("server", "server: CloudFormation template, deployed as a stack")))
    return found


def _section(keys: tuple[str, ...], resources: dict[str, yaml.Node]) -> tuple[tuple[str, ...] | None, Hint | None]:
    """The variable a leaf sets and who reads it; (None, None) for a template's own fields (a
    parameter's ``Type``, a resource's ``Type``) that are not values."""
    if keys[:4] == ("Globals", "Function", "Environment", "Variables") and len(keys) == 5:
        return keys[4:], ("server", "server: SAM Globals.Function environment, set on every function of the stack")
    if keys[:1] == ("Parameters",) and len(keys) >= 3:
        if keys[2] == "Default":
            return keys[1:2], (
                "server",
                f"server: CloudFormation parameter {keys[1]} default, passed to the stack when sam deploy sets none",
            )
        return None, None
    if keys[:1] == ("Resources",) and len(keys) >= 3:
        resource = keys[1]
        kind = scalar(mapping(resources.get(resource)).get("Type")) or ""
        if keys[2] in ("Type", "DependsOn", "Condition", "DeletionPolicy", "UpdateReplacePolicy"):
            return None, None
        if kind in FUNCTION_TYPES and keys[2:5] == ("Properties", "Environment", "Variables") and len(keys) == 6:
            return keys[5:], ("server", f"server: environment of Lambda function {resource}, set on the function")
        if kind == "AWS::ECS::TaskDefinition" and "Environment" in keys:
            return keys, ("server", f"server: environment of ECS task definition {resource}, set on its containers")
        return keys, ("server", f"server: {kind or 'resource'} {resource} in a CloudFormation template")
    return keys, None


def _items(node: yaml.Node | None) -> list[yaml.Node]:
    return node.value if isinstance(node, yaml.SequenceNode) else []


def _stage_default(path: str, document: yaml.Node) -> Hint | None:
    """``Parameters: {Stage: {Default: prod}}``: the stage a deploy that sets none gets."""
    for name, parameter in mapping(mapping(document).get("Parameters")).items():
        if name.lower() in STAGE_PARAMETERS:
            default = scalar(mapping(parameter).get("Default"))
            hint = named_environment(default, f"{posixpath.basename(path)} parameter {name} defaults to {default}")
            if hint:
                return hint
    return None


def _samconfig_environment(path: str, workspace: Workspace) -> Hint | None:
    """The strictest environment the samconfig beside the template deploys it to: production if any
    config env is production; undecided (None) if any config env names none."""
    folder = posixpath.dirname(path)
    for name in SAMCONFIG_NAMES:
        config_path = posixpath.join(folder, name)
        try:
            content = (workspace.root / config_path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        try:
            hints = [hint for _, hint, template in config_envs(config_path, content) if _deploys(template, path, folder)]
        except (ValueError, yaml.YAMLError):
            return None  # the samconfig's own reading reports it
        return _strictest(hints)
    return None


def _deploys(template: str | None, path: str, folder: str) -> bool:
    """Whether a config env's ``template_file`` (default ``template.yaml``/``template.yml``) is this file."""
    if template is None:
        return posixpath.basename(path) in ("template.yaml", "template.yml")
    return posixpath.normpath(posixpath.join(folder, template)) == path


def _strictest(hints: list[Hint | None]) -> Hint | None:
    decided = sorted((hint for hint in hints if hint), key=lambda hint: ORDER.index(hint[0]))
    if decided and decided[0][0] == "production":
        return decided[0]
    if not decided or len(decided) < len(hints):
        return None
    return decided[0]


def config_envs(config_path: str, content: str) -> list[tuple[str, Hint | None, str | None]]:
    """(config env, its environment, its template_file) for each config env of a samconfig."""
    if config_path.endswith(".toml"):
        data = tomllib.loads(content)
    else:
        loaded = yaml.load(content, Loader=YAML_LOADER)
        data = loaded if isinstance(loaded, dict) else {}
    found = []
    for config_env, commands in data.items():
        if not isinstance(commands, dict):
            continue  # `version = 0.1`
        parameters = {}
        for command in ("global", "deploy"):
            section = commands.get(command)
            if isinstance(section, dict) and isinstance(section.get("parameters"), dict):
                parameters.update(section["parameters"])
        found.append((config_env, _config_env_hint(config_path, config_env, parameters), _template_file(parameters)))
    return found


def _template_file(parameters: dict) -> str | None:
    template = parameters.get("template_file", parameters.get("template"))
    return template if isinstance(template, str) else None


def _config_env_hint(config_path: str, config_env: str, parameters: dict) -> Hint | None:
    """A config env's environment: its ``Stage=`` override, its stack name, else its own name."""
    name = posixpath.basename(config_path)
    for parameter, value in overrides(parameters.get("parameter_overrides")):
        if parameter.lower() in STAGE_PARAMETERS:
            hint = named_environment(
                value, f"{name} config env {config_env} deploys with {parameter}={value} (sam deploy --config-env {config_env})"
            )
            if hint:
                return hint
    stack = parameters.get("stack_name")
    if isinstance(stack, str):
        hint = named_environment(
            stack, f"{name} config env {config_env} deploys stack {stack} (sam deploy --config-env {config_env})"
        )
        if hint:
            return hint
    return named_environment(config_env, f"{name} config env {config_env} (sam deploy --config-env {config_env})")


def overrides(value: object) -> list[tuple[str, str]]:
    """``parameter_overrides`` as written: ``"Stage=prod Key=\\"a b\\""`` or ``["Stage=prod", ...]``."""
    if isinstance(value, str):
        try:
            words = shlex.split(value)
        except ValueError:
            words = value.split()
    elif isinstance(value, list):
        words = [word for word in value if isinstance(word, str)]
    else:
        return []
    return [(name, setting) for name, equals, setting in (word.partition("=") for word in words) if equals]


def read_samconfig(path: str, content: str) -> Reading:
    """``samconfig.toml``: each config env's ``parameter_overrides`` (``StripeSecretKey=sk_…``) are the
    stack's parameters for that environment; everything else is plain config."""
    if path.endswith(".toml"):
        leaves: Iterable[structured.Leaf] = structured.toml_leaves(content)
    else:
        leaves = [leaf for document in documents(content) for leaf in yaml_leaves(document, ())]
    hints = {config_env: hint for config_env, hint, _ in config_envs(path, content)}
    reading = Reading()
    for keys, value, line in leaves:
        if "parameter_overrides" in keys and keys[0] in hints:
            exposure = (
                "server",
                (
                    f"server: {posixpath.basename(path)} parameter_overrides, passed to the stack by sam deploy --config-env "
                    f"{keys[0]}"
                ),
            )
            words = [(keys[: keys.index("parameter_overrides")] + (name,), setting) for name, setting in overrides(value)]
            values = leaf_values(path, [(named, setting, line) for named, setting in words], SOURCE)
            reading.values.extend(tagged(values, hints[keys[0]], exposure))
        else:
            reading.values.extend(leaf_values(path, [(keys, value, line)], "toml"))
    return reading
