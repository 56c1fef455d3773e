"""Accepted risks, applied in one place after the checks ran: inline ignores, config exceptions, a baseline.

A suppressed finding stays in every report, marked with the reason it was accepted; only the gate
skips it. Whatever does not work says so in the report's notices: an expired exception, one that
matches nothing, an inline ignore without a reason.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fnmatch import fnmatchcase
from pathlib import Path

from golive.api import CheckSpec, Finding, Suppression
from golive.keys import redact_tokens
from golive.report import CheckOutcome, Outcome
from golive.settings import AcceptedRisk, BaselinePolicy, ConfigError
from golive.sources import IgnoreComment

PLUGIN_CHECK_ID = re.compile(r"^([A-Z]{2,4})[0-9]{3}$")


@dataclass(frozen=True)
class Baseline:
    """The findings of a previous JSON report, accepted for one reason until an optional last day."""

    path: str
    fingerprints: frozenset[str]
    reason: str
    expires: date | None = None


def load_baseline(path: Path, policy: BaselinePolicy, reason: str | None = None) -> Baseline:
    """``reason``: ``--baseline-reason``, over ``[baseline] reason`` in the config. A baseline accepts
    findings as an exception does, so without a reason it is a configuration error."""
    reason = (reason or "").strip() or policy.reason
    if not reason:
        raise ConfigError(
            f"--baseline {path}: a baseline accepts findings, so it needs a reason: give --baseline-reason TEXT "
            'or [baseline] reason = "..." in golive.toml (and optionally expires = YYYY-MM-DD)'
        )
    return Baseline(str(path), _fingerprints(path), reason, policy.expires)


def validate(exceptions: Sequence[AcceptedRisk], checks: Iterable[CheckSpec], optional_plugins: Sequence[str]) -> None:
    """An exception naming no loaded check is a typo that would accept nothing: a configuration error.
    Only an id of an optional plugin that did not load is let through (reported stale, since its checks did not run)."""
    checks = list(checks)
    known = {alias.lower() for spec in checks for alias in (spec.id, spec.name)}
    not_loaded = {name for name in optional_plugins if not any(spec.id.startswith(name) for spec in checks)}
    problems = []
    for index, rule in enumerate(exceptions):
        prefix = PLUGIN_CHECK_ID.match(rule.check.upper())
        if rule.check.lower() in known or (prefix and prefix.group(1) in not_loaded):
            continue
        problems.append(
            f"exceptions[{index}].check: no check is called {redact_tokens(repr(rule.check))}; `golive checks` lists the ids "
            "and names"
        )
    if problems:
        raise ConfigError("\n".join(problems))


def _fingerprints(path: Path) -> frozenset[str]:
    """Fingerprints of the findings in a previous JSON report; anything else is a usage error."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ConfigError(f"cannot read baseline {path}: {getattr(error, 'strerror', None) or error}") from None
    if not isinstance(data, dict) or data.get("schema_version") != 1 or not isinstance(data.get("findings"), list):
        raise ConfigError(f"baseline {path} is not a golive JSON report (--format json, schema_version 1)")
    fingerprints = [entry.get("fingerprint") if isinstance(entry, dict) else None for entry in data["findings"]]
    if not all(isinstance(fp, str) and fp for fp in fingerprints):
        raise ConfigError(f"baseline {path}: a finding has no fingerprint")
    return frozenset(fp for fp in fingerprints if isinstance(fp, str))  # all are, as checked above


def apply(
    outcomes: Sequence[CheckOutcome],
    checks: Iterable[CheckSpec],
    exceptions: Sequence[AcceptedRisk],
    ignores: Sequence[IgnoreComment],
    baseline: Baseline | None,
    today: date,
) -> tuple[tuple[CheckOutcome, ...], tuple[str, ...]]:
    """The outcomes with accepted findings marked, and the notices a reviewer must read."""
    ids = {alias.lower(): spec.id for spec in checks for alias in (spec.id, spec.name)}
    notices: list[str] = []
    if baseline and baseline.expires and baseline.expires < today:
        notices.append(
            f"baseline {baseline.path} expired on {baseline.expires.isoformat()}; its findings count again "
            f"(reason was: {baseline.reason})"
        )
        baseline = None
    rules = []
    for rule in exceptions:
        if rule.expires and rule.expires < today:
            notices.append(
                f"{rule.label} expired on {rule.expires.isoformat()}; its findings count again (reason was: {rule.reason})"
            )
        else:
            rules.append(rule)
    comments = []
    for comment in ignores:
        if comment.reason and comment.checks:
            comments.append(comment)
        else:
            missing = "no reason after the brackets" if comment.checks else "no check id in the brackets"
            notices.append(f"{_where(comment)}: inline ignore has {missing}, so it suppresses nothing")

    covering: dict[tuple[str, int], list[int]] = defaultdict(list)  # (path, line) -> comments on it or above it
    for index, comment in enumerate(comments):
        covering[comment.path, comment.line].append(index)
        covering[comment.path, comment.line + 1].append(index)
    used_rules: set[int] = set()
    used_comments: set[int] = set()

    def accept(found: Finding) -> Finding:
        """Every match counts as used; the most specific one (inline, config, baseline) is shown."""
        accepted: list[Suppression] = []
        for index in covering.get((found.path, found.line), ()) if found.line else ():
            if found.check_id in {ids.get(name.lower()) for name in comments[index].checks}:
                used_comments.add(index)
                accepted.append(Suppression(comments[index].reason, "inline"))
        for index, rule in enumerate(rules):
            if _rule_covers(rule, found, ids):
                used_rules.add(index)
                accepted.append(Suppression(rule.reason, "golive.toml", rule.expires.isoformat() if rule.expires else ""))
        if baseline and found.fingerprint in baseline.fingerprints:
            accepted.append(Suppression(baseline.reason, "baseline", baseline.expires.isoformat() if baseline.expires else ""))
        return dataclasses.replace(found, suppression=accepted[0]) if accepted else found

    marked = tuple(dataclasses.replace(o, findings=tuple(accept(f) for f in o.findings)) for o in outcomes)
    crashed = {o.check.id for o in outcomes if o.outcome is Outcome.ERROR}  # found nothing, so cannot tell staleness
    for index, rule in enumerate(rules):
        if index not in used_rules and ids.get(rule.check.lower()) not in crashed:
            unknown = "" if rule.check.lower() in ids else f" (no loaded check is called {rule.check!r})"
            notices.append(f"{rule.label} is stale: it matches no finding{unknown}; remove it from golive's config")
    for index, comment in enumerate(comments):
        if index not in used_comments and not crashed.issuperset(ids.get(name.lower()) for name in comment.checks):
            notices.append(
                f"{_where(comment)}: inline ignore[{','.join(comment.checks)}] is stale: it matches no finding on this line or "
                "the next"
            )
    return marked, tuple(notices)


def _rule_covers(rule: AcceptedRisk, found: Finding, ids: dict[str, str]) -> bool:
    return (
        ids.get(rule.check.lower()) == found.check_id
        and (not rule.path or fnmatchcase(found.path, rule.path))
        and (not rule.variable or fnmatchcase(found.variable or "", rule.variable))
    )


def _where(comment: IgnoreComment) -> str:
    return f"{comment.path}:{comment.line}"
