"""CI workflows: GitHub Actions and GitLab CI.

A job that deploys names its environment (``environment: production``), and so decides the
environment of every value it sees: its own ``env``/``variables`` and the workflow-level ones, which
reach every job. ``${{ secrets.X }}`` and ``$X`` are references, filled in by the CI system.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from golive.sources import Located, Reading
from golive.sources.deploy import Hint, documents, leaf_values, mapping, marker_of, named_environment, scalar, tagged, yaml_leaves


@dataclass(frozen=True)
class Dialect:
    system: str
    source: str
    jobs_key: str | None  # None: jobs are top-level keys (GitLab)
    global_key: str  # workflow-level values, seen by every job

    @property
    def exposure(self) -> Hint:
        return "server", f"server: {self.system} {self.global_key}, seen by the CI runner"


GITHUB = Dialect("GitHub Actions", "github-actions", "jobs", "env")
GITLAB = Dialect("GitLab CI", "gitlab-ci", None, "variables")
_DEPLOYS = re.compile(r"deploy|release|publish|ship|rollout|promote", re.I)  # job names that are not CI
# Top-level .gitlab-ci.yml keys that are not jobs.
GITLAB_KEYWORDS = frozenset(
    {"default", "include", "stages", "variables", "workflow", "image", "services", "cache", "before_script", "after_script", "spec"}
)


def read_github(path: str, content: str) -> Reading:
    reading = Reading()
    for document in documents(content):
        jobs = mapping(mapping(document).get("jobs"))
        hints = {job: _job_environment(path, job, node, GITHUB) for job, node in jobs.items()}
        reading.values.extend(_by_job(path, document, hints, GITHUB))
    return reading


def read_gitlab(path: str, content: str) -> Reading:
    reading = Reading()
    for document in documents(content):
        jobs = {k: v for k, v in mapping(document).items() if k not in GITLAB_KEYWORDS and isinstance(v, yaml.MappingNode)}
        hints = {job: _job_environment(path, job, node, GITLAB) for job, node in jobs.items()}
        reading.values.extend(_by_job(path, document, hints, GITLAB))
    return reading


def _job_environment(path: str, job: str, node: yaml.Node, dialect: Dialect) -> Hint | None:
    """The job's declared environment, else its name (``deploy-prod``), else the file's name; a job that
    names none and does not deploy is CI (builds and tests). None: the path or --env decides."""
    name = _environment_name(mapping(node).get("environment"))
    declared = named_environment(name, f"{dialect.system} job {job} environment {name}") if name else None
    by_name = named_environment(job, f"{dialect.system} job {job}")
    if declared or by_name:
        return declared or by_name
    if name or marker_of(path) or _DEPLOYS.search(job):
        return None
    return "test", f"test: {dialect.system} job {job} declares no deployment environment"


def _environment_name(node: yaml.Node | None) -> str | None:
    """``environment: production`` or ``environment: {name: production, url: ...}``."""
    return scalar(node) or scalar(mapping(node).get("name"))


def _by_job(path: str, document: yaml.Node, hints: dict[str, Hint | None], dialect: Dialect) -> list[Located]:
    """Each leaf with the environment of the job it belongs to; global variables with the strictest job's."""
    jobs_key, global_key = dialect.jobs_key, dialect.global_key
    depth = 1 if jobs_key else 0
    global_hint = _strictest(hints, dialect)
    found = []
    for keys, value, line in yaml_leaves(document, ()):
        keys = _without_variable_fields(keys)
        if keys is None:
            continue
        if keys[:1] == (global_key,):
            hint = global_hint
        elif (jobs_key is None or keys[:1] == (jobs_key,)) and len(keys) > depth:
            hint = hints.get(keys[depth])
        else:
            hint = None
        found.extend(tagged(leaf_values(path, [(keys, value, line)], dialect.source), hint, dialect.exposure))
    return found


def _strictest(hints: dict[str, Hint | None], dialect: Dialect) -> Hint | None:
    """Workflow-level values reach every job: production if any job deploys there; undecided if any job is."""
    order = ("production", "staging", "development", "test")
    if not hints or None in hints.values():
        return None
    named = sorted(hints.items(), key=lambda item: order.index(item[1][0]))
    job, (env, _) = named[0]
    return env, f"{env}: {dialect.system} workflow-level {dialect.global_key} reaches job {job}"


def _without_variable_fields(keys: tuple[str, ...]) -> tuple[str, ...] | None:
    """GitLab's ``VAR: {value: x, description: y}``: the value is VAR's; the other fields are not values."""
    if len(keys) >= 3 and keys[-3] == "variables" and keys[-1] in ("value", "description", "options", "expand"):
        return keys[:-1] if keys[-1] == "value" else None
    return keys
