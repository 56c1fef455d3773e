"""Run checks over an inventory and assemble the report. A crashing check is an error, never a pass."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from golive import inventory as inventory_module
from golive import suppress
from golive.api import CheckSpec, Context, Finding, NotRun, Severity
from golive.keys import Status, scrub, scrubber
from golive.report import CheckOutcome, Outcome, Report
from golive.scopes import component_scopes
from golive.settings import Settings
from golive.sources import Collected, Skipped
from golive.sources.environ import PATH as ENVIRONMENT_PATH
from golive.sources.scan import Scan, collect

if TYPE_CHECKING:
    from golive.online.options import OnlineOptions

MIN_KNOWN_SECRET = 12  # shorter values are words as often as secrets, and redact shows none of them anyway
SHOWN_STATUSES = frozenset({Status.EMPTY, Status.REFERENCE, Status.PLACEHOLDER, Status.REDACTED})
OFFLINE = "online check: --online was not given"
COMMIT_OFFLINE = "commit stage: online checks verify keys the deploy injects; run them in the deploy job with --online"
#: Checks whose finding about a value that is absent from the tree means "injected at deploy" when the
#: tree is only being committed (``stage = "commit"``): the webhook signing secret lives in the deploy's
#: secret store in the layout golive recommends.
ABSENT_AT_COMMIT = frozenset({"GL401"})
DEPLOY_JOB = "run `golive check --stage deploy --from-env` in the deploy job, where they exist"


def run_check(spec: CheckSpec, ctx: Context, clean: Callable[[str], str] = scrub, offline_reason: str = OFFLINE) -> CheckOutcome:
    """``clean`` redacts keys in whatever the check wrote (see :func:`known_secrets`)."""
    if spec.online and ctx.online is None:
        return CheckOutcome(spec, Outcome.NOT_RUN, (), reason=offline_reason)
    try:
        findings = [_complete(spec, found, clean) for found in spec.run(ctx)]
    except NotRun as not_run:
        return CheckOutcome(spec, Outcome.NOT_RUN, (), reason=clean(not_run.reason))
    except Exception as error:  # noqa: BLE001 - a crash is reported and fails the run (exit 3)
        return CheckOutcome(spec, Outcome.ERROR, (), error=clean(f"{type(error).__name__}: {error}"))
    findings.sort(key=lambda f: (f.path, f.line, f.variable or "", f.message))
    return CheckOutcome(spec, Outcome.FAIL if findings else Outcome.PASS, tuple(findings))


def known_secrets(inventory: inventory_module.Inventory) -> frozenset[str]:
    """The secret values read from the tree, as written and stripped, that are long enough to matter:
    a check may quote one that no key pattern recognises (no prefix, a space inside)."""
    return frozenset(
        text
        for item in inventory.values
        if item.is_secret_kind and not item.name_only and item.key.status not in SHOWN_STATUSES
        for text in (item.key.value, item.key.value.strip(), item.key.value.strip().strip("'\"`"))
        if len(text) >= MIN_KNOWN_SECRET
    )


def _complete(spec: CheckSpec, found: Finding, clean: Callable[[str], str]) -> Finding:
    """Metadata filled in, and every string a check wrote scrubbed: file names, variable names and
    reasons come from the tree and may hold a key too."""
    if not isinstance(found, Finding):
        raise TypeError(f"check yielded {type(found).__name__}, not a Finding")
    if not isinstance(found.path, str) or not isinstance(found.line, int):  # else sorting fails outside the check
        raise TypeError(f"check yielded a Finding with path {type(found.path).__name__} and line {type(found.line).__name__}")
    return dataclasses.replace(
        found,
        check_id=spec.id,
        check_name=spec.name,
        severity=Severity(found.severity or spec.severity),
        remediation=clean(found.remediation or spec.remediation),
        message=clean(found.message),
        path=clean(found.path),
        variable=clean(found.variable) if found.variable else found.variable,
        value=clean(found.value),
        evidence=tuple(clean(reason) for reason in found.evidence),
    )


def read_tree(root: Path, settings: Settings, started: Scan | None = None) -> tuple[Collected, inventory_module.Inventory]:
    """The tree (and, with from_env, this process's environment) as the settings say to read it:
    what the sources found, and the inventory built from it. ``started``: a reading begun before the
    settings were validated, used only if it reads the same root with the same inputs."""
    if started is not None and (started.root, started.exclude, started.process_env is not None) == (
        root,
        settings.exclude,
        settings.from_env,
    ):
        collected = started.result()
    else:
        if started is not None:
            started.stop()
        collected = collect(root, settings.exclude, dict(os.environ) if settings.from_env else None)
    return collected, inventory_module.build(collected, settings.env, {k: v.value for k, v in settings.environments.items()})


def check_tree(
    root: Path,
    settings: Settings,
    checks: list[CheckSpec],
    baseline: suppress.Baseline | None = None,
    today: date | None = None,
    online: OnlineOptions | None = None,
    plugin_notices: tuple[str, ...] = (),
    started: Scan | None = None,
) -> Report:
    """``baseline``: findings already accepted, and why; ``today`` decides which exceptions expired (tests pin it);
    ``online``: ask the Stripe API about each key (``--online``), the only time golive opens a socket;
    ``plugin_notices``: optional plugins that did not load, for every report to show; ``started``: the
    tree's reading begun before the settings were validated (see :func:`read_tree`).
    An exception naming no check is a :class:`~golive.settings.ConfigError`, raised before the reading is used."""
    suppress.validate(settings.exceptions, checks, settings.optional_plugins)
    collected, inventory = read_tree(root, settings, started)
    facts = None
    if online is not None:
        from golive.online.verify import (
            verify,  # imports httpx: only ever with --online
        )

        facts = verify(inventory, settings.env, online)
    ctx = Context(
        inventory=inventory, target_env=settings.env, settings=settings, online=facts, scopes=component_scopes(inventory)
    )
    online_notices: tuple[str, ...] = ()
    if facts is not None:
        from golive.online.notices import (
            online_notices as unseen,  # what the online checks could not see
        )

        online_notices = unseen(ctx)
    clean = scrubber(known_secrets(inventory))
    commit = settings.stage == "commit"
    outcomes = tuple(run_check(spec, ctx, clean, COMMIT_OFFLINE if commit else OFFLINE) for spec in checks)
    if commit:
        outcomes = tuple(_at_commit(outcome, inventory) for outcome in outcomes)
    outcomes += _plugins_not_loaded(settings.optional_plugins, checks)
    outcomes, notices = suppress.apply(outcomes, checks, settings.exceptions, collected.ignores, baseline, today or date.today())
    outcomes = tuple(_clean_suppressions(outcome, clean) for outcome in outcomes)
    return Report(
        target_env=settings.env.value,
        fail_on=settings.fail_on,
        outcomes=outcomes,
        files_scanned=inventory.files_scanned,
        skipped=tuple(Skipped(clean(s.path), clean(s.reason), s.unread) for s in inventory.skipped),
        inventory=inventory,
        notices=tuple(clean(notice) for notice in (*plugin_notices, *notices, *online_notices))
        + _offline_notice(checks, facts is None and not commit)
        + _from_env_notice(settings.from_env, inventory),
        require_online=settings.require_online,
        stage=settings.stage,
    )


def _clean_suppressions(outcome: CheckOutcome, clean: Callable[[str], str]) -> CheckOutcome:
    """Reasons for accepting a finding are the team's words (a flag, golive.toml, an inline comment) and may quote a key."""
    if not any(f.suppression for f in outcome.findings):
        return outcome
    findings = tuple(
        dataclasses.replace(f, suppression=dataclasses.replace(f.suppression, reason=clean(f.suppression.reason)))
        if f.suppression
        else f
        for f in outcome.findings
    )
    return dataclasses.replace(outcome, findings=findings)


def _at_commit(outcome: CheckOutcome, inventory: inventory_module.Inventory) -> CheckOutcome:
    """A pre-commit run judges what a commit can break. A finding about a value the deploy fills in (a
    ``${REF}`` reference, or a webhook secret absent from the tree) is left to the deploy: a check with
    nothing else to say did not run, with the reason; one that found more still fails on the rest."""
    references = {(item.path, item.line, item.variable) for item in inventory.values if item.key.status is Status.REFERENCE}

    def deferred(found: Finding) -> bool:
        if (found.path, found.line, found.variable) in references:
            return True
        return outcome.check.id in ABSENT_AT_COMMIT and not found.value_hash

    later = [f for f in outcome.findings if deferred(f)]
    if not later:
        return outcome
    kept = tuple(f for f in outcome.findings if not deferred(f))
    reason = f"commit stage: {len(later)} finding(s) need values injected at deploy, which a commit does not have; {DEPLOY_JOB}"
    return dataclasses.replace(outcome, outcome=Outcome.FAIL if kept else Outcome.NOT_RUN, findings=kept, reason=reason)


def _plugins_not_loaded(optional: list[str], checks: list[CheckSpec]) -> tuple[CheckOutcome, ...]:
    """One not-run outcome per optional plugin whose checks are missing: which checks it holds is unknown
    when it did not import, so the plugin stands for them (its id prefix, as in ``optional_plugins``)."""
    missing = [name for name in optional if not any(spec.id.startswith(name) for spec in checks)]
    return tuple(
        CheckOutcome(
            CheckSpec(
                id=name,
                name=f"plugin-{name.lower()}",
                severity=Severity.ERROR,
                summary=f"the checks of optional plugin {name}",
                rationale="An optional plugin that did not load ran none of its checks.",
                remediation=f"Install plugin {name} or fix its import, or remove it from optional_plugins.",
                run=lambda ctx: (),
                plugin=name,
            ),
            Outcome.NOT_RUN,
            (),
            reason=f"optional plugin {name} did not load: none of its checks ran",
        )
        for name in missing
    )


def _from_env_notice(from_env: bool, inventory: inventory_module.Inventory) -> tuple[str, ...]:
    """--from-env that found no Stripe variable judged nothing: say so, rather than let it read as verified."""
    if not from_env or any(value.path == ENVIRONMENT_PATH for value in inventory.values):
        return ()
    return ("--from-env: this process's environment holds no Stripe variable, so the deploy environment was not judged",)


def _offline_notice(checks: list[CheckSpec], offline: bool) -> tuple[str, ...]:
    """Online checks pass vacuously without --online; say so, so that nobody reads it as verified."""
    skipped = [spec.id for spec in checks if spec.online]
    if not (offline and skipped):
        return ()
    return (f"online checks not run ({', '.join(skipped)}): pass --online to verify keys with the Stripe API",)
