"""The result of a run: per-check outcomes, the verdict, and the exit code. Reporters only render it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from golive import __version__
from golive.api import CheckSpec, Finding, Severity
from golive.exitcode import ExitCode
from golive.inventory import Inventory
from golive.sources import Skipped


class Outcome(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"  # the check crashed: the run cannot be trusted
    NOT_RUN = "not_run"  # the check could not judge (an online check without --online): never a pass


@dataclass(frozen=True)
class CheckOutcome:
    check: CheckSpec
    outcome: Outcome
    findings: tuple[Finding, ...]
    error: str = ""
    reason: str = ""  # why a check did not run


@dataclass(frozen=True)
class Report:
    target_env: str
    fail_on: Severity
    outcomes: tuple[CheckOutcome, ...]
    files_scanned: int
    skipped: tuple[Skipped, ...]
    inventory: Inventory
    notices: tuple[str, ...] = ()  # stale or expired exceptions and other things a reviewer must see
    golive_version: str = __version__

    @property
    def findings(self) -> list[Finding]:
        found = [f for outcome in self.outcomes for f in outcome.findings]
        return sorted(found, key=lambda f: (f.path, f.line, f.check_id, f.variable or "", f.message))

    @property
    def crashed(self) -> list[CheckOutcome]:
        return [outcome for outcome in self.outcomes if outcome.outcome is Outcome.ERROR]

    @property
    def suppressed(self) -> list[Finding]:
        return [f for f in self.findings if f.suppression]

    def count(self, severity: Severity) -> int:
        """Open (not suppressed) findings of one severity."""
        return sum(1 for f in self.findings if f.severity is severity and not f.suppression)

    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.severity.rank >= self.fail_on.rank and not f.suppression]

    @property
    def ready(self) -> bool:
        return not self.crashed and not self.blocking()

    @property
    def exit_code(self) -> ExitCode:
        if self.crashed:
            return ExitCode.INTERNAL_ERROR
        return ExitCode.READY if self.ready else ExitCode.NOT_READY

    @property
    def verdict(self) -> str:
        if self.crashed:
            names = ", ".join(o.check.id for o in self.crashed)
            return f"NOT READY: golive itself failed (check {names} crashed); this run proves nothing"
        errors, warnings = self.count(Severity.ERROR), self.count(Severity.WARNING)
        tally = f"{errors} error(s), {warnings} warning(s)"
        if self.ready:
            return f"READY for {self.target_env}: {tally}, {len(self.outcomes)} checks passed the --fail-on {self.fail_on.value} gate"
        return f"NOT READY for {self.target_env}: {tally} (failing on {self.fail_on.value})"
