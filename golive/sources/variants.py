"""Build variants: the file or branch a release build uses is production, the others are not.

Each reader here sees one build config that decides for other files, and records the decision as a
:class:`Variant` with the build's own words as the reason: Angular's ``fileReplacements``, the define
files a ``flutter build`` or ``flutter run`` command passes, the ``--mode`` of a Vite or Vue CLI
build. Code that picks its key by build type (Swift ``#if DEBUG``, Dart ``kReleaseMode``, Android
``BuildConfig.DEBUG``) gets an environment per branch.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import replace
from posixpath import basename, dirname, join, normpath

from golive.sources import BuildFact, ClientApp, Located, Reading, Variant, clients, code, compiled_on_use, structured, text

_STRICTNESS = ("production", "staging", "development", "test")


def named_environment(name: str) -> str | None:
    """The environment a build name stands for (``prod``, ``staging``), or None."""
    from golive.environments import env_named

    found = env_named(name)
    return found.value if found else None


# --- Angular -----------------------------------------------------------------------------------


def read_angular_json(path: str, content: str) -> Reading:
    """``angular.json`` (or an Nx ``project.json``): each build configuration's ``fileReplacements``.

    The file a configuration swaps in belongs to that configuration. The file it replaces is what
    every other configuration builds with: development in the pre-v15 layout (production replaces
    ``environment.ts`` with ``environment.prod.ts``), production in the v15+ layout (development
    replaces ``environment.ts`` with ``environment.development.ts``).
    """
    reading = structured.read_json(path, content)
    if "fileReplacements" not in content:
        return reading
    data = clients.load_jsonc(content)
    if not isinstance(data, dict):
        return reading
    for target in _build_targets(data):
        reading.build.extend(_replacements(path, target))
    return reading


def _build_targets(data: dict) -> Iterator[dict]:
    projects = data["projects"] if isinstance(data.get("projects"), dict) else {"": data}
    for project in projects.values():
        if not isinstance(project, dict):
            continue
        for section in ("architect", "targets"):
            targets = project.get(section)
            if isinstance(targets, dict) and isinstance(targets.get("build"), dict):
                yield targets["build"]


def _replacements(path: str, build: dict) -> list[Variant]:
    configurations = build.get("configurations")
    if not isinstance(configurations, dict):
        return []
    default = build.get("defaultConfiguration")
    environments = {name: named_environment(name) or ("production" if name == default else None) for name in configurations}
    replaced: dict[str, dict[str, str]] = {}  # configuration -> {replaced file: file swapped in}
    for name, configuration in configurations.items():
        entries = configuration.get("fileReplacements") if isinstance(configuration, dict) else None
        for entry in entries if isinstance(entries, list) else ():
            if isinstance(entry, dict) and isinstance(entry.get("replace"), str) and isinstance(entry.get("with"), str):
                replaced.setdefault(name, {})[normpath(entry["replace"])] = normpath(entry["with"])
    found: list[Variant] = []
    config = basename(path)
    for name, swaps in replaced.items():
        for original, swapped_in in swaps.items():
            if environment := environments[name]:
                reason = f"{environment}: {config}'s {name} build replaces {basename(original)} with it"
                found += _at_workspace(path, swapped_in, environment, reason)
    for original in {original for swaps in replaced.values() for original in swaps}:
        keeping = [name for name in configurations if original not in replaced.get(name, {}) and environments[name]]
        replacing = [name for name in configurations if original in replaced.get(name, {})]
        if keeping:
            name = min(keeping, key=lambda n: _STRICTNESS.index(environments[n]))
            environment = environments[name]
            assert environment is not None  # keeping holds only builds with an environment
            reason = (
                f"{environment}: {config}'s {name} build uses it (only {', '.join(replacing)} "
                f"replace{'s' if len(replacing) == 1 else ''} it)"
            )
        elif any(environments[name] == "production" for name in replacing):
            name = next(name for name in replacing if environments[name] == "production")
            environment = "development"
            reason = (
                f"development: {config}'s {name} build replaces it with {basename(replaced[name][original])}; only other "
                "builds use it"
            )
        else:
            continue
        found += _at_workspace(path, original, environment, reason)
    return found


def _at_workspace(config: str, relative: str, environment: str, reason: str) -> list[Variant]:
    """Paths in ``angular.json`` are relative to its folder; in an Nx ``project.json`` to the workspace
    root, which is one of its folder's ancestors."""
    folder = dirname(config)
    bases = [folder] if basename(config) == "angular.json" else _ancestors(folder)
    return [Variant(normpath(join(base, relative)) if base else relative, environment, reason) for base in bases]


def _ancestors(folder: str) -> list[str]:
    found = [folder]
    while folder:
        folder = dirname(folder)
        found.append(folder)
    return found


# --- Flutter define files, Vite and Vue CLI modes ----------------------------------------------

_FLUTTER = compiled_on_use(r"\bflutter\s+(?P<verb>build|run|drive|test)\b(?P<rest>[^\n;&|]*(?:\\\n[^\n;&|]*)*)")
_DEFINE_FILE = compiled_on_use(r"--dart-define-from-file(?:=|\s+)(?P<q>[\"']?)(?P<file>[^\s\"']+)(?P=q)")
_FLAVOR = compiled_on_use(r"--flavor(?:=|\s+)[\"']?(?P<flavor>[\w-]+)")
_WORKING_DIRECTORY = compiled_on_use(r"""(?:\bcd\s+|working[-_]directory:\s*)["']?(?P<folder>[\w./-]+)""")


def flutter_commands(path: str, content: str) -> list[BuildFact]:
    """``flutter build … --dart-define-from-file=config/prod.json`` compiles the file's values into the
    release app (production, client); ``flutter run`` into a developer's build (development)."""
    if "dart-define-from-file" not in content:
        return []
    found: list[BuildFact] = []
    folders = [m.group("folder").rstrip("/") for m in _WORKING_DIRECTORY.finditer(content)]
    for command in _FLUTTER.finditer(content):
        rest = command.group("rest")
        flavor = _FLAVOR.search(rest)
        for define in _DEFINE_FILE.finditer(rest):
            file = define.group("file")
            if "$" in file or "{" in file:
                continue
            shown = f"`flutter {command.group('verb')} … --dart-define-from-file={file}` in {basename(path)}"
            if command.group("verb") != "build" or re.search(r"--(?:debug|profile)\b", rest):
                environment = "development"
                reason = f"development: {shown} is a developer's build"
            else:
                environment = (
                    (flavor and named_environment(flavor.group("flavor")))
                    or named_environment(basename(file).rsplit(".", 1)[0])
                    or "production"
                )
                build = f"the {flavor.group('flavor')} flavor's release app" if flavor else "the release app"
                reason = f"{environment}: {shown} compiles it into {build}"
            exposure = f"client: {shown} compiles its values into the Flutter app"
            for candidate in _candidates(dirname(path), folders, file):
                found.append(Variant(candidate, environment, reason, alone=True))
                found.append(ClientApp(candidate, exposure, whole=True))
    return found


_LAUNCH_CWD = compiled_on_use(r"""["']cwd["']\s*:\s*["'](?:\$\{workspaceFolder\}/?)?(?P<folder>[^"'$]*)["']""")


def launch_defines(path: str, content: str) -> list[BuildFact]:
    """An editor's launch configuration (``.vscode/launch.json``) that passes ``--dart-define-from-file``
    runs the app on a developer's machine: the file is development, and compiled into that build."""
    if "dart-define-from-file" not in content:
        return []
    found: list[BuildFact] = []
    workspace = dirname(dirname(path))  # the folder that holds .vscode/
    folders = [normpath(join(workspace, m.group("folder"))) for m in _LAUNCH_CWD.finditer(content) if m.group("folder")]
    for define in _DEFINE_FILE.finditer(content):
        file = define.group("file").replace("${workspaceFolder}/", "")
        if "$" in file or "{" in file:
            continue
        reason = f"development: {path} passes it to a debug launch (--dart-define-from-file={file}) on a developer's machine"
        exposure = f"client: {path} passes it with --dart-define-from-file, which compiles its values into the Flutter app"
        for candidate in _candidates(workspace, folders, file):
            found.append(Variant(candidate, "development", reason))
            found.append(ClientApp(candidate, exposure, whole=True))
    return found


def _candidates(here: str, folders: list[str], file: str) -> set[str]:
    """Where a relative path in a command run from folder ``here`` can point: from there, from the
    folders it changes into, and from their ancestors (a CI step runs from the repository root)."""
    bases = set(_ancestors(here))
    for folder in folders:  # a `cd` in a script is relative to it; a CI step's working-directory to the root
        for start in {normpath(join(here, folder)), normpath(folder)}:
            if not start.startswith(".."):
                bases.update(_ancestors("" if start == "." else start))
    found = {normpath(join(base, file)) for base in bases}
    return {path for path in found if not path.startswith("..")}


_MODE_BUILD = compiled_on_use(r"\b(?P<tool>vite|vue-cli-service)(?P<rest>(?:\s+[^\s&|;]+)*)")


def mode_files(path: str, scripts: dict) -> list[Variant]:
    """``vite build --mode staging`` loads ``.env.staging``: the mode's files belong to the build that
    names it (the mode's own name, else the script's name, else the ``build`` script's production)."""
    found = []
    folder = dirname(path)
    for script, command in scripts.items():
        if not isinstance(command, str) or "--mode" not in command:
            continue
        for call in _MODE_BUILD.finditer(command):
            try:
                words = shlex.split(call.group("rest"))
            except ValueError:
                continue
            mode = next((w.split("=", 1)[1] for w in words if w.startswith("--mode=")), None)
            if mode is None and "--mode" in words and words.index("--mode") + 1 < len(words):
                mode = words[words.index("--mode") + 1]
            if not mode or not re.fullmatch(r"[\w-]+", mode):
                continue
            building = words[:1] == ["build"]
            environment = (
                named_environment(mode) or named_environment(script) or ("production" if building and script == "build" else None)
            )
            if environment is None and not building:
                environment = "development"
            if environment is None:
                continue
            reason = (
                f"{environment}: package.json script {script!r} runs `{call.group('tool')} {' '.join(words)}`, which "
                f"loads .env.{mode}"
            )
            for name in (f".env.{mode}", f".env.{mode}.local"):
                found.append(Variant(join(folder, name) if folder else name, environment, reason))
    return found


# --- Branches on the build type in code ----------------------------------------------------------

#: Swift and Objective-C compile only one branch of ``#if DEBUG … #else … #endif``.
_DIRECTIVE = compiled_on_use(r"^[ \t]*#\s*(?P<word>if|ifdef|ifndef|elseif|elif|else|endif)\b(?P<condition>[^\n]*)$", re.M)
#: Dart's ``kReleaseMode``/``kDebugMode`` and Android's ``BuildConfig.DEBUG`` in a condition.
_FLAG = compiled_on_use(r"(?P<negated>!\s*)?(?P<flag>kReleaseMode|kDebugMode|kProfileMode|BuildConfig\.DEBUG)\b")
_AFTER_FLAG = compiled_on_use(r"\s*\)?\s*(?P<open>\?|\{|(?=\S))")
_FLAG_ENVIRONMENT = {
    "kReleaseMode": "production",
    "kDebugMode": "development",
    "kProfileMode": "development",
    "BuildConfig.DEBUG": "development",
}
BRANCH_SUFFIXES = (".swift", ".m", ".mm", ".h", ".dart", ".kt", ".java")


def read_code(path: str, content: str) -> Reading:
    """Code, plus an environment for each value in a branch that only one build type compiles."""
    reading = code.read(path, content)
    if reading.values and path.endswith(BRANCH_SUFFIXES) and ("#" in content or _FLAG.search(content)):
        spans = [*_directive_spans(content), *_flag_spans(content)] if len(content) <= text.MAX_SOURCE_CHARS else []
        if spans:
            reading.values = [_in_branch(item, content, spans) for item in reading.values]
    return reading


Span = tuple[int, int, str, str]  # start, end, environment, reason


def _directive_spans(content: str) -> Iterator[Span]:
    """``#if DEBUG`` is development and its ``#else`` production; ``#if RELEASE``, ``#if PRODUCTION`` the
    other way round. Any other condition leaves its branches alone."""
    stack: list[tuple[str | None, int, str]] = []  # (environment of the open branch, its start, where it is)
    for directive in _DIRECTIVE.finditer(content):
        word, condition = directive.group("word"), directive.group("condition").split("//")[0].strip()
        if word in ("if", "ifdef", "ifndef"):
            environment = _condition_environment(condition, negated=word == "ifndef")
            stack.append((environment, directive.end(), f"inside #{word} {condition}"))
        elif not stack:
            continue
        else:
            environment, start, where = stack.pop()
            if environment:
                yield start, directive.start(), environment, f"{environment}: {where}, compiled only into {_builds(environment)}"
            if word == "else" and environment and where.startswith("inside"):
                other = "development" if environment == "production" else "production"
                stack.append((other, directive.end(), f"in the #else branch of #{where.removeprefix('inside #')}"))
            elif word in ("else", "elseif", "elif"):
                stack.append((None, directive.end(), where))


def _condition_environment(condition: str, negated: bool) -> str | None:
    negated ^= condition.startswith("!")
    flag = condition.lstrip("!( ").rstrip(") ")
    if not re.fullmatch(r"[A-Za-z_]\w*", flag):
        return None
    environment = (
        "development" if flag.upper() == "DEBUG" else "production" if flag.upper() == "RELEASE" else named_environment(flag)
    )
    if environment in (None, "test"):
        return None
    if negated:
        return "development" if environment == "production" else "production"
    return environment


def _builds(environment: str) -> str:
    return "release builds" if environment == "production" else f"{environment} builds"


def _flag_spans(content: str) -> Iterator[Span]:
    """``kReleaseMode ? 'pk_live_…' : 'pk_test_…'`` and ``if (BuildConfig.DEBUG) {…} else {…}``."""
    for flag in _FLAG.finditer(content):
        environment = _FLAG_ENVIRONMENT[flag.group("flag")]
        if flag.group("negated"):
            environment = "development" if environment == "production" else "production"
        other = "development" if environment == "production" else "production"
        name = ("!" if flag.group("negated") else "") + flag.group("flag")
        after = _AFTER_FLAG.match(content, flag.end())
        if after is None:
            continue
        body = after.start("open")
        if after.group("open") == "?":
            colon = _top_level(content, after.end(), ":")
            end = _top_level(content, colon + 1, ";,)\n") if colon >= 0 else -1
            if colon >= 0 and end >= 0:
                yield (
                    after.end(),
                    colon,
                    environment,
                    f"{environment}: the {name} branch of a ternary, taken only by {_builds(environment)}",
                )
                yield colon + 1, end, other, f"{other}: the branch of a ternary taken when {name} is false, in {_builds(other)}"
            continue
        if not content[max(0, flag.start() - 40) : flag.start()].rstrip().rstrip("(").rstrip().endswith("if"):
            continue
        body_end = _branch_end(content, body)
        if body_end < 0:
            continue
        yield body, body_end, environment, f"{environment}: inside if ({name}), run only by {_builds(environment)}"
        otherwise = re.compile(r"\s*(?:\}\s*)?else\b\s*").match(content, body_end)
        if otherwise and not content.startswith("if", otherwise.end()):
            else_end = _branch_end(content, otherwise.end())
            if else_end >= 0:
                yield otherwise.end(), else_end, other, f"{other}: the else branch of if ({name}), run by {_builds(other)}"


def _branch_end(content: str, start: int) -> int:
    """Where a branch starting at ``start`` ends: its block's closing brace, or the end of its
    expression (Kotlin's ``if (BuildConfig.DEBUG) "pk_test_…" else "pk_live_…"``)."""
    if content.startswith("{", start):
        return _top_level(content, start + 1, "}")
    end = _top_level(content, start, ";\n")
    otherwise = re.compile(r"\selse\b").search(content, start, end if end >= 0 else start)
    return otherwise.start() if otherwise else end


def _top_level(content: str, start: int, stops: str, reach: int = 2000) -> int:
    """The first of ``stops`` outside brackets and strings after ``start``, or -1."""
    depth, quote, index, end = 0, "", start, min(len(content), start + reach)
    while index < end:
        char = content[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
        elif char in "\"'`":
            quote = char
        elif depth == 0 and char in stops:
            return index
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                return index if char in stops else -1
            depth -= 1
        index += 1
    return -1


def _in_branch(item: Located, content: str, spans: list[Span]) -> Located:
    if item.environment_hint or item.line <= 0:
        return item
    offset = _offset(content, item)
    inside = [span for span in spans if span[0] <= offset < span[1]]
    if not inside:
        return item
    _, _, environment, reason = max(inside, key=lambda span: span[0])  # the innermost branch
    return replace(item, environment_hint=(environment, reason))


def _offset(content: str, item: Located) -> int:
    """Where the value sits: on its line, at the literal when the line holds it."""
    at = 0
    for _ in range(item.line - 1):
        at = content.find("\n", at) + 1
        if at == 0:
            return len(content)
    found = content.find(item.value, at, content.find("\n", at) if "\n" in content[at:] else len(content)) if item.value else -1
    return found if found >= 0 else at
