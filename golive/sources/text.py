"""Any other text file: source code, minified bundles, docs. A key-pattern scan with line numbers.

Only real keys count here: a placeholder in a code comment is noise. The variable is whatever name
the key is assigned to on its line (``STRIPE_KEY = "sk_…"``, ``process.env.X ?? "sk_…"``), so that
public prefixes still tell exposure. A real key inside a comment (``//``, ``#``, ``/* */``,
``<!-- -->``, as the file's language writes them) is still committed, but it configures nothing: it
carries an environment hint that keeps it out of the production checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from golive.keys import KEY_IN_TEXT, classify
from golive.sources import Lines, Literals, Located, Reading, near, occurrences

ASSIGNED_TO = re.compile(r"([A-Za-z_$][A-Za-z0-9_$]*)[\"'`\]]?\s*(?:=|:|=>|\?\?|\|\||,|\()\s*[\"'`]?$")
PUBLIC_SECRET_NAME = re.compile(
    r"\b(?:NEXT_PUBLIC|VITE|REACT_APP|EXPO_PUBLIC|GATSBY|VUE_APP|NUXT_PUBLIC|PUBLIC)_[A-Z0-9_]*STRIPE[A-Z0-9_]*"
    r"(?:SECRET|RESTRICTED|WEBHOOK|_SK|_RK)[A-Z0-9_]*\b"
)
#: Hand-written source is small; anything larger is generated (a bundle, a vendored library), where a
#: webhook handler is a copy of one in the source, and is read for real keys only.
MAX_SOURCE_CHARS = 512 * 1024


def read(path: str, text: str) -> Reading:
    return read_window(path, text, 0, len(text), 1)


def read_window(path: str, text: str, start: int, end: int, first_line: int) -> Reading:
    """What starts between ``start`` and ``end``; ``text`` goes on either side of that window so that
    a key's assigned name (before) and a key cut by the window's end (after) are read whole."""
    reading = Reading()
    found = _ANCHORS.found(text)  # one pass tells which of the searches below can find anything
    lines = Lines(text, first_line)
    for match in _keys(text, start, end, found):
        key = match.group(0)
        if not classify(key).is_real:
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = text[max(line_start, match.start() - 200) : match.start()]
        name = ASSIGNED_TO.search(before)
        hint = COMMENTED if commented(path, text, match.start()) else None
        reading.values.append(
            Located(path, lines.at(match.start()), name.group(1) if name else None, key, "text", environment_hint=hint)
        )
    lines = Lines(text, first_line)
    for match in near(PUBLIC_SECRET_NAME, text, [anchor for anchor in ("STRIPE",) if anchor in found], start, end):
        reading.values.append(Located(path, lines.at(match.start()), match.group(0), None, "text"))
    return reading


def add_unclaimed_keys(path: str, text: str, reading: Reading) -> Reading:
    """Real keys a structured reader did not report, added to its reading: a key used as a YAML or
    JSON mapping key, one in a comment, one in a part of the file the format's reader leaves out."""
    claimed = [item.value for item in reading.values if item.value]
    for item in read(path, text).values:
        if item.value and not any(item.value in value for value in claimed):
            reading.values.append(item)
    return reading


#: The environment hint of a value written inside a comment.
COMMENTED = ("unknown", "unknown: inside a comment, so it configures nothing (a real key there is still committed)")
_HASH_SUFFIXES = frozenset(
    ".py .rb .rake .sh .bash .zsh .yml .yaml .toml .properties .tf .tfvars .cfg .conf .ini .php .pl .ex .exs .r .ps1".split()
)
_HASH_NAMES = frozenset({"dockerfile", "makefile", "procfile", "gemfile", "rakefile", "podfile", "brewfile"})
_SLASH_SUFFIXES = frozenset(
    ".js .mjs .cjs .ts .mts .cts .jsx .tsx .vue .svelte .astro .java .kt .kts .cs .go .php .swift .dart .scala "
    ".rs .c .h .cc .cpp .m .json .jsonc .json5 .gradle .groovy .css .scss .less".split()
)
_MARKUP_SUFFIXES = frozenset(".html .htm .xml .vue .svelte .astro .plist .csproj .xaml .md .mdx .svg".split())
_COMMENT_REACH = 20_000  # characters searched back for the start of a block comment


def comment_syntax(path: str) -> tuple[bool, bool, bool]:
    """Which comments the file's language writes: ``#`` lines, ``//`` and ``/* */``, ``<!-- -->``."""
    name = path.rsplit("/", 1)[-1].lower()
    suffix = name[name.rfind(".") :] if "." in name else ""
    hashed = (
        suffix in _HASH_SUFFIXES
        or name.split(".", 1)[0] in _HASH_NAMES
        or name.startswith(".env")
        or name.endswith(".env")
        or name in (".flaskenv", ".envrc")
        or name.endswith(".tfvars")
    )
    return hashed, suffix in _SLASH_SUFFIXES, suffix in _MARKUP_SUFFIXES


def commented(path: str, text: str, offset: int) -> bool:
    """Whether ``offset`` lies inside a comment. Quotes on the line are followed (``"https://…"`` is
    no comment); strings spanning lines and heredocs are not, which errs towards "not a comment"."""
    hashed, slashed, markup = comment_syntax(path)
    if not (hashed or slashed or markup):
        return False
    line_start = text.rfind("\n", 0, offset) + 1
    if _line_comment(text[max(line_start, offset - 400) : offset], hashed, slashed) is not None:
        return True
    return (slashed and _inside_block(text, offset, "/*", "*/", hashed)) or (
        markup and _inside_block(text, offset, "<!--", "-->", hashed)
    )


def _line_comment(prefix: str, hashed: bool, slashed: bool) -> int | None:
    """Where a line comment starts in ``prefix`` (the line up to a point), outside quotes; None if none."""
    quote = None
    escaped = False
    for index, char in enumerate(prefix):
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = None
        elif char in "\"'`":
            quote = char
        elif (hashed and char == "#" and (index == 0 or prefix[index - 1] in " \t") and prefix[index + 1 : index + 2] != "[") or (
            slashed and char == "/" and prefix[index + 1 : index + 2] == "/" and (index == 0 or prefix[index - 1] != ":")
        ):
            return index
    return None


def _inside_block(text: str, offset: int, opener: str, closer: str, hashed: bool) -> bool:
    """A block comment opened before ``offset`` and not closed: the opener itself outside quotes
    (``"src/**/*.ts"`` opens nothing) and outside a line comment."""
    start = text.rfind(opener, max(0, offset - _COMMENT_REACH), offset)
    if start < 0 or text.find(closer, start + len(opener), offset) >= 0:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 400) : start]
    return _line_comment(before + "//", False, True) == len(before) and (not hashed or _line_comment(before, True, False) is None)


# Keys are found from their literal anchors (see golive.sources.near).
_KEY_ANCHOR = re.compile(r"k_(?:live|test|org)_")  # sk_, rk_, pk_ and sk_org_ keys, from the "k" on
_PREFIXES = frozenset({"k_live_", "k_test_", "k_org_"})
#: Every literal the searches of a text need: a bundle of megabytes holds few of them, and each search
#: of one that is absent is a pass over the whole text.
_ANCHORS = Literals((*_PREFIXES, "whsec_", "STRIPE"))


def _keys(text: str, start: int, end: int, found: frozenset[str]) -> Iterator[re.Match[str]]:
    """KEY_IN_TEXT's matches that start in the window, found from their literal anchors (``found``:
    those the text holds)."""
    starts = [anchor.start() - 1 for anchor in _KEY_ANCHOR.finditer(text, start + 1, end + 16)] if found & _PREFIXES else []
    starts += occurrences(text, "whsec_", start, end + 6) if "whsec_" in found else []
    for at in sorted(at for at in starts if at < end):
        match = KEY_IN_TEXT.match(text, at)
        if match:
            yield match


BEFORE_WINDOW = 256  # characters kept before a window: the name a key is assigned to
AFTER_WINDOW = 512  # characters read past a window: a key or call that starts inside it ends there


def read_stream(path: str, chunks: Iterable[str]) -> Reading:
    """A file too large to hold (a multi-megabyte bundle, a log): the same scan, a window at a time,
    so memory stays flat whatever the file's size."""
    reading = Reading()
    buffer, start, first_line = "", 0, 1
    for chunk in chunks:
        buffer += chunk
        end = len(buffer) - AFTER_WINDOW
        if end <= start:
            continue
        _extend(reading, read_window(path, buffer, start, end, first_line))
        keep = max(end - BEFORE_WINDOW, 0)
        first_line += buffer.count("\n", 0, keep)
        buffer, start = buffer[keep:], end - keep
    _extend(reading, read_window(path, buffer, start, len(buffer), first_line))
    return reading


def _extend(reading: Reading, more: Reading) -> None:
    reading.values.extend(more.values)
    reading.signals.extend(more.signals)
