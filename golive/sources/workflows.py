"""CI workflows: GitHub Actions and GitLab CI.

A job that deploys names its environment (``environment: production``), and so decides the
environment of every value it sees: its own ``env``/``variables`` and the workflow-level ones, which
reach every job. ``${{ secrets.X }}`` and ``$X`` are references, filled in by the CI system.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch

import yaml

from golive.sources import Load, Located, Reading
from golive.sources.deploy import (
    Hint,
    documents,
    leaf_values,
    mapping,
    marker_of,
    named_environment,
    scalar,
    tagged,
    yaml_leaves,
)
from golive.sources.procfile import ENV_FILE, seed_files


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
    {
        "default",
        "include",
        "stages",
        "variables",
        "workflow",
        "image",
        "services",
        "cache",
        "before_script",
        "after_script",
        "spec",
    }
)


def read_github(path: str, content: str) -> Reading:
    reading = Reading()
    for document in documents(content):
        jobs = mapping(mapping(document).get("jobs"))
        hints = {job: _job_environment(path, job, node, GITHUB) for job, node in jobs.items()}
        hints.update(_builders(hints, _github_artifacts(jobs), GITHUB))
        reading.values.extend(_by_job(path, document, hints, GITHUB))
        reading.loads.extend(_deploy_step_loads(path, jobs, hints, GITHUB))
    return reading


def read_gitlab(path: str, content: str) -> Reading:
    reading = Reading()
    for document in documents(content):
        jobs = {k: v for k, v in mapping(document).items() if k not in GITLAB_KEYWORDS and isinstance(v, yaml.MappingNode)}
        hints = {job: _job_environment(path, job, node, GITLAB) for job, node in jobs.items()}
        hints.update(_builders(hints, _gitlab_artifacts(document, jobs), GITLAB))
        reading.values.extend(_by_job(path, document, hints, GITLAB))
        reading.loads.extend(_deploy_step_loads(path, jobs, hints, GITLAB))
    return reading


def _deploy_step_loads(path: str, jobs: Mapping[str, yaml.Node], hints: dict[str, Hint | None], dialect: Dialect) -> list[Load]:
    """Env files a deploy job's commands use (``scp .env host:app/``, ``docker run --env-file .env``):
    they go where the job deploys. Commands of CI jobs (``cp .env.example .env`` before the tests) do not."""
    found = []
    for job, node in jobs.items():
        hint = hints.get(job)
        if hint is not None and hint[0] == "test" or job.startswith("."):
            continue
        fields = mapping(node)
        commands = [fields.get(key) for key in ("script", "before_script", "after_script")]
        commands += [mapping(step).get(key) for step in _sequence(fields.get("steps")) for key in ("run", "with")]
        for command in commands:
            for _, text, line in yaml_leaves(command, ("step",)) if command is not None else ():
                for match in ENV_FILE.finditer(text or ""):
                    written = posixpath.normpath(match.group(1))
                    if not written.startswith("../"):
                        found.append(Load("file", written, None, f"{dialect.system} job {job} ({path}, line {line})", hint))
                for seeded in seed_files(text or ""):
                    found.append(
                        Load(
                            "file", seeded, None, f"{dialect.system} job {job} ({path}, line {line}), which runs the seeds", hint
                        )
                    )
    return found


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
    return _ci(job, dialect)


def _ci(job: str, dialect: Dialect) -> Hint:
    return "test", f"test: {dialect.system} job {job} declares no deployment environment"


#: (builder job, consumer job, what passes between them in words)
Handover = tuple[str, str, str]
ORDER = ("production", "staging", "development")


def _builders(hints: dict[str, Hint | None], handovers: list[Handover], dialect: Dialect) -> dict[str, Hint | None]:
    """A job that declares no environment but builds what a deploy job ships is building for that
    deploy: its values (a publishable key inlined into the bundle) go where the artifact goes. The
    strictest consumer decides: production first; an undecided deploy job leaves it to the path and --env."""
    decided: dict[str, Hint | None] = {}
    for builder in {builder for builder, _, _ in handovers}:
        if hints.get(builder) != _ci(builder, dialect):
            continue  # the job says where it runs, or deploys itself
        consumers = [(consumer, what, hints.get(consumer)) for b, consumer, what in handovers if b == builder]
        deploying = [(consumer, what, hint) for consumer, what, hint in consumers if hint is None or hint[0] in ORDER]
        if not deploying:
            continue  # only CI (tests, scans) uses it
        known = [(consumer, what, hint) for consumer, what, hint in deploying if hint]
        production = [item for item in known if item[2][0] == "production"]
        if production or len(known) == len(deploying):
            consumer, what, hint = (production or sorted(known, key=lambda item: ORDER.index(item[2][0])))[0]
            env = hint[0]
            why = hint[1].split(": ", 1)[-1]
            decided[builder] = env, f"{env}: {dialect.system} job {builder} builds {what}, which job {consumer} deploys ({why})"
        else:
            decided[builder] = None  # an undecided deploy job ships it: the path and --env decide
    return decided


def _github_artifacts(jobs: dict[str, yaml.Node]) -> list[Handover]:
    """(builder, consumer, artifact): the consumer needs the builder (directly or through other jobs)
    and downloads an artifact the builder uploads (actions/upload-artifact, actions/download-artifact)."""
    uploads = {job: _artifact_names(node, "upload-artifact") for job, node in jobs.items()}
    needs = {job: _names(mapping(node).get("needs")) for job, node in jobs.items()}
    handovers = []
    for consumer, node in jobs.items():
        downloads = _artifact_names(node, "download-artifact")
        for builder in _ancestors(consumer, needs):
            for artifact in uploads.get(builder, []):
                assert artifact is not None  # an upload is always named ("artifact" by default)
                if any(pattern is None or fnmatch(artifact, pattern) for pattern in downloads):
                    handovers.append((builder, consumer, f"the artifact {artifact}"))
                    break
            else:
                if _pushes_image(jobs[builder]) if builder in jobs else False:
                    handovers.append((builder, consumer, "the image it pushes"))
    return handovers


#: A job that pushes a container image to a registry: what a later deploy job rolls out.
_IMAGE_PUSH = re.compile(r"\b(?:docker|podman|buildah)\s+(?:image\s+)?push\b|\bbuildx\s+build\b[^\n]*--push\b|/kaniko/executor\b")


def _pushes_image(job: yaml.Node) -> bool:
    fields = mapping(job)
    for step in _sequence(fields.get("steps")):
        uses = scalar(mapping(step).get("uses")) or ""
        if uses.startswith("docker/build-push-action") and scalar(mapping(mapping(step).get("with")).get("push")) in (
            "true",
            "True",
        ):
            return True
    commands = [fields.get(key) for key in ("script", "before_script")] + [
        mapping(step).get("run") for step in _sequence(fields.get("steps"))
    ]
    return any(
        _IMAGE_PUSH.search(text or "")
        for command in commands
        if command is not None
        for _, text, _ in yaml_leaves(command, ("command",))
    )


def _artifact_names(job: yaml.Node, action: str) -> list[str | None]:
    """Names a job's steps upload (default ``artifact``) or download (None: every artifact of the run)."""
    found: list[str | None] = []
    steps = mapping(job).get("steps")
    for step in steps.value if isinstance(steps, yaml.SequenceNode) else []:
        uses = scalar(mapping(step).get("uses")) or ""
        if f"/{action}@" not in uses and not uses.endswith(f"/{action}"):
            continue
        arguments = mapping(mapping(step).get("with"))
        name = scalar(arguments.get("name")) or scalar(arguments.get("pattern"))
        found.append(name if name or action == "download-artifact" else "artifact")
    return found


def _ancestors(job: str, needs: dict[str, list[str]]) -> list[str]:
    """Every job that runs before ``job`` because it needs it, directly or through others."""
    found, stack = [], list(needs.get(job, []))
    while stack:
        other = stack.pop()
        if other not in found and other != job:
            found.append(other)
            stack.extend(needs.get(other, []))
    return found


def _names(node: yaml.Node | None) -> list[str]:
    """``needs: build``, ``needs: [build, test]``, GitLab's ``needs: [{job: build}]``."""
    if isinstance(node, yaml.ScalarNode):
        return [node.value]
    items = node.value if isinstance(node, yaml.SequenceNode) else []
    return [name for item in items if (name := scalar(item) or scalar(mapping(item).get("job")))]


GITLAB_STAGES = (".pre", "build", "test", "deploy", ".post")


def _gitlab_artifacts(document: yaml.Node, jobs: Mapping[str, yaml.Node]) -> list[Handover]:
    """(builder, consumer, its artifacts): GitLab hands a job's ``artifacts`` to the jobs listed in
    ``dependencies``, else ``needs`` (unless ``artifacts: false``), else every job of a later stage."""
    stages = [scalar(n) for n in _sequence(mapping(document).get("stages"))] or list(GITLAB_STAGES)
    runnable = {job: node for job, node in jobs.items() if not job.startswith(".")}
    builders = {job: node for job, node in runnable.items() if "artifacts" in mapping(node) or _pushes_image(node)}
    handovers = []
    for consumer, node in runnable.items():
        fields = mapping(node)
        sources: Sequence[str | None]
        if "dependencies" in fields:
            sources = _names(fields["dependencies"])
        elif "needs" in fields:
            sources = [
                _names(item)[0] if isinstance(item, yaml.ScalarNode) else scalar(mapping(item).get("job"))
                for item in _sequence(fields["needs"])
                if scalar(mapping(item).get("artifacts")) not in ("false", "False")
            ]
        else:
            stage = _stage(node, stages)
            sources = [builder for builder, other in builders.items() if _stage(other, stages) < stage]
        for builder in sources:
            if builder is not None and builder in builders and builder != consumer:
                paths = [scalar(p) for p in _sequence(mapping(mapping(builders[builder]).get("artifacts")).get("paths"))]
                what = f"the artifacts {', '.join(p for p in paths if p)}" if any(paths) else "the artifacts"
                handovers.append(
                    (builder, consumer, what if "artifacts" in mapping(builders[builder]) else "the image it pushes")
                )
    return handovers


def _sequence(node: yaml.Node | None) -> list[yaml.Node]:
    return node.value if isinstance(node, yaml.SequenceNode) else []


def _stage(job: yaml.Node, stages: list[str | None]) -> int:
    stage = scalar(mapping(job).get("stage")) or "test"
    return stages.index(stage) if stage in stages else len(stages)


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
        kept = _without_variable_fields(keys)
        if kept is None:
            continue
        if kept[:1] == (global_key,):
            hint = global_hint
        elif (jobs_key is None or kept[:1] == (jobs_key,)) and len(kept) > depth:
            hint = hints.get(kept[depth])
        else:
            hint = None
        found.extend(tagged(leaf_values(path, [(kept, value, line)], dialect.source), hint, dialect.exposure))
    return found


def _strictest(hints: dict[str, Hint | None], dialect: Dialect) -> Hint | None:
    """Workflow-level values reach every job: production if any job deploys there; undecided if any job is."""
    order = ("production", "staging", "development", "test")
    if not hints or None in hints.values():
        return None
    named = sorted(((job, hint) for job, hint in hints.items() if hint is not None), key=lambda item: order.index(item[1][0]))
    job, (env, _) = named[0]
    return env, f"{env}: {dialect.system} workflow-level {dialect.global_key} reaches job {job}"


def _without_variable_fields(keys: tuple[str, ...]) -> tuple[str, ...] | None:
    """GitLab's ``VAR: {value: x, description: y}``: the value is VAR's; the other fields are not values."""
    if len(keys) >= 3 and keys[-3] == "variables" and keys[-1] in ("value", "description", "options", "expand"):
        return keys[:-1] if keys[-1] == "value" else None
    return keys
