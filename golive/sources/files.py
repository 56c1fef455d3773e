"""Which files a scan reads, and with which reader.

Ignore rules never hide env files: `.env.production` is usually git-ignored and is exactly the file
a pre-deploy check must read. Built bundles (`dist/`, `.next/static/`) are read too, for the same
reason. Only vendored, generated-cache and VCS folders are pruned.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from golive.sources import Skipped, frontend, name_matcher

if TYPE_CHECKING:
    import pathspec

SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "bower_components",
        "__pycache__",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "site-packages",
        ".cache",
        ".idea",
        ".gradle",
        ".terraform",
        ".turbo",
        ".parcel-cache",
    }
)
BINARY_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .ico .webp .avif .bmp .tiff .svgz .woff .woff2 .ttf .otf .eot .pdf .zip .gz "
    ".tgz .bz2 .xz .7z .tar .jar .war .class .so .dylib .dll .exe .bin .wasm .pyc .mp3 .mp4 .mov .webm "
    ".ogg .wav .sqlite .db .keystore .p12 .der".split()
)


def is_env_file(name: str) -> bool:
    """`.env`, `.env.production.local`, `production.env`, `.envrc`, `.flaskenv`."""
    return name.startswith(".env") or name.endswith(".env") or name == ".flaskenv"


GOLIVE_CONFIG = "golive-config"  # the reader of golive.toml: none, it is settings, never a source of values
LOCK_FILES = frozenset(
    {
        "package-lock.json",
        "npm-shrinkwrap.json",
        "pnpm-lock.yaml",
        "yarn.lock",
        "composer.lock",
        "poetry.lock",
        "Pipfile.lock",
        "Cargo.lock",
        "Gemfile.lock",
        "uv.lock",
        "bun.lock",
    }
)


def reader_for(path: str) -> str:
    """The reader for a file, from its path relative to the root (``.github/workflows/deploy.yml``)."""
    name = path.rsplit("/", 1)[-1]
    if is_env_file(name):
        return "dotenv"
    if name == "golive.toml":  # golive's own config names Stripe variables (init writes them in comments): never a value
        return GOLIVE_CONFIG
    if name in LOCK_FILES:  # package managers' lock files:
        return "text"  # scanned for stray keys only; their structure holds no Stripe settings
    lowered = name.lower()
    reader = deployment_reader(path, lowered) or frontend.reader_for(path, lowered)
    if reader:
        return reader
    config = _config_reader(lowered)
    if config:
        return config
    suffix = os.path.splitext(lowered)[1]
    return {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".toml": "toml"}.get(suffix, "text")


# Config formats read by the frameworks themselves: Spring's application[-profile].properties and .yml,
# any Java .properties file, Terraform state, shell scripts that export variables.
_config_reader = name_matcher(
    (
        (r"(?:application|bootstrap)(?:[-.][a-z0-9_-]+)?\.ya?ml", "spring-yaml"),
        (r".+\.properties", "properties"),
        (r".+\.tfstate(?:\.backup)?", "tfstate"),
        (r".+\.(?:sh|bash|zsh)", "shell"),
    )
)


# Deployment files whose name says how they are read. Kubernetes manifests have no telling name:
# the YAML reader recognises them by apiVersion and kind.
_deployment_name = name_matcher(
    (
        (r"(?:dockerfile|containerfile)(?:\..+)?|.+\.dockerfile", "dockerfile"),
        (r"(?:docker-)?compose(?:[.-].+)?\.ya?ml", "compose"),
        (r"(?:.+\.)?\.?gitlab-ci\.ya?ml", "gitlab-ci"),
        (r"serverless(?:[.-].+)?\.ya?ml", "serverless"),
        (r"app(?:\.[a-z0-9-]+)?\.ya?ml", "app-engine"),
        (r"values(?:[.-].+)?\.ya?ml", "helm-values"),
        (r"fly(?:[.-].+)?\.toml", "fly"),
        (r"netlify\.toml", "netlify"),
        (r"vercel\.json", "vercel"),
        (r"app\.json", "app-json"),
        (r".+\.tfvars", "terraform"),
        (
            r"template\.ya?ml|.+\.template(?:\.(?:ya?ml|json))?",
            "cloudformation",
        ),  # SAM's template.yaml, CDK's cdk.out/*.template.json
        (r"samconfig\.(?:toml|ya?ml)", "samconfig"),
        (r"procfile(?:\.[a-z0-9-]+)?", "procfile"),
    )
)


def deployment_reader(path: str, name: str) -> str | None:
    if name.endswith((".yml", ".yaml")):
        folders = path.split("/")[:-1]
        if folders[-2:] == [".github", "workflows"]:
            return "github-actions"
        if "templates" in folders and name not in ("values.yaml", "chart.yaml"):
            return "helm-template"
    return _deployment_name(name)


@dataclass(frozen=True)
class Entry:
    """A file to read: its path as reports show it, and as the operating system opens it."""

    rel: str  # posix, relative to the root; bytes that are not UTF-8 shown as \xNN
    path: str


@dataclass(frozen=True)
class Folder:
    """A folder still to walk: its path, and the prefix its files' ``rel`` paths start with."""

    path: str
    prefix: str  # "" for the root, else ending in "/"


class Walker:
    """Files under a root worth reading, in a stable order (a folder's files, then its folders, by name).

    What is not read is passed to ``skip`` with the reason, never dropped in silence: a folder that
    cannot be listed, a pipe or socket (opening a FIFO would block the scan for ever), a symlink that
    leaves the root or leads nowhere. Symlinked folders inside the root are not followed, since their
    target is scanned under its own name, so a link loop cannot make the walk go round.
    """

    def __init__(self, root: Path, exclude: list[str], skip: Callable[[Skipped], None]) -> None:
        self.top = Folder(os.fspath(root), "")
        self.real_top = os.path.realpath(self.top.path)
        self.spec = _ignore_spec(exclude) if exclude else None
        self.skip = skip

    def walk(self, start: Folder | None = None) -> Iterator[Entry]:
        folders = [start or self.top]  # a stack, not recursion: a hostile tree may nest deeper than Python's limit
        while folders:
            subfolders = []
            for item in self.listing(folders.pop()):
                if isinstance(item, Folder):
                    subfolders.append(item)
                else:
                    yield item
            folders.extend(reversed(subfolders))

    def split(self, enough_files: int) -> list[Entry | Folder]:
        """The tree as files and folders still to walk, in walk order, opened level by level until it
        shows ``enough_files`` files: a small tree comes back whole, a large one in parts to share out.
        A level's folders are opened only until it does: the rest are listed by the workers, in parallel."""
        parts: list[Entry | Folder] = [self.top]
        shown = 0
        while shown < enough_files and any(isinstance(part, Folder) for part in parts):
            opened: list[Entry | Folder] = []
            for part in parts:
                if isinstance(part, Folder) and shown < enough_files:
                    listing = self.listing(part)
                    shown += sum(isinstance(item, Entry) for item in listing)
                    opened += listing
                else:
                    opened.append(part)
            parts = opened
        return parts

    def listing(self, folder: Folder) -> list[Entry | Folder]:
        """A folder's files worth reading, then its subfolders."""
        try:
            with os.scandir(folder.path) as listing:
                entries = {entry.name: entry for entry in listing}
        except OSError as error:
            self.skip(Skipped(folder.prefix.rstrip("/") or ".", f"cannot list folder: {error.strerror or error}", unread=True))
            return []
        if folder.prefix and "pyvenv.cfg" in entries:
            return []  # a virtualenv: installed packages, not the app
        found: list[Entry | Folder] = []
        subfolders = []
        for name in sorted(entries):
            entry = entries[name]
            rel = folder.prefix + printable(name)
            try:
                if entry.is_dir(follow_symlinks=False):
                    if name not in SKIP_DIRS:
                        subfolders.append(Folder(entry.path, rel + "/"))
                    continue
                if os.path.splitext(name)[1].lower() in BINARY_SUFFIXES:
                    continue
                if self.spec and not is_env_file(name) and self.spec.match_file(rel):
                    continue
                if entry.is_symlink():
                    target = _link_target(entry.path, self.real_top)
                    if isinstance(target, Skipped):
                        self.skip(replace(target, path=rel))
                        continue
                    if stat.S_ISDIR(target.st_mode):  # not followed (a loop cannot make the walk go round): say so
                        self.skip(Skipped(rel, self._folder_link_reason(entry.path), unread=False))
                        continue
                    regular = stat.S_ISREG(target.st_mode)
                else:
                    regular = entry.is_file(follow_symlinks=False)
            except OSError as error:
                self.skip(Skipped(rel, f"cannot read: {error.strerror or error}", unread=True))
                continue
            if regular:
                found.append(Entry(rel, entry.path))
            else:
                self.skip(Skipped(rel, "not a regular file (a pipe, socket or device): not opened", unread=True))
        return found + subfolders

    def _folder_link_reason(self, link: str) -> str:
        """Why a symlinked folder inside the root is not read under its own name, and whether its target is
        read at all: files there are judged by the target's path (its environment markers, not the link's)."""
        target = os.path.relpath(os.path.realpath(link), self.real_top).replace(os.sep, "/")
        parts = target.split("/")
        if target == ".":
            return "symlink to the checked root itself: not followed"
        if any(part in SKIP_DIRS for part in parts):
            return f"symlinked folder, not followed: its target {target}/ is a vendored or cache folder golive does not read"
        if self.spec and self.spec.match_file(f"{target}/any-file"):  # the folder as a whole is excluded
            return f"symlinked folder, not followed: its target {target}/ is excluded by golive's config"
        return f"symlinked folder, not followed: its files are read once, under their real path {target}/"


def _ignore_spec(patterns: list[str]) -> pathspec.GitIgnoreSpec:
    import pathspec  # only for trees with exclude patterns: every run pays for its import otherwise

    return pathspec.GitIgnoreSpec.from_lines(patterns)


def _link_target(link: str, real_top: str) -> os.stat_result | Skipped:
    """What a symlink inside the tree points to, or why it is not followed: a link out of the root is
    reported and left (a warning); one that leads nowhere hides a file the app expects (an error)."""
    target = os.path.realpath(link)
    if target != real_top and not target.startswith(real_top.rstrip(os.sep) + os.sep):
        return Skipped(link, "symlink to a path outside the checked root: not followed", unread=False)
    try:
        return os.stat(link)
    except OSError as error:
        return Skipped(link, f"cannot read: broken symlink ({error.strerror or error})", unread=True)


def printable(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by the OS as surrogates) become ``\\xNN``."""
    if name.isascii():
        return name
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def looks_binary(head: bytes) -> bool:
    return head.find(b"\0", 0, 8192) >= 0  # a NUL in the first 8 KiB, without copying them
