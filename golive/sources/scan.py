"""Read a tree (and optionally the process environment) into :class:`Collected`.

Fail closed: a file that cannot be read is recorded as skipped, never silently dropped; a config
file that does not parse is still scanned as text, so a key in a broken YAML file is not missed; a
reader that crashes on a file is golive's bug, reported as an unread file naming the reader.
"""

from __future__ import annotations

import codecs
import gc
import importlib
import itertools
import os
import signal
import stat
import struct
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from golive.keys import scrub
from golive.sources import (
    Collected, Reading, Skipped, Workspace, environ, files, frontend, git, ignores,
    prefilter, structured, text, webhooks,
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
}
# Readers that need more than the file: compose follows env_file and resolves ${VAR} from --from-env.
WORKSPACE_READERS: dict[str, Callable[[str, str, Workspace], Reading]] = {"compose": _loaded_on_use("compose", "read")}


#: Readers of the files a tree holds by the thousand (code, docs, plain JSON and YAML): their files
#: are decoded and parsed only when the prefilter finds something Stripe in their bytes. Env files,
#: deployment files and build configs are few, and always read in full.
PREFILTERED_READERS = frozenset({"text", "code", "json", "yaml", "toml"})
STREAM_BYTES = 16 * 1024 * 1024  # larger files are scanned for keys a window at a time, never held whole
CHUNK_BYTES = 4 * 1024 * 1024
SEQUENTIAL_FILES = 2000  # a worker process costs more than it saves below this (measured in bench/)
TASKS_PER_CORE = 64


def collect(root: Path, exclude: list[str], process_env: Mapping[str, str] | None = None) -> Collected:
    return Scan(root, exclude, process_env).result()


class Scan:
    """A tree being read. A small tree is one task, read in this process by :meth:`result`. A larger
    one is cut into many small tasks (runs of folders to walk and files to read), whose numbers wait
    in a pipe: a worker forked on every core but one takes them one at a time while the caller goes
    on (the CLI loads its settings meanwhile), and :meth:`result` takes the rest in this process.
    The kernel hands each number to one reader, so nobody waits long for the last task. Readings are
    merged in walk order, so reports stay deterministic. :meth:`close` stops a scan whose result is
    not wanted."""

    def __init__(self, root: Path, exclude: list[str], process_env: Mapping[str, str] | None = None) -> None:
        self.inputs = (root, exclude, process_env)
        self._collected = Collected()
        self._workers: list[_Worker] = []
        parts = files.Walker(root, exclude, self._collected.skipped.append).split(SEQUENTIAL_FILES)
        self._large = sum(isinstance(part, files.Entry) for part in parts) >= SEQUENTIAL_FILES  # else no folder is left
        if not self._large or not _can_fork():
            self._tasks = [parts]
            self._numbers = _task_numbers(1)
            return
        prefilter.for_tree(True)  # compiled here, once: the workers inherit it
        self._tasks = _tasks(parts, _cores())
        self._numbers = _task_numbers(len(self._tasks))
        gc.freeze()  # the collector leaves what workers inherit alone, so its pages stay shared (6% less CPU)
        try:
            for _ in range(_cores() - 1):
                self._workers.append(_Worker.fork(self))
        except OSError:  # no process to spare (a limit on processes, memory): fewer readers, same result
            pass
        finally:
            gc.unfreeze()

    def result(self) -> Collected:
        root, exclude, process_env = self.inputs
        tracked, git_problem = git.tracked_files(root)  # asked while the workers read
        collected = Collected(tracked=tracked)
        if git_problem:
            collected.skipped.append(Skipped(".git", git_problem, unread=True))
        collected.merge(self._collected)
        gc.disable()  # this process's heap (settings, checks, results) is large: a full collection per
        try:  # few thousand files read here made time per MB grow with the tree (1.56x at 16x the corpus)
            readings = self.read_tasks()
            for worker in self._workers:
                readings.update(worker.readings())
        finally:
            gc.enable()
            self.close()
        for index in range(len(self._tasks)):
            collected.merge(readings[index])
        if process_env is not None:
            collected.add(environ.read(process_env))
        return collected

    def read_tasks(self) -> dict[int, Collected]:
        """The tasks whose numbers this process takes from the pipe, until it is empty."""
        root, exclude, process_env = self.inputs
        workspace = Workspace(root, process_env)
        readings = {}
        while number := os.read(self._numbers, _NUMBER.size):
            index = _NUMBER.unpack(number)[0]
            readings[index] = _read_parts(self._tasks[index], root, exclude, workspace, self._large)
        return readings

    def close(self) -> None:
        workers, self._workers = self._workers, []
        for worker in workers:
            worker.stop()
        if self._numbers >= 0:
            os.close(self._numbers)
            self._numbers = -1


_NUMBER = struct.Struct("=H")
MAX_TASKS = 2048  # their numbers fill one page at most, which any pipe holds before anyone reads it


def _task_numbers(count: int) -> int:
    """The read end of a pipe holding the numbers 0 to count - 1, its write end closed: read to the end
    by whoever takes tasks. A read of one number is atomic, so no task is taken twice."""
    read_end, write_end = os.pipe()
    with open(write_end, "wb") as stream:
        stream.write(b"".join(_NUMBER.pack(index) for index in range(count)))
    return read_end


def _can_fork() -> bool:
    """Forking is safe and useful: a spare core, no other thread (one holding a lock, an import's
    among them, would leave the worker waiting for ever), and children that stay to be reaped (with
    SIGCHLD ignored their status is lost, and their process ids may be reused)."""
    return (
        hasattr(os, "fork") and _cores() > 1 and threading.active_count() == 1
        and signal.getsignal(signal.SIGCHLD) is not signal.SIG_IGN
    )


class _Worker:
    """A forked process reading tasks from its scan's pipe; it sends their readings back, pickled,
    when the pipe is empty, or the error that stopped it."""

    def __init__(self, pid: int, results: int) -> None:
        self.pid, self.results = pid, results

    @classmethod
    def fork(cls, scan: Scan) -> _Worker:
        import pickle  # here, before the fork: a small tree never needs it (3 ms of a pre-commit run)

        results, out = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(results)
            os.close(out)
            raise
        if pid:
            os.close(out)
            return cls(pid, results)
        status = 0  # the worker: it never returns into the caller's code, nor runs its exit handlers
        try:
            os.close(results)
            gc.disable()  # a short life, and what it reads holds no cycles
            try:
                answer: object = scan.read_tasks()
            except Exception as error:  # noqa: BLE001 - golive's bug: raised again in the caller
                answer, status = error, 1
            with open(out, "wb") as stream:
                pickle.dump(answer, stream, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - Ctrl-C, or an answer that would not pickle: the caller sees the status
            status = 2
        finally:
            os._exit(status)

    def readings(self) -> dict[int, Collected]:
        """What it read; waits for its last task. A worker that died or failed fails the scan."""
        results, self.results = self.results, -1
        with open(results, "rb") as stream:
            answer = _loaded(stream.read())
        ending = self._reap()
        if isinstance(answer, dict):  # written whole, once every task was read
            return answer
        if isinstance(answer, Exception):
            raise answer
        raise RuntimeError(f"a scan worker process ended without its result ({ending})")

    def stop(self) -> None:
        if self.pid:
            os.kill(self.pid, signal.SIGKILL)
            self._reap()
        if self.results >= 0:
            os.close(self.results)
            self.results = -1

    def _reap(self) -> str:
        pid, self.pid = self.pid, 0
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            return f"killed by signal {os.WTERMSIG(status)}"
        return f"exit status {os.waitstatus_to_exitcode(status)}"


def _loaded(answer: bytes) -> object:
    import pickle  # imported by the fork already

    try:
        return pickle.loads(answer)
    except Exception:  # noqa: BLE001 - cut short by the worker's death
        return None


def _read_parts(
    parts: list[files.Entry | files.Folder], root: Path, exclude: list[str], workspace: Workspace, large: bool,
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


def _tasks(parts: list[files.Entry | files.Folder], cores: int) -> list[list[files.Entry | files.Folder]]:
    """Parts in walk order, in runs of neighbours: enough tasks per core that the last one ends soon
    after the others, few enough that each is worth taking."""
    size = -(-len(parts) // min(cores * TASKS_PER_CORE, MAX_TASKS))  # rounded up: MAX_TASKS at most
    return [parts[start : start + size] for start in range(0, len(parts), size)]


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


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
        into.skipped.append(Skipped(rel, f"larger than {STREAM_BYTES >> 20} MiB: scanned for keys, not read as {reader}", unread=False))


def read_file(rel: str, content: str, reader: str, skipped: list[Skipped], workspace: Workspace) -> Reading:
    try:
        if reader in WORKSPACE_READERS:
            reading = WORKSPACE_READERS[reader](rel, content, workspace)
        else:
            reading = READERS[reader](rel, content)
    except Exception as error:  # noqa: BLE001 - sorted below: the file's fault, or golive's
        if not _parse_error(error):
            reason = f"golive's {reader} reader failed ({type(error).__name__}: {_describe(error)}): not judged, only scanned for keys"
            skipped.append(Skipped(rel, reason, unread=True))
            return text.read(rel, content)
        skipped.append(Skipped(rel, f"invalid {reader.upper()} ({_describe(error)}); read as plain text", unread=False))
        return text.read(rel, content)
    if reading.problem:
        skipped.append(Skipped(rel, reading.problem, unread=False))
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
