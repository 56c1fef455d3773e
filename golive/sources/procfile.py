"""Procfiles (Heroku, Dokku, foreman): a process command that loads an env file (``web: env $(cat .env) …``,
``--env-file .env``) ships it where the process runs. Keys written in the file are found like any text."""

from __future__ import annotations

import posixpath
import re

from golive.environments import Env, path_marker
from golive.sources import Load, Reading, text

#: An env file named in a command: `.env`, `./api/.env.production`; not a remote `host:/srv/.env`.
ENV_FILE = re.compile(r"(?<![\w$./-])((?:[\w.-]+/)*\.env(?:\.[\w-]+)*)(?![\w/-])")


#: Commands that run an app's seeds, and the files they run: a release phase that seeds ships them.
SEEDS = (
    (re.compile(r"\bartisan\s+db:seed\b"), ("database/seeders/", "database/seeds/")),
    (re.compile(r"\b(?:rails|rake)\b[^\n]*\bdb:(?:seed|setup|prepare)\b"), ("db/seeds.rb", "db/seeds/")),
    (re.compile(r"\bprisma\s+db\s+seed\b"), ("prisma/seed.",)),
    (re.compile(r"\bsequelize(?:-cli)?\s+db:seed"), ("seeders/",)),
    (re.compile(r"\bknex\s+seed:run\b"), ("seeds/",)),
)


def seed_files(command: str) -> list[str]:
    """The seed files (or folders and prefixes, ending in / or .) a command runs."""
    return [seeded for pattern, paths in SEEDS if pattern.search(command) for seeded in paths]


def read(path: str, content: str) -> Reading:
    reading = text.read(path, content)
    folder = posixpath.dirname(path)
    marker = path_marker(path)
    environment = (marker[0].value, marker[1]) if marker and marker[0] is not Env.TEMPLATE else None
    for number, line in enumerate(content.splitlines(), 1):
        process = line.partition(":")[0].strip()
        for seeded in seed_files(line.partition(":")[2]):
            by = f"{posixpath.basename(path)} process {process} ({path}, line {number}), which runs the seeds"
            reading.loads.append(Load("file", posixpath.join(folder, seeded) if folder else seeded, None, by, environment))
        for match in ENV_FILE.finditer(line.partition(":")[2]):
            loaded = posixpath.normpath(posixpath.join(folder, match.group(1)))
            if not loaded.startswith("../"):
                reading.loads.append(
                    Load(
                        "file", loaded, None, f"{posixpath.basename(path)} process {process} ({path}, line {number})", environment
                    )
                )
    return reading
