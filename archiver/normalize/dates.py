"""Dates as Vietnamese portals print them → ISO 8601 in Vietnam time.

`parse_date` finds the first date in a raw string (a meta line, a label and value, a title,
a URL slug), attaches the time printed next to it, and returns a `ParsedDate`, or None when
the string holds no date it can read with confidence. It never invents a year or a time
and never reads a count, a decimal, a phone number or a lunar date as a date.

How it works (on the lower-cased NFC string; every regex is compiled once, at import):

1. One regex search finds the first digit run at whose start `[time] date [time]` matches:
   the date is `yyyy-mm-dd`, `d/m/yyyy` (also `-` and `.`, two-digit years), a long form
   (`ngày 17 tháng 9 năm 2023`, `17 Tháng Chín 2023`, `17 Sep 2023`), a compact slug date
   (`15082022`) or a yearless `d/m`; the time is whatever is printed just before or after
   it, joined by spaces, `|`, `-`, `,`, `lúc`, `ngày` or a weekday (`21:50 | 17/09`,
   `17/09/2023 - 21h50`, `lúc 20g00 ngày 9/6`, `09:50 PM`, `9 giờ sáng`, `(GMT+7)`).
   The first candidate that checks out wins. AM/PM and times of day are applied (the
   common wrong `20:15 PM` stays 20:15). A lunar marker after the date (`âm lịch`, `(AL)`,
   `năm Quý Mão`) or a lunar month name (`Giêng`, `Chạp`) rules it out.
2. A yearless `d/m` must read as a date: a time beside it, a word such as `ngày`, `mùng`,
   `sáng`/`chiều`, a weekday or a date label just before it, or (for `/` only) nothing
   else in the string. So `đạt 3/5 tiêu chí`, `2,5`, `Tỷ số 2-1` or `Điểm: 8.5` are not dates.
3. Failing that, month-first forms (`Tháng Chín 17, 2023`, `September 17, 2023`), then
   relative forms (`5 phút trước`, `cách đây 2 giờ`, `hôm qua lúc 10:30`, `vừa xong`).

Strings holding several dates give the first (`Ngày đăng: 17/09/2023 | Cập nhật: 18/09/2023`
→ 17/09/2023). dateparser is not used, not even as a fallback: on the evaluation set it
would only add wrong answers.

Speed (a few µs a call, over 100× `dateparser.parse`: `make bench`) comes from doing little
per call, never from remembering earlier calls: the regexes are written so that Python's
engine does less work for the same matches (see the notes above them), groups are read by
number, days and months come from precomputed tables, and the result is built without the
frozen dataclass's `__init__` (see `_Unfrozen`).

Choices for what the issue leaves open:

* A yearless date without `reference` has `iso` like `--09-17`, or `--09-17T21:50:00+07:00`
  when a time is printed, `year=None` and precision `month_day` (the fields `hour`/`minute`
  keep the time). With `reference` it takes the latest year that does not put it after
  the reference, sets `year_inferred` and gets the precision of its time.
* A relative date without `reference` is returned with `relative=True`, `year`, `month` and
  `day` None and `iso` a negative ISO 8601 duration (`-PT5M`, `-P1D`); call again with the
  capture time to resolve it. Relative spans in months or years are too vague: None.
* An explicit offset is kept in `iso` (`...T14:50:00+00:00`) and `tz_offset_minutes`;
  `to_datetime()` gives the aware datetime, to be converted as the caller likes.
* Two-digit years are 20yy, or 19yy when 20yy would be more than a year after `reference`
  (without a reference: 19yy for yy >= 70). The result never depends on today's date, so
  re-normalising a stored raw value gives what the crawl gave.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Literal

from archiver.normalize._vietnamese import LETTER_VARIANTS, vi, vi_any

__all__ = ["VIETNAM_OFFSET_MINUTES", "ParsedDate", "Precision", "parse_date"]

Precision = Literal["second", "minute", "hour", "day", "month_day"]

VIETNAM_OFFSET_MINUTES = 420
VIETNAM_TZ = timezone(timedelta(minutes=VIETNAM_OFFSET_MINUTES))


@dataclass(frozen=True)
class ParsedDate:
    """A date read from a page.

    `iso` is the canonical value (see the module docstring for yearless and relative dates);
    the other fields are its parts, in the printed (or Vietnam) time zone. `hour`, `minute`
    and `second` are None when the page did not print them; `month` and `day` are None only
    for a relative date that has not been resolved against a reference.
    """

    iso: str
    precision: Precision
    year_inferred: bool
    relative: bool
    year: int | None
    month: int | None
    day: int | None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    tz_offset_minutes: int = VIETNAM_OFFSET_MINUTES

    def to_datetime(self) -> datetime | None:
        """The aware datetime (midnight when no time was printed); None while the year is unknown."""
        if self.year is None or self.month is None or self.day is None:
            return None
        return datetime(
            self.year, self.month, self.day, self.hour or 0, self.minute or 0, self.second or 0,
            tzinfo=_tz(self.tz_offset_minutes),
        )


class _Unfrozen:
    """A plain object with the memory layout of a ParsedDate, for building one cheaply.

    The frozen dataclass's `__init__` sets each field through `object.__setattr__`, and even
    setting the instance `__dict__` in one go costs twice what this does. `_new_parsed` sets the
    fields of an `_Unfrozen` as ordinary attributes, in field order, then assigns `__class__`,
    which Python allows between classes of the same layout: the result is a genuine ParsedDate,
    equal to (and hashing, pickling, `dataclasses.replace`-ing like) the one `ParsedDate(...)`
    builds, and frozen from then on.
    """

    iso: str
    precision: Precision
    year_inferred: bool
    relative: bool
    year: int | None
    month: int | None
    day: int | None
    hour: int | None
    minute: int | None
    second: int | None
    tz_offset_minutes: int


def _new_parsed(
    iso: str, precision: Precision, inferred: bool, relative: bool, year: int | None, month: int | None,
    day: int | None, hour: int | None, minute: int | None, second: int | None, tz_minutes: int,
) -> ParsedDate:
    """`ParsedDate(iso, precision, ...)`, built without the frozen `__init__` (see `_Unfrozen`)."""
    parsed = _Unfrozen()
    parsed.iso = iso
    parsed.precision = precision
    parsed.year_inferred = inferred
    parsed.relative = relative
    parsed.year = year
    parsed.month = month
    parsed.day = day
    parsed.hour = hour
    parsed.minute = minute
    parsed.second = second
    parsed.tz_offset_minutes = tz_minutes
    parsed.__class__ = ParsedDate  # type: ignore[assignment]
    return parsed  # type: ignore[return-value]


# ---------------------------------------------------------------- word tables (data)

WEEKDAYS = ("thu hai", "thu ba", "thu tu", "thu bon", "thu nam", "thu sau", "thu bay", "chu nhat")
# Month names after `tháng`: Vietnamese numerals; `giêng`/`chạp` name lunar months.
MONTH_WORDS: dict[str, int] = {
    "muoi mot": 11, "muoi hai": 12, "muoi": 10, "mot": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4,
    "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "gieng": 1, "chap": 12,
}
LUNAR_MONTH_WORDS = frozenset({"gieng", "chap"})
ENGLISH_MONTHS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
# Times of day that move an hour into the afternoon or evening.
PERIODS = ("sang", "trua", "chieu", "toi", "dem", "khuya")
# Words that, just before a yearless `d/m`, say it is a date.
DATE_CONTEXT_WORDS = (
    "ngay", "mung", "mong", "hom", "dang", "cap nhat", "ban hanh", "xuat ban", "hieu luc",
    "thoi gian", "date", "posted", "updated", "published", *PERIODS,
)
# Relative units → (seconds each, precision); months and years are too vague to resolve.
RELATIVE_UNITS: dict[str, tuple[int, Precision] | None] = {
    "giay": (1, "second"), "phut": (60, "minute"), "gio": (3600, "hour"), "tieng": (3600, "hour"),
    "ngay": (86400, "day"), "tuan": (7 * 86400, "day"), "thang": None, "nam": None,
    "second": (1, "second"), "sec": (1, "second"), "minute": (60, "minute"), "min": (60, "minute"),
    "hour": (3600, "hour"), "hr": (3600, "hour"), "day": (86400, "day"), "week": (7 * 86400, "day"),
}
NUMBER_WORDS: dict[str, int] = {
    "mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9,
    "muoi": 10, "a": 1, "an": 1, "one": 1,
}
# Relative days: `hôm qua` is yesterday.
RELATIVE_DAYS: dict[str, int] = {
    "hom nay": 0, "hom qua": 1, "hom kia": 2, "today": 0, "yesterday": 1,
}
JUST_NOW = ("vua xong", "vua moi", "just now")
# Heavenly stems: `năm Quý Mão` names a lunar year.
CAN = ("giap", "at", "binh", "dinh", "mau", "ky", "canh", "tan", "nham", "quy")

# ---------------------------------------------------------------- regexes
#
# Everything runs on the lower-cased NFC string. Word patterns are written folded and expanded
# by `vi()` to accept any diacritics. Checks of what precedes a position run on the reversed
# text just before it (`_REV_*`), so that they are anchored matches instead of searches.
#
# An optional part longer than one character is written `(?:X|)`, not `(?:X)?`: the two match
# the same strings with the same groups (X is tried first, then nothing), but Python's regex
# engine runs `(?:X)?` as a repeat (a heap-allocated context and saved group marks at each try)
# and `(?:X|)` as a plain branch, which makes the date regexes a good third faster. Some
# lookaheads (noted where they are) only say early what the pattern after them needs anyway,
# so that the engine does not try it where it cannot match: they change no match.

_NOT_LETTER_AFTER = r"(?![^\W\d_])"
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_WEEKDAY = rf"(?:{vi('thu')}\s*[2-7](?![0-9])|{vi_any(*WEEKDAYS)}|\bcn\b|\bt[2-7]\b)"
_REV_WEEKDAY = rf"(?:(?<![0-9])[2-7]\s*{vi('uht')}|{vi_any(*(w[::-1] for w in WEEKDAYS))}|nc|[2-7]t)"
_PERIOD = vi_any(*PERIODS)
_MONTH_WORD = vi_any(*MONTH_WORDS)
_EN_MONTH = (
    r"(?:jan(?:uary|)|feb(?:ruary|)|mar(?:ch|)|apr(?:il|)|may|june?|july?|aug(?:ust|)"
    r"|sep(?:t(?:ember|)|)|oct(?:ober|)|nov(?:ember|)|dec(?:ember|))\b"
)
_THANG = rf"(?:{vi('thang')}|thg)"

_TZ_RE = re.compile(
    r"[(\[]?\s*\b(?:gmt|utc)\s*(?:(?P<sign>[+\-\u2212])\s*(?P<h>[0-9]{1,2})(?:\s*:?\s*(?P<m>[0-9]{2})|)|)\s*[)\]]?"
)
_DIGITS_RE = re.compile(r"[0-9]+")
# Where a date or a time can start: a digit run not continuing `21:50`, `17/09`, `1.208`.
_RUN_START = r"(?=[0-9])(?<![0-9])(?<![0-9][.,:/])"

# Dates that start with their day or year.
_DATE = (
    r"(?<![0-9])(?:"
    # 17/09/2023, 17-9-2023, 17.09.2023, 05/03/19, 2023-09-17, and yearless 17/09, 21.11
    # (which of these it is, and whether it is valid, is decided by the caller)
    r"(?P<NUM>(?P<n1>[0-9]{1,4})(?P<sep>[-/.])(?P<n2>[0-9]{1,2})"
    r"(?:(?P=sep)(?P<n3>[0-9]{1,4})(?![0-9])(?![./][0-9])|(?![0-9])(?![-/.,][0-9])))"
    # 17 tháng 9 năm 2023, 17 Tháng Chín 2023, ngày 17 tháng 09, 17 thg 9, 2023
    rf"|(?P<LONG>(?P<long_d>[0-9]{{1,2}})\s*{_THANG}\s*(?P<long_m>[0-9]{{1,2}}(?![0-9])|{_MONTH_WORD}{_NOT_LETTER_AFTER})"
    rf"(?:\s*(?:,|/|-|{vi('nam')}|)\s*(?P<long_y>[0-9]{{4}})(?![0-9])|))"
    # 17 Sep 2023, 17th September, 2023
    rf"|(?P<EN>(?P<en_d>[0-9]{{1,2}})(?:st|nd|rd|th|)\s+(?P<en_m>{_EN_MONTH})\.?,?\s+(?P<en_y>[0-9]{{4}})(?![0-9]))"
    # 15082022 / 20220815 inside a URL slug (checked by the caller)
    r"|(?P<COMPACT>[0-9]{8}(?![0-9]))"
    r")"
)
# Dates that start with their month: `Tháng Chín 17, 2023`, `September 17, 2023`.
# (Searched: the lookahead lets the engine pass quickly over where no month can start.)
_MONTH_FIRST_RE = re.compile(
    rf"(?=[tjfmasond])(?:(?P<MDY>{_THANG}\s*(?P<mdy_m>[0-9]{{1,2}}|{_MONTH_WORD})\s+(?P<mdy_d>[0-9]{{1,2}}),\s*(?P<mdy_y>[0-9]{{4}})(?![0-9]))"
    rf"|(?P<ENMDY>(?P<enmdy_m>{_EN_MONTH})\.?\s+(?P<enmdy_d>[0-9]{{1,2}})(?:st|nd|rd|th|),?\s+(?P<enmdy_y>[0-9]{{4}})(?![0-9])))"
)


def _clock_pattern(tag: str) -> str:
    """A time of day starting at its hour, its groups suffixed with `tag`.

    21:50, 21:50:05, 21h50, 21h, 20g00, 21 giờ 50 phút; then AM/PM (`SA`/`CH` in Vietnamese
    locales) or a time of day (`9 giờ sáng`), then an offset (`(GMT+7)`, `UTC`).
    """
    return (
        rf"(?<![0-9.,:/])(?<![tc][+\-\u2212])(?P<h{tag}>[0-9]{{1,2}})\s*(?:"
        rf":\s*(?P<mi{tag}>[0-9]{{2}})(?:\s*:\s*(?P<s{tag}>[0-9]{{2}})(?:[.,][0-9]+|)|)"
        rf"(?:(?P<tz{tag}>z(?![^\W\d_])|[+\-][0-9]{{2}}:?[0-9]{{2}}(?![0-9])|\s\+[0-9]{{2}}:?[0-9]{{2}}(?![0-9]))|)"
        rf"|[hg]\s?(?:(?P<mh{tag}>[0-9]{{2}}(?![0-9]))|)(?:'|\s?p(?![^\W\d_])|\s?{vi('phut')}|){_NOT_LETTER_AFTER}"
        rf"|{vi('gio')}(?!\s*(?:{vi('truoc')}|{vi('qua')}|{vi('sau')}|{vi('nua')}))"
        rf"(?:\s*(?P<mg{tag}>[0-9]{{1,2}})(?![0-9])(?:\s*{vi('phut')}|)|){_NOT_LETTER_AFTER}"
        r")"
        # AM/PM, time of day and offset, tried only where one of them can start
        r"(?:(?=\s*[apsctdđkgu(\[])"
        rf"(?:\s*(?P<ap{tag}>[ap]\.?m\.?|sa|ch){_NOT_LETTER_AFTER}|)"
        rf"(?:\s*(?P<pd{tag}>{_PERIOD}){_NOT_LETTER_AFTER}|)"
        rf"(?:\s*[(\[]?\s*\b(?P<gz{tag}>gmt|utc)(?:\s*(?P<gs{tag}>[+\-\u2212])\s*(?P<gh{tag}>[0-9]{{1,2}})"
        rf"(?:\s*:?\s*(?P<gm{tag}>[0-9]{{2}})|)|)(?![0-9])\s*[)\]]?|)"
        r"|)"
    )


def _period_before(tag: str) -> str:
    """`chiều`, `sáng nay`... just before a time (group `pb<tag>`)."""
    return rf"(?:(?P<pb{tag}>{_PERIOD})\s*(?:{vi('nay')}\s*|)|)"


# Group names of a clock pattern: hour, minutes (three spellings), second, AM/PM, period,
# ISO offset, GMT/UTC with its sign, hours and minutes, and the time of day before the hour.
_CLOCK_GROUP_NAMES = ("h", "mi", "mh", "mg", "s", "ap", "pd", "tz", "gz", "gs", "gh", "gm", "pb")
# What may stand between a date and its time: punctuation and spaces, `lúc`, `vào`, `ngày`, a
# weekday, the `T` of `2023-09-17T21:50`. Runs of punctuation and spaces are taken whole (`*+`):
# what follows a join starts with a digit or a letter, so giving back part of a run could never
# help. The words are tried only where one can start (`(?=[tlvnc])`). Both only spare the
# engine work: this matches exactly what `(?:[...]|t(?=[0-9])|lúc|vào|ngày|weekday)*` matches.
_JOIN_CHARS = r"[\s,|;:\-\u2013\u2014/()\[\]_]*+"
_JOIN = (
    rf"{_JOIN_CHARS}(?:(?=[tlvnc])"
    rf"(?:(?:t(?=[0-9])|{vi('luc')}|{vi('vao')}|{vi('ngay')}|{_WEEKDAY}){_JOIN_CHARS})+|)"
)
# Lunar markers after a date: `15/8 âm lịch`, `10/3 (AL)`, `tháng 1 năm Quý Mão`.
_LUNAR_AFTER = (
    rf"\s*[(\[]?\s*(?:{vi('am lich')}|{vi('al')}{_NOT_LETTER_AFTER}|{vi('nam')}\s+{vi_any(*CAN)}{_NOT_LETTER_AFTER})"
)
_LUNAR_AFTER_RE = re.compile(_LUNAR_AFTER)
# The whole of `[time] date [time]` at the start of a digit run; one .search() finds the first
# run where it matches (the caller searches again after a run whose match it rejects). The
# lookaheads only say early what the times need (`21:`, `21h`, `20g` or `21 giờ` first; a digit
# somewhere after the date), so that the engine does not try them where they cannot match.
_DATE_TIME_RE = re.compile(
    rf"{_RUN_START}(?:(?=[0-9]{{1,2}}\s*[:hg]){_clock_pattern('a')}{_JOIN}|)(?P<date>{_DATE})(?!{_LUNAR_AFTER})"
    rf"(?:(?=[^0-9]*[0-9]){_JOIN}{_period_before('b')}{_clock_pattern('b')}|)"
)
# A time just after / just before a position (relative days: `hôm qua lúc 10:30`).
_TIME_AFTER_RE = re.compile(_JOIN + _period_before("c") + _clock_pattern("c"))
_TIME_BEFORE_RE = re.compile(_clock_pattern("d") + _JOIN + r"\Z")
_G = _DATE_TIME_RE.groupindex
_G_DATE, _G_N1, _G_SEP, _G_N2, _G_N3, _G_LONG, _G_COMPACT, _G_HA, _G_HB = (
    _G[name] for name in ("date", "n1", "sep", "n2", "n3", "LONG", "COMPACT", "ha", "hb")
)
_REV_PERIOD_RE = re.compile(rf"\s*(?:{vi('yan')}\s*|)(?P<p>{vi_any(*(p[::-1] for p in PERIODS))}){_NOT_LETTER_AFTER}")
_LOOKBEHIND = 40

# Just before a yearless `d/m`: a word that makes it a date (reversed text).
_REV_CONTEXT_RE = re.compile(
    rf"[\s:,.\-(\[]*(?:{vi_any(*(w[::-1] for w in DATE_CONTEXT_WORDS))}|{_REV_WEEKDAY}){_NOT_LETTER_AFTER}"
)
_BARE_RE = re.compile(r"[\W_]*")

_REV_LUNAR_BEFORE_RE = re.compile(rf"[\W_]*(?:{vi('mar')}|{vi('hcil ma')}){_NOT_LETTER_AFTER}")
_SLUG_BEFORE = frozenset("-_/")
_SLUG_AFTER = frozenset("-_./?#&")

# Relative dates, in one pass: `5 phút trước`, `cách đây 2 giờ`, `3 days ago`; `hôm qua`; `vừa xong`.
# (Searched: the lookahead first lets the engine pass quickly over where none can start, that is
# anywhere but at `cách`/`khoảng` or at the start of a word that can begin one.)
_RELATIVE_START = "".join(sorted(
    {letter for word in (*NUMBER_WORDS, *RELATIVE_DAYS, *JUST_NOW) for letter in LETTER_VARIANTS.get(word[0], word[0])}
    | set("0123456789")
))
_RELATIVE_RE = re.compile(
    rf"(?:(?=[ck])|{_NOT_LETTER_BEFORE}(?=[{_RELATIVE_START}]))"
    rf"(?:(?P<AGO>(?:(?P<cach>{vi('cach day')}|{vi('khoang')})\s*|)"
    rf"{_NOT_LETTER_BEFORE}(?P<n>[0-9]{{1,3}}(?![0-9])|{vi_any(*NUMBER_WORDS)})\s*"
    rf"(?P<u>{vi_any(*RELATIVE_UNITS)})s?{_NOT_LETTER_AFTER}"
    rf"(?:\s*(?P<ago>{vi('truoc')}|ago){_NOT_LETTER_AFTER}|))"
    rf"|{_NOT_LETTER_BEFORE}(?P<DAY>{vi_any(*RELATIVE_DAYS)}){_NOT_LETTER_AFTER}"
    rf"|{_NOT_LETTER_BEFORE}(?P<NOW>{vi_any(*JUST_NOW)}){_NOT_LETTER_AFTER})"
)
_R_DAY, _R_CACH, _R_AGO_WORD, _R_UNIT, _R_COUNT = (
    _RELATIVE_RE.groupindex[name] for name in ("DAY", "cach", "ago", "u", "n")
)
# Substrings without which no relative form can match (a cheap filter before _RELATIVE_RE).
_REL_HINT_RE = re.compile("tr[ưu][ớo]c|ago|c[áa]ch|kho[ảa]ng|h[ôo]m|v[ừu]a|today|yesterday|just")
# Month-first dates end with `17, 2023` (written digit-first so the engine skips to digits).
_MONTH_FIRST_HINT_RE = re.compile(r"[0-9](?:st|nd|rd|th|),?\s+[0-9]{4}(?![0-9])")
_LUNAR_BEFORE_HINT_RE = re.compile("[ằâa]m")
_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")
_FOLD_TABLE = str.maketrans({
    variant: base for base, variants in {
        "a": "àáảãạăằắẳẵặâầấẩẫậ", "e": "èéẻẽẹêềếểễệ", "i": "ìíỉĩị", "o": "òóỏõọôồốổỗộơờớởỡợ",
        "u": "ùúủũụưừứửữự", "y": "ỳýỷỹỵ", "d": "đ",
    }.items() for variant in variants
})
_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_TWO_DIGITS = tuple(f"{number:02d}" for number in range(100))
# `7`, `07`, `17` → their value (a dict lookup is cheaper than int() on the hot path).
_SMALL_NUMBERS = {f"{number}": number for number in range(10)} | {f"{number:02d}": number for number in range(100)}
# The years a date may have (1900-2100), by their four digits.
_YEARS = {f"{year}": year for year in range(1900, 2101)}
# (day, month, `-MM-DD`) by the digits of a numeric date's day and month (`17`, `09`, `9`), for
# the days that exist (29/02 included: whether its year is a leap year is checked apart).
_DAY_MONTH: dict[tuple[str, str], tuple[int, int, str]] = {}
for _month in range(1, 13):
    for _day in range(1, _DAYS_IN_MONTH[_month] + 1):
        _value = (_day, _month, f"-{_month:02d}-{_day:02d}")
        for _day_text in {f"{_day}", f"{_day:02d}"}:
            for _month_text in {f"{_month}", f"{_month:02d}"}:
                _DAY_MONTH[_day_text, _month_text] = _value
_FEB_29 = _DAY_MONTH["29", "02"]
del _month, _day, _value, _day_text, _month_text
_TZ_CACHE: dict[int, timezone] = {VIETNAM_OFFSET_MINUTES: VIETNAM_TZ}
_OFFSET_TEXT: dict[int, str] = {VIETNAM_OFFSET_MINUTES: "+07:00", 0: "+00:00"}

# (hour, minute, second, offset in minutes) of a printed time.
Clock = tuple[int, int | None, int | None, int | None]


# ---------------------------------------------------------------- public API

def parse_date(raw: str, *, reference: datetime | None = None) -> ParsedDate | None:
    """Read the first date in `raw`; None when there is none to read with confidence.

    `reference` is the capture time (naive means Vietnam time): it gives a yearless date its
    year and resolves relative dates.

    >>> parse_date("Người đăng: Quản trị Ngày đăng: 21:50 | 17/09 Lượt xem: 639").iso
    '--09-17T21:50:00+07:00'
    >>> parse_date("21:50 | 17/09", reference=datetime(2023, 9, 17, 23, 59)).iso
    '2023-09-17T21:50:00+07:00'
    >>> parse_date("Thời sự 20h | 03/11/2022").iso
    '2022-11-03T20:00:00+07:00'
    >>> parse_date("812 từ") is None
    True
    """
    if not raw or not isinstance(raw, str):
        return None
    if raw.isascii():
        text = raw.lower()
    else:  # lower-cased NFC text without zero-width characters
        if not unicodedata.is_normalized("NFC", raw):
            raw = unicodedata.normalize("NFC", raw)
        if not raw.isprintable():
            raw = _INVISIBLE_RE.sub("", raw)
        text = raw.lower()
    search = _DATE_TIME_RE.search
    match = search(text)
    while match is not None:
        found = _numeric_candidate(text, match, reference)
        if found is not None:
            return found
        match = search(text, match.start() + 1)
    if _MONTH_FIRST_HINT_RE.search(text):
        for match in _MONTH_FIRST_RE.finditer(text):
            if match.start() == 0 or not text[match.start() - 1].isalpha():
                found = _month_first_candidate(text, match, reference)
                if found is not None:
                    return found
    return _relative(text, reference)


# ---------------------------------------------------------------- candidates

def _offset_anywhere(text: str) -> int | None:
    """The offset of a `GMT+7`-like token anywhere in the text (when not beside the time)."""
    if "gmt" not in text and "utc" not in text:
        return None
    match = _TZ_RE.search(text)
    if match is None:
        return None
    return _gmt_offset(match.group("sign"), match.group("h"), match.group("m"))


def _gmt_offset(sign: str | None, hours_text: str | None, minutes_text: str | None) -> int | None:
    """`GMT` → 0, `GMT+7` → 420, `UTC-03:30` → -210; None when out of range."""
    if hours_text is None:
        return 0
    hours, minutes = int(hours_text), int(minutes_text or 0)
    if hours > 14 or minutes > 59:
        return None
    offset = hours * 60 + minutes
    return offset if sign == "+" else -offset


def _numeric_candidate(text: str, match: re.Match[str], reference: datetime | None) -> ParsedDate | None:
    """The ParsedDate of a `[time] date [time]` match, or None when it is not a date after all."""
    first = match[_G_N1]
    year: int | None
    year_text: str | None = None  # the digits of a four-digit year (they are its text in `iso`)
    yearless = False
    if first is not None:  # 17/09/2023, 2023-09-17, 05/03/19, 17/09
        second = match[_G_N2]
        third = match[_G_N3]
        if third is None:  # 17/09
            day_month = _DAY_MONTH.get((first, second))
            year = None
            yearless = True
        elif len(third) == 4:  # 17/09/2023
            day_month = _DAY_MONTH.get((first, second))
            year = _YEARS.get(third)
            if year is None:
                return None
            year_text = third
        elif len(first) == 4:  # 2023-09-17
            day_month = _DAY_MONTH.get((third, second))
            year = _YEARS.get(first)
            if year is None:
                return None
            year_text = first
        elif len(third) == 2:  # 05/03/19, 01.12.23
            if match[_G_SEP] != "/" and (len(first) != 2 or len(second) != 2):
                return None
            day_month = _DAY_MONTH.get((first, second))
            year = _full_year(_SMALL_NUMBERS[third], reference)
        else:
            return None
        # (a day or month of three or four digits is not in the table either)
        if day_month is None or (day_month is _FEB_29 and year is not None and not _leap(year)):
            return None
        day, month, month_day = day_month
    else:
        if match[_G_LONG] is not None:
            day = int(match.group("long_d"))
            month_found = _month_number(match.group("long_m"))
            if month_found is None:
                return None
            month = month_found
            long_year = match.group("long_y")
            year = int(long_year) if long_year else None
        elif (compact := match[_G_COMPACT]) is not None:
            found = _compact(text, match.start(_G_DATE), match.end(_G_DATE), compact)
            if found is None:
                return None
            year, month, day = found
        else:
            day, month = int(match.group("en_d")), ENGLISH_MONTHS[match.group("en_m")[:3]]
            year = int(match.group("en_y"))
        if not _valid_day(year, month, day) or (year is not None and not 1900 <= year <= 2100):
            return None
        month_day = f"-{_TWO_DIGITS[month]}-{_TWO_DIGITS[day]}"
    clock: Clock | None
    if match[_G_HB] is not None:
        clock = _clock_b(match, text, -1)
    elif match[_G_HA] is not None:
        clock = _clock_a(match, text, match.start(_G_HA))
    else:
        clock = None
    if clock is None:
        if yearless:
            start, end = match.span(_G_DATE)
            if not _yearless_is_date(text, start, end, match[_G_SEP]) or _lunar_before(text, start):
                return None
        hour = minute = second = offset = None
    else:
        hour, minute, second, offset = clock
    if offset is None and ("gmt" in text or "utc" in text):
        offset = _offset_anywhere(text)
    tz_minutes = VIETNAM_OFFSET_MINUTES if offset is None else offset
    inferred = False
    if year is None:
        if reference is None:
            return _build(None, month, day, hour, minute, second, tz_minutes, False, False)
        year = _infer_year(month, day, hour, minute, second, tz_minutes, reference)
        if year is None:
            return None
        inferred = True
    # _build and _new_parsed, inlined for the commonest result (a date with its year).
    if year_text is None:
        year_text = str(year) if year >= 1000 else f"{year:04d}"
    if hour is None:
        iso = year_text + month_day
        precision: Precision = "day"
    else:
        two = _TWO_DIGITS
        offset_text = _OFFSET_TEXT.get(tz_minutes) or _offset_text(tz_minutes)
        iso = f"{year_text}{month_day}T{two[hour]}:{two[minute or 0]}:{two[second or 0]}{offset_text}"
        precision = "hour" if minute is None else "minute" if second is None else "second"
    parsed = _Unfrozen()
    parsed.iso = iso
    parsed.precision = precision
    parsed.year_inferred = inferred
    parsed.relative = False
    parsed.year = year
    parsed.month = month
    parsed.day = day
    parsed.hour = hour
    parsed.minute = minute
    parsed.second = second
    parsed.tz_offset_minutes = tz_minutes
    parsed.__class__ = ParsedDate  # type: ignore[assignment]
    return parsed  # type: ignore[return-value]


def _month_first_candidate(text: str, match: re.Match[str], reference: datetime | None) -> ParsedDate | None:
    """The ParsedDate of `Tháng Chín 17, 2023` or `September 17, 2023`."""
    if match.lastgroup == "MDY":
        month_found = _month_number(match.group("mdy_m"))
        if month_found is None:
            return None
        month, day, year = month_found, int(match.group("mdy_d")), int(match.group("mdy_y"))
    else:
        month = ENGLISH_MONTHS[match.group("enmdy_m")[:3]]
        day, year = int(match.group("enmdy_d")), int(match.group("enmdy_y"))
    if not _valid_day(year, month, day) or not 1900 <= year <= 2100:
        return None
    if _LUNAR_AFTER_RE.match(text, match.end()) or _lunar_before(text, match.start()):
        return None
    return _finish(year, month, day, _time_near(text, match.start(), match.end()), text, reference)


def _finish(
    year: int | None, month: int, day: int, clock: Clock | None, text: str,
    reference: datetime | None,
) -> ParsedDate | None:
    """Attach the clock and offset; give a yearless date its year from `reference`."""
    hour = minute = second = offset = None
    if clock is not None:
        hour, minute, second, offset = clock
    if offset is None:
        offset = _offset_anywhere(text)
    tz_minutes = VIETNAM_OFFSET_MINUTES if offset is None else offset
    inferred = False
    if year is None and reference is not None:
        year = _infer_year(month, day, hour, minute, second, tz_minutes, reference)
        if year is None:
            return None
        inferred = True
    return _build(year, month, day, hour, minute, second, tz_minutes, inferred, False)


def _month_number(word: str) -> int | None:
    """`9`, `09`, `chín`, `Mười hai` → the month; lunar month names and 0/13+ → None."""
    if word.isdigit():
        month = int(word)
        return month if 1 <= month <= 12 else None
    folded = " ".join(word.translate(_FOLD_TABLE).split())
    if folded in LUNAR_MONTH_WORDS:
        return None
    return MONTH_WORDS.get(folded)


def _compact(text: str, start: int, end: int, digits: str) -> tuple[int, int, int] | None:
    """`15082022` or `20220815` when it is a token of a URL slug; else None."""
    if start > 0 and text[start - 1] not in _SLUG_BEFORE:
        return None
    if end < len(text) and text[end] not in _SLUG_AFTER:
        return None
    day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:])
    if 1900 <= year <= 2100 and _valid_day(year, month, day):
        return year, month, day
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    if 1900 <= year <= 2100 and _valid_day(year, month, day):
        return year, month, day
    return None


def _yearless_is_date(text: str, start: int, end: int, separator: str) -> bool:
    """Whether a yearless `d/m` (with no time beside it) reads as a date.

    It does after `ngày`, `mùng`, `sáng`/`chiều`..., a weekday or a date label; a bare `17/09`
    with nothing else in the string does too; `đạt 3/5 tiêu chí`, `2-1` or `8.5` do not.
    """
    if start and _REV_CONTEXT_RE.match(text[max(0, start - 24):start][::-1]):
        return True
    return (
        separator == "/"
        and (not start or _BARE_RE.fullmatch(text, 0, start) is not None)
        and (end == len(text) or _BARE_RE.fullmatch(text, end) is not None)
    )


def _lunar_before(text: str, start: int) -> bool:
    """`rằm 15/7`, `âm lịch 15/8` (lunar markers after a date are excluded by the regexes)."""
    low = max(0, start - 16)
    if not _LUNAR_BEFORE_HINT_RE.search(text, low, start):
        return False
    return _REV_LUNAR_BEFORE_RE.match(text[low:start][::-1]) is not None


# ---------------------------------------------------------------- time of day

def _time_near(text: str, start: int, end: int) -> Clock | None:
    """(hour, minute, second, offset) of the time printed beside text[start:end], if any."""
    found = _TIME_AFTER_RE.match(text, end)
    if found is not None:
        return _clock_c(found, text, -1)
    if start == 0:
        return None
    for run in _DIGITS_RE.finditer(text, max(0, start - _LOOKBEHIND), start):
        found = _TIME_BEFORE_RE.match(text, run.start(), start)
        if found is not None:
            return _clock_d(found, text, run.start())
    return None


def _clock_reader(pattern: re.Pattern[str], tag: str) -> Callable[[re.Match[str], str, int], Clock | None]:
    """The function reading the clock whose groups are suffixed `tag` in a match of `pattern`.

    It returns (hour, minute, second, offset) or None when the time does not exist. The time of
    day before the hour (`chiều 3h`) is the group `pb` when the pattern has one (the reader is
    then called with `hour_at` < 0), else it is looked for in the text before `hour_at`. Group
    numbers are bound in the closure: indexing a match by number is the cheapest way to read it.
    """
    g_hour, g_mi, g_mh, g_mg, g_second, g_ampm, g_period, g_iso, g_gmt, g_sign, g_gmt_h, g_gmt_m, g_before = (
        pattern.groupindex.get(f"{name}{tag}", 0) for name in _CLOCK_GROUP_NAMES
    )

    def clock(found: re.Match[str], text: str, hour_at: int) -> Clock | None:
        small = _SMALL_NUMBERS
        hour = small[found[g_hour]]
        minute_text = found[g_mi]
        minute: int | None
        second: int | None = None
        iso_offset = None
        if minute_text is not None:  # 21:50, the only spelling with seconds and an ISO offset
            minute = small[minute_text]
            second_text = found[g_second]
            if second_text is not None:
                second = small[second_text]
                if second > 59:
                    return None
            iso_offset = found[g_iso]
        else:
            minute_text = found[g_mh] or found[g_mg]
            minute = small[minute_text] if minute_text is not None else None
        if minute is not None and minute > 59:
            return None
        ampm = found[g_ampm]
        period = found[g_period]
        if period is None and ampm is None and hour <= 12:
            if hour_at < 0:
                period = found[g_before]
            else:
                before = _REV_PERIOD_RE.match(text[max(0, hour_at - 12):hour_at][::-1])
                period = before.group("p")[::-1] if before else None
        if ampm:
            if ampm[0] in "pc":
                if hour < 12:
                    hour += 12
            elif hour == 12:
                hour = 0
        elif period:
            hour = _apply_period(hour, period.translate(_FOLD_TABLE))
        if hour > 23:
            return None
        if iso_offset:
            return hour, minute, second, _iso_offset(iso_offset)
        if found[g_gmt]:
            return hour, minute, second, _gmt_offset(found[g_sign], found[g_gmt_h], found[g_gmt_m])
        return hour, minute, second, None

    return clock


_clock_a = _clock_reader(_DATE_TIME_RE, "a")
_clock_b = _clock_reader(_DATE_TIME_RE, "b")
_clock_c = _clock_reader(_TIME_AFTER_RE, "c")
_clock_d = _clock_reader(_TIME_BEFORE_RE, "d")


def _apply_period(hour: int, period: str) -> int:
    """`3 giờ chiều` → 15, `10 giờ đêm` → 22, `1 giờ trưa` → 13, `9 giờ sáng` → 9."""
    if period in ("chieu", "toi") and hour < 12:
        return hour + 12
    if period == "trua" and hour < 5:
        return hour + 12
    if period in ("dem", "khuya") and 6 <= hour < 12:
        return hour + 12
    if period == "sang" and hour == 12:
        return 0
    return hour


def _iso_offset(token: str | None) -> int | None:
    """`z` → 0, `+07:00`/`+0700` → 420."""
    if token is None:
        return None
    token = token.strip()
    if token == "z":
        return 0
    digits = token[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 14 or minutes > 59:
        return None
    value = hours * 60 + minutes
    return -value if token[0] == "-" else value


# ---------------------------------------------------------------- relative dates

def _relative(text: str, reference: datetime | None) -> ParsedDate | None:
    """`5 phút trước`, `cách đây 2 giờ`, `hôm qua lúc 10:30`, `vừa xong`, `3 days ago`."""
    if not _REL_HINT_RE.search(text):
        return None
    search = _RELATIVE_RE.search
    match = search(text)
    while match is not None:
        kind = match.lastgroup
        if kind == "DAY":
            days = RELATIVE_DAYS[" ".join(match[_R_DAY].translate(_FOLD_TABLE).split())]
            clock = _time_near(text, match.start(), match.end())
            return _resolve_relative(days * 86400, "day", reference, clock)
        if kind == "NOW":
            return _resolve_relative(0, "minute", reference)
        near = match[_R_CACH]
        if match[_R_AGO_WORD] is None and (near is None or near[0] == "k"):
            match = search(text, match.end())  # (matches are never empty)
            continue
        unit = RELATIVE_UNITS.get(match[_R_UNIT].translate(_FOLD_TABLE))
        if unit is None:
            return None
        count_text = match[_R_COUNT]
        count = int(count_text) if count_text.isdigit() else NUMBER_WORDS.get(count_text.translate(_FOLD_TABLE))
        if count is None:
            return None
        seconds, precision = unit
        return _resolve_relative(count * seconds, precision, reference)
    return None


def _resolve_relative(
    seconds: int, precision: Precision, reference: datetime | None, clock: Clock | None = None,
) -> ParsedDate | None:
    """A date `seconds` before `reference` (whole days when precision is `day`)."""
    hour = minute = second = None
    if clock is not None:
        hour, minute, second, _ = clock
        precision = _precision(0, hour, minute, second)
    if reference is None:
        return _new_parsed(
            _duration(seconds, precision), precision, False, True, None, None, None,
            hour, minute, second, VIETNAM_OFFSET_MINUTES,
        )
    try:
        local = _as_vietnam(reference)
        moment = local - timedelta(seconds=seconds)
    except (OverflowError, ValueError):  # a reference at the ends of the calendar
        return None
    if seconds % 86400 == 0 and (clock is not None or precision == "day"):
        return _build(moment.year, moment.month, moment.day, hour, minute, second, VIETNAM_OFFSET_MINUTES, False, True)
    return _build(
        moment.year, moment.month, moment.day, moment.hour, moment.minute,
        moment.second if precision == "second" else None,
        VIETNAM_OFFSET_MINUTES, False, True, precision,
    )


def _duration(seconds: int, precision: Precision) -> str:
    """`-PT5M`, `-PT2H`, `-P3D`, `PT0M` (ISO 8601 durations, negative meaning before)."""
    days = seconds // 86400
    if precision not in ("second", "minute", "hour") or (seconds % 86400 == 0 and seconds):
        return f"-P{days}D" if days else "P0D"
    if seconds == 0:
        return "PT0M"
    if precision == "hour":
        return f"-PT{seconds // 3600}H"
    if precision == "minute":
        return f"-PT{seconds // 60}M"
    return f"-PT{seconds}S"


# ---------------------------------------------------------------- building the result

def _build(
    year: int | None, month: int, day: int, hour: int | None, minute: int | None,
    second: int | None, tz_minutes: int, inferred: bool, relative: bool,
    precision: Precision | None = None,
) -> ParsedDate:
    """The ParsedDate of these parts."""
    two = _TWO_DIGITS
    year_text = "-" if year is None else str(year) if year >= 1000 else f"{year:04d}"
    if hour is None:
        iso = f"{year_text}-{two[month]}-{two[day]}"
        if precision is None:
            precision = "month_day" if year is None else "day"
    else:
        offset_text = _OFFSET_TEXT.get(tz_minutes) or _offset_text(tz_minutes)
        iso = f"{year_text}-{two[month]}-{two[day]}T{two[hour]}:{two[minute or 0]}:{two[second or 0]}{offset_text}"
        if precision is None:
            precision = (
                "month_day" if year is None else "hour" if minute is None else "minute" if second is None
                else "second"
            )
    return _new_parsed(iso, precision, inferred, relative, year, month, day, hour, minute, second, tz_minutes)


def _precision(year: int | None, hour: int | None, minute: int | None, second: int | None) -> Precision:
    if year is None:
        return "month_day"
    if hour is None:
        return "day"
    if minute is None:
        return "hour"
    if second is None:
        return "minute"
    return "second"


def _offset_text(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def _tz(minutes: int) -> timezone:
    found = _TZ_CACHE.get(minutes)
    if found is None:
        found = timezone(timedelta(minutes=minutes))
    return found


def _as_vietnam(reference: datetime) -> datetime:
    if reference.tzinfo is None:
        return reference.replace(tzinfo=VIETNAM_TZ)
    return reference.astimezone(VIETNAM_TZ)


# ---------------------------------------------------------------- calendar helpers

def _valid_day(year: int | None, month: int, day: int) -> bool:
    """Whether day/month(/year) exists; a yearless 29/2 is valid (some year has it)."""
    if not 1 <= month <= 12 or not 1 <= day <= _DAYS_IN_MONTH[month]:
        return False
    return not (month == 2 and day == 29 and year is not None and not _leap(year))


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _full_year(short: int, reference: datetime | None) -> int:
    """A two-digit year in the century that does not put it more than a year after `reference`."""
    year = 2000 + short
    if reference is not None:
        return year if year <= reference.year + 1 else year - 100
    return year if short < 70 else year - 100


def _infer_year(
    month: int, day: int, hour: int | None, minute: int | None, second: int | None,
    tz_minutes: int, reference: datetime,
) -> int | None:
    """The latest year that does not put month/day (and time) after `reference`."""
    if reference.tzinfo is None:
        reference = reference.replace(tzinfo=VIETNAM_TZ)
    try:
        local = reference.astimezone(_tz(tz_minutes))
    except (OverflowError, ValueError):
        return None
    limit: tuple[int, ...]
    moment: tuple[int, ...]
    if hour is None:
        limit, moment = (local.month, local.day), (month, day)
    else:
        limit = (local.month, local.day, local.hour, local.minute, local.second)
        moment = (month, day, hour, minute or 0, second or 0)
    year = local.year if moment <= limit else local.year - 1
    for candidate in range(year, year - 8, -1):
        if candidate >= 1 and _valid_day(candidate, month, day):
            return candidate
    return None
