"""Re-derive articles and videos from their WARC captures: no network, today's profiles and normalisers.

Listing captures are re-read first (they date the articles: the year of `21:50 | 17/09` comes from
the listing entry), then each article's and video's latest capture. Fields that come out different
are rewritten in place, as a correction of our extraction, never as a new version of the article.
Reprocessing an archive that nothing has changed changes nothing.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parsel import Selector
from scrapy.http import HtmlResponse

from archiver.capture import CaptureError, CaptureReader, StoredResponse
from archiver.extract import ListingEntry, article_item, listing_entries, video_item
from archiver.normalize.records import normalize_article, normalize_video
from archiver.normalize.urls import canonicalize_url
from archiver.profiles import SiteProfile, load_profile
from archiver.store import Archive
from archiver.validate import field_warnings

LOGGER = logging.getLogger(__name__)
BATCH = 500
LISTING_CALLBACKS = ("parse_start", "parse_listing")
# What extraction and normalisation produce; when and how often a page was seen is not re-derived.
ARTICLE_FIELDS = (
    "category title summary published_at published_raw published_precision published_year_source published_year "
    "published_month poster authors byline_raw view_count views_raw body_text body_html word_count related meta_raw "
    "listing_date_raw warnings images"
).split()
VIDEO_FIELDS = "title recorded_on recorded_on_source media_url category warnings".split()
JSON_FIELDS = frozenset({"authors", "related", "warnings"})


@dataclass
class ReprocessReport:
    articles: int = 0
    videos: int = 0
    changed_records: int = 0
    changed_fields: Counter[str] = field(default_factory=Counter)
    untrusted: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [
            f"reprocessed {self.articles} articles and {self.videos} videos from WARC; "
            f"{self.changed_records} records changed"
        ]
        lines += [f"  {name}: {count}" for name, count in sorted(self.changed_fields.items())]
        lines += [f"  not trusted, left as archived: {problem}" for problem in self.untrusted]
        return lines


def reprocess(
    db_path: Path, *, site: str | None = None, since: str | None = None, dry_run: bool = False
) -> ReprocessReport:
    """Rebuild the archive's derived fields from WARC; `since` limits to pages fetched from then on."""
    archive = Archive(db_path)
    reader = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    reader.row_factory = sqlite3.Row
    report = ReprocessReport()
    captures = CaptureReader(db_path.parent)
    try:
        profiles: dict[str, SiteProfile] = {}
        hints = _listing_hints(reader, captures, profiles, site, report)
        updates: list[tuple[str, dict[str, Any]]] = []
        for kind, row in _latest_captures(reader, site, since):
            profile = _profile(profiles, row["site"])
            stored = _trusted_capture(captures, row, report)
            if stored is None:
                continue
            page = _page(stored)
            build, normalize, names = (
                (article_item, normalize_article, ARTICLE_FIELDS)
                if kind == "article"
                else (video_item, normalize_video, VIDEO_FIELDS)
            )
            item = build(
                page,
                stored.url,
                profile,
                hint=hints.get((kind, row["url"])),
                fetched_at=row["fetched_at"],
                capture_id=row["capture_id"],
            )
            record = normalize(vars(item))
            record["warnings"] = record["warnings"] + field_warnings(record)
            record["images"] = record.get("images")
            report.articles += kind == "article"
            report.videos += kind == "video"
            changed = _changed_fields(reader, kind, row, record, names)
            if changed:
                report.changed_records += 1
                report.changed_fields.update(changed)
                updates.append((kind, {name: record[name] for name in changed} | {"url": row["url"]}))
            if len(updates) >= BATCH and not dry_run:
                archive.update_derived(updates)
                updates = []
        if updates and not dry_run:
            archive.update_derived(updates)
    finally:
        captures.close()
        reader.close()
        archive.close()
    return report


def _page(stored: StoredResponse) -> Selector:
    """The page as the spider's `response.selector` has it: the body decoded by HtmlResponse
    (charset from the headers, a BOM or a meta tag), then parsed by parsel as HTML.

    Without the `<base href>` lookup that `response.selector` adds: that only sets the tree's
    base URL, which extraction never reads (links are resolved against `stored.url`).
    """
    response = HtmlResponse(url=stored.url, status=stored.status, headers=stored.headers, body=stored.body)
    return Selector(text=response.text, type="html")


def _profile(profiles: dict[str, SiteProfile], site: str) -> SiteProfile:
    if site not in profiles:
        profiles[site] = load_profile(site)
    return profiles[site]


def _trusted_capture(captures: CaptureReader, row: sqlite3.Row, report: ReprocessReport) -> StoredResponse | None:
    """The capture `row` points at, or None (reported) when it cannot be read or its digests fail."""
    try:
        return captures.read(row["warc_file"], row["offset"], row["length"])
    except CaptureError as exc:
        report.untrusted.append(f"{row['url']}: {exc}")
        return None


def _listing_hints(
    reader: sqlite3.Connection,
    captures: CaptureReader,
    profiles: dict[str, SiteProfile],
    site: str | None,
    report: ReprocessReport,
) -> dict[tuple[str, str], ListingEntry]:
    """Listing entries by (kind, canonical URL), re-extracted from every listing capture, latest last."""
    hints: dict[tuple[str, str], ListingEntry] = {}
    rows = reader.execute(
        "SELECT c.*, r.site, r.spider FROM captures c JOIN crawl_runs r ON r.id = c.run_id "
        f"WHERE c.parsed_as IN {LISTING_CALLBACKS} AND c.status = 200"
        + (" AND r.site = ?" if site else "")
        + " ORDER BY c.fetched_at, c.warc_file, c.offset",
        [site] if site else [],
    )
    for row in rows:
        profile = _profile(profiles, row["site"])
        stored = _trusted_capture(captures, row, report)
        if stored is None:
            continue
        kind, rules = ("video", profile.videos) if row["spider"] == "videos" else ("article", profile.news)
        for entry in listing_entries(_page(stored), stored.url, rules):
            hints[(kind, canonicalize_url(entry.url, mobile_prefixes=profile.mobile_prefixes))] = entry
    return hints


def _latest_captures(
    reader: sqlite3.Connection, site: str | None, since: str | None
) -> Iterator[tuple[str, sqlite3.Row]]:
    """Each article's and video's current capture, in file order so reads stay sequential."""
    for kind, table in (("article", "articles"), ("video", "videos")):
        clauses = ["1 = 1"] + (["t.site = ?"] if site else []) + (["t.fetched_at >= ?"] if since else [])
        params = ([site] if site else []) + ([since] if since else [])
        query = (
            f"SELECT t.*, c.warc_file, c.offset, c.length FROM {table} t JOIN captures c ON c.id = t.capture_id "
            f"WHERE {' AND '.join(clauses)} ORDER BY c.warc_file, c.offset"
        )
        for row in reader.execute(query, params):
            yield kind, row


def _changed_fields(
    reader: sqlite3.Connection, kind: str, row: sqlite3.Row, record: dict[str, Any], names: list[str]
) -> list[str]:
    changed = []
    for name in names:
        stored: Any
        if name == "images":
            stored = [
                {"src": src, "caption": caption}
                for src, caption in reader.execute(
                    "SELECT src, caption FROM images WHERE article_url = ? ORDER BY position", [row["url"]]
                )
            ]
        elif name in JSON_FIELDS:
            stored = json.loads(row[name]) if row[name] is not None else None
        else:
            stored = row[name]
        if stored != record[name]:
            changed.append(name)
    return changed
