"""What each page of a demo site shows, keyed by the URL path of the site's variant.

Extraction is measured against this: `article_truth(site)` gives, for every article, the
values a perfect extractor returns (the same values tests/e2e/test_demo_crawl.py checks on
the default layout), and `score(site, records)` counts, per field, how many archived records
hold exactly that value.

    site = build_site(articles=60, variant="nukeviet")
    truth = article_truth(site)                  # {"/news/<cat>/<slug>-<id>.html": ArticleTruth}
    scores = score(site, {row["url"]: row for row in db["articles"].rows})
    scores["published_at"].right, scores["published_at"].total
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from archiver.demo.generator import DemoArticle, DemoSite
from archiver.demo.variants import layout
from archiver.demo.variants.common import key_of, modified_at

# The fields generic extraction is measured on, in report order.
FIELDS: tuple[str, ...] = ("title", "published_at", "authors", "view_count", "body_text", "category")


@dataclass(frozen=True)
class ArticleTruth:
    """One article page as a perfect extractor reads it."""

    path: str
    id: int
    title: str
    category: str
    # ISO 8601 with +07:00, e.g. 2023-09-17T21:50:00+07:00 (every layout shows the minute).
    published_at: str
    published_precision: str
    # Names a correct byline normaliser derives (split, capitals proper-cased); () when no byline.
    authors: tuple[str, ...]
    # The byline as the generator wrote it (a layout may add a label such as "Tác giả: ").
    byline_raw: str | None
    view_count: int
    # Blocks (paragraphs and captions) joined by a blank line, as the archive stores `body_text`.
    body_text: str
    summary: str
    images: tuple[tuple[str, str], ...]
    # The last-modified time the page also prints, if the layout prints one (never the answer for published_at).
    modified_at: str | None


@dataclass(frozen=True)
class VideoTruth:
    path: str
    title: str
    recorded_on: str
    media_url: str
    category: str


@dataclass(frozen=True)
class FieldScore:
    """How many of `total` articles a field was right for, and a few paths where it was not."""

    right: int = 0
    total: int = 0
    wrong: tuple[str, ...] = field(default=())

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 0.0


def article_path(site: DemoSite, article: DemoArticle) -> str:
    """The article's URL path in the site's variant."""
    return layout(site.variant).article_path(key_of(article))


def article_truth(site: DemoSite) -> dict[str, ArticleTruth]:
    """Every article the site shows, by its path in the site's variant."""
    shows_modified = layout(site.variant).shows_modified
    truth = {}
    for article in site.articles:
        path = article_path(site, article)
        truth[path] = ArticleTruth(
            path=path,
            id=article.id,
            title=article.title,
            category=article.category.name,
            published_at=article.published.isoformat(),
            published_precision="minute",
            authors=article.authors,
            byline_raw=article.byline_raw,
            view_count=article.view_count,
            body_text=article.body_text,
            summary=article.summary,
            images=tuple((image.src, image.caption) for image in article.images),
            modified_at=modified_at(site, article).isoformat() if shows_modified else None,
        )
    return truth


def video_truth(site: DemoSite) -> dict[str, VideoTruth]:
    """Every video page, by its path in the site's variant; the recording date is in the title."""
    video_path = layout(site.variant).video_path
    return {
        video_path(v): VideoTruth(video_path(v), v.title, v.recorded_on.isoformat(), v.media_url, v.category.name)
        for v in site.videos
    }


def _comparable(name: str, value: Any) -> Any:
    """A record's value in the truth's shape: authors as a tuple (a JSON string from SQLite too)."""
    if name == "authors":
        if isinstance(value, str):
            value = json.loads(value) if value.startswith("[") else [value]
        return tuple(value or ())
    return value


def score(
    site: DemoSite,
    records: Mapping[str, Mapping[str, Any]],
    fields: Sequence[str] = FIELDS,
    keep_wrong: int = 5,
) -> dict[str, FieldScore]:
    """Per field, how many of the site's articles `records` got exactly right.

    `records` maps an article URL (absolute or a path) to its extracted values under the
    truth's field names (an `articles` row of the archive fits). A missing record is wrong
    on every field.
    """
    by_path = {urlsplit(url).path: record for url, record in records.items()}
    right = dict.fromkeys(fields, 0)
    wrong: dict[str, list[str]] = {name: [] for name in fields}
    truth = article_truth(site)
    for path, expected in truth.items():
        record = by_path.get(path)
        for name in fields:
            if record is not None and _comparable(name, record.get(name)) == getattr(expected, name):
                right[name] += 1
            elif len(wrong[name]) < keep_wrong:
                wrong[name].append(path)
    return {name: FieldScore(right[name], len(truth), tuple(wrong[name])) for name in fields}
