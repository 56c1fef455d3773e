"""Xcode build configurations: which ``.xcconfig`` the release build uses.

An iOS app is archived (built for the App Store) with the configuration its scheme's ``ArchiveAction``
names, ``Release`` unless the scheme says otherwise; ``project.pbxproj`` bases each configuration on
an ``.xcconfig`` file (``baseConfigurationReference``), and an ``.xcconfig`` can ``#include`` a shared
one. Each file says one part, as an :class:`XcodeFact`; :func:`variants` joins them across the tree
into the environment of each ``.xcconfig``. A project that builds an application makes its folder
client code.
"""

from __future__ import annotations

import re
from collections import defaultdict
from posixpath import basename, dirname, join, normpath

from golive.sources import ClientApp, Reading, Variant, XcodeFact, compiled_on_use, located, text

_SETTING = compiled_on_use(r"^\s*(?P<name>[A-Za-z_]\w*)(?:\[[^\]]*\])*\s*=\s*(?P<value>.*?)\s*;?\s*$")
_INCLUDE = compiled_on_use(r"""^\s*#include\??\s*["'<](?P<file>[^"'>]+)["'>]""")


def read_xcconfig(path: str, content: str) -> Reading:
    """``NAME = value`` build settings; ``//`` starts a comment anywhere (xcconfig has no escape for it).
    A value built from other settings (``$(inherited)``, ``$(SECRET)``) is kept as a name only; an
    empty one is a slot that ``xcodebuild NAME=…`` fills, not a value."""
    reading = text.read(path, content)
    reading.build.append(XcodeFact("xcconfig", path, "", path))
    settings = []
    for number, line in enumerate(content.split("\n"), start=1):
        include = _INCLUDE.match(line)
        if include:
            reading.build.append(XcodeFact("include", path, include.group("file"), path))
            continue
        setting = _SETTING.match(line.split("//", 1)[0])
        if not setting:
            continue
        value = setting.group("value").strip().strip("\"'")
        if not value:
            continue  # a slot: `xcodebuild NAME=…` in the release pipeline fills it
        settings += located(path, number, setting.group("name"), None if "$(" in value or "${" in value else value, "xcconfig")
    claimed = {(item.line, item.value) for item in settings}
    reading.values = settings + [item for item in reading.values if (item.line, item.value) not in claimed]
    return reading


_ISA = compiled_on_use(r"\bisa\s*=\s*(?P<isa>\w+);")
_BASE = compiled_on_use(r"baseConfigurationReference\s*=\s*\w+\s*/\*\s*(?P<file>[^*]+?)\s*\*/")
_NAME = compiled_on_use(r"""^\s*name\s*=\s*"?(?P<name>[^";]+)"?;""", re.M)


_PRODUCT_TYPE = compiled_on_use(r"""productType\s*=\s*"?com\.apple\.product-type\.(?P<type>[\w.-]+)""")
_NOT_SHIPPED = frozenset({"tool", "bundle.unit-test", "bundle.ui-testing"})  # a command-line tool, test bundles


def read_pbxproj(path: str, content: str) -> Reading:
    """Configurations and the ``.xcconfig`` each is based on. An Xcode project builds apps, extensions
    and frameworks that run on users' devices: its folder is client code, unless all it builds is
    command-line tools and tests."""
    reading = text.read(path, content)
    objects = list(_ISA.finditer(content))
    for index, isa in enumerate(objects):  # an object's fields run to the next object's isa
        if isa.group("isa") != "XCBuildConfiguration":
            continue
        body = content[isa.end() : objects[index + 1].start() if index + 1 < len(objects) else len(content)]
        base, names = _BASE.search(body), _NAME.findall(body)
        if base and names:
            reading.build.append(XcodeFact("configuration", base.group("file"), names[-1].strip(), path))
    products = set(_PRODUCT_TYPE.findall(content))
    if not products or products - _NOT_SHIPPED:
        project = dirname(path)  # ShopApp.xcodeproj
        folder = dirname(project)
        reason = (
            f"client: Xcode project {basename(project)} builds an Apple platform app: its sources ship in the app users install"
        )
        reading.build.append(ClientApp(f"{folder}/" if folder else "", reason))
    return reading


_ACTION = compiled_on_use(
    r"<(?P<action>ArchiveAction|LaunchAction|TestAction)\b[^>]*?\bbuildConfiguration\s*=\s*\"(?P<name>[^\"]+)\"", re.S
)


def read_xcscheme(path: str, content: str) -> Reading:
    reading = text.read(path, content)
    for action in _ACTION.finditer(content):
        kind = "archive" if action.group("action") == "ArchiveAction" else "run"
        reading.build.append(XcodeFact(kind, basename(path).removesuffix(".xcscheme"), action.group("name"), path))
    return reading


# Xcode's own defaults: a new project archives with Release and runs with Debug.
DEFAULT_ARCHIVE, DEFAULT_RUN = "Release", "Debug"
_STRICTNESS = ("production", "staging", "development", "test")
_TOKENS = compiled_on_use(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")


def variants(facts: list[XcodeFact]) -> list[Variant]:
    """The environment of every ``.xcconfig`` in the tree, from the configurations that use it."""
    from golive.environments import env_named

    files = sorted({fact.subject for fact in facts if fact.kind == "xcconfig"})
    if not files:
        return []
    archived = {fact.name: fact.subject for fact in facts if fact.kind == "archive"}
    run = {fact.name: fact.subject for fact in facts if fact.kind == "run"}
    based: dict[str, set[str]] = defaultdict(set)  # xcconfig file name -> configurations (project.pbxproj)
    for fact in facts:
        if fact.kind == "configuration":
            based[fact.subject.lower()].add(fact.name)
    known = {
        name.lower(): name for name in {*archived, *run, DEFAULT_ARCHIVE, DEFAULT_RUN, *(n for ns in based.values() for n in ns)}
    }
    uses: dict[str, dict[str, str]] = {}  # file -> {configuration: how the file is tied to it}
    for file in files:
        if based.get(basename(file).lower()):
            uses[file] = {
                name: f"{basename(file)} is the base of configuration {name} (project.pbxproj)"
                for name in based[basename(file).lower()]
            }
        else:
            stem = basename(file).rsplit(".", 1)[0]
            named = [known[token.lower()] for token in _TOKENS.split(stem) if token.lower() in known]
            uses[file] = {name: f"{basename(file)} is named after configuration {name}" for name in named}
    includes = [(fact.subject, normpath(join(dirname(fact.subject), fact.name))) for fact in facts if fact.kind == "include"]
    for _ in range(len(files)):  # shared files reach every configuration of the files that include them
        changed = False
        for includer, included in includes:
            for name, how in uses.get(includer, {}).items():
                if included in uses and name not in uses[included]:
                    uses[included][name] = f"{basename(includer)} includes it and {how.split(' ', 1)[1]}"
                    changed = True
        if not changed:
            break
    found = []
    for file, configurations in uses.items():
        candidates = [_environment(name, how, archived, run, env_named) for name, how in configurations.items()]
        decided = [item for item in candidates if item]
        if decided:
            environment, reason = min(decided, key=lambda item: _STRICTNESS.index(item[0]))
            found.append(Variant(file, environment, reason))
    return found


def _environment(name: str, how: str, archived: dict[str, str], run: dict[str, str], env_named) -> tuple[str, str] | None:
    named = env_named(name)
    if named is not None:
        return named.value, f"{named.value}: {how}, whose name says {named.value}"
    if name in archived:
        return "production", f"production: {how}, which scheme {archived[name]} archives for release"
    if not archived and name == DEFAULT_ARCHIVE:
        return "production", f"production: {how}, which Xcode archives for release (no scheme says otherwise)"
    if name in run or (not run and name == DEFAULT_RUN):
        return "development", f"development: {how}, which is only run and tested, never archived for release"
    if archived:
        return (
            "development",
            f"development: {how}, which no scheme archives for release (they archive {', '.join(sorted(archived))})",
        )
    return None
