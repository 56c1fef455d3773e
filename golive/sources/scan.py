"""Read a tree (and optionally the process environment) into :class:`Collected`.

Fail closed: a file that cannot be read is recorded as skipped, never silently dropped; a config
file that does not parse is still scanned as text, so a key in a broken YAML file is not missed; a
reader that crashes on a file is golive's bug, reported as an unread file naming the reader.
"""

from __future__ import annotations

import codecs
import stat
from collections.abc import Callable, Mapping
from pathlib import Path

import yaml

from golive.keys import scrub
from golive.sources import (
    Collected, Reading, Skipped, Workspace, code, compose, dockerfile, dotenv, environ, files, frontend, git, ignores,
    kubernetes, platforms, structured, text, workflows,
)

READERS: dict[str, Callable[[str, str], Reading]] = {
    "dotenv": dotenv.read,
    "json": structured.read_json,
    "yaml": kubernetes.read,  # plain YAML, or Kubernetes manifests recognised by apiVersion and kind
    "toml": structured.read_toml,
    "text": text.read,
    **frontend.READERS,
    "helm-values": kubernetes.read_helm_values,
    "helm-template": kubernetes.read_helm_template,
    "dockerfile": dockerfile.read,
    "github-actions": workflows.read_github,
    "gitlab-ci": workflows.read_gitlab,
    "fly": platforms.read_fly,
    "netlify": platforms.read_netlify,
    "vercel": platforms.read_vercel,
    "app-json": platforms.read_app_json,
    "app-engine": platforms.read_app_engine,
    "serverless": platforms.read_serverless,
    "terraform": platforms.read_tfvars,
}
# Readers that need more than the file: compose follows env_file and resolves ${VAR} from --from-env.
WORKSPACE_READERS: dict[str, Callable[[str, str, Workspace], Reading]] = {"compose": compose.read}
PARSE_ERRORS = (ValueError, yaml.YAMLError, RecursionError)  # JSONDecodeError and TOMLDecodeError are ValueErrors


def collect(root: Path, exclude: list[str], process_env: Mapping[str, str] | None = None) -> Collected:
    tracked, git_problem = git.tracked_files(root)
    collected = Collected(tracked=tracked)
    if git_problem:
        collected.skipped.append(Skipped(".git", git_problem, unread=True))
    workspace = Workspace(root, process_env)

    def unreadable(error: OSError) -> None:
        folder = Path(error.filename or root)
        rel = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else str(folder)
        collected.skipped.append(Skipped(rel, f"cannot list folder: {error.strerror or error}", unread=True))

    for path in files.walk(root, exclude, unreadable):
        rel = path.relative_to(root).as_posix()
        try:
            status = path.stat()
            if not stat.S_ISREG(status.st_mode):  # a FIFO would block the read forever
                collected.skipped.append(Skipped(rel, "not a regular file (a pipe, socket or device): not read", unread=True))
                continue
            if status.st_size > files.MAX_FILE_BYTES:
                collected.skipped.append(Skipped(rel, f"larger than {files.MAX_FILE_BYTES >> 20} MiB", unread=True))
                continue
            raw = path.read_bytes()
        except OSError as error:
            collected.skipped.append(Skipped(rel, f"cannot read: {error.strerror or error}", unread=True))
            continue
        content = decode(raw)
        if content is None:
            continue
        collected.files_scanned += 1
        if (root_marker := code.project_root(rel)) is not None:
            collected.signals.append(root_marker)
        collected.add(read_file(rel, content, files.reader_for(rel), collected, workspace))
        collected.ignores.extend(ignores.read(rel, content))
    if process_env is not None:
        collected.add(environ.read(process_env))
    return collected


def read_file(rel: str, content: str, reader: str, collected: Collected, workspace: Workspace) -> Reading:
    try:
        if reader in WORKSPACE_READERS:
            reading = WORKSPACE_READERS[reader](rel, content, workspace)
        else:
            reading = READERS[reader](rel, content)
    except PARSE_ERRORS as error:
        collected.skipped.append(Skipped(rel, f"invalid {reader.upper()} ({_describe(error)}); read as plain text", unread=False))
        return text.read(rel, content)
    except Exception as error:  # noqa: BLE001 - golive's own bug: the file was not judged, and that must show
        reason = f"golive's {reader} reader failed ({type(error).__name__}: {_describe(error)}): not judged, only scanned for keys"
        collected.skipped.append(Skipped(rel, reason, unread=True))
        return text.read(rel, content)
    if reading.problem:
        collected.skipped.append(Skipped(rel, reading.problem, unread=False))
    return reading


_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(raw: bytes) -> str | None:
    """A file's text, or None for a binary file. A byte-order mark decides first: PowerShell writes
    ``.env`` files in UTF-16, whose NUL bytes would otherwise pass for binary and hide every key."""
    encoding = next((name for bom, name in _BOMS if raw.startswith(bom)), None)
    if encoding:
        return raw.decode(encoding, errors="replace")
    return None if files.looks_binary(raw) else raw.decode("utf-8", errors="replace")


def _describe(error: Exception) -> str:
    """Where and what, without the parser's quote of the offending text (it may hold a key)."""
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        return f"{error.problem} at line {error.problem_mark.line + 1}"
    if hasattr(error, "lineno") and hasattr(error, "msg"):
        return f"{error.msg} at line {error.lineno}"
    return scrub(str(error).splitlines()[0]) if str(error) else type(error).__name__
