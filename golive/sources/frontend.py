"""Frontend and mobile build configs: the places where a value is shipped to every visitor.

A value in ``next.config.js``'s ``env`` block, Nuxt's ``runtimeConfig.public``, an Angular
environment file, Expo's ``extra``, an Android ``buildConfigField`` or string resource, or an iOS
``Info.plist`` is compiled into what browsers and phones download, whatever its name says. Readers
mark those values with an exposure hint that names the evidence. Vite's ``envPrefix`` and
react-native-config change what a whole app's ``.env`` files expose: they are recorded as
:class:`PublicEnv` rules for the inventory. JavaScript configs are matched with regexes over object
blocks, never parsed into a syntax tree.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from posixpath import basename, dirname

from golive.keys import classify
from golive.sources import (
    Located,
    PublicEnv,
    Reading,
    Variant,
    clients,
    code,
    name_matcher,
    structured,
    text,
    variants,
    xcode,
)

Hint = tuple[str, str]

_JS = r"\.(?:js|mjs|cjs|ts|mts|cts)"
_reader_by_name = name_matcher(
    (
        (rf"next\.config{_JS}", "next-config"),
        (rf"vite\.config{_JS}", "vite-config"),
        (rf"nuxt\.config{_JS}", "nuxt-config"),
        (rf"app\.config{_JS}", "expo-config"),
        (r"build\.gradle(?:\.kts)?", "gradle"),
        (r"(?:.+-)?info\.plist", "info-plist"),
        (r"package\.json", "package-json"),
        (r"angular\.json|project\.json", "angular-json"),
        (r"pubspec\.yaml", "pubspec"),
        (r"index\.html?", "index-html"),
        (rf"webpack(?:\.[\w-]+)*{_JS}", "webpack-config"),
        (r"manifest\.json", "extension-manifest"),
        (r"capacitor\.config\.(?:ts|js|mjs|json)", "capacitor-config"),
        (r"tauri(?:\.[\w-]+)?\.conf\.json", "tauri-config"),
        (r".+\.xcconfig", "xcconfig"),
        (r"project\.pbxproj", "pbxproj"),
        (r".+\.xcscheme", "xcscheme"),
        (r"makefile|gnumakefile|justfile|fastfile", "build-script"),
    )
)
#: Swift and Objective-C (iOS), Dart (Flutter): read as code, with their build-type branches.
MOBILE_SUFFIXES = frozenset({".swift", ".m", ".mm", ".h", ".dart"})
_ANGULAR_ENVIRONMENT = re.compile(r"environment(?:\.[\w-]+)?\.ts")
_ANDROID_VALUES = re.compile(r"(?:^|/)res/values[\w-]*/[^/]+\.xml$")


def reader_for(path: str, name: str) -> str | None:
    """The code or frontend reader for a file (``name``: its lowercased file name), or None when
    another reader owns it."""
    reader = _reader_by_name(name)
    if reader:
        return reader
    if name.endswith(".ts") and _ANGULAR_ENVIRONMENT.fullmatch(name) and basename(dirname(path)) == "environments":
        return "angular-environment"
    if name == "launch.json" and path.endswith(".vscode/launch.json"):
        return "vscode-launch"
    if name.endswith(".xml") and _ANDROID_VALUES.search(path):
        return "android-values"
    suffix = name[name.rfind(".") :] if "." in name else ""
    return "code" if suffix in code.SUFFIXES or suffix in MOBILE_SUFFIXES else None


# --- JavaScript object blocks ------------------------------------------------------------------

_ENV_VALUE = re.compile(
    r"""(?:JSON\.stringify\(\s*)?(?:(?:process\.env|import\.meta\.env)\.(?P<a>[A-Za-z_]\w*)"""
    r"""|(?:process\.env|import\.meta\.env)\[\s*["'](?P<b>[A-Za-z_]\w*)["']\s*\])"""
)
_LITERAL = re.compile(r"""(?:JSON\.stringify\(\s*)?(?P<q>["'`])(?P<literal>[^"'`\n]*)(?P=q)""")
_OR_LITERAL = re.compile(r"""\s*\)?\s*(?:\?\?|\|\|)\s*(?P<q>["'`])(?P<literal>[^"'`\n]*)(?P=q)""")
_ENTRY_KEY = re.compile(
    r"""(?:\s|//[^\n]*|/\*.*?\*/)*(?:(?P<q>["'])(?P<quoted>[^"'\n]+)(?P=q)|(?P<bare>[A-Za-z_$][\w$]*))\s*:\s*""", re.S
)


def object_after(content: str, opener: re.Pattern[str], start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """``(begin, end)`` offsets of the body of the first ``{…}`` that ``opener`` (ending at ``{``) introduces."""
    match = opener.search(content, start, len(content) if end is None else end)
    if match is None:
        return None
    depth = 1
    for index, char in _code_chars(content, match.end(), len(content)):
        if char in "{[(":
            depth += 1
        elif char in "}])":
            depth -= 1
            if depth == 0:
                return match.end(), index
    return None


def entries(content: str, begin: int, end: int) -> Iterator[tuple[str, int, int]]:
    """``(key, key offset, value offset)`` of the top-level ``key: value`` entries in an object body."""
    depth, start = 0, begin
    for index, char in [*_code_chars(content, begin, end), (end, ",")]:
        if char in "{[(":
            depth += 1
        elif char in "}])":
            depth -= 1
        elif char == "," and depth == 0:
            key = _ENTRY_KEY.match(content, start, index)
            if key:
                group = "quoted" if key.group("quoted") else "bare"
                yield key.group(group), key.start(group), key.end()
            start = index + 1


def _code_chars(content: str, begin: int, end: int) -> Iterator[tuple[int, str]]:
    """Offsets and characters of JavaScript source outside strings and comments."""
    index, quote = begin, ""
    while index < end:
        char = content[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
        elif char in "\"'`":
            quote = char
        elif content.startswith("//", index):
            index = _after(content, "\n", index, end) - 1
        elif content.startswith("/*", index):
            index = _after(content, "*/", index + 2, end) - 1
        else:
            yield index, char
        index += 1


def _after(content: str, marker: str, start: int, end: int) -> int:
    found = content.find(marker, start, end)
    return end if found < 0 else found + len(marker)


def block_values(path: str, content: str, body: tuple[int, int], hint: Hint, keep_empty: bool = True) -> list[Located]:
    """The Stripe values of an object block whose every entry reaches the client.

    A literal is kept under its key; ``process.env.X`` under X as a name (the build inlines X's value,
    whatever it is); ``process.env.X || "…"`` adds the literal as X's fallback.
    """
    lines = code.Lines(content)
    found = []
    for key, key_at, value_at in entries(content, *body):
        line = lines.at(key_at)
        reference = _ENV_VALUE.match(content, value_at, body[1])
        literal = _LITERAL.match(content, value_at, body[1])
        if reference:
            name = reference.group("a") or reference.group("b")
            variable = name if code.keyish(name) else key
            fallback = _OR_LITERAL.match(content, reference.end(), body[1])
            if code.keyish(variable):
                found.append(Located(path, line, variable, None, "code", exposure_hint=hint))
            if fallback and (code.keyish(variable) or classify(fallback.group("literal")).kind is not None):
                found.append(Located(path, line, variable, fallback.group("literal"), "code", exposure_hint=hint, fallback=True))
        elif literal:
            value = literal.group("literal") if literal.group("literal") or keep_empty else None
            if code.keyish(key) or (value and classify(value).kind is not None):
                found.append(Located(path, line, key, value, "code", exposure_hint=hint))
    return found


def _merge(reading: Reading, hinted: list[Located]) -> Reading:
    """Hinted values replace what the code reader found at the same line with the same value."""
    claimed = {(item.line, item.value) for item in hinted}
    reading.values = hinted + [item for item in reading.values if (item.line, item.value) not in claimed]
    return reading


# --- Web frameworks ----------------------------------------------------------------------------

_NEXT_CLIENT_BLOCKS = (
    (re.compile(r"\benv\s*:\s*\{"), "env block is inlined into the bundle"),
    (re.compile(r"\bpublicRuntimeConfig\s*:\s*\{"), "publicRuntimeConfig is sent to the browser"),
)


def read_next_config(path: str, content: str) -> Reading:
    reading = code.read(path, content)
    for opener, why in _NEXT_CLIENT_BLOCKS:
        body = object_after(content, opener)
        if body:
            _merge(reading, block_values(path, content, body, ("client", f"client: Next.js {basename(path)} {why}")))
    return reading


_ENV_PREFIX = re.compile(r"""\benvPrefix\s*:\s*(\[[^\]]*\]|["'][^"']*["'])""")
_VITE_DEFINE = re.compile(r"\bdefine\s*:\s*\{")


def read_vite_config(path: str, content: str) -> Reading:
    """``envPrefix`` makes its prefixes public for the app's env files; ``define`` inlines values."""
    reading = code.read(path, content)
    setting = _ENV_PREFIX.search(content)
    if setting:
        for prefix in re.findall(r"""["']([^"']+)["']""", setting.group(1)):
            reason = f"client: {basename(path)} envPrefix {prefix!r} exposes {prefix} variables to client code"
            reading.public_env.append(PublicEnv(dirname(path), prefix, reason))
    body = object_after(content, _VITE_DEFINE)
    if body:
        _merge(
            reading, block_values(path, content, body, ("client", f"client: {basename(path)} define inlines it into the bundle"))
        )
    return reading


_RUNTIME_CONFIG = re.compile(r"\bruntimeConfig\s*:\s*\{")
_PUBLIC = re.compile(r"\bpublic\s*:\s*\{")


def read_nuxt_config(path: str, content: str) -> Reading:
    """``runtimeConfig.public`` reaches the browser. An empty string there only declares the key
    (Nuxt fills it from ``NUXT_PUBLIC_…`` at runtime), so it is kept as a name, not an empty value."""
    reading = code.read(path, content)
    runtime = object_after(content, _RUNTIME_CONFIG)
    public = object_after(content, _PUBLIC, *runtime) if runtime else None
    if public:
        hint = ("client", f"client: Nuxt {basename(path)} runtimeConfig.public is sent to the browser")
        _merge(reading, block_values(path, content, public, hint, keep_empty=False))
    return reading


def read_angular_environment(path: str, content: str) -> Reading:
    """Angular compiles ``src/environments/environment*.ts`` into the browser bundle, whole."""
    reading = code.read(path, content)
    hint = ("client", f"client: Angular environment file {basename(path)} is compiled into the browser bundle")
    reading.values = [_with_hint(item, hint) for item in reading.values]
    return reading


# --- Mobile ------------------------------------------------------------------------------------

EXPO_EXTRA = "client: Expo app config extra is embedded in the app"
_EXTRA = re.compile(r"\bextra\s*:\s*\{")


def read_expo_config(path: str, content: str) -> Reading:
    reading = code.read(path, content)
    body = object_after(content, _EXTRA)
    if body:
        _merge(reading, block_values(path, content, body, ("client", EXPO_EXTRA)))
    return reading


def read_expo_app_json(path: str, content: str) -> Reading | None:
    """An Expo ``app.json`` (``{"expo": {...}}``) with ``expo.extra`` marked client, or None when the
    file is some other ``app.json`` (Heroku's), which the deployment readers own."""
    if '"expo"' not in content:
        return None
    leaves = structured.json_leaves(content)
    if not any(keys[:1] == ("expo",) for keys, _, _ in leaves):
        return None
    reading = structured.read_json(path, content)
    hinted = [
        Located(path, line, ".".join(keys[2:]), value, "json", exposure_hint=("client", EXPO_EXTRA))
        for keys, value, line in leaves
        if keys[:2] == ("expo", "extra")
        and len(keys) > 2
        and (code.keyish(".".join(keys[2:])) or classify(value).kind is not None)
    ]
    return _merge(reading, hinted)


#: package.json sections whose keys are package names and whose values are versions or specifiers.
DEPENDENCY_SECTIONS = frozenset(
    {
        "dependencies",
        "devDependencies",
        "peerDependencies",
        "optionalDependencies",
        "bundleDependencies",
        "bundledDependencies",
        "overrides",
        "resolutions",
        "peerDependenciesMeta",
        "dependenciesMeta",
    }
)


def read_package_json(path: str, content: str) -> Reading:
    """A ``package.json`` that depends on react-native-config ships its app's ``.env`` files whole; one
    of a React Native, Expo or Electron app ships its code; its scripts name build modes and define files. Its
    dependency sections name npm packages (``stripe``, ``@stripe/stripe-js``), never Stripe variables:
    only a real key written there would count."""
    leaves = [
        (keys, value, line)
        for keys, value, line in structured.json_leaves(content)
        if not (keys[:1] and keys[0] in DEPENDENCY_SECTIONS and not classify(value).is_real)
    ]
    reading = Reading(values=structured.plain_values(path, leaves, "json"))
    if not any(word in content for word in ("react-native", "expo", "electron", "--mode", "dart-define-from-file")):
        return reading
    data = json.loads(content)
    if not isinstance(data, dict):
        return reading
    sections = ("dependencies", "devDependencies", "peerDependencies")
    if any(isinstance(data.get(s), dict) and "react-native-config" in data[s] for s in sections):
        reason = f"client: react-native-config ships every variable of the app's .env files ({path} depends on it)"
        reading.public_env.append(PublicEnv(dirname(path), "", reason))
    app = clients.package_app(path, data)
    if app:
        reading.build.append(app)
    scripts = data.get("scripts")
    if isinstance(scripts, dict):
        reading.build.extend(variants.mode_files(path, scripts))
        commands = "\n".join(command for command in scripts.values() if isinstance(command, str))
        reading.build.extend(variants.flutter_commands(path, commands))
    return reading


_GRADLE_FIELD = re.compile(
    r"""\b(?P<call>buildConfigField|resValue)\b\s*\(?\s*["'][^"']*["']\s*,\s*["'](?P<name>\w+)["']\s*,\s*(?P<value>.*?)\)?\s*$"""
)
_GRADLE_BLOCK = re.compile(r"""(?P<name>[A-Za-z_][\w]*)(?:\s*\(\s*["']?(?P<arg>[\w-]+)["']?\s*\))?\s*\{""")
_BUILD_ENVIRONMENTS = {
    "release": "production",
    "prod": "production",
    "production": "production",
    "staging": "staging",
    "debug": "development",
    "dev": "development",
    "development": "development",
}


def read_gradle(path: str, content: str) -> Reading:
    """``buildConfigField``/``resValue`` are compiled into the app; ``release {}`` builds are production."""
    reading = code.read(path, content)
    module = clients.android_module(path, content)
    if module:
        reading.build.append(module)
    hinted: list[Located] = []
    blocks: list[str] = []
    declared: dict[str, set[str]] = {"buildtypes": {"debug", "release"}, "productflavors": set()}
    for number, line in enumerate(content.split("\n"), start=1):
        field = _GRADLE_FIELD.search(line)
        if field:
            variable, value = _gradle_value(field.group("name"), field.group("value"))
            if code.keyish(variable) or (value and classify(value).kind is not None):
                what = (
                    "buildConfigField is compiled into the app"
                    if field.group("call") == "buildConfigField"
                    else "resValue is packaged into the app"
                )
                build = next((b for b in reversed(blocks) if b in _BUILD_ENVIRONMENTS), None)
                environment = (
                    (_BUILD_ENVIRONMENTS[build], f"{_BUILD_ENVIRONMENTS[build]}: Android {build} build") if build else None
                )
                hinted.append(
                    Located(
                        path,
                        number,
                        variable,
                        value,
                        "code",
                        environment_hint=environment,
                        exposure_hint=("client", f"client: Android {what}"),
                    )
                )
        for opened in _GRADLE_BLOCK.finditer(line):
            name = opened.group("arg") or opened.group("name")
            if blocks and blocks[-1] in declared:
                declared[blocks[-1]].add(name)
            blocks.append(name.lower())
        for _ in range(line.count("}")):
            if blocks:
                blocks.pop()
    if module:
        reading.build.extend(_source_sets(path, declared["buildtypes"], declared["productflavors"]))
    return _merge(reading, hinted)


def _source_sets(path: str, build_types: set[str], flavors: set[str]) -> list[Variant]:
    """Android source sets: ``src/debug/`` goes only into debug builds, ``src/release/`` and
    ``src/<flavor>Release/`` into release builds, ``src/<flavor>/`` into the flavor's builds."""

    def environment(flavor: str | None, build_type: str | None) -> str | None:
        if build_type == "debug":
            return "development"
        flavored = variants.named_environment(flavor) if flavor else None
        if build_type is None:
            return flavored
        return flavored or variants.named_environment(build_type) or ("production" if build_type == "release" else None)

    src = f"{dirname(path)}/src" if dirname(path) else "src"
    found = []
    for flavor in [None, *sorted(flavors)]:
        for build_type in [None, *sorted(build_types)]:
            if flavor is None and build_type is None:
                continue
            name = flavor + build_type[:1].upper() + build_type[1:] if flavor and build_type else flavor or build_type
            env = environment(flavor, build_type)
            if env:
                builds = (
                    f"{build_type} builds"
                    if not flavor
                    else f"the {flavor} flavor's {build_type + ' ' if build_type else ''}builds"
                )
                found.append(
                    Variant(
                        f"{src}/{name}/", env, f"{env}: Android source set src/{name}/ goes only into {builds} ({basename(path)})"
                    )
                )
    return found


def _gradle_value(name: str, raw: str) -> tuple[str, str | None]:
    """``"\\"pk_live_…\\""`` is a literal; anything built from properties or the environment is a name."""
    text = raw.strip().rstrip(")").strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1]
    text = text.replace('\\"', "").replace("\\'", "")
    if any(marker in text for marker in ("$", "+", "getenv", "property", "Property", "(")):
        return name, None
    return name, text


_ANDROID_STRING = re.compile(r"""<string\s+name\s*=\s*["'](?P<name>[^"']+)["'][^>]*>(?P<value>[^<]*)</string>""")


def read_android_values(path: str, content: str) -> Reading:
    reading = code.read(path, content)
    if "<string" not in content:
        return reading
    lines = code.Lines(content)
    hint = ("client", f"client: Android string resource {basename(path)} is packaged into the app")
    environment = _source_set_environment(path)
    hinted = [
        Located(
            path,
            lines.at(match.start()),
            match.group("name"),
            match.group("value").strip(),
            "code",
            environment_hint=environment,
            exposure_hint=hint,
        )
        for match in _ANDROID_STRING.finditer(content)
        if code.keyish(match.group("name")) or classify(match.group("value").strip()).kind is not None
    ]
    return _merge(reading, hinted)


def _source_set_environment(path: str) -> Hint | None:
    """Android source sets: ``src/release/`` ships in release builds, ``src/debug/`` in debug builds."""
    for build in ("release", "debug"):
        if f"src/{build}/" in path:
            env = _BUILD_ENVIRONMENTS[build]
            return env, f"{env}: Android {build} source set"
    return None


_PLIST_ENTRY = re.compile(r"<key>(?P<name>[^<]+)</key>\s*<string>(?P<value>[^<]*)</string>")
_BUILD_SETTING = re.compile(r"^\$[({](?P<setting>[A-Za-z_]\w*)[)}]$")


def read_info_plist(path: str, content: str) -> Reading:
    """``Info.plist`` ships inside the iOS app; ``$(STRIPE_KEY)`` is a build setting, kept as a name."""
    reading = code.read(path, content)
    if "<key>" not in content:
        return reading
    lines = code.Lines(content)
    hint = ("client", "client: iOS Info.plist is packaged into the app")
    hinted = []
    for match in _PLIST_ENTRY.finditer(content):
        variable, value = match.group("name").strip(), match.group("value").strip()
        setting = _BUILD_SETTING.match(value)
        if setting:
            variable, value = (setting.group("setting") if code.keyish(setting.group("setting")) else variable), None
        if code.keyish(variable) or (value and classify(value).kind is not None):
            hinted.append(Located(path, lines.at(match.start("value")), variable, value, "code", exposure_hint=hint))
    return _merge(reading, hinted)


def _with_hint(item: Located, hint: Hint) -> Located:
    return replace(item, exposure_hint=hint)


def read_build_script(path: str, content: str) -> Reading:
    """Makefiles, Justfiles, fastlane's Fastfile: scanned for keys, and for the define files their Flutter builds pass."""
    reading = text.read(path, content)
    reading.build.extend(variants.flutter_commands(path, content))
    return reading


def read_vscode_launch(path: str, content: str) -> Reading:
    reading = structured.read_json(path, content)
    reading.build.extend(variants.launch_defines(path, content))
    return reading


def read_extension_manifest(path: str, content: str) -> Reading:
    return clients.read_manifest_json(path, content) or structured.read_json(path, content)


READERS: dict[str, Callable[[str, str], Reading]] = {
    "code": variants.read_code,
    "angular-json": variants.read_angular_json,
    "pubspec": clients.read_pubspec,
    "index-html": clients.read_index_html,
    "webpack-config": clients.read_webpack_config,
    "extension-manifest": read_extension_manifest,
    "capacitor-config": clients.read_capacitor_config,
    "tauri-config": clients.read_tauri_config,
    "xcconfig": xcode.read_xcconfig,
    "pbxproj": xcode.read_pbxproj,
    "xcscheme": xcode.read_xcscheme,
    "build-script": read_build_script,
    "vscode-launch": read_vscode_launch,
    "next-config": read_next_config,
    "vite-config": read_vite_config,
    "nuxt-config": read_nuxt_config,
    "expo-config": read_expo_config,
    "angular-environment": read_angular_environment,
    "package-json": read_package_json,
    "gradle": read_gradle,
    "android-values": read_android_values,
    "info-plist": read_info_plist,
}
