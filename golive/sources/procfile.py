"""Procfiles (Heroku, Dokku, foreman): a process command that loads an env file (``web: env $(cat .env) …``,
``--env-file .env``) ships it where the process runs. Keys written in the file are found like any text."""

from __future__ import annotations

import posixpath

import re

from golive.inventory import Env, path_marker
from golive.sources import Load, Reading, text

#: An env file named in a command: `.env`, `./api/.env.production`; not a remote `host:/srv/.env`.
ENV_FILE = re.compile(r"(?<![\w$./-])((?:[\w.-]+/)*\.env(?:\.[\w-]+)*)(?![\w/-])")


def read(path: str, content: str) -> Reading:
    reading = text.read(path, content)
    folder = posixpath.dirname(path)
    marker = path_marker(path)
    environment = (marker[0].value, marker[1]) if marker and marker[0] is not Env.TEMPLATE else None
    for number, line in enumerate(content.splitlines(), 1):
        process = line.partition(":")[0].strip()
        for match in ENV_FILE.finditer(line.partition(":")[2]):
            loaded = posixpath.normpath(posixpath.join(folder, match.group(1)))
            if not loaded.startswith("../"):
                reading.loads.append(Load("file", loaded, None, f"{posixpath.basename(path)} process {process} ({path}, line {number})", environment))
    return reading
