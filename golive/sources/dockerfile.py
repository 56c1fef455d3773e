"""Dockerfile ``ENV`` and ``ARG``: whatever they hold is baked into the image or its build history.

``ENV`` values are stored in the image config and ``ARG`` values in the layer history (``docker
history`` shows them), so anyone who can pull the image can read them. Values are interpolated from
earlier ``ARG``/``ENV`` lines; ``${VAR:-default}`` is the default when no build argument is given.
"""

from __future__ import annotations

import posixpath
import re
import shlex

from golive.sources import Load, Reading, located
from golive.sources.deploy import interpolate, marker_of, tagged
from golive.sources.files import is_env_file

SOURCE = "dockerfile"
EXPOSURE = {
    "ENV": ("server", "server: Dockerfile ENV is baked into the image"),
    "ARG": ("server", "server: Dockerfile ARG is recorded in the image build history"),
}
_INSTRUCTION = re.compile(r"^\s*(ENV|ARG)\s+(.*)$", re.I | re.S)


def read(path: str, content: str) -> Reading:
    reading = Reading()
    known: dict[str, str] = {}
    for line, physical in _instructions(content):
        instruction_text = " ".join(physical)
        reading.loads.extend(_copied_env_files(path, line, instruction_text))
        match = _INSTRUCTION.match(instruction_text)
        if not match:
            continue
        instruction = match.group(1).upper()
        try:
            pairs = _pairs(instruction, match.group(2))
        except ValueError:  # unbalanced quotes: Docker rejects the file too
            reading.problem = f"unparsable {instruction} at line {line}"
            continue
        for name, value in pairs:
            resolved = None if value is None else interpolate(value, known)
            if resolved is not None:
                known[name] = resolved
            where = line + next((i for i, text in enumerate(physical) if _declares(text, name)), 0)
            values = located(path, where, name, resolved, SOURCE)
            reading.values.extend(tagged(values, None, EXPOSURE[instruction]))
    return reading


def _declares(text: str, name: str) -> bool:
    """``name`` as a word of its own on a line, followed by ``=``, a space or the end: where an ``ENV``
    or ``ARG`` spread over continuation lines declares it (a regex per name cost 9 ms a process)."""
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        if (at == 0 or text[at - 1].isspace()) and (end == len(text) or text[end] == "=" or text[end].isspace()):
            return True
        at = text.find(name, at + 1)
    return False


_COPY = re.compile(r"^\s*(COPY|ADD)\s+(.*)$", re.I | re.S)


def _copied_env_files(path: str, line: int, instruction: str) -> list[Load]:
    """``COPY .env ./``: the image carries the env file. Its path is taken from the build context,
    which is the Dockerfile's folder or the root (``docker build -f api/Dockerfile .``): both are recorded."""
    match = _COPY.match(instruction)
    if not match:
        return []
    words = [word for word in match.group(2).split() if not word.startswith("--")]
    folder = posixpath.dirname(path)
    found = []
    for source in words[:-1]:  # the last word is the destination
        source = source.strip("[]\",'")
        if not is_env_file(posixpath.basename(source)):
            continue
        for context in {folder, ""}:
            rel = posixpath.normpath(posixpath.join(context, source))
            found.append(
                Load("file", rel, None, f"Dockerfile {path} (line {line}: {match.group(1).upper()} {source})", marker_of(path))
            )
    return found


def _instructions(content: str) -> list[tuple[int, list[str]]]:
    """(first line, physical lines) of each instruction, joining ``\\`` continuations, dropping comments."""
    found: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, text in enumerate(content.splitlines(), 1):
        if text.lstrip().startswith("#"):
            if current:
                current.append("")  # keeps physical lines aligned with their numbers
            continue
        if not current:
            start = number
        stripped = text.rstrip()
        if stripped.endswith("\\"):
            current.append(stripped[:-1])
            continue
        current.append(stripped)
        found.append((start, current))
        current = []
    if current:
        found.append((start, current))
    return found


def _pairs(instruction: str, rest: str) -> list[tuple[str, str | None]]:
    """``ENV A=1 B="two words"``, legacy ``ENV A one value``, ``ARG NAME`` and ``ARG NAME=default``."""
    words = shlex.split(rest, comments=False, posix=True)
    if not words:
        return []
    if instruction == "ENV" and "=" not in words[0]:
        name, _, value = rest.strip().partition(" ")
        return [(name, value.strip())]
    pairs: list[tuple[str, str | None]] = []
    for word in words:
        name, equals, value = word.partition("=")
        pairs.append((name, value if equals else None))
    return pairs
