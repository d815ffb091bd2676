"""Raw items as the spiders extract them: strings exactly as the page printed them.

Pipelines read them through itemadapter and turn them into normalised records
(archiver.normalize.records); nothing here is cleaned or parsed.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ArticleItem:
    url: str
    site: str
    fetched_at: str
    response_url: str = ""
    category_raw: str | None = None
    title_raw: str | None = None
    summary_raw: str | None = None
    listing_date_raw: str | None = None
    listing_date_source: str | None = None
    meta_raw: str | None = None
    published_raw: str | None = None
    poster_raw: str | None = None
    views_raw: str | None = None
    byline_raw: str | None = None
    body_html: str | None = None
    images: list[dict[str, str]] = field(default_factory=list)
    related: list[dict[str, str | None]] = field(default_factory=list)
    capture_id: str | None = None
    # field → how it was found: profile | jsonld | meta | label | heuristic (| listing)
    extraction: dict[str, str] = field(default_factory=dict)


@dataclass
class VideoItem:
    url: str
    site: str
    fetched_at: str
    response_url: str = ""
    title_raw: str | None = None
    category_raw: str | None = None
    media_url: str | None = None
    listing_title_raw: str | None = None
    capture_id: str | None = None


@dataclass
class GoneItem:
    """An archived page that now answers 404/410 or redirects away to a home or listing page."""

    url: str
    site: str
    fetched_at: str
    status: int
    reason: str
    response_url: str = ""
    capture_id: str | None = None
