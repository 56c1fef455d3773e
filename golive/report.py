"""The result of a run: per-check outcomes, the verdict, and the exit code. Reporters only render it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from golive import __version__
from golive.api import CheckSpec, Finding, Severity
from golive.exitcode import ExitCode
from golive.inventory import Inventory
from golive.sources import Skipped


class Outcome(StrEnum):
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


class CheckResult(StrEnum):
    """What one check means for the reader: a check whose findings were all accepted is not a pass."""

    PASSED = "passed"
    FAILED = "failed"  # an open finding at or above --fail-on
    WARNED = "warned"  # open findings, none of which fails the gate
    ACCEPTED = "accepted"  # every finding accepted by an exception, inline ignore or baseline
    NOT_RUN = "not run"
    CRASHED = "crashed"


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
    require_online: bool = False  # an online check that did not run fails the gate
    stage: str = "deploy"  # "commit": checks of values injected at deploy did not run

    @property
    def findings(self) -> list[Finding]:
        found = [f for outcome in self.outcomes for f in outcome.findings]
        return sorted(found, key=lambda f: (f.path, f.line, f.check_id, f.variable or "", f.message))

    @property
    def crashed(self) -> list[CheckOutcome]:
        return [outcome for outcome in self.outcomes if outcome.outcome is Outcome.ERROR]

    @property
    def not_run(self) -> list[CheckOutcome]:
        return [outcome for outcome in self.outcomes if outcome.outcome is Outcome.NOT_RUN]

    @property
    def required_not_run(self) -> list[CheckOutcome]:
        """Online checks that did not run although --require-online asked for them: they fail the gate. Not at
        the commit stage, which leaves them to the deploy by design (one golive.toml serves the hook and the release)."""
        if not self.require_online or self.stage == "commit":
            return []
        return [outcome for outcome in self.not_run if outcome.check.online]

    @property
    def suppressed(self) -> list[Finding]:
        return [f for f in self.findings if f.suppression]

    def count(self, severity: Severity) -> int:
        """Open (not suppressed) findings of one severity."""
        return sum(1 for f in self.findings if f.severity is severity and not f.suppression)

    def blocks(self, f: Finding) -> bool:
        return f.level.rank >= self.fail_on.rank and not f.suppression

    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if self.blocks(f)]

    def result(self, outcome: CheckOutcome) -> CheckResult:
        if outcome.outcome is Outcome.ERROR:
            return CheckResult.CRASHED
        if outcome.outcome is Outcome.NOT_RUN:
            return CheckResult.NOT_RUN  # even when --require-online makes it fail the gate: it did not run
        open_findings = [f for f in outcome.findings if not f.suppression]
        if any(self.blocks(f) for f in open_findings):
            return CheckResult.FAILED
        if open_findings:
            return CheckResult.WARNED
        return CheckResult.ACCEPTED if outcome.findings else CheckResult.PASSED

    def tally(self) -> dict[CheckResult, int]:
        """How many checks ended each way, every result present (zero included)."""
        counts = dict.fromkeys(CheckResult, 0)
        for outcome in self.outcomes:
            counts[self.result(outcome)] += 1
        return counts

    @property
    def ready(self) -> bool:
        return not self.crashed and not self.blocking() and not self.required_not_run

    @property
    def exit_code(self) -> ExitCode:
        if self.crashed:
            return ExitCode.INTERNAL_ERROR
        return ExitCode.READY if self.ready else ExitCode.NOT_READY

    @property
    def verdict(self) -> str:
        """One line that says what was verified and nothing more: open findings, accepted ones, checks
        that passed, failed or did not run, and what was left unread."""
        if self.crashed:
            names = ", ".join(o.check.id for o in self.crashed)
            return f"NOT READY: golive itself failed (check {names} crashed); this run proves nothing"
        tally = self.tally()
        findings = (
            f"{self.count(Severity.ERROR)} error(s), {self.count(Severity.WARNING)} warning(s), {len(self.suppressed)} accepted"
        )
        checks = [f"{tally[CheckResult.PASSED]} passed", f"{tally[CheckResult.FAILED]} failed"]
        checks += [f"{tally[result]} {result.value}" for result in (CheckResult.WARNED, CheckResult.ACCEPTED) if tally[result]]
        checks.append(f"{tally[CheckResult.NOT_RUN]} not run")
        line = f"{findings}; checks: {', '.join(checks)}; {len(self.skipped)} path(s) skipped"
        target = f"{self.target_env} (commit stage)" if self.stage == "commit" else self.target_env
        if self.ready:
            return f"READY for {target}: {line} (failing on {self.fail_on.value})"
        reasons = [f"failing on {self.fail_on.value}"] if self.blocking() else []
        if self.required_not_run:
            ids = ", ".join(o.check.id for o in self.required_not_run)
            reasons.append(f"--require-online: online checks {ids} did not run ({self.required_not_run[0].reason})")
        return f"NOT READY for {target}: {line} ({'; '.join(reasons)})"
