"""The contract between golive and its checks, built-in or third-party.

A check is a module (or any object) with ``ID``, ``NAME``, ``SEVERITY``, ``SUMMARY``,
``RATIONALE``, ``REMEDIATION`` and ``run(ctx)``, which yields :class:`Finding` objects made with
:func:`finding`. The runner fills in the check's metadata; checks never open files or sockets.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from golive.environments import Env
    from golive.inventory import Inventory, StripeValue
    from golive.online.facts import OnlineFacts
    from golive.scopes import ComponentScope
    from golive.settings import Settings


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1}[self.value]


BUILTIN = "GL"  # the entry-point name of golive's own checks: never optional
PREFIX = re.compile(r"^[A-Z]{2,4}$")  # a plugin's entry-point name, and the prefix of its check ids
CHECK_ID = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")
CHECK_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class NotRun(Exception):  # noqa: N818 - an outcome, not a failure
    """Raised by a check's ``run`` when it cannot judge (no key reached golive, the key may not read
    what the check needs): the check is reported ``not_run`` with this reason, never as passed."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Suppression:
    """Why a finding is accepted: it stays in every report, marked, but does not fail the gate."""

    reason: str
    source: str  # "golive.toml", "inline" or "baseline"
    expires: str = ""  # ISO date; empty: no expiry


@dataclass(frozen=True)
class Finding:
    """One problem at one place. ``value`` is always redacted; ``fingerprint`` never holds a secret."""

    message: str
    path: str
    line: int
    variable: str | None = None
    value: str = ""
    environment: str = ""
    exposure: str = ""
    evidence: tuple[str, ...] = ()  # how environment and exposure were decided
    severity: Severity | None = None  # None: the check's default
    check_id: str = ""
    check_name: str = ""
    remediation: str = ""
    value_hash: str = ""  # sha256 of the value, for fingerprints; never shown
    suppression: Suppression | None = None  # set by the runner when an exception or baseline accepts it

    @property
    def fingerprint(self) -> str:
        """Stable across edits that move lines; identical for the same problem in the same place."""
        basis = "\0".join((self.check_id, self.path, self.variable or "", self.value_hash or self.message))
        return hashlib.sha256(basis.encode()).hexdigest()[:32]

    @property
    def level(self) -> Severity:
        """The severity the runner settled; set on every finding a report holds."""
        assert self.severity is not None
        return self.severity

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


def finding(item: StripeValue, message: str, severity: Severity | None = None) -> Finding:
    """A finding about one inventory value, carrying its redacted value and the reasoning."""
    return Finding(
        message=message,
        path=item.path,
        line=item.line,
        variable=item.variable,
        value=item.redacted,
        environment=item.environment.value,
        exposure=item.exposure.value,
        evidence=(item.environment_reason, item.exposure_reason),
        severity=severity,
        value_hash=hashlib.sha256(item.key.value.encode()).hexdigest() if not item.name_only else "",
    )


@dataclass(frozen=True)
class Context:
    """What a check may look at."""

    inventory: Inventory
    target_env: Env
    settings: Settings
    online: OnlineFacts | None = None  # what the Stripe API said about each key; None without --online
    scopes: tuple[ComponentScope, ...] = ()  # per component: the Stripe calls its code makes, the keys it reads


@dataclass(frozen=True)
class CheckSpec:
    """A loaded check: its metadata and its ``run``, and the plugin it came from."""

    id: str
    name: str
    severity: Severity
    summary: str
    rationale: str
    remediation: str
    run: Callable[[Context], Iterable[Finding]] = field(compare=False)
    plugin: str = "golive"
    online: bool = False  # reads ctx.online: finds nothing unless --online asked the Stripe API

    @classmethod
    def from_object(cls, obj: Any, plugin: str) -> CheckSpec:
        missing = [a for a in ("ID", "NAME", "SEVERITY", "SUMMARY", "RATIONALE", "REMEDIATION", "run") if not hasattr(obj, a)]
        if missing:
            raise ValueError(f"{getattr(obj, '__name__', obj)!r} lacks {', '.join(missing)}")
        return cls(
            id=obj.ID,
            name=obj.NAME,
            severity=Severity(obj.SEVERITY),
            summary=obj.SUMMARY,
            rationale=" ".join(obj.RATIONALE.split()),
            remediation=" ".join(obj.REMEDIATION.split()),
            run=obj.run,
            plugin=plugin,
            online=bool(getattr(obj, "ONLINE", False)),
        )
