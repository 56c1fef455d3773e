"""Read a tree (and optionally the process environment) into :class:`Collected`.

Fail closed: a file that cannot be read is recorded as skipped, never silently dropped; a config
file that does not parse is still scanned as text, so a key in a broken YAML file is not missed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import yaml

from golive.keys import scrub
from golive.sources import Collected, Reading, Skipped, dotenv, environ, files, structured, text

READERS: dict[str, Callable[[str, str], Reading]] = {
    "dotenv": dotenv.read,
    "json": structured.read_json,
    "yaml": structured.read_yaml,
    "toml": structured.read_toml,
    "text": text.read,
}
PARSE_ERRORS = (ValueError, yaml.YAMLError, RecursionError)  # JSONDecodeError and TOMLDecodeError are ValueErrors


def collect(root: Path, exclude: list[str], process_env: Mapping[str, str] | None = None) -> Collected:
    collected = Collected()
    for path in files.walk(root, exclude):
        rel = path.relative_to(root).as_posix()
        try:
            if path.stat().st_size > files.MAX_FILE_BYTES:
                collected.skipped.append(Skipped(rel, f"larger than {files.MAX_FILE_BYTES >> 20} MiB", unread=True))
                continue
            raw = path.read_bytes()
        except OSError as error:
            collected.skipped.append(Skipped(rel, f"cannot read: {error.strerror or error}", unread=True))
            continue
        if files.looks_binary(raw):
            continue
        collected.files_scanned += 1
        collected.add(read_file(rel, raw.decode("utf-8", errors="replace"), files.reader_for(path.name), collected))
    if process_env is not None:
        collected.add(environ.read(process_env))
    return collected


def read_file(rel: str, content: str, reader: str, collected: Collected) -> Reading:
    try:
        reading = READERS[reader](rel, content)
    except PARSE_ERRORS as error:
        collected.skipped.append(Skipped(rel, f"invalid {reader.upper()} ({_describe(error)}); read as plain text", unread=False))
        return text.read(rel, content)
    if reading.problem:
        collected.skipped.append(Skipped(rel, reading.problem, unread=False))
    return reading


def _describe(error: Exception) -> str:
    """Where and what, without the parser's quote of the offending text (it may hold a key)."""
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        return f"{error.problem} at line {error.problem_mark.line + 1}"
    if hasattr(error, "lineno") and hasattr(error, "msg"):
        return f"{error.msg} at line {error.lineno}"
    return scrub(str(error).splitlines()[0]) if str(error) else type(error).__name__
