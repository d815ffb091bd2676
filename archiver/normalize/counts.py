"""View counters → integers.

`parse_count` reads the view count of a page from its counter string: `Lượt xem: 639`,
`Đã xem: 1.208`, `2045 Lượt xem`, `Lượt đọc: 77`, a bare `1.234`, `1,2K`, `2,3 triệu`,
`hơn 15 nghìn`. The string may be a whole meta line (`Người đăng: Quản trị Ngày đăng:
21:50 | 17/09 Lượt xem: 639` → 639): the number taken is the one beside a view label.
Without a view label only a string that is nothing but a number is read; a word count
(`812 từ`), likes, comments or shares are not view counts and give None.

Numbers: dots, commas or thin spaces between groups of three digits group thousands
(`1.208`, `1,234,567`); with a multiplier a single separator is a decimal point
(`1,2K` → 1200, `2.5 triệu` → 2 500 000). `hơn`/`khoảng`/`gần` ("more than", "about") are
read as the number they qualify. A decimal without a multiplier (`1.5`) is not a count.
"""

from __future__ import annotations

import re
import unicodedata

from archiver.normalize._vietnamese import vi, vi_any
from archiver.normalize.text import fold

__all__ = ["parse_count"]

# ---------------------------------------------------------------- word tables (data)

# Labels of a view counter (folded).
VIEW_LABELS = (
    "luot xem", "so luot xem", "da xem", "luot doc", "da doc", "luot truy cap", "luot view",
    "luot nghe", "xem", "doc", "views", "view", "viewed", "reads", "hits", "truy cap",
)
# Counters that are not views: words, characters, likes, comments, shares, votes, downloads.
OTHER_LABELS = (
    "tu", "chu", "ky tu", "thich", "luot thich", "like", "likes", "binh luan", "y kien",
    "comment", "comments", "chia se", "luot chia se", "share", "shares", "binh chon",
    "luot binh chon", "vote", "votes", "danh gia", "tai ve", "luot tai", "downloads",
    "phut doc", "trang", "anh", "words",
)
# Multipliers after a number (folded) → factor.
MULTIPLIERS: dict[str, int] = {
    "k": 1_000, "nghin": 1_000, "ngan": 1_000,
    "tr": 1_000_000, "trieu": 1_000_000, "m": 1_000_000, "mil": 1_000_000,
    "ty": 1_000_000_000, "ti": 1_000_000_000, "b": 1_000_000_000, "bn": 1_000_000_000,
}

# ---------------------------------------------------------------- regexes

_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"


def _number(group_separators: str) -> str:
    """Regex source of a count: grouped thousands, or digits with an optional decimal part,
    then an optional multiplier."""
    return (
        rf"(?<![\d.,])(?P<number>\d{{1,3}}(?:(?P<sep>[{group_separators}])\d{{3}})(?:(?P=sep)\d{{3}})*(?![.,]?\d)"
        r"|\d+(?:[.,]\d+)?(?![.,]?\d))"
        rf"(?:\s*(?P<mult>{vi_any(*MULTIPLIERS)}){_NOT_LETTER_AFTER})?\+?"
    )


_GROUPS = ".,\u00a0\u202f\u2009'"
_NUMBER = _number(_GROUPS)
_QUALIFIER = rf"(?:(?:{vi_any('hon', 'tren', 'gan', 'khoang', 'xap xi', 'over', 'about')})\s+|[~>≈]\s*)?"
_VIEW = vi_any(*VIEW_LABELS)
# `Lượt xem: 639`, `Xem (639)`, `Views - 1.2K`
_LABEL_THEN_NUMBER_RE = re.compile(
    rf"{_NOT_LETTER_BEFORE}{_VIEW}{_NOT_LETTER_AFTER}\s*(?:[:：=\-|]|\()?\s*{_QUALIFIER}{_number(_GROUPS + ' ')}",
    re.IGNORECASE,
)
# `2045 Lượt xem`, `1,2K lượt đọc`
_NUMBER_THEN_LABEL_RE = re.compile(
    rf"{_QUALIFIER}{_NUMBER}\s*(?:{vi('lan')}\s+)?{_VIEW}{_NOT_LETTER_AFTER}",
    re.IGNORECASE,
)
_OTHER_RE = re.compile(rf"{_NOT_LETTER_BEFORE}{vi_any(*OTHER_LABELS)}{_NOT_LETTER_AFTER}", re.IGNORECASE)
# A string that is only a count, with icons, brackets and qualifiers around it.
_BARE_RE = re.compile(rf"[^\w]*{_QUALIFIER}{_NUMBER}[^\w]*", re.IGNORECASE)
_DECIMAL_RE = re.compile(r"[.,]")


# ---------------------------------------------------------------- public API

def parse_count(raw: str) -> int | None:
    """The view count in `raw`, or None.

    >>> parse_count("Người đăng: Quản trị Ngày đăng: 21:50 | 17/09 Lượt xem: 639")
    639
    >>> parse_count("Đã xem: 1.208"), parse_count("1,2K"), parse_count("hơn 15 nghìn")
    (1208, 1200, 15000)
    >>> parse_count("812 từ") is None
    True
    """
    if not raw or not isinstance(raw, str):
        return None
    text = raw if raw.isascii() or unicodedata.is_normalized("NFC", raw) else unicodedata.normalize("NFC", raw)
    match = _LABEL_THEN_NUMBER_RE.search(text) or _NUMBER_THEN_LABEL_RE.search(text)
    if match is None:
        match = _BARE_RE.fullmatch(text)
        if match is None or _OTHER_RE.search(text):
            return None
    return _value(match.group("number"), match.group("sep"), match.group("mult"))


def _value(number: str, separator: str | None, multiplier: str | None) -> int | None:
    """`1.208` → 1208; `1,2` with `k` → 1200; `1.5` without a multiplier → None."""
    factor = MULTIPLIERS[fold(multiplier)] if multiplier else 1
    if separator is not None and (multiplier is None or len(number.split(separator)) > 2):
        return int("".join(char for char in number if char.isdecimal())) * factor
    if "." in number or "," in number:
        if multiplier is None:
            return None
        whole, fraction = _DECIMAL_RE.split(number)
        if len(fraction) == 3 and separator is not None:
            return int(whole + fraction) * factor
        scale = int("1" + "0" * len(fraction))
        return int(whole) * factor + int(fraction) * factor // scale
    return int(number) * factor
