"""Decoders for pre-Unicode Vietnamese text that reached a page as Latin-1/cp1252 characters.

Old government pages were typed with TCVN3 (ABC, `.VnTime` fonts), VNI (`VNI-Times` fonts) or
windows-1258, and are often served or copied as if they were Latin-1. Each decoder here
takes such a string (`ViÖt Nam`, `Vieät Nam`, `Viêòt Nam`) and returns Unicode, or None when
the string cannot be in that encoding. Whether a string *is* legacy text is decided by
`archiver.normalize.text.repair`, which tries every decoder and keeps the most plausible.

The tables are built from the published layouts of the encodings:

* TCVN3 (TCVN 5712:1993, VN3 subset): one byte per letter; 0xA1-0xAE hold Ă Â Ê Ô Ơ Ư Đ and
  their lower-case forms, 0xB5-0xFE the lower-case toned vowels. Upper-case toned letters
  were produced by a separate font (`.VnTimeH`) over the same bytes, so all-caps text comes
  back in lower case and is re-capitalised from its ASCII letters.
* VNI: a base vowel followed by one modifier byte (tone, or vowel mark with tone); đ ư ơ and
  the toned forms of i and y are single bytes.
* windows-1258: base letters (with â ê ô ă ơ ư precomposed) followed by combining tone marks.
"""

from __future__ import annotations

import re
import unicodedata

_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"

# ---------------------------------------------------------------- TCVN3

# Bytes of each lower-case vowel carrying, in order: grave, hook, tilde, acute, dot below.
_TCVN3_TONED: dict[str, tuple[int, int, int, int, int]] = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
# 0xA1-0xAE: the letters with a vowel mark (or stroke) and no tone.
_TCVN3_PLAIN = "ĂÂÊÔƠƯĐăâêôơưđ"


def _build_tcvn3() -> dict[int, str]:
    table: dict[int, str] = {0xA1 + index: letter for index, letter in enumerate(_TCVN3_PLAIN)}
    for base, codes in _TCVN3_TONED.items():
        for mark, code in zip((_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT), codes, strict=True):
            table[code] = unicodedata.normalize("NFC", base + mark)
    return table


TCVN3_TABLE: dict[int, str] = _build_tcvn3()
_TCVN3_CHARS = frozenset(chr(code) for code in TCVN3_TABLE)
_WORD = re.compile(r"[^\W\d_]+")


def decode_tcvn3(text: str) -> str | None:
    """TCVN3 text read as Latin-1 → Unicode (`ViÖt Nam` → `Việt Nam`); None if nothing maps."""
    if not any(char in _TCVN3_CHARS for char in text):
        return None
    decoded = text.translate(TCVN3_TABLE)
    return _recapitalise(text, decoded)


def _recapitalise(original: str, decoded: str) -> str:
    """Upper-case letters of words typed in capitals with a `.VnTimeH` font.

    Such words keep upper-case ASCII letters but their toned letters decode in lower case
    (`§¶NG` → `ĐảNG`). A line whose ASCII letters are all capitals is upper-cased whole;
    elsewhere a word with at least two capital ASCII letters and no small one is.
    """
    lines = decoded.split("\n")
    originals = original.split("\n")
    out: list[str] = []
    for line, source in zip(lines, originals, strict=True):
        ascii_letters = [char for char in source if char.isascii() and char.isalpha()]
        if len(ascii_letters) >= 3 and all(char.isupper() for char in ascii_letters):
            out.append(line.upper())
            continue
        out.append(_WORD.sub(_upper_if_capitals, line))
    return "\n".join(out)


def _upper_if_capitals(match: re.Match[str]) -> str:
    word = match.group(0)
    letters = [char for char in word if char.isascii() and char.isalpha()]
    if len(letters) >= 2 and all(char.isupper() for char in letters):
        return word.upper()
    return word


# ---------------------------------------------------------------- VNI

# Modifier bytes (as cp1252 characters) → the marks they add: (vowel mark, tone).
_VNI_MODIFIERS: dict[str, tuple[str, str]] = {
    "ø": ("", _GRAVE), "ù": ("", _ACUTE), "û": ("", _HOOK), "õ": ("", _TILDE), "ï": ("", _DOT),
    "â": ("\u0302", ""), "à": ("\u0302", _GRAVE), "á": ("\u0302", _ACUTE),
    "å": ("\u0302", _HOOK), "ã": ("\u0302", _TILDE), "ä": ("\u0302", _DOT),
    "ê": ("\u0306", ""), "è": ("\u0306", _GRAVE), "é": ("\u0306", _ACUTE),
    "ú": ("\u0306", _HOOK), "ü": ("\u0306", _TILDE), "ë": ("\u0306", _DOT),
}
# Single bytes standing for a whole letter.
_VNI_SINGLES: dict[str, str] = {
    "ñ": "đ", "ö": "ư", "ô": "ơ", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
}
# Vowels a modifier may follow (VNI `ô` and `ö` are ơ and ư).
_VNI_BASES: dict[str, str] = {"a": "a", "e": "e", "o": "o", "u": "u", "y": "y", "ô": "ơ", "ö": "ư"}


def _build_vni() -> dict[str, str]:
    """Every VNI sequence (vowel + modifier, or a single byte) → its Unicode letter."""
    table: dict[str, str] = {}
    for base_key, base in _VNI_BASES.items():
        for mod_key, (vowel_mark, tone) in _VNI_MODIFIERS.items():
            if vowel_mark == "\u0302" and base not in "aeo":
                continue
            if vowel_mark == "\u0306" and base != "a":
                continue
            letter = unicodedata.normalize("NFC", base + vowel_mark + tone)
            table[base_key + mod_key] = letter
            table[base_key.upper() + mod_key.upper()] = letter.upper()
            table[base_key.upper() + mod_key] = letter.upper()
    for key, value in _VNI_SINGLES.items():
        table[key] = value
        table[key.upper()] = value.upper()
    return table


VNI_TABLE = _build_vni()
# Longest sequences first, so that `ôø` (ờ) wins over `ô` (ơ); one pass, so a letter produced
# by a pair (`oâ` → ô) is never read again as a VNI byte.
_VNI_RE = re.compile("|".join(re.escape(key) for key in sorted(VNI_TABLE, key=len, reverse=True)))


def decode_vni(text: str) -> str | None:
    """VNI text read as cp1252 → Unicode (`Vieät Nam` → `Việt Nam`); None if nothing maps."""
    decoded, count = _VNI_RE.subn(lambda match: VNI_TABLE[match.group(0)], text)
    return decoded if count else None


# ---------------------------------------------------------------- byte-level re-decoding

def cp1252_bytes(text: str) -> bytes | None:
    """The bytes a cp1252 reader turned into `text`, or None if it holds other characters.

    The five bytes cp1252 leaves undefined come back from browsers as U+0081 and the like;
    they are accepted as themselves.
    """
    try:
        return text.encode("cp1252")
    except UnicodeEncodeError:
        pass
    out = bytearray()
    for char in text:
        code = ord(char)
        if code < 0x100 and (code < 0x80 or code > 0x9F or code in (0x81, 0x8D, 0x8F, 0x90, 0x9D)):
            out.append(code)
            continue
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            return None
    return bytes(out)


def decode_cp1258(text: str) -> str | None:
    """windows-1258 text read as cp1252 → NFC Unicode (`Viêòt` → `Việt`)."""
    raw = cp1252_bytes(text)
    if raw is None:
        return None
    try:
        decoded = raw.decode("cp1258")
    except UnicodeDecodeError:
        return None
    return unicodedata.normalize("NFC", decoded)


def decode_utf8(text: str) -> str | None:
    """UTF-8 text read as cp1252 → Unicode (`Viá»‡t` → `Việt`); None unless valid UTF-8."""
    raw = cp1252_bytes(text)
    if raw is None or raw.isascii():
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
