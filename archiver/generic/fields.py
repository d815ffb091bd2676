"""What a finder returns for one field: the value, the string it came from, and how it was found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Method = Literal["profile", "jsonld", "meta", "label", "heuristic"]

# The fields generic extraction looks for, as ArticleItem names them without `_raw`.
FIELDS = ("title", "published", "poster", "byline", "views", "summary", "category", "body_html")
# ArticleItem field that receives each finding's raw string.
ITEM_FIELDS = {
    "title": "title_raw",
    "published": "published_raw",
    "poster": "poster_raw",
    "byline": "byline_raw",
    "views": "views_raw",
    "summary": "summary_raw",
    "category": "category_raw",
    "body_html": "body_html",
}
# Highest priority first, as the issue orders them.
METHODS: tuple[Method, ...] = ("jsonld", "meta", "label", "heuristic")


@dataclass(frozen=True)
class Found:
    """`raw` is what goes into the ArticleItem (as printed); `value` is the parsed reading of it."""

    value: object
    raw: str
    method: Method


Findings = dict[str, Found]
