"""Which files git tracks: a key in a committed file is in every clone and in history for good.

Asked once per scan. Not a git work tree means the checks that need it do not apply. A work tree
that git cannot list (no git installed, "dubious ownership" in a CI container, a timeout) is a
problem to report: GL501 would otherwise pass without having judged anything.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

TIMEOUT_SECONDS = 30


class TrackedFiles:
    """``git ls-files`` under way: started before the tree is read, answered after, so that git lists
    while golive reads."""

    def __init__(self, root: Path) -> None:
        self._listing: subprocess.Popen[bytes] | None = None
        self._problem = ""
        if not any((folder / ".git").exists() for folder in (root, *root.parents)):
            return
        try:
            self._listing = subprocess.Popen(
                ["git", "-c", "core.quotePath=false", "ls-files", "-z"],
                cwd=root,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except OSError as error:
            self._problem = _cannot_list(error.strerror or str(error))

    def result(self) -> tuple[frozenset[str] | None, str]:
        """Posix paths relative to the root that git tracks (None outside a work tree), and why git
        could not answer inside one (empty when it did)."""
        if self._listing is None:
            return None, self._problem
        try:
            out, err = self._listing.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self._listing.kill()
            self._listing.communicate()
            return None, _cannot_list(f"no answer in {TIMEOUT_SECONDS} s")
        if self._listing.returncode != 0:
            said = err.decode("utf-8", errors="replace").strip().splitlines()
            return None, _cannot_list(said[0] if said else f"exit status {self._listing.returncode}")
        return frozenset(name for name in out.decode("utf-8", errors="surrogateescape").split("\0") if name), ""

    def stop(self) -> None:
        if self._listing is not None and self._listing.returncode is None:
            self._listing.kill()
            self._listing.communicate()


def tracked_files(root: Path) -> tuple[frozenset[str] | None, str]:
    return TrackedFiles(root).result()


def _cannot_list(why: str) -> str:
    return f"git ls-files failed in this work tree ({why}): GL501 cannot tell which files are committed"


def ignored_files(root: Path, paths: Iterable[str]) -> frozenset[str]:
    """Which of ``paths`` (untracked files) git ignores: a git-ignored ``.env`` is a developer's local
    file. Empty when git cannot answer: no evidence, so nothing is judged local."""
    paths = sorted(paths)
    if not paths:
        return frozenset()
    try:
        answered = subprocess.run(
            ["git", "-c", "core.quotePath=false", "check-ignore", "-z", "--stdin"],
            cwd=root,
            input="\0".join(paths).encode("utf-8", errors="surrogateescape") + b"\0",
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (subprocess.TimeoutExpired, OSError):
        return frozenset()
    if answered.returncode not in (0, 1):  # 1: none of them is ignored
        return frozenset()
    return frozenset(name for name in answered.stdout.decode("utf-8", errors="surrogateescape").split("\0") if name)


def ignored_by_gitignore(root: Path, paths: Iterable[str]) -> frozenset[str]:
    """Which of ``paths`` the tree's own ``.gitignore`` files ignore, read as git reads them (deeper
    files decide last, and nothing inside an ignored folder comes back): the evidence for a tree
    checked outside a git work tree (an export, an archive)."""
    rules: dict[str, list[tuple[re.Pattern[str], bool, bool]]] = {}

    def rules_of(folder: str) -> list[tuple[re.Pattern[str], bool, bool]]:
        if folder not in rules:
            try:
                lines = (root / folder / ".gitignore").read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                lines = []
            rules[folder] = [rule for line in lines if (rule := _gitignore_rule(line))]
        return rules[folder]

    def ignored(target: str, is_folder: bool) -> bool:
        parts = target.split("/")
        decision = False
        for depth in range(len(parts)):
            folder = "/".join(parts[:depth])
            relative = "/".join(parts[depth:])
            for pattern, negated, folders_only in rules_of(folder):
                if (is_folder or not folders_only) and pattern.match(relative):
                    decision = not negated
        return decision

    found = set()
    for path in paths:
        parts = path.split("/")
        folders = ["/".join(parts[: depth + 1]) for depth in range(len(parts) - 1)]
        if any(ignored(folder, True) for folder in folders) or ignored(path, False):
            found.add(path)
    return frozenset(found)


def _gitignore_rule(line: str) -> tuple[re.Pattern[str], bool, bool] | None:
    """One .gitignore line as (pattern over paths relative to its folder, negated, folders only)."""
    line = line.rstrip()
    if not line or line.startswith("#"):
        return None
    negated = line.startswith("!")
    line = line[1:] if negated else line
    folders_only = line.endswith("/")
    line = line.rstrip("/")
    anchored = "/" in line
    line = line.lstrip("/")
    if not line:
        return None
    regex, index = [], 0
    while index < len(line):
        if line.startswith("**/", index):
            regex.append("(?:.*/)?")
            index += 3
        elif line.startswith("**", index):
            regex.append(".*")
            index += 2
        elif line[index] == "*":
            regex.append("[^/]*")
            index += 1
        elif line[index] == "?":
            regex.append("[^/]")
            index += 1
        elif line[index] == "[" and (end := line.find("]", index + 2)) > 0:
            members = line[index + 1 : end]
            regex.append("[" + ("^" + members[1:] if members.startswith("!") else members).replace("\\", "\\\\") + "]")
            index = end + 1
        else:
            regex.append(re.escape(line[index]))
            index += 1
    return re.compile(("" if anchored else "(?:.*/)?") + "".join(regex) + "$"), negated, folders_only
