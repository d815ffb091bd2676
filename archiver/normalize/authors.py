"""Bylines → author names, their role and the outlet credited.

`parse_byline` takes what a page prints around its author line, with or without a label:

* labels: `Tác giả:`, `Bài:`, `Bài, ảnh:`, `Người đăng:`, `Đăng bởi`, `Theo …`, `Nguồn:`,
  `Ảnh:`, `T/h:`, `Tổng hợp:`; the string may be a whole meta line, the names stop at the
  next label (`Người đăng: Quản trị Ngày đăng: …` → `Quản trị`);
* separators between names: ` - `, ` – `, `,`, `;`, `/`, `&`, `và`;
* outlets: in parentheses (`Minh Đức (Báo Bình Định)`), as a part that names an
  organisation (`Thu Hương - TTXVN`), after `Theo`/`Nguồn:`, or as a dateline
  (`(Báo Bình Định) - Sáng 17/9, …`);
* role markers after the names: `(T/h)`, `(tổng hợp)`, `(st)`, `(theo VOV)`.

Names come back NFC with whitespace collapsed. A name printed in capitals is proper-cased
(`MINH ĐỨC` → `Minh Đức`) but initials stay as printed (`NH`, `T.H`, `P.T.L`): a single
capitalised word of at most three letters, a word with dots, or a word without a vowel is
an initialism. Site accounts (`Quản trị`, `admin`) are posters whatever the label.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from archiver.normalize._vietnamese import vi, vi_any
from archiver.normalize.text import clean, fold

__all__ = ["Byline", "Role", "parse_byline"]

Role = Literal["author", "poster", "source", "photo", "compiler"]


@dataclass(frozen=True)
class Byline:
    """Who a page credits: `names` (NFC, in printed order), their `role`, and an `outlet`.

    `role` is None only when nothing was credited at all (empty input).
    """

    names: list[str] = field(default_factory=list)
    role: Role | None = None
    outlet: str | None = None


# ---------------------------------------------------------------- word tables (data)

# Labels (folded) → the role of the names that follow them.
LABELS: dict[str, Role] = {
    "tac gia": "author", "bai viet": "author", "bai va anh": "author", "bai, anh": "author",
    "bai - anh": "author", "bai & anh": "author", "bai/anh": "author", "bai + anh": "author",
    "bai": "author", "nguoi viet": "author", "phong vien": "author", "nhom phong vien": "author",
    "thuc hien": "author", "nhom thuc hien": "author", "viet boi": "author", "author": "author",
    "by": "author", "tin": "author", "tin, anh": "author", "tin va anh": "author",
    "nguoi dang": "poster", "dang boi": "poster", "nguoi gui": "poster", "posted by": "poster",
    "nguon": "source", "nguon tin": "source", "source": "source", "theo": "source",
    "anh": "photo", "hinh anh": "photo", "hinh": "photo", "anh minh hoa": "photo", "video": "photo",
    "clip": "photo", "do hoa": "photo", "photo": "photo",
    "t/h": "compiler", "tong hop": "compiler", "bien tap": "compiler", "luoc dich": "compiler",
    "bien dich": "compiler", "dich": "compiler", "suu tam": "compiler",
}
# Labels that need no colon after them.
LABELS_WITHOUT_COLON = frozenset({
    "theo", "by", "posted by", "dang boi", "viet boi", "tac gia", "nguoi dang", "nguoi viet",
})
# Markers printed after the names instead of a label: `Minh Đức (T/h)`.
ROLE_MARKERS: dict[str, Role] = {
    "t/h": "compiler", "th": "compiler", "tong hop": "compiler", "st": "compiler",
    "suu tam": "compiler", "luoc dich": "compiler", "bien dich": "compiler", "dich": "compiler",
    "tong hop va bien tap": "compiler", "bien tap": "compiler",
}
# Labels of other fields of a meta line: the names stop there.
STOP_LABELS = (
    "ngay dang", "ngay cap nhat", "cap nhat", "luot xem", "luot doc", "da xem", "ngay", "thoi gian",
    "luot truy cap", "binh luan", "chia se", "in bai", "tro ve", "xem them", "tags", "tu khoa",
)
# Site accounts: the poster, not an author.
ACCOUNTS = frozenset({
    "quan tri", "quan tri vien", "quan tri he thong", "quan tri website", "admin", "administrator",
    "webmaster", "root", "system", "sysadmin", "ban quan tri",
})
# How an organisation's name starts (lower case, accents significant: `phòng` but not `Phong`).
ORGANISATION_PREFIXES = (
    "báo ", "đài ", "tạp chí ", "cổng ", "trang ", "trung tâm ", "sở ", "ban ", "ủy ban ", "uỷ ban ",
    "ubnd ", "ubmttq", "ub mttq", "mttq", "mặt trận ", "hội ", "phòng ", "văn phòng ", "bộ ", "cục ",
    "chi cục ", "tổng cục ", "công an ", "trường ", "viện ", "thông tấn", "kênh ", "truyền hình ",
    "tỉnh ủy", "tỉnh uỷ", "huyện ủy", "huyện uỷ", "thành ủy", "thành uỷ", "đảng ủy", "đảng uỷ",
    "tỉnh đoàn", "đoàn ", "liên đoàn ", "hội đồng ", "bộ chỉ huy ", "bộ đội ", "bệnh viện ",
    "công ty ", "tập đoàn ", "nhà xuất bản ", "thư viện ", "bảo tàng ", "quân khu ", "ủy ban",
)
# Outlets known by a bare name or acronym (folded, whole part).
KNOWN_OUTLETS = frozenset({
    "ttxvn", "vna", "vov", "vtv", "vtc", "htv", "vnexpress", "vietnamnet", "dan tri", "dantri",
    "tuoi tre", "thanh nien", "lao dong", "tien phong", "nhan dan", "quan doi nhan dan", "qdnd",
    "nguoi lao dong", "sai gon giai phong", "sggp", "zing", "znews", "vietnamplus", "chinh phu",
    "bao chinh phu", "cong an nhan dan", "cand", "dai doan ket", "internet", "mttq", "ubnd",
    "bbt", "ban bien tap", "pv", "ctv",
})
# Parts that are not names at all.
NOT_NAMES = frozenset({"pv", "ctv", "btv", "nhom pv", "nhom phong vien"})

# ---------------------------------------------------------------- regexes

_LABEL_RE = re.compile(
    rf"(?<![^\W\d_])(?P<label>{vi_any(*LABELS)})(?![^\W\d_])(?:\s*:|\s+(?=\S)|\s*$)",
    re.IGNORECASE,
)
_STOP_RE = re.compile(rf"(?<![^\W\d_]){vi_any(*STOP_LABELS)}\s*:|\[", re.IGNORECASE)
_DATELINE_RE = re.compile(r"^\s*\((?P<outlet>[^()]{2,80})\)\s*[-\u2013\u2014]\s*")
_PARENS_RE = re.compile(r"\s*[(\[](?P<inner>[^()\[\]]*)[)\]]")
# Lower- and upper-case Vietnamese letters: `Đức-Thu` splits two names, `PT-TH` does not.
_LOWER = "a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
_UPPER = _LOWER.upper()
# Between two names: `,` `;` `&` `–` `/` (not the one of `T/h`), a spaced `-`, `và`/`and`.
_SPLIT_RE = re.compile(
    rf"\s*(?:[,;&\u2013\u2014]|(?<!\bt)/)\s*|\s+-\s*|\s*-\s+"
    rf"|(?-i:(?<=[{_LOWER}])-(?=[{_UPPER}]))|\s+(?:{vi('va')}|and)\s+",
    re.IGNORECASE,
)
_THEO_RE = re.compile(rf"^\s*{vi('theo')}\s+", re.IGNORECASE)
_DOMAIN_RE = re.compile(r"[\w-]+\.(?:vn|com|net|org|gov|info|edu)\b", re.IGNORECASE)
_EDGE_PUNCT = " \t\"'“”‘’.,:;-–—|*•·()[]"
_VOWELS = frozenset("aeiouy")


# ---------------------------------------------------------------- public API

def parse_byline(raw: str) -> Byline:
    """Names, role and outlet of a byline.

    >>> parse_byline("Tác giả: MINH ĐỨC - THU HƯƠNG")
    Byline(names=['Minh Đức', 'Thu Hương'], role='author', outlet=None)
    >>> parse_byline("Người đăng: Quản trị Ngày đăng: 21:50 | 17/09 Lượt xem: 639")
    Byline(names=['Quản trị'], role='poster', outlet=None)
    >>> parse_byline("Theo Báo Bình Định")
    Byline(names=[], role='source', outlet='Báo Bình Định')
    """
    if not raw or not isinstance(raw, str):
        return Byline()
    text = clean(raw)
    dateline = _DATELINE_RE.match(text)
    if dateline is not None:
        return Byline([], "source", _outlet_name(dateline.group("outlet")))
    role, body, rest = _split_label(text)
    outlet = _outlet_in_rest(rest) if rest else None
    marker_role, body, found_outlet = _take_parentheses(body)
    outlet = outlet or found_outlet
    if role == "source":
        return _source(body, outlet)

    names: list[str] = []
    for part in _SPLIT_RE.split(body):
        part = part.strip(_EDGE_PUNCT)
        if not part:
            continue
        folded = fold(part)
        if folded in ROLE_MARKERS and (folded not in ("th", "st") or names):
            marker_role = marker_role or ROLE_MARKERS[folded]
            continue
        theo = _THEO_RE.match(part)
        if theo is not None:
            outlet = outlet or _outlet_name(part[theo.end():])
            marker_role = marker_role or ("compiler" if names else "source")
            continue
        if folded not in NOT_NAMES and folded not in ACCOUNTS and _is_outlet(part, folded):
            outlet = outlet or _outlet_name(part)
            continue
        names.append(_proper_case(part))

    if names and all(fold(name) in ACCOUNTS for name in names):
        role = "poster"
    if role is None:
        role = marker_role
    if role is None and (names or outlet):
        role = "author" if names else "source"
    return Byline(names, role, outlet)


# ---------------------------------------------------------------- helpers

def _split_label(text: str) -> tuple[Role | None, str, str]:
    """(role of the leading label, the names after it, the rest of the line from the next field)."""
    role: Role | None = None
    body = text
    for label in _LABEL_RE.finditer(text):
        if _label_allowed(text, label):
            role = LABELS[_fold_label(label.group("label"))]
            body = text[label.end():]
            break
    cut = len(body)
    stop = _STOP_RE.search(body)
    if stop is not None:
        cut = stop.start()
    for label in _LABEL_RE.finditer(body, 0, cut):
        if label.group(0).rstrip().endswith(":"):
            cut = label.start()
            break
    return role, body[:cut], body[cut:]


def _fold_label(label: str) -> str:
    return " ".join(fold(label).split())


def _label_allowed(text: str, label: re.Match[str]) -> bool:
    """A label counts at the start of the string or after a separator; most need a colon."""
    before = text[: label.start()]
    if before.strip(_EDGE_PUNCT) and not before.rstrip().endswith(("|", "-", "–", ",", ";", ".", ":")):
        return False
    if label.group(0).rstrip().endswith(":"):
        return True
    folded = _fold_label(label.group("label"))
    if folded in LABELS_WITHOUT_COLON:
        return True
    # A label with nothing after it (`Ảnh minh họa`) is a credit line without names.
    return not text[label.end():].strip() and len(folded) > 4


def _source(body: str, outlet: str | None) -> Byline:
    """After `Theo`/`Nguồn:`: an outlet, or people when every part reads as a person's name."""
    body = body.strip(_EDGE_PUNCT)
    if not body:
        return Byline([], "source", outlet)
    parts = [part.strip(_EDGE_PUNCT) for part in _SPLIT_RE.split(body)]
    parts = [part for part in parts if part]
    if parts and all(_looks_like_person(part) for part in parts):
        return Byline([_proper_case(part) for part in parts], "source", outlet)
    return Byline([], "source", outlet or _outlet_name(body))


def _take_parentheses(text: str) -> tuple[Role | None, str, str | None]:
    """Strip `(…)` groups: role markers (`T/h`, `theo VOV`) and outlets (`Báo Bình Định`)."""
    role: Role | None = None
    outlet: str | None = None

    def take(match: re.Match[str]) -> str:
        nonlocal role, outlet
        inner = match.group("inner").strip(_EDGE_PUNCT)
        folded = fold(inner)
        if folded in ROLE_MARKERS:
            role = role or ROLE_MARKERS[folded]
            return ""
        theo = _THEO_RE.match(inner)
        if theo is not None:
            role = role or "compiler"
            outlet = outlet or _outlet_name(inner[theo.end():])
            return ""
        label = _LABEL_RE.match(inner)
        if label is not None and LABELS[_fold_label(label.group("label"))] == "source":
            outlet = outlet or _outlet_name(inner[label.end():])
            return ""
        if inner:
            outlet = outlet or _outlet_name(inner)
        return ""

    stripped = _PARENS_RE.sub(take, text)
    return role, stripped, outlet


def _outlet_in_rest(rest: str) -> str | None:
    """An outlet credited later in the line (`… Nguồn: Báo Bình Định`)."""
    for match in _LABEL_RE.finditer(rest):
        if LABELS[_fold_label(match.group("label"))] == "source" and match.group(0).rstrip().endswith(":"):
            tail = rest[match.end():]
            stop = _STOP_RE.search(tail)
            return _outlet_name(tail[: stop.start()] if stop else tail)
    return None


def _outlet_name(text: str) -> str | None:
    value = unicodedata.normalize("NFC", " ".join(text.split())).strip(_EDGE_PUNCT)
    return value or None


def _is_outlet(part: str, folded: str) -> bool:
    """Whether a part names an organisation or a publication rather than a person."""
    if folded in KNOWN_OUTLETS or _DOMAIN_RE.search(part):
        return True
    if (part.lower() + " ").startswith(ORGANISATION_PREFIXES):
        return True
    letters = sum(1 for char in part if char.isalpha())
    return letters >= 4 and part.isupper() and " " not in part and not _has_vowel(part)


def _looks_like_person(part: str) -> bool:
    """Initials, or two to five words that all start with a capital letter."""
    words = part.split()
    if len(words) == 1:
        return part.isupper() and len(part) <= 5 and not _is_outlet(part, fold(part))
    return 2 <= len(words) <= 5 and all(word[:1].isupper() for word in words) and not _is_outlet(part, fold(part))


def _has_vowel(word: str) -> bool:
    return any(char in _VOWELS for char in fold(word))


def _proper_case(name: str) -> str:
    """`MINH ĐỨC` → `Minh Đức`; initials (`NH`, `T.H`, `BĐ`) and mixed case stay as printed.

    The name comes back NFC (removing a bracket can join a stray mark to a letter).
    """
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    if not name.isupper():
        return name
    words = name.split(" ")
    if len(words) == 1 and (len(name) <= 3 or "." in name or not _has_vowel(name)):
        return name
    return " ".join(
        word if "." in word or not _has_vowel(word) else word[:1] + word[1:].lower()
        for word in words
    )
