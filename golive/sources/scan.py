"""Read a tree (and optionally the process environment) into :class:`Collected`.

Fail closed: a file that cannot be read is recorded as skipped, never silently dropped; a config
file that does not parse is still scanned as text, so a key in a broken YAML file is not missed; a
reader that crashes on a file is golive's bug, reported as an unread file naming the reader.
"""

from __future__ import annotations

import codecs
import importlib
import itertools
import os
import stat
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from golive import progress
from golive.keys import scrub
from golive.sources import (
    Collected,
    Reading,
    Skipped,
    Workspace,
    environ,
    files,
    frontend,
    git,
    ignores,
    parallel,
    prefilter,
    structured,
    text,
    variants,
    webhooks,
)


def _loaded_on_use(module: str, function: str) -> Callable[..., Reading]:
    """A reader whose module (and PyYAML, for the deployment readers) is imported with the first file
    it reads: a small tree pays only for the readers its files need."""

    def read(*args: object) -> Reading:
        return getattr(importlib.import_module(f"golive.sources.{module}"), function)(*args)

    return read


READERS: dict[str, Callable[[str, str], Reading]] = {
    "dotenv": _loaded_on_use("dotenv", "read"),
    "json": structured.read_json,
    "yaml": _loaded_on_use("kubernetes", "read"),  # plain YAML, or Kubernetes manifests recognised by apiVersion and kind
    "toml": structured.read_toml,
    "properties": structured.read_properties,
    "spring-yaml": _loaded_on_use("spring", "read"),
    "tfstate": structured.read_tfstate,
    "shell": _loaded_on_use("dotenv", "read_shell"),
    "text": text.read,
    **frontend.READERS,
    "helm-values": _loaded_on_use("kubernetes", "read_helm_values"),
    "helm-template": _loaded_on_use("kubernetes", "read_helm_template"),
    "dockerfile": _loaded_on_use("dockerfile", "read"),
    "github-actions": _loaded_on_use("workflows", "read_github"),
    "gitlab-ci": _loaded_on_use("workflows", "read_gitlab"),
    "fly": _loaded_on_use("platforms", "read_fly"),
    "netlify": _loaded_on_use("platforms", "read_netlify"),
    "vercel": _loaded_on_use("platforms", "read_vercel"),
    "app-json": _loaded_on_use("platforms", "read_app_json"),
    "app-engine": _loaded_on_use("platforms", "read_app_engine"),
    "serverless": _loaded_on_use("platforms", "read_serverless"),
    "terraform": _loaded_on_use("platforms", "read_tfvars"),
    "samconfig": _loaded_on_use("cloudformation", "read_samconfig"),
    "procfile": _loaded_on_use("procfile", "read"),
}


def _with_build_commands(read: Callable[[str, str], Reading]) -> Callable[[str, str], Reading]:
    """A CI pipeline's or shell script's reader, plus the define files its Flutter builds pass (golive.sources.variants)."""

    def both(rel: str, content: str) -> Reading:
        reading = read(rel, content)
        reading.build.extend(variants.flutter_commands(rel, content))
        return reading

    return both


READERS["github-actions"] = _with_build_commands(READERS["github-actions"])
READERS["gitlab-ci"] = _with_build_commands(READERS["gitlab-ci"])
READERS["shell"] = _with_build_commands(READERS["shell"])
# Readers that need more than the file: compose follows env_file and resolves ${VAR} from --from-env.
WORKSPACE_READERS: dict[str, Callable[[str, str, Workspace], Reading]] = {
    "compose": _loaded_on_use("compose", "read"),
    "cloudformation": _loaded_on_use("cloudformation", "read"),  # reads the samconfig.toml beside a SAM template
}


#: Readers of the files a tree holds by the thousand (code, docs, plain JSON and YAML): their files
#: are decoded and parsed only when the prefilter finds something Stripe in their bytes. Env files,
#: deployment files and build configs are few, and always read in full.
PREFILTERED_READERS = frozenset({"text", "code", "json", "yaml", "toml", "properties", "spring-yaml", "tfstate", "shell"})
#: Readers that scan the whole file for keys themselves; any other reader's file is also scanned for
#: the real keys its format hides (a YAML mapping key, a comment), which no value of it reports.
KEY_SCANNING_READERS = frozenset({"text", "code"})
STREAM_BYTES = 16 * 1024 * 1024  # larger files are scanned for keys a window at a time, never held whole
CHUNK_BYTES = 4 * 1024 * 1024
SEQUENTIAL_FILES = 2000  # a worker process costs more than it saves below this (measured in bench/)
TASKS_PER_CORE = 64


def collect(root: Path, exclude: list[str], process_env: Mapping[str, str] | None = None) -> Collected:
    """Everything the tree (and ``process_env``, for --from-env) holds."""
    return start(root, exclude, process_env).result()


def start(root: Path, exclude: list[str], process_env: Mapping[str, str] | None = None) -> Scan:
    """The tree's reading under way. A small tree is read in this process when its result is asked
    for; a larger one is cut into many small tasks (runs of folders to walk and files to read) that
    workers on the other cores start on at once (:func:`parallel.start`), merged in walk order so
    that reports stay deterministic."""
    listing = git.TrackedFiles(root)  # git lists while golive reads
    walked = Collected()
    parts = files.Walker(root, exclude, walked.skipped.append).split(SEQUENTIAL_FILES)
    large = sum(isinstance(part, files.Entry) for part in parts) >= SEQUENTIAL_FILES  # else no folder is left
    tasks = _tasks(parts, parallel.cores()) if large and parallel.can_fork() else [parts]
    if len(tasks) > 1:
        prefilter.for_tree(True)  # compiled here, once: the workers inherit it
    workspace = Workspace(root, process_env)
    running = parallel.start(
        len(tasks), lambda index: _read_parts(tasks[index], root, exclude, workspace, large), _largest_first(tasks)
    )
    return Scan(root, exclude, process_env, listing, walked, running)


class Scan:
    """A tree being read, and what it is read with (``exclude``, ``process_env``): the CLI starts it
    before its settings are validated, and uses it only if they say to read the same."""

    def __init__(
        self,
        root: Path,
        exclude: list[str],
        process_env: Mapping[str, str] | None,
        listing: git.TrackedFiles,
        walked: Collected,
        running: parallel.Tasks[Collected],
    ) -> None:
        self.root, self.exclude, self.process_env = root, exclude, process_env
        self._listing, self._walked, self._running = listing, walked, running

    def result(self) -> Collected:
        readings = self._running.results()
        tracked, git_problem = self._listing.result()
        collected = Collected(tracked=tracked)
        if git_problem:
            collected.skipped.append(Skipped(".git", git_problem, unread=True))
        collected.merge(self._walked)
        for reading in readings:
            collected.merge(reading)
        # By path: what the walk skipped is found before the fork or by whichever worker opens its folder.
        collected.skipped.sort(key=lambda skipped: skipped.path)
        # A git-ignored `.env` is a developer's file (the inventory's evidence): asked of git in a work tree,
        # else of the tree's own .gitignore files.
        local = {value.path for value in collected.values if value.source == "dotenv" and value.path.rsplit("/", 1)[-1] == ".env"}
        if local:
            collected.ignored = (
                git.ignored_files(self.root, local - tracked)
                if tracked is not None
                else git.ignored_by_gitignore(self.root, local)
            )
        if self.process_env is not None:
            collected.add(environ.read(self.process_env))
        return collected

    def stop(self) -> None:
        """Abandon the reading: its workers and git's listing stop."""
        self._running.stop()
        self._listing.stop()


def _read_parts(
    parts: list[files.Entry | files.Folder],
    root: Path,
    exclude: list[str],
    workspace: Workspace,
    large: bool,
    into: Collected | None = None,
) -> Collected:
    """``large``: a tree large enough to be worth the compiled prefilter."""
    into = Collected() if into is None else into
    walker = files.Walker(root, exclude, into.skipped.append)
    worth_reading = prefilter.for_tree(large)
    for part in parts:
        for entry in walker.walk(part) if isinstance(part, files.Folder) else (part,):
            read_entry(entry, workspace, into, worth_reading)
    return into


def _largest_first(tasks: list[list[files.Entry | files.Folder]]) -> list[int]:
    """Task numbers, those likely largest first: a folder not yet walked holds more the nearer it is to
    the root (the split leaves a level's last folders unopened), and a task of files only is small. Taken
    in walk order instead, a two-core read of the corpus in bench/ ended with one process waiting 50 ms."""

    def size(index: int) -> tuple[int, int]:
        depths = [part.prefix.count("/") for part in tasks[index] if isinstance(part, files.Folder)]
        return (min(depths) if depths else sys.maxsize, -len(depths))

    return sorted(range(len(tasks)), key=size)


def _tasks(parts: list[files.Entry | files.Folder], cores: int) -> list[list[files.Entry | files.Folder]]:
    """Parts in walk order, in runs of neighbours: enough tasks per core that the last one ends soon
    after the others, few enough that each is worth taking."""
    size = -(-len(parts) // min(cores * TASKS_PER_CORE, parallel.MAX_TASKS))  # rounded up: MAX_TASKS at most
    return [parts[start : start + size] for start in range(0, len(parts), size)]


def read_entry(entry: files.Entry, workspace: Workspace, into: Collected, worth_reading: prefilter.Test) -> None:
    """One file, judged by its reader. Never raises for what a tree holds: a file that cannot be read
    is skipped with the reason, and a reader's own crash is reported as golive's failure on that file."""
    reader = files.reader_for(entry.rel)
    try:
        # O_NONBLOCK: if a pipe took the file's place since the walk, opening it must not wait for a writer
        descriptor = os.open(entry.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):
                into.skipped.append(Skipped(entry.rel, "not a regular file (a pipe, socket or device): not opened", unread=True))
                return
            if status.st_size > STREAM_BYTES:
                with open(descriptor, "rb", closefd=False) as handle:
                    _read_large(entry.rel, handle, reader, into)
                return
            raw = _read_whole(descriptor, status.st_size)
        finally:
            os.close(descriptor)
    except OSError as error:
        into.skipped.append(Skipped(entry.rel, f"cannot read: {error.strerror or error}", unread=True))
        return
    encoding = _encoding(raw, reader)
    if encoding is None:
        return  # binary
    into.files_scanned += 1
    progress.file_read()
    if reader == files.GOLIVE_CONFIG:
        return  # read by the settings; its names are not values
    if (root_marker := webhooks.project_root(entry.rel)) is not None:
        into.signals.append(root_marker)
    if encoding == "utf-8" and reader in PREFILTERED_READERS and not worth_reading(raw, entry.rel, reader):
        return
    content = _newlines(raw.decode(encoding, errors="replace"))
    into.add(read_file(entry.rel, content, reader, into.skipped, workspace))
    into.ignores.extend(ignores.read(entry.rel, content))


def _read_whole(descriptor: int, size: int) -> bytes:
    """One read for a file as large as it was at fstat; more only if it grew since."""
    data = os.read(descriptor, size + 1)
    if len(data) <= size:
        return data
    return b"".join([data, *iter(lambda: os.read(descriptor, 1 << 20), b"")])


def _read_large(rel: str, handle: BinaryIO, reader: str, into: Collected) -> None:
    """A file over STREAM_BYTES: scanned for keys a window at a time; too large to parse as config."""
    head = handle.read(CHUNK_BYTES)
    encoding = _encoding(head, reader)
    if encoding is None:
        return  # binary; a sparse file of zeros ends here, after one chunk
    into.files_scanned += 1
    progress.file_read()
    if reader == files.GOLIVE_CONFIG:
        return
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")

    def chunks() -> Iterator[str]:
        carried = ""  # a CR that ends a chunk may start a CRLF
        for block in itertools.chain([head], iter(lambda: handle.read(CHUNK_BYTES), b"")):
            text = carried + decoder.decode(block)
            carried = "\r" if text.endswith("\r") else ""
            yield _newlines(text[: len(text) - len(carried)])
        yield _newlines(carried + decoder.decode(b"", final=True))

    into.add(text.read_stream(rel, chunks()))
    if reader not in ("text", "code"):
        into.skipped.append(
            Skipped(rel, f"larger than {STREAM_BYTES >> 20} MiB: scanned for keys, not read as {reader}", unread=False)
        )


def read_file(rel: str, content: str, reader: str, skipped: list[Skipped], workspace: Workspace) -> Reading:
    try:
        if reader in WORKSPACE_READERS:
            reading = WORKSPACE_READERS[reader](rel, content, workspace)
        else:
            reading = READERS[reader](rel, content)
    except Exception as error:  # noqa: BLE001 - sorted below: the file's fault, or golive's
        if not _parse_error(error):
            reason = (
                f"golive's {reader} reader failed ({type(error).__name__}: {_describe(error)}): not judged, only scanned for keys"
            )
            skipped.append(Skipped(rel, reason, unread=True))
            return text.read(rel, content)
        skipped.append(Skipped(rel, f"invalid {reader.upper()} ({_describe(error)}); read as plain text", unread=False))
        return text.read(rel, content)
    if reading.problem:
        skipped.append(Skipped(rel, reading.problem, unread=False))
    if reader not in KEY_SCANNING_READERS:
        text.add_unclaimed_keys(rel, content, reading)
    return reading


def _newlines(text: str) -> str:
    """CRLF and a lone CR (old Mac files) as LF, so that every reader numbers lines alike."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _encoding(head: bytes, reader: str) -> str | None:
    """sniff's verdict, except that an env file is always text: a stray NUL byte (a bad paste, an
    editor's crash) must not hide the keys on its other lines."""
    return sniff(head) or ("utf-8" if reader == "dotenv" else None)


def sniff(head: bytes) -> str | None:
    """The encoding to read a file with, or None for a binary file. A byte-order mark decides first:
    PowerShell writes ``.env`` files in UTF-16, whose NUL bytes would otherwise pass for binary and
    hide every key."""
    encoding = next((name for bom, name in _BOMS if head.startswith(bom)), None)
    if encoding:
        return encoding
    return _utf16_without_bom(head[:8192]) if files.looks_binary(head) else "utf-8"


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 without a byte-order mark, as some Windows tools write it: in mostly-ASCII text every
    other byte is NUL, on one side only; binary data has its NULs anywhere."""
    even, odd = head[0::2], head[1::2]
    if len(odd) < 2:
        return None
    if odd.count(0) >= 0.9 * len(odd) and 0 not in even:
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and 0 not in odd:
        return "utf-16-be"
    return None


def _parse_error(error: Exception) -> bool:
    """The file's fault: JSON's and TOML's errors are ValueErrors; PyYAML's are known once it is loaded."""
    yaml = sys.modules.get("yaml")
    return isinstance(error, (ValueError, RecursionError)) or (yaml is not None and isinstance(error, yaml.YAMLError))


def _describe(error: Exception) -> str:
    """Where and what, without the parser's quote of the offending text (it may hold a key)."""
    yaml = sys.modules.get("yaml")
    if yaml is not None and isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        return f"{error.problem} at line {error.problem_mark.line + 1}"
    if hasattr(error, "lineno") and hasattr(error, "msg"):
        return f"{error.msg} at line {error.lineno}"
    return scrub(str(error).splitlines()[0]) if str(error) else type(error).__name__
