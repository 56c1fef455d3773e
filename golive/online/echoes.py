"""Remove the key golive sent from whatever text comes back with the answer.

golive knows exactly which key it sent on each request, so it need not guess what an echo looks like:
any run of :data:`MIN_RUN` or more consecutive characters of the key's body, in any case, with any
non-alphanumeric separators between them (spaces, dashes, zero-width spaces, stars), each character
written plainly or encoded (``%41``, ``%2541``, ``&#65;``, ``&#x41;``, ``\\u0041``, ``\\x41``, full-width
or accented forms), is the key, prefix or not. It is replaced by ``…`` and the key's last four
characters, the way golive shows every key. Stripe's own echo (``rk_live_****…qs8Kgd``) shows fewer
than eight characters and is left for :func:`golive.online.client.quiet` to shorten. Stripe never
repeats a key, so the client treats an answer that does as no Stripe answer at all.
"""

from __future__ import annotations

import re
import unicodedata

from golive.keys import classify

MIN_RUN = 8  # no eight consecutive characters of a key's body survive
MAX_EXACT = 4096  # characters taken apart one by one; the exact pass costs about 2 µs a character
# One character encoded: percent-encoded (once or more), an HTML or a JSON/Python escape.
_ESCAPE = r"%(?:25)*([0-9A-Fa-f]{2})|&#[xX]([0-9A-Fa-f]{1,6});?|&#([0-9]{1,7});?|\\u([0-9A-Fa-f]{4})|\\x([0-9A-Fa-f]{2})"
_ESCAPED = re.compile(_ESCAPE)
_CHARACTER = re.compile(_ESCAPE + "|.", re.S)  # one character as written, encoded or itself
_NOT_KEY_CHARACTER = re.compile(r"[^0-9a-z]+")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class KeyEcho:
    """The key sent on one request, and how to find it or take it out of a text that came back."""

    def __init__(self, key: str) -> None:
        body = key.split("_", 2)[-1] if key.count("_") >= 2 else key
        folded = body.casefold()
        public = public_length(key)
        self._grams = frozenset(folded[i : i + MIN_RUN] for i in range(len(folded) - MIN_RUN + 1) if i + MIN_RUN > public)
        self._shown = "…" + body[-4:] if len(body) >= 12 else "…"

    def found_in(self, text: str) -> bool:
        """Whether ``text`` spells MIN_RUN consecutive characters of the key, however disguised (fast: C loops only)."""
        if not self._grams or len(text) < MIN_RUN:
            return False
        plain = _plain(text)
        return any(gram in plain for gram in self._grams)

    def remove(self, text: str) -> str:
        """``text`` with every echo of the key replaced; a text too long to take apart cheaply is cut first.
        Control characters become spaces: escaped in a JSON report, a newline would read as a letter ``n``."""
        text = CONTROL.sub(" ", text)
        if not self.found_in(text):
            return text
        if len(text) > MAX_EXACT:
            text = text[:MAX_EXACT] + "… (cut)"
        return _replace_runs(text, self._grams, self._shown)


def public_length(key: str) -> int:
    """How many leading characters of the key's body are public: a current-format key begins with ``5``
    and the account id (``51Nuzfl…`` for ``acct_1Nuzfl…``), which Stripe names in its answers."""
    return 17 if classify(key).account else 0


def _decoded(match: re.Match[str]) -> str:
    for group, base in ((1, 16), (2, 16), (3, 10), (4, 16), (5, 16)):
        digits = match.group(group)
        if digits is not None:
            try:
                return chr(int(digits, base))
            except (ValueError, OverflowError):
                return ""
    return match.group(0)


def _folded(text: str) -> str:
    """What a piece of text spells in key characters: compatibility forms and accents taken apart
    (a full-width or accented letter is its plain letter), case folded. Per character, so a whole
    text folds to what its characters fold to one by one."""
    return unicodedata.normalize("NFKD", text).casefold()


def _plain(text: str) -> str:
    """Every key character ``text`` spells, in order, separators dropped: a quick test before the exact pass."""
    return _NOT_KEY_CHARACTER.sub("", _folded(_ESCAPED.sub(_decoded, text)))


def _replace_runs(text: str, grams: frozenset[str], shown: str) -> str:
    """Replace each stretch of ``text`` that spells MIN_RUN or more consecutive key characters."""
    spelled: list[str] = []  # one key character each
    spans: list[tuple[int, int]] = []  # where in ``text`` it is written
    for match in _CHARACTER.finditer(text):
        for character in _folded(_decoded(match)):
            if character.isascii() and character.isalnum():
                spelled.append(character)
                spans.append(match.span())
    plain = "".join(spelled)
    hidden = bytearray(len(plain))
    for gram in grams:
        start = plain.find(gram)
        while start != -1:
            hidden[start : start + MIN_RUN] = b"\1" * MIN_RUN
            start = plain.find(gram, start + 1)
    pieces, written, index = [], 0, 0
    while index < len(plain):
        if not hidden[index]:
            index += 1
            continue
        end = index
        while end + 1 < len(plain) and hidden[end + 1]:
            end += 1
        pieces += [text[written : spans[index][0]], shown]
        written = spans[end][1]
        index = end + 1
    return "".join(pieces) + text[written:]
