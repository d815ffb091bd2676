"""Raw extracted fields → a normalised archive record. Pure: no Scrapy, no database.

Reprocessing a stored raw value with this module gives the same result as at crawl time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from archiver.normalize.authors import parse_byline
from archiver.normalize.counts import parse_count
from archiver.normalize.dates import ParsedDate, parse_date
from archiver.normalize.html import html_blocks
from archiver.normalize.text import clean

VIETNAM_TZ = timezone(timedelta(hours=7))


@dataclass(frozen=True)
class Published:
    """When an article was published, and how sure we are of it."""

    at: str | None
    precision: str | None
    year_source: str | None
    warning: str | None = None

    @property
    def year(self) -> int | None:
        return int(self.at[:4]) if self.at else None

    @property
    def month(self) -> str | None:
        return self.at[:7] if self.at else None


def _known_year(parsed: ParsedDate | None) -> bool:
    return parsed is not None and not parsed.iso.startswith("--") and not parsed.relative


def _end_of_day(iso_date: str) -> datetime:
    return datetime.combine(date.fromisoformat(iso_date[:10]), time(23, 59, 59), VIETNAM_TZ)


def _published(parsed: ParsedDate | None, year_source: str, warning: str | None = None) -> Published:
    if parsed is None:
        return Published(None, None, None)
    return Published(parsed.iso, parsed.precision, year_source, warning)


def resolve_published(published_raw: str | None, listing_date_raw: str | None, fetched_at: datetime) -> Published:
    """Date the article from its page, borrowing a missing year from the listing or the capture time.

    A yearless page date (`21:50 | 17/09`) takes its year from a dated listing entry when the
    day and month agree; otherwise from the capture time, and says so.
    """
    listing = parse_date(listing_date_raw) if listing_date_raw else None
    listing = listing if _known_year(listing) else None
    page = parse_date(published_raw) if published_raw else None
    if published_raw is None or page is None:
        return _published(listing, "listing", "published: taken from the listing entry")
    if _known_year(page):
        return _published(page, "page")
    if page.relative:
        return _published(parse_date(published_raw, reference=fetched_at), "page")
    if listing is not None:
        dated = parse_date(published_raw, reference=_end_of_day(listing.iso))
        if dated is not None and dated.iso[:10] == listing.iso[:10]:
            return _published(dated, "listing")
    dated = parse_date(published_raw, reference=fetched_at)
    return _published(dated, "capture", "published: year inferred from capture time")


def _text(value: str | None) -> str | None:
    cleaned = clean(value) if value else ""
    return cleaned or None


def normalize_article(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A stored `articles` record (plus `images`) from an ArticleItem's fields."""
    fetched_at = datetime.fromisoformat(raw["fetched_at"])
    published = resolve_published(raw.get("published_raw"), raw.get("listing_date_raw"), fetched_at)
    blocks = html_blocks(raw.get("body_html") or "")
    body_text = "\n\n".join(blocks)
    byline_raw = raw.get("byline_raw")
    return {
        "kind": "article",
        "url": raw["url"],
        "site": raw["site"],
        "category": _text(raw.get("category_raw")),
        "title": _text(raw.get("title_raw")),
        "summary": _text(raw.get("summary_raw")),
        "published_at": published.at,
        "published_raw": raw.get("published_raw"),
        "published_precision": published.precision,
        "published_year_source": published.year_source,
        "published_year": published.year,
        "published_month": published.month,
        "poster": _text(raw.get("poster_raw")),
        "authors": list(parse_byline(byline_raw).names) if byline_raw else [],
        "byline_raw": byline_raw,
        "view_count": parse_count(raw["views_raw"]) if raw.get("views_raw") else None,
        "views_raw": raw.get("views_raw"),
        "body_text": body_text or None,
        "body_html": raw.get("body_html"),
        # = len(body_text.split()): a cleaned block is words joined by single spaces, so no re-split.
        "word_count": sum(block.count(" ") + 1 for block in blocks),
        "images": [{"src": im["src"], "caption": _text(im.get("caption")) or ""} for im in raw.get("images") or []],
        "related": [
            {
                "url": link["url"],
                "title": _text(link.get("title")) or "",
                "kind": link["kind"],
                "date_raw": link.get("date_raw"),
            }
            for link in raw.get("related") or []
        ],
        "meta_raw": raw.get("meta_raw"),
        "listing_date_raw": raw.get("listing_date_raw"),
        "response_url": raw.get("response_url"),
        "capture_id": raw.get("capture_id"),
        "fetched_at": raw["fetched_at"],
        "extraction": dict(raw.get("extraction") or {}) or None,
        "warnings": [published.warning] if published.warning else [],
    }


def normalize_video(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A stored `videos` record; the recording date comes from the title (`CM 01.12.23`)."""
    title = _text(raw.get("title_raw")) or _text(raw.get("listing_title_raw"))
    recorded = parse_date(title) if title else None
    source = "title"
    if title and recorded is not None and not _known_year(recorded):
        recorded = parse_date(title, reference=datetime.fromisoformat(raw["fetched_at"]))
        source = "capture"
    return {
        "kind": "video",
        "url": raw["url"],
        "site": raw["site"],
        "title": title,
        "recorded_on": recorded.iso[:10] if recorded else None,
        "recorded_on_source": source if recorded else None,
        "media_url": raw.get("media_url"),
        "category": _text(raw.get("category_raw")),
        "response_url": raw.get("response_url"),
        "capture_id": raw.get("capture_id"),
        "fetched_at": raw["fetched_at"],
        "warnings": [],
    }


def normalize_gone(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A takedown observation: which archived URL, when, and why we think it is gone."""
    return {
        "kind": "gone",
        "url": raw["url"],
        "site": raw["site"],
        "fetched_at": raw["fetched_at"],
        "reason": raw["reason"],
        "capture_id": raw.get("capture_id"),
        "warnings": [],
    }
