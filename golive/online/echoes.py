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

MIN_RUN = 8  # no eight consecutive characters of a key's body survive (past the public account id)
MAX_EXACT = 4096  # characters taken apart one by one; the exact pass costs about 2 µs a character
# One character encoded: percent-encoded (once or more), an HTML or a JSON/Python escape.
_ESCAPE = r"%(?:25)*([0-9A-Fa-f]{2})|&#[xX]([0-9A-Fa-f]{1,6});?|&#([0-9]{1,7});?|\\u([0-9A-Fa-f]{4})|\\x([0-9A-Fa-f]{2})"
_ESCAPED = re.compile(_ESCAPE)
MAX_ROUNDS = 10  # escapes of escapes (``%%32%30`` is ``%20`` is a space) are undone this many levels deep
_NOT_KEY_CHARACTER = re.compile(r"[^0-9a-z]+")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class KeyEcho:
    """The key sent on one request, and how to find it or take it out of a text that came back."""

    def __init__(self, key: str) -> None:
        body = key.split("_", 2)[-1] if key.count("_") >= 2 else key
        folded = body.casefold()
        public = public_length(key)
        starts = range(len(folded) - MIN_RUN + 1)
        # Runs wholly past the account id are secret; one that straddles it is mostly public (the account id
        # and the character after it would otherwise match one text in 36 that names the account).
        self._grams = frozenset(folded[i : i + MIN_RUN] for i in starts if i >= public)
        self._public_grams = frozenset(folded[i : i + MIN_RUN] for i in starts if i < public)
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
        return _replace_runs(text, self._grams, self._public_grams, self._shown)


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
    """Every key character ``text`` spells, in order, separators dropped: a quick test before the exact pass,
    which decodes round by round the same way. Compatibility forms first: ``%２０`` is ``%20``."""
    text = unicodedata.normalize("NFKD", text)
    for _ in range(MAX_ROUNDS):
        decoded = _ESCAPED.sub(_decoded, text)
        if decoded == text:
            break
        text = decoded
    return _NOT_KEY_CHARACTER.sub("", _folded(text))


def _written(text: str) -> list[tuple[str, int, int]]:
    """Each character ``text`` spells once escapes are undone (as :func:`_plain` undoes them), with where it is written."""
    units = [
        (part, index, index + 1) for index, character in enumerate(text) for part in unicodedata.normalize("NFKD", character)
    ]
    for _ in range(MAX_ROUNDS):
        joined = "".join(unit[0] for unit in units)
        escapes = list(_ESCAPED.finditer(joined))
        if not escapes:
            break
        decoded, last = [], 0
        for escape in escapes:
            decoded.extend(units[last : escape.start()])
            character = _decoded(escape)
            if character:
                decoded.append((character, units[escape.start()][1], units[escape.end() - 1][2]))
            last = escape.end()
        units = decoded + units[last:]
    return units


def _replace_runs(text: str, grams: frozenset[str], public_grams: frozenset[str], shown: str) -> str:
    """Replace each stretch of ``text`` that spells MIN_RUN or more consecutive key characters, secret ones
    among them; the public account id goes with the rest of a key, and stays when it stands alone."""
    spelled: list[str] = []  # one key character each
    spans: list[tuple[int, int]] = []  # where in ``text`` it is written
    for written, start, end in _written(text):
        for character in _folded(written):
            if character.isascii() and character.isalnum():
                spelled.append(character)
                spans.append((start, end))
    plain = "".join(spelled)
    hidden = bytearray(len(plain))  # 2: part of a secret run, 1: part of a public one
    for mark, marked in ((1, public_grams), (2, grams)):
        for gram in marked:
            start = plain.find(gram)
            while start != -1:
                hidden[start : start + MIN_RUN] = bytes(max(mark, hidden[i]) for i in range(start, start + MIN_RUN))
                start = plain.find(gram, start + 1)
    pieces: list[str] = []
    copied, index = 0, 0
    while index < len(plain):
        if not hidden[index]:
            index += 1
            continue
        end = index
        while end + 1 < len(plain) and hidden[end + 1]:
            end += 1
        if 2 in hidden[index : end + 1]:
            pieces += [text[copied : spans[index][0]], shown]
            copied = spans[end][1]
        index = end + 1
    return "".join(pieces) + text[copied:]
