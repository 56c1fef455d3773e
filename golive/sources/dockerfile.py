"""Dockerfile ``ENV`` and ``ARG``: whatever they hold is baked into the image or its build history.

``ENV`` values are stored in the image config and ``ARG`` values in the layer history (``docker
history`` shows them), so anyone who can pull the image can read them. Values are interpolated from
earlier ``ARG``/``ENV`` lines; ``${VAR:-default}`` is the default when no build argument is given.
"""

from __future__ import annotations

import re
import shlex

from golive.sources import Reading, located
from golive.sources.deploy import interpolate, tagged

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
        match = _INSTRUCTION.match(" ".join(physical))
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
            where = line + next((i for i, text in enumerate(physical) if re.search(rf"(^|\s){re.escape(name)}(=|\s|$)", text)), 0)
            values = located(path, where, name, resolved, SOURCE)
            reading.values.extend(tagged(values, None, EXPOSURE[instruction]))
    return reading


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

