"""Which files git tracks: a key in a committed file is in every clone and in history for good.

Asked once per scan. Not a git work tree means the checks that need it do not apply. A work tree
that git cannot list (no git installed, "dubious ownership" in a CI container, a timeout) is a
problem to report: GL501 would otherwise pass without having judged anything.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

TIMEOUT_SECONDS = 30


def tracked_files(root: Path) -> tuple[frozenset[str] | None, str]:
    """Posix paths relative to ``root`` that git tracks (None outside a work tree), and why git could
    not answer inside one (empty when it did)."""
    if not any((folder / ".git").exists() for folder in (root, *root.parents)):
        return None, ""
    try:
        listed = subprocess.run(
            ["git", "-c", "core.quotePath=false", "ls-files", "-z"],
            cwd=root,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None, _cannot_list(f"no answer in {TIMEOUT_SECONDS} s")
    except OSError as error:
        return None, _cannot_list(error.strerror or str(error))
    if listed.returncode != 0:
        said = listed.stderr.decode("utf-8", errors="replace").strip().splitlines()
        return None, _cannot_list(said[0] if said else f"exit status {listed.returncode}")
    return frozenset(name for name in listed.stdout.decode("utf-8", errors="surrogateescape").split("\0") if name), ""


def _cannot_list(why: str) -> str:
    return f"git ls-files failed in this work tree ({why}): GL501 cannot tell which files are committed"
