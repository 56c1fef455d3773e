"""Which files git tracks: a key in a committed file is in every clone and in history for good.

Asked once per scan. Not a git work tree, or no git installed, means nobody can tell: ``None``, and
the checks that need it do not apply.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

TIMEOUT_SECONDS = 30


def tracked_files(root: Path) -> frozenset[str] | None:
    """Posix paths relative to ``root`` that git tracks, or None when git cannot say."""
    try:
        listed = subprocess.run(
            ["git", "-c", "core.quotePath=false", "ls-files", "-z"],
            cwd=root,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if listed.returncode != 0:
        return None
    return frozenset(name for name in listed.stdout.decode("utf-8", errors="surrogateescape").split("\0") if name)
