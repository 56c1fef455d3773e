"""Client platforms: the build configs that say which code ships to users' browsers and devices.

A Flutter app compiles ``lib/`` into the app; a Vite ``index.html`` pulls its entry's folder into
the browser bundle, as a webpack ``entry`` does; a browser extension packages its folder; Electron,
Capacitor and Tauri apps ship their code inside what users install. Each reader records a
:class:`ClientApp` for the folder, with the evidence as the reason; the inventory applies it. A
folder is never made client by its name alone.
"""

from __future__ import annotations

import importlib
import json
import re
from posixpath import basename, dirname, join, normpath

from golive.sources import ClientApp, Reading, code, compiled_on_use, structured


def load_jsonc(content: str) -> object:
    """JSON as the tools that read these configs accept it: with comments and trailing commas (Chrome's
    manifest.json, angular.json), like structured.json_leaves, which has read the file already."""
    try:
        return json.loads(content)
    except ValueError:
        return json.loads(structured._without_comments(content) or content)


def _folder(*parts: str) -> str:
    """A folder as rules spell it: ``app/lib/``, or ``""`` for the root."""
    joined = normpath(join(*parts)) if any(parts) else ""
    return "" if joined in ("", ".") else joined.strip("/") + "/"


# --- Flutter -----------------------------------------------------------------------------------

_FLUTTER_SDK = compiled_on_use(r"^dependencies:\s*\n(?:[ \t]+.*\n|\s*\n)*?[ \t]+flutter:\s*\n[ \t]+sdk:\s*[\"']?flutter\b", re.M)
_FLUTTER_SECTION = compiled_on_use(r"^flutter:[ \t]*\n(?P<body>(?:[ \t]+.*\n|[ \t]*\n)*)", re.M)
_ASSETS = compiled_on_use(r"^(?P<indent>[ \t]+)assets:[ \t]*\n(?P<items>(?:(?P=indent)[ \t]*-.*\n|[ \t]*#.*\n)*)", re.M)
_ASSET = compiled_on_use(r"^[ \t]*-[ \t]*(?:path:[ \t]*)?[\"']?(?P<asset>[^\"'#\n]+?)[\"']?[ \t]*(?:#.*)?$", re.M)


def read_pubspec(path: str, content: str) -> Reading:
    """``pubspec.yaml`` with the flutter SDK: ``lib/`` and the declared assets ship in the app."""
    reading = importlib.import_module("golive.sources.kubernetes").read(path, content)
    text = content if content.endswith("\n") else content + "\n"
    if not _FLUTTER_SDK.search(text):
        return reading
    folder = dirname(path)
    reading.build.append(
        ClientApp(
            _folder(folder, "lib"),
            f"client: Flutter app ({path} depends on the flutter SDK) compiles lib/ into the app users install",
            whole=True,
        )
    )
    section = _FLUTTER_SECTION.search(text)
    assets = _ASSETS.search(section.group("body")) if section else None
    for asset in _ASSET.finditer(assets.group("items")) if assets else ():
        name = asset.group("asset").strip()
        target = _folder(folder, name) if name.endswith("/") else normpath(join(folder, name))
        reading.build.append(
            ClientApp(
                target, f"client: {path} bundles it as a Flutter asset, readable by anyone who installs the app", whole=True
            )
        )
    return reading


# --- Browser bundles ---------------------------------------------------------------------------

_SCRIPT = compiled_on_use(r"<script\b(?P<attributes>[^>]*)>", re.I)
_SRC = compiled_on_use(r"""\bsrc\s*=\s*(?P<q>["']?)(?P<src>[^"'\s>]+)(?P=q)""", re.I)
_MODULE = compiled_on_use(r"""\btype\s*=\s*["']?module\b""", re.I)


def read_index_html(path: str, content: str) -> Reading:
    """An ``index.html`` whose ``<script type="module" src="/src/main.tsx">`` is an app entry: a bundler
    (Vite) pulls the entry's folder into the browser bundle. An entry beside the page itself (the
    project's root folder, where a server may live too) makes only that file client."""
    reading = code.read(path, content)
    folder = dirname(path)
    for script in _SCRIPT.finditer(content):
        src = _SRC.search(script.group("attributes"))
        entry = _local(src.group("src")) if src else None
        if entry is None:
            continue
        assert src is not None  # entry comes from it
        target = normpath(join(folder, entry))
        if target.startswith("../"):
            continue
        module = bool(_MODULE.search(script.group("attributes")))
        if module and dirname(target) != folder:
            reason = f"client: {path} loads {src.group('src')} as a module: the bundler pulls {dirname(target)}/ into the browser"
            reading.build.append(ClientApp(_folder(dirname(target)), reason))
        else:
            reading.build.append(
                ClientApp(target, f'client: {path} loads it in the browser (<script src="{src.group("src")}">)', whole=True)
            )
    return reading


def _local(src: str) -> str | None:
    """A script path inside the project, or None for a URL, a CDN or a server template's placeholder."""
    if re.match(r"^(?:[a-z]+:)?//", src, re.I) or any(mark in src for mark in ("{", "<%", "$")):
        return None
    src = src.split("?", 1)[0].split("#", 1)[0].lstrip("/")
    return src if re.search(r"\.(?:[cm]?[jt]sx?|vue|svelte)$", src) else None


_ENTRY = compiled_on_use(r"\bentry\s*:\s*")
_NODE_TARGET = compiled_on_use(
    r"""\btarget\s*:\s*["'](?:node|async-node|electron-main)|webpack-node-externals|\bnodeExternals\("""
)
_ENTRY_PATH = compiled_on_use(r"""["'](?P<path>\.{0,2}/?[\w@./-]+\.(?:[cm]?[jt]sx?|vue|svelte))["']""")


def read_webpack_config(path: str, content: str) -> Reading:
    """A webpack config's ``entry`` is bundled for the browser, unless it builds for Node (a node
    ``target``, or node_modules left external as a server bundle does)."""
    reading = code.read(path, content)
    at = _ENTRY.search(content)
    if at is None or _NODE_TARGET.search(content):
        return reading
    folder = dirname(path)
    value = content[at.end() : at.end() + 600]
    if value.startswith("{"):
        end = _closing(value)
        value = value[: end + 1] if end > 0 else value
    elif value.startswith("["):
        value = value[: value.find("]") + 1]
    else:
        value = value.split("\n", 1)[0].split(",", 1)[0] if "resolve(" not in value.split("\n", 1)[0] else value.split("\n", 1)[0]
    for entry in _ENTRY_PATH.finditer(value):
        target = normpath(join(folder, entry.group("path")))
        if target.startswith("../"):
            continue
        reason = f"client: {basename(path)} bundles entry {entry.group('path')} for the browser"
        if dirname(target) != folder:
            reading.build.append(ClientApp(_folder(dirname(target)), f"{reason}, with the code in {dirname(target)}/"))
        else:
            reading.build.append(ClientApp(target, reason, whole=True))
    return reading


def _closing(text: str) -> int:
    depth = 0
    for index, char in enumerate(text):
        depth += char in "{[("
        depth -= char in "}])"
        if depth == 0:
            return index
    return -1


# --- Browser extensions, Electron, Capacitor, Tauri ----------------------------------------------

_EXTENSION_PARTS = (
    "background",
    "content_scripts",
    "action",
    "browser_action",
    "page_action",
    "side_panel",
    "options_page",
    "devtools_page",
)
_COPIED_AS_IS = frozenset({"public", "static"})  # a bundler copies the manifest from here; the extension is the project


def read_manifest_json(path: str, content: str) -> Reading | None:
    """A browser extension's ``manifest.json``: its folder is installed in users' browsers, whole.
    None for any other ``manifest.json`` (a PWA's), which the JSON reader owns."""
    if "manifest_version" not in content:
        return None
    reading = structured.read_json(path, content)
    data = load_jsonc(content)
    if not isinstance(data, dict) or "manifest_version" not in data or not any(part in data for part in _EXTENSION_PARTS):
        return reading
    folder = dirname(path)
    parts = ", ".join(part for part in _EXTENSION_PARTS if part in data)
    if basename(folder) in _COPIED_AS_IS:
        project = dirname(folder)
        reason = (
            f"client: browser extension ({path}, manifest_version {data['manifest_version']}, {parts}): its code is "
            "bundled into the extension users install"
        )
        reading.build.append(ClientApp(_folder(project), reason))
    else:
        reason = (
            f"client: browser extension ({path}, manifest_version {data['manifest_version']}, {parts}): "
            f"{folder or 'its folder'}/ is packaged and installed in users' browsers"
        )
        reading.build.append(ClientApp(_folder(folder), reason, whole=bool(folder)))
    return reading


def package_app(path: str, data: dict) -> ClientApp | None:
    """A ``package.json`` of an app whose JavaScript ships to devices: React Native and Expo (Metro
    bundles it into the app), Electron with a ``main`` script (packaged into the desktop app)."""

    def depends_on(package: str, sections: tuple[str, ...] = ("dependencies",)) -> bool:
        return any(isinstance(data.get(section), dict) and package in data[section] for section in sections)

    for package in ("react-native", "expo"):
        if depends_on(package):
            return ClientApp(
                _folder(dirname(path)),
                f"client: {'Expo' if package == 'expo' else 'React Native'} app ({path} depends on {package}): "
                "Metro bundles its JavaScript into the app users install",
            )
    if "main" in data and depends_on("electron", ("dependencies", "devDependencies")):
        reason = f"client: Electron app ({path} depends on electron): its code is packaged into the desktop app users install"
        return ClientApp(_folder(dirname(path)), reason)
    return None


_WEB_DIR = compiled_on_use(r"""\bwebDir["']?\s*:\s*["'](?P<dir>[^"']+)["']""")


def read_capacitor_config(path: str, content: str) -> Reading:
    """``capacitor.config.*``: the web app beside it, and its ``webDir`` build, ship inside the mobile app."""
    reading = structured.read_json(path, content) if path.endswith(".json") else code.read(path, content)
    folder = dirname(path)
    reason = f"client: Capacitor app ({path}): its web app ships inside the mobile app"
    reading.build.append(ClientApp(_folder(folder), reason))
    web_dir = _WEB_DIR.search(content)
    if web_dir and not web_dir.group("dir").startswith(("..", "/")):
        reading.build.append(
            ClientApp(_folder(folder, web_dir.group("dir")), f"{reason} (webDir {web_dir.group('dir')})", whole=True)
        )
    return reading


def read_tauri_config(path: str, content: str) -> Reading:
    """``src-tauri/tauri.conf.json``: the Rust core beside it and the frontend of the project around it
    are both compiled into the desktop app."""
    reading = structured.read_json(path, content) if path.endswith(".json") else code.read(path, content)
    core = dirname(path)
    reading.build.append(
        ClientApp(
            _folder(core),
            f"client: Tauri app ({path}): its Rust core is compiled into the desktop app users install",
            compiles=(".rs",),
        )
    )
    if basename(core) == "src-tauri":
        reason = f"client: Tauri app ({path}): its frontend ships inside the desktop app"
        reading.build.append(ClientApp(_folder(dirname(core)), reason))
    return reading


_ANDROID_PLUGIN = compiled_on_use(r"""com\.android\.(?:application|library)|\bandroid\s*\{""")


def android_module(path: str, content: str) -> ClientApp | None:
    """A Gradle module that applies the Android plugin compiles its ``src/`` into the app."""
    if not _ANDROID_PLUGIN.search(content):
        return None
    reason = f"client: Android module ({path} applies the Android plugin) compiles src/ into the app users install"
    return ClientApp(_folder(dirname(path), "src"), reason, compiles=(".kt", ".java"))
