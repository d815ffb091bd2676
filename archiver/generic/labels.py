"""Labelled values anywhere in the visible text: `Ngày đăng: 21:50 | 17/09`, `Lượt xem: 639`,
`Tác giả: NH` — on the meta line, under the body, or in a table of their own.

Labels are data. A value runs to the next label on its line; lines in chrome (header, footer,
sidebar, related lists, comments) are never read.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from archiver.generic.distractors import refusal
from archiver.generic.dom import Line
from archiver.generic.fields import Findings, Found
from archiver.normalize.counts import parse_count
from archiver.normalize.dates import parse_date

# field → labels, most specific first (a label must be followed by a colon).
LABELS: dict[str, tuple[str, ...]] = {
    "published": (
        "Ngày đăng tin",
        "Ngày đăng",
        "Ngày xuất bản",
        "Đăng ngày",
        "Ngày ban hành",
        "Thời gian đăng",
        "Thời gian",
        "Ngày",
    ),
    # A last-modified date: the publication date only when the page prints no other (see combine).
    "modified": ("Ngày cập nhật", "Cập nhật lúc", "Cập nhật", "Sửa đổi lần cuối", "Chỉnh sửa lúc"),
    "views": ("Số lượt xem", "Lượt xem", "Lượt đọc", "Số lần xem", "Lượt truy cập bài viết", "Đã xem"),
    "byline": (
        "Tác giả",
        "Người viết",
        "Phóng viên",
        "Nhóm phóng viên",
        "PV",
        "Bài viết",
        "Bài và ảnh",
        "Nguồn tin",
        "Nguồn",
    ),
    "poster": ("Người đăng", "Đăng bởi", "Người gửi"),
}
# Lines longer than this are body text, not a meta line.
MAX_LINE = 300


@dataclass(frozen=True)
class _Hit:
    start: int
    label_start: int
    end: int
    field: str
    rank: int  # position of the label in its field's list: lower is more specific


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    labels = sorted({label for group in LABELS.values() for label in group}, key=len, reverse=True)
    alternatives = "|".join(re.escape(label) for label in labels)
    return re.compile(rf"(?<!\w)({alternatives})\s*:", re.IGNORECASE)


def mentions_labels(text: str, fields: Collection[str]) -> bool:
    """Could the page label one of `fields`? A cheap test on its whole text before the costlier
    walk over its lines: it may say yes wrongly, never no wrongly.

    True when, whitespace collapsed and lowercased, the text holds `label:` or `label :` for a
    label of one of `fields`. Only the few characters before each colon are read (a page has a
    handful of colons): collapsing and lowercasing the whole page, then searching it once per
    label, cost more than the walk this test is meant to save.
    """
    labels = tuple(label for field in fields for label in _LOWERED.get(field, ()))
    if not labels:
        return False
    longest = max(map(len, labels))
    colon = text.find(":")
    while colon != -1:
        if _collapsed_tail(text, colon, longest).endswith(labels):
            return True
        colon = text.find(":", colon + 1)
    return False


def _collapsed_tail(text: str, end: int, longest: int) -> str:
    """The last characters before `end`, whitespace collapsed and lowercased: at least `longest` of
    them unless the text is shorter. Collapsing a window gives a suffix of collapsing all of
    `text[:end]` (a word cut at the window's start only loses its head), so `endswith(label)` for
    any label up to `longest` long answers as it would on the whole page text."""
    width = longest + 8
    while True:
        start = max(0, end - width)
        tail = " ".join(text[start:end].split()).lower()
        if len(tail) >= longest or start == 0:
            return tail
        width *= 4  # a long run of whitespace before the colon: read further back


_LOWERED = {field: tuple(label.lower() for label in group) for field, group in LABELS.items()}
_FIELD_OF = {label.lower(): (field, rank) for field, group in LABELS.items() for rank, label in enumerate(group)}


def labelled_values(text: str) -> list[tuple[str, str, str, int]]:
    """(field, label, value, rank) for each label on a line; a value runs to the next label.

    >>> labelled_values("Người đăng: Quản trị Ngày đăng: 21:50 | 17/09 Lượt xem: 639")[1][:3]
    ('published', 'Ngày đăng', '21:50 | 17/09')
    """
    hits = []
    for match in _pattern().finditer(text):
        field, rank = _FIELD_OF[match.group(1).lower()]
        hits.append(_Hit(match.start(), match.start(1), match.end(), field, rank))
    values = []
    for index, hit in enumerate(hits):
        stop = hits[index + 1].start if index + 1 < len(hits) else len(text)
        value = " ".join(text[hit.end : stop].split()).strip(" |-–,;")
        if value:
            values.append((hit.field, text[hit.label_start : hit.end - 1].strip(), value, hit.rank))
    return values


def label_fields(lines: list[Line]) -> Findings:
    """The first acceptable value of each field, preferring its most specific label."""
    best: dict[str, tuple[int, Found]] = {}
    for line in lines:
        if line.chrome or len(line.text) > MAX_LINE:
            continue
        for field, label, value, rank in labelled_values(line.text):
            found = _reading(field, label, value, line.text)
            if found is not None and (field not in best or rank < best[field][0]):
                best[field] = (rank, found)
    return {field: found for field, (_, found) in best.items()}


def _reading(field: str, label: str, value: str, line: str) -> Found | None:
    if field in ("published", "modified"):
        parsed = parse_date(value)
        if parsed is None or refusal(line) is not None:
            return None
        return Found(parsed.iso, value, "label")
    if field == "views":
        count = parse_count(value)
        return Found(count, value, "label") if count is not None else None
    if field == "byline":
        # Stored with its label, as printed: the byline parser reads roles from it.
        return Found(value, f"{label}: {value}", "label") if len(value) <= 120 else None
    return Found(value, value, "label") if len(value) <= 80 else None
