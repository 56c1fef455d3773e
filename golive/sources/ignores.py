"""Inline ignore comments, ``# golive: ignore[GL102,GL201] reason`` or ``// golive: ignore[...] reason``.

Read from every text file whatever its reader (dotenv, YAML, TOML and code all have ``#`` or ``//``
comments), and recorded as data: checks stay pure and golive.suppress decides what they accept.
"""

from __future__ import annotations

import re

from golive.keys import scrub
from golive.sources import IgnoreComment, Lines, Literals

MARKER = "golive:"
_MARKERS = Literals((MARKER,))
_IGNORE = re.compile(r"(?:#|//)[ \t]*golive:[ \t]*ignore\[([^\]\n]*)\]([^\n]*)")


def read(path: str, text: str) -> list[IgnoreComment]:
    if not _MARKERS.found(text):  # one Hyperscan pass on a large text, not a search of it
        return []
    lines = Lines(text)
    return [
        IgnoreComment(
            path=path,
            line=lines.at(match.start()),
            checks=tuple(name.strip() for name in match.group(1).split(",") if name.strip()),
            reason=scrub(match.group(2).strip()),  # shown in every report: a key pasted here stays hidden
        )
        for match in _IGNORE.finditer(text)
    ]
