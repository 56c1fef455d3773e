"""Run golive in-process the way the CLI does, and pick findings apart by check id, path and line."""

from __future__ import annotations

import os
from pathlib import Path

from keyfactory import expand

from golive.api import CheckSpec, Severity
from golive.plugins import load_checks
from golive.report import Report
from golive.runner import check_tree
from golive.settings import load_settings

_CHECKS = None


def checks():
    global _CHECKS
    if _CHECKS is None:
        _CHECKS = load_checks()
    return _CHECKS


def run(root: Path, **overrides) -> Report:
    return check_tree(root, load_settings(root, **overrides), checks())


def hits(report: Report, check_id: str) -> set[tuple[str, int]]:
    """``{(path, line)}`` of one check's findings."""
    return {(f.path, f.line) for f in report.findings if f.check_id == check_id}


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write ``{relative path: text}`` under ``root``, expanding key tokens."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(expand(text), encoding="utf-8")
    return root


def child_processes() -> list[int]:
    """This process's children, live or unreaped (Linux's /proc): proof that a scan forked its workers,
    and that it stopped them."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):  # gone meanwhile
            continue
        if parent == os.getpid():
            children.append(int(stat.parent.name))
    return children


def made_up_check(check_id: str, name: str, run, **fields) -> CheckSpec:
    """A plugin check made up by a test: an error check of plugin "tests" that runs ``run``."""
    return CheckSpec(
        **{
            "id": check_id,
            "name": name,
            "severity": Severity.ERROR,
            "summary": name,
            "rationale": "a test double",
            "remediation": "none",
            "run": run,
            "plugin": "tests",
            **fields,
        }
    )
