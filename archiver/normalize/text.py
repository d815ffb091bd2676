"""Text normalisation for Vietnamese: folding for search, cleaning, and legacy-encoding repair.

* `fold(s)`: the search key (`Đại hội Đảng` → `dai hoi dang`): case-folded, every diacritic
  removed, đ/Đ → d.
* `clean(s)`: NFC, invisible characters removed, whitespace collapsed.
* `repair(s)`: text typed in TCVN3/ABC, VNI or windows-1258 (or UTF-8 read as cp1252) that
  reached us as Latin-1 characters, turned back into NFC Unicode, with the name of the
  encoding that was repaired.

All functions are pure and cheap on the common case (ASCII or already-clean NFC text).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from archiver.normalize._vietnamese import (
    LATIN1_VIETNAMESE,
    ONSETS,
    RHYMES,
    TONE_MARKS,
    VIETNAMESE_ONLY,
)
from archiver.normalize.legacy_encodings import decode_cp1258, decode_tcvn3, decode_utf8, decode_vni

__all__ = ["REPAIR_ENCODINGS", "clean", "fold", "repair"]

# ---------------------------------------------------------------- fold

# Combining marks of every block (Vietnamese needs only U+0300-U+036F, but a search key should
# not keep any diacritic).
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
# Letters with a stroke or ligature that Unicode does not decompose.
_UNDECOMPOSABLE = str.maketrans({
    "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ł": "l", "ø": "o", "ŧ": "t", "ƀ": "b", "ƶ": "z",
    "æ": "ae", "œ": "oe",
})


def fold(s: str) -> str:
    """Case-fold `s` and strip every diacritic; đ/Đ become d.

    >>> fold("Đại hội Đảng")
    'dai hoi dang'
    >>> fold("TRƯỜNG Sa")
    'truong sa'
    """
    if s.isascii():
        return s.lower()
    decomposed = unicodedata.normalize("NFD", s.casefold())
    return _COMBINING.sub("", decomposed).translate(_UNDECOMPOSABLE)


# ---------------------------------------------------------------- clean

# Zero-width characters, soft hyphen, BOM, bidi controls, and C0/C1 controls other than
# tab and line breaks.
_INVISIBLE = re.compile(
    "[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]+"
)
_LINE_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")


def clean(s: str, *, keep_newlines: bool = False) -> str:
    """NFC, no invisible characters, whitespace runs collapsed, ends stripped.

    With `keep_newlines`, line breaks survive (runs of blank lines become one blank line) and
    only the spaces inside each line collapse. C1 control characters are dropped too, so on
    text that may be mojibake call `repair` first (UTF-8 read as cp1252 contains some).

    >>> clean("  Tác\\u00a0giả:\\u200b  NH \\n")
    'Tác giả: NH'
    """
    if not s:
        return ""
    if not s.isascii() and not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    if not keep_newlines and s.isprintable():
        # Every invisible character above is non-printable (Cc/Cf), and so is every whitespace but
        # U+0020: only runs of spaces and the ends can need work. A C scan, not the regex's ~7x slower one.
        return s if "  " not in s and s[0] != " " and s[-1] != " " else " ".join(s.split())
    s = _INVISIBLE.sub("", s)
    if not keep_newlines:
        # str.split() splits on exactly what `\s` matches (str.isspace), several times faster than re.sub.
        return " ".join(s.split())
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    lines = [_LINE_SPACES.sub(" ", line).strip() for line in s.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


# ---------------------------------------------------------------- repair

# Names `repair` reports, in the order candidates are preferred when they score alike.
REPAIR_ENCODINGS: tuple[str, ...] = ("utf-8", "windows-1258", "vni", "tcvn3", "unicode-nfd")

_DECODERS: tuple[tuple[str, Callable[[str], str | None]], ...] = (
    ("utf-8", decode_utf8),
    ("windows-1258", decode_cp1258),
    ("vni", decode_vni),
    ("tcvn3", decode_tcvn3),
)
# Characters a cp1252 reader can produce outside ASCII: any of them may be a trace of mojibake.
_HIGH = re.compile(
    "[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)
_ANY_COMBINING = re.compile("[\u0300-\u036f]")
_WORD = re.compile(r"[^\W\d_]+")
_DROP_TONES = str.maketrans("", "", TONE_MARKS)
# Latin-1 characters that are not Vietnamese letters, and the cp1252 extras: in a string with no
# Vietnamese-only letter they are the trace of a legacy encoding read as Latin-1.
_SUSPECT = frozenset(
    chr(code) for code in range(0x80, 0x100) if chr(code) not in LATIN1_VIETNAMESE and code != 0xA0
) | frozenset("\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2020\u2021\u2030\u2039\u203a\u20ac\u2122")


def repair(s: str) -> tuple[str, str | None]:
    """Detect legacy-encoded Vietnamese and return `(NFC Unicode, encoding repaired or None)`.

    Recognised: TCVN3/ABC (`ViÖt Nam`), VNI (`Vieät Nam`), windows-1258 read as cp1252
    (`Viêòt Nam`) or decoded but left decomposed (base letters + combining tones), UTF-8 read
    as cp1252 (`Viá»‡t Nam`), and Unicode in NFD (`"unicode-nfd"`). Text that is already good
    comes back as NFC with None. A candidate decoding is kept only when it removes the
    stray Latin-1 characters and leaves plausible Vietnamese syllables, so French or German
    words are left alone.

    >>> repair("Vieät Nam")
    ('Việt Nam', 'vni')
    >>> repair("Việt Nam")
    ('Việt Nam', None)
    """
    if not s or s.isascii():
        return s, None
    if _ANY_COMBINING.search(s):
        return _recompose(s)
    nfc = s if unicodedata.is_normalized("NFC", s) else unicodedata.normalize("NFC", s)
    if not _HIGH.search(nfc) or any(char in VIETNAMESE_ONLY for char in nfc):
        return nfc, None
    base_suspects, base_bad, _ = _score(nfc)
    if base_suspects == 0 and base_bad == 0:
        return nfc, None
    best: tuple[tuple[int, int, int], int, str, str] | None = None
    for rank, (name, decode) in enumerate(_DECODERS):
        decoded = decode(nfc)
        if decoded is None or decoded == nfc:
            continue
        decoded = unicodedata.normalize("NFC", decoded)
        suspects, bad, words = _score(decoded)
        if suspects > base_suspects or bad * 5 > words:
            continue
        if not any(char in VIETNAMESE_ONLY or char in LATIN1_VIETNAMESE for char in decoded):
            continue
        key = (suspects + bad, bad, rank)
        if best is None or key < best[0]:
            best = (key, rank, name, decoded)
    if best is None or best[0][0] >= base_suspects + base_bad:
        return nfc, None
    return best[3], best[2]


def _recompose(s: str) -> tuple[str, str | None]:
    """NFC of decomposed text; named after the form it was in."""
    nfc = unicodedata.normalize("NFC", s)
    if nfc == s:
        return s, None
    marks = {char for char in s if "\u0300" <= char <= "\u036f"}
    if marks <= set(TONE_MARKS):
        return nfc, "windows-1258"
    return nfc, "unicode-nfd"


def _score(text: str) -> tuple[int, int, int]:
    """(stray Latin-1 characters, implausible words, words with a non-ASCII letter)."""
    suspects = sum(1 for char in text if char in _SUSPECT)
    bad = words = 0
    for match in _WORD.finditer(text):
        word = match.group(0)
        if word.isascii():
            continue
        words += 1
        if not is_syllable(word):
            bad += 1
    return suspects, bad, words


def is_syllable(word: str) -> bool:
    """Whether `word` (letters only) is a well-formed Vietnamese syllable.

    Checks the case pattern (lower, UPPER or Title), at most one tone mark, and that the
    toneless word is an onset followed by a Vietnamese rhyme.

    >>> is_syllable("Nguyễn"), is_syllable("ViƯt"), is_syllable("Mỹller")
    (True, False, False)
    """
    if not (word.islower() or word.isupper() or word.istitle()):
        return False
    decomposed = unicodedata.normalize("NFD", word.lower())
    toneless = decomposed.translate(_DROP_TONES)
    if len(decomposed) - len(toneless) > 1:
        return False
    base = unicodedata.normalize("NFC", toneless)
    return any(base.startswith(onset) and base[len(onset):] in RHYMES for onset in ONSETS)
