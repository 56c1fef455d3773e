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
from golive.settings import Settings
from golive.sources import Skipped
from golive.sources.environ import PATH as ENVIRONMENT_PATH
from golive.sources.scan import collect

if TYPE_CHECKING:
    from golive.online.options import OnlineOptions

MIN_KNOWN_SECRET = 12  # shorter values are words as often as secrets, and redact shows none of them anyway
SHOWN_STATUSES = frozenset({Status.EMPTY, Status.REFERENCE, Status.PLACEHOLDER, Status.REDACTED})


def run_check(spec: CheckSpec, ctx: Context, clean: Callable[[str], str] = scrub) -> CheckOutcome:
    """``clean`` redacts keys in whatever the check wrote (see :func:`known_secrets`)."""
    if spec.online and ctx.online is None:
        return CheckOutcome(spec, Outcome.NOT_RUN, (), reason="online check: --online was not given")
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


def check_tree(
    root: Path, settings: Settings, checks: list[CheckSpec], baseline: frozenset[str] = frozenset(), today: date | None = None,
    online: OnlineOptions | None = None, plugin_notices: tuple[str, ...] = (),
) -> Report:
    """``baseline``: fingerprints already accepted; ``today`` decides which exceptions expired (tests pin it);
    ``online``: ask the Stripe API about each key (``--online``), the only time golive opens a socket;
    ``plugin_notices``: optional plugins that did not load, for every report to show."""
    collected = collect(root, settings.exclude, dict(os.environ) if settings.from_env else None)
    inventory = inventory_module.build(collected, settings.env, {k: v.value for k, v in settings.environments.items()})
    facts = None
    if online is not None:
        from golive.online.verify import verify  # imports httpx: only ever with --online

        facts = verify(inventory, settings.env, online)
    ctx = Context(inventory=inventory, target_env=settings.env, settings=settings, online=facts)
    clean = scrubber(known_secrets(inventory))
    outcomes = tuple(run_check(spec, ctx, clean) for spec in checks)
    outcomes, notices = suppress.apply(outcomes, checks, settings.exceptions, collected.ignores, baseline, today or date.today())
    return Report(
        target_env=settings.env.value,
        fail_on=settings.fail_on,
        outcomes=outcomes,
        files_scanned=inventory.files_scanned,
        skipped=tuple(Skipped(clean(s.path), clean(s.reason), s.unread) for s in inventory.skipped),
        inventory=inventory,
        notices=tuple(clean(notice) for notice in (*plugin_notices, *notices)) + _offline_notice(checks, facts is None)
        + _from_env_notice(settings.from_env, inventory),
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
