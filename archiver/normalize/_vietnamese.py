"""Vietnamese letter tables and a regex helper shared by the normalisers.

Pure data plus one small builder: patterns in the normalisers are written in folded ASCII
(`thang`, `luot xem`) and `vi()` turns them into regex source that also matches every
diacritic variant (`tháng`, `Lượt xem`), so no call has to fold its input first.
"""

from __future__ import annotations

import re

# Every precomposed form a folded Vietnamese letter can take (lower case; patterns that
# need upper case are compiled with re.IGNORECASE or run on lower-cased text).
LETTER_VARIANTS: dict[str, str] = {
    "a": "aàáảãạăằắẳẵặâầấẩẫậ",
    "e": "eèéẻẽẹêềếểễệ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọôồốổỗộơờớởỡợ",
    "u": "uùúủũụưừứửữự",
    "y": "yỳýỷỹỵ",
    "d": "dđ",
}

# The letters that exist only in Vietnamese (outside Latin-1): their presence proves a string
# is already Unicode Vietnamese, not legacy-encoded text read as Latin-1.
VIETNAMESE_ONLY = frozenset("ăđĩũơưĂĐĨŨƠƯ" + "".join(chr(c) for c in range(0x1EA0, 0x1EFA)))

# Vietnamese letters that Latin-1 also has (legitimate in either kind of text).
LATIN1_VIETNAMESE = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")

# The five tone marks as combining characters (what windows-1258 stores after a base letter).
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"

# Syllable onsets, longest first so that `ngh` is tried before `ng` and `n`.
ONSETS: tuple[str, ...] = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)

# Rhymes (vần) without their tone, by nucleus. A word is a plausible Vietnamese syllable when
# it is an onset followed by one of these.
_RHYME_TABLE = """
a ac ach ai am an ang anh ao ap at au ay
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e ec em en eng eo ep et
ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oc oi om on ong op ot oa oac oach oai oam oan oang oanh oao oap oat oay
oăc oăm oăn oăng oăt oe oen oeo oet ooc oong
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua uc ui um un ung up ut uân uâng uât uây uê uêch uênh uơ uy uya uych uyên uyêt
uynh uyp uyt uyu uôc uôi uôm uôn uông uôt
ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
y yêm yên yêt yêu
"""
RHYMES = frozenset(_RHYME_TABLE.split())


def vi(folded: str) -> str:
    """Regex source matching `folded` (lower-case ASCII words) with or without diacritics.

    A space matches any run of whitespace.

    >>> import re
    >>> bool(re.fullmatch(vi("luot xem"), "lượt  xem"))
    True
    """
    parts: list[str] = []
    for char in folded:
        if char == " ":
            parts.append(r"\s+")
        elif char in LETTER_VARIANTS:
            parts.append("[" + LETTER_VARIANTS[char] + "]")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def vi_any(*folded: str) -> str:
    """A non-capturing alternation of `vi()` patterns, longest first."""
    return "(?:" + "|".join(vi(word) for word in sorted(folded, key=len, reverse=True)) + ")"
