"""Dotenv files (every `.env*` variant), parsed by python-dotenv's own parser, which keeps lines.

python-dotenv strips matching quotes and the blanks around unquoted values; stray quotes and
whitespace inside quotes survive, which is what GL104 must see.
"""

from __future__ import annotations

import io

from dotenv.parser import parse_stream

from golive.sources import Reading, located


def read(path: str, text: str) -> Reading:
    reading = Reading()
    broken = []
    for binding in parse_stream(io.StringIO(text)):
        if binding.error:
            broken.append(binding.original.line)
        elif binding.key is not None:
            reading.values.extend(located(path, binding.original.line, binding.key, binding.value, "dotenv"))
    if broken:
        reading.problem = "unparsable dotenv line(s) " + ", ".join(map(str, broken[:5]))
    return reading
