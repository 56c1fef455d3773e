"""Run checks over an inventory and assemble the report. A crashing check is an error, never a pass."""

from __future__ import annotations

import dataclasses
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from golive import inventory as inventory_module
from golive import suppress
from golive.api import CheckSpec, Context, Finding
from golive.keys import scrub
from golive.report import CheckOutcome, Outcome, Report
from golive.settings import Settings
from golive.sources.scan import collect

if TYPE_CHECKING:
    from golive.online.options import OnlineOptions


def run_check(spec: CheckSpec, ctx: Context) -> CheckOutcome:
    try:
        findings = [_complete(spec, found) for found in spec.run(ctx)]
    except Exception as error:  # noqa: BLE001 - a crash is reported and fails the run (exit 3)
        return CheckOutcome(spec, Outcome.ERROR, (), error=scrub(f"{type(error).__name__}: {error}"))
    findings.sort(key=lambda f: (f.path, f.line, f.variable or "", f.message))
    return CheckOutcome(spec, Outcome.FAIL if findings else Outcome.PASS, tuple(findings))


def _complete(spec: CheckSpec, found: Finding) -> Finding:
    if not isinstance(found, Finding):
        raise TypeError(f"check yielded {type(found).__name__}, not a Finding")
    return dataclasses.replace(
        found,
        check_id=spec.id,
        check_name=spec.name,
        severity=found.severity or spec.severity,
        remediation=found.remediation or spec.remediation,
        message=scrub(found.message),
    )


def check_tree(
    root: Path, settings: Settings, checks: list[CheckSpec], baseline: frozenset[str] = frozenset(), today: date | None = None,
    online: OnlineOptions | None = None,
) -> Report:
    """``baseline``: fingerprints already accepted; ``today`` decides which exceptions expired (tests pin it);
    ``online``: ask the Stripe API about each key (``--online``), the only time golive opens a socket."""
    collected = collect(root, settings.exclude, dict(os.environ) if settings.from_env else None)
    inventory = inventory_module.build(collected, settings.env, {k: v.value for k, v in settings.environments.items()})
    facts = None
    if online is not None:
        from golive.online.verify import verify  # imports httpx: only ever with --online

        facts = verify(inventory, settings.env, online)
    ctx = Context(inventory=inventory, target_env=settings.env, settings=settings, online=facts)
    outcomes = tuple(run_check(spec, ctx) for spec in checks)
    outcomes, notices = suppress.apply(outcomes, checks, settings.exceptions, collected.ignores, baseline, today or date.today())
    return Report(
        target_env=settings.env.value,
        fail_on=settings.fail_on,
        outcomes=outcomes,
        files_scanned=inventory.files_scanned,
        skipped=inventory.skipped,
        inventory=inventory,
        notices=notices + _offline_notice(checks, facts is None),
    )


def _offline_notice(checks: list[CheckSpec], offline: bool) -> tuple[str, ...]:
    """Online checks pass vacuously without --online; say so, so that nobody reads it as verified."""
    skipped = [spec.id for spec in checks if spec.online]
    if not (offline and skipped):
        return ()
    return (f"online checks not run ({', '.join(skipped)}): pass --online to verify keys with the Stripe API",)
