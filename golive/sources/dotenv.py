"""Dotenv files (every `.env*` variant), parsed by python-dotenv's own parser, which keeps lines.

python-dotenv strips matching quotes and the blanks around unquoted values; stray quotes and
whitespace inside quotes survive, which is what GL104 must see.
"""

from __future__ import annotations

import io
import re

from dotenv.parser import Binding, parse_stream

from golive.sources import Reading, located

# What a shell or a platform would still take from a line python-dotenv rejects (KEY='sk_live_…").
_LOOSE_ASSIGNMENT = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=(.*?)\s*$", re.S)


def read(path: str, text: str) -> Reading:
    reading = Reading()
    broken = []
    for binding in parse_stream(io.StringIO(text)):
        if binding.error:
            loose = _LOOSE_ASSIGNMENT.match(binding.original.string)
            if loose:
                reading.values.extend(located(path, _line(binding), loose.group(1), loose.group(2), "dotenv"))
            elif binding.original.string.strip():
                broken.append(_line(binding))
        elif binding.key is not None:
            reading.values.extend(located(path, _line(binding), binding.key, binding.value, "dotenv"))
    if broken:
        reading.problem = "unparsable dotenv line(s) " + ", ".join(map(str, broken[:5]))
    return reading


def _line(binding: Binding) -> int:
    """The binding's own line: python-dotenv counts from the blank lines it swallowed before it."""
    text = binding.original.string
    return binding.original.line + text[: len(text) - len(text.lstrip())].count("\n")


# `export STRIPE_SECRET_KEY=…` in a shell script: what the commands it runs (the app, a deploy) get.
_EXPORT = re.compile(r"^[ \t]*export[ \t]+([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*'|[^\s;#&|]*)", re.M)


def read_shell(path: str, text: str) -> Reading:
    """Shell scripts (``.sh``, ``.bash``, ``.zsh``): ``export NAME=value`` lines; a value built by a
    command (``$(…)``, backquotes) or from another variable is filled in when the script runs."""
    reading = Reading()
    for match in _EXPORT.finditer(text):
        raw = match.group(2)
        value = raw[1:-1] if raw[:1] in "\"'" and len(raw) >= 2 else raw
        if raw[:1] != "'" and ("$" in value or "`" in value):
            continue
        line = text.count("\n", 0, match.start()) + 1
        reading.values.extend(located(path, line, match.group(1), value, "shell"))
    return reading
