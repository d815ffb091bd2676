"""Re-derive articles and videos from their WARC captures: no network, today's profiles and normalisers.

Listing captures are re-read first (they date the articles: the year of `21:50 | 17/09` comes from
the listing entry), then each article's and video's latest capture. Fields that come out different
are rewritten in place, as a correction of our extraction, never as a new version of the article.
Reprocessing an archive that nothing has changed changes nothing.

Pages are read as the crawl read them (archiver.charset_middleware.repair_page: a contradicted
charset corrected, decomposed text recomposed). Records of generic-mode runs (no profile) are
re-extracted by archiver.generic, with the listing and feed entries that led to them; a site with
neither a profile nor a generic run is reported and left as archived.
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

from archiver.capture import CaptureError, CaptureReader, StoredResponse
from archiver.charset_middleware import repair_page
from archiver.extract import ListingEntry, article_item, listing_entries, video_item
from archiver.generic.discover import ArticleLink, article_links, canonical, read_feed
from archiver.generic.item import generic_article_item
from archiver.items import ArticleItem, VideoItem
from archiver.normalize.records import normalize_article, normalize_video
from archiver.normalize.urls import canonicalize_url
from archiver.profiles import ProfileError, SiteProfile, load_profile
from archiver.store import Archive
from archiver.validate import field_warnings

LOGGER = logging.getLogger(__name__)
BATCH = 500
LISTING_CALLBACKS = ("parse_start", "parse_listing")
# The spider of runs without a profile (spiders/generic.py) and the callbacks whose pages lead to articles.
GENERIC_SPIDER = "generic"
GENERIC_LISTING_CALLBACKS = ("parse_page", "parse_feed")
# What extraction and normalisation produce; when and how often a page was seen is not re-derived.
ARTICLE_FIELDS = (
    "category title summary published_at published_raw published_precision published_year_source published_year "
    "published_month poster authors byline_raw view_count views_raw body_text body_html word_count related meta_raw "
    "listing_date_raw warnings images extraction"
).split()
VIDEO_FIELDS = "title recorded_on recorded_on_source media_url category warnings".split()
JSON_FIELDS = frozenset({"authors", "related", "warnings", "extraction"})


@dataclass
class ReprocessReport:
    articles: int = 0
    videos: int = 0
    changed_records: int = 0
    changed_fields: Counter[str] = field(default_factory=Counter)
    untrusted: list[str] = field(default_factory=list)
    # Records left as archived because their site has no profile (and no generic run captured them), by site.
    no_profile: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        lines = [
            f"reprocessed {self.articles} articles and {self.videos} videos from WARC; "
            f"{self.changed_records} records changed"
        ]
        lines += [f"  {name}: {count}" for name, count in sorted(self.changed_fields.items())]
        lines += [f"  not trusted, left as archived: {problem}" for problem in self.untrusted]
        lines += [
            f"  no profile for site {site!r}, left as archived: {count} records"
            for site, count in sorted(self.no_profile.items())
        ]
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
        profiles: dict[str, SiteProfile | None] = {}
        hints = _listing_hints(reader, captures, profiles, site, report)
        generic_hints = _generic_hints(reader, captures, site, report)
        updates: list[tuple[str, dict[str, Any]]] = []
        for kind, row in _latest_captures(reader, site, since):
            # Generic extraction for what a generic run captured, or what no known run did and no profile describes.
            generic = kind == "article" and (
                row["spider"] == GENERIC_SPIDER or (row["spider"] is None and _profile(profiles, row["site"]) is None)
            )
            profile = None if generic else _profile(profiles, row["site"])
            if profile is None and not generic:
                report.no_profile[row["site"]] += 1
                continue
            stored = _trusted_capture(captures, row, report)
            if stored is None:
                continue
            item = _item(kind, row, stored, profile, hints, generic_hints)
            normalize, names = (
                (normalize_article, ARTICLE_FIELDS) if kind == "article" else (normalize_video, VIDEO_FIELDS)
            )
            record = normalize(vars(item))
            record["warnings"] = record["warnings"] + field_warnings(record)
            record["images"] = record.get("images")
            report.articles += kind == "article"
            report.videos += kind == "video"
            changed = _changed_fields(row, record, names)
            if changed:
                report.changed_records += 1
                report.changed_fields.update(changed)
                if not dry_run:  # a dry run keeps nothing, so its memory stays bounded too
                    updates.append((kind, {name: record[name] for name in changed} | {"url": row["url"]}))
            if len(updates) >= BATCH:
                archive.update_derived(updates)
                updates = []
        if updates:
            archive.update_derived(updates)
    finally:
        captures.close()
        reader.close()
        archive.close()
    return report


def _item(
    kind: str,
    row: sqlite3.Row,
    stored: StoredResponse,
    profile: SiteProfile | None,
    hints: dict[tuple[str, str], ListingEntry],
    generic_hints: dict[str, ArticleLink],
) -> ArticleItem | VideoItem:
    """The raw item the spider would build from `stored`: with the profile, or generically without one."""
    if profile is None:
        return generic_article_item(
            _page(stored).root,
            stored.url,
            row["site"],
            hint=generic_hints.get(row["url"]),
            fetched_at=row["fetched_at"],
            capture_id=row["capture_id"],
        )
    build = article_item if kind == "article" else video_item
    return build(
        _page(stored),
        stored.url,
        profile,
        hint=hints.get((kind, row["url"])),
        fetched_at=row["fetched_at"],
        capture_id=row["capture_id"],
    )


def _page(stored: StoredResponse) -> Selector:
    """The page as the spider's `response.selector` has it: the body decoded as the crawl decoded it
    (HtmlResponse's charset rules after CharsetRepairMiddleware's repair), parsed by parsel as HTML.

    Without the `<base href>` lookup that `response.selector` adds: that only sets the tree's
    base URL, which extraction never reads (links are resolved against `stored.url`).
    """
    return Selector(text=repair_page(_content_type(stored), stored.body).text, type="html")


def _content_type(stored: StoredResponse) -> bytes:
    """The Content-Type a Scrapy response built from these headers reports (the last one given)."""
    values = [value for name, value in stored.headers if name.lower() == "content-type"]
    return values[-1].encode("latin-1", "replace") if values else b""


def _profile(profiles: dict[str, SiteProfile | None], site: str) -> SiteProfile | None:
    """The site's profile, None (logged once) when there is no profile file for it."""
    if site not in profiles:
        try:
            profiles[site] = load_profile(site)
        except ProfileError as exc:
            LOGGER.warning("reprocess: %s", exc)
            profiles[site] = None
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
    profiles: dict[str, SiteProfile | None],
    site: str | None,
    report: ReprocessReport,
) -> dict[tuple[str, str], ListingEntry]:
    """Listing entries by (kind, canonical URL), re-extracted from every listing capture, latest last."""
    hints: dict[tuple[str, str], ListingEntry] = {}
    for row in _listing_captures(reader, LISTING_CALLBACKS, f"r.spider != '{GENERIC_SPIDER}'", site):
        profile = _profile(profiles, row["site"])
        if profile is None:
            continue  # its records are counted in `no_profile`
        stored = _trusted_capture(captures, row, report)
        if stored is None:
            continue
        kind, rules = ("video", profile.videos) if row["spider"] == "videos" else ("article", profile.news)
        for entry in listing_entries(_page(stored), stored.url, rules):
            hints[(kind, canonicalize_url(entry.url, mobile_prefixes=profile.mobile_prefixes))] = entry
    return hints


def _listing_captures(
    reader: sqlite3.Connection, callbacks: tuple[str, ...], spider_clause: str, site: str | None
) -> Iterator[sqlite3.Row]:
    """Successful captures parsed by one of `callbacks` in runs matching `spider_clause`, oldest first."""
    return reader.execute(
        "SELECT c.*, r.site, r.spider FROM captures c JOIN crawl_runs r ON r.id = c.run_id "
        f"WHERE c.parsed_as IN {callbacks} AND c.status = 200 AND {spider_clause}"
        + (" AND r.site = ?" if site else "")
        + " ORDER BY c.fetched_at, c.warc_file, c.offset",
        [site] if site else [],
    )


def _generic_hints(
    reader: sqlite3.Connection, captures: CaptureReader, site: str | None, report: ReprocessReport
) -> dict[str, ArticleLink]:
    """The entry that led a generic run to each article, by URL: the first one seen, as the spider
    requests an article once, from the first listing or feed that links to it.

    Pages of generic runs that are archived articles were not walked as listings, so are skipped.
    """
    hints: dict[str, ArticleLink] = {}
    articles = {url for (url,) in reader.execute("SELECT url FROM articles")}
    for row in _listing_captures(reader, GENERIC_LISTING_CALLBACKS, f"r.spider = '{GENERIC_SPIDER}'", site):
        is_feed = row["parsed_as"] == "parse_feed"
        if not is_feed and canonical(row["url"]) in articles:
            continue  # an article page: read in the article loop, not here
        stored = _trusted_capture(captures, row, report)
        if stored is None:
            continue
        if is_feed:
            body = repair_page(_content_type(stored), stored.body).body
            links = [
                ArticleLink(entry.url, entry.title, entry.date_raw, None)
                for entry in read_feed(body, stored.url)
                if not entry.is_index
            ]
        else:
            links = article_links(_page(stored).root, stored.url)
        for link in links:
            hints.setdefault(canonical(link.url), link)
    return hints


def _latest_captures(
    reader: sqlite3.Connection, site: str | None, since: str | None
) -> Iterator[tuple[str, sqlite3.Row]]:
    """Each article's and video's current capture, with the spider that took it, in file order so
    reads stay sequential.

    Only the keys are sorted (a sort of whole rows would copy every body into SQLite's sort); the
    rows are then read BATCH at a time, so memory stays bounded however large the archive.
    """
    for kind, table in (("article", "articles"), ("video", "videos")):
        clauses = ["1 = 1"] + (["t.site = ?"] if site else []) + (["t.fetched_at >= ?"] if since else [])
        params = ([site] if site else []) + ([since] if since else [])
        order = reader.execute(
            f"SELECT t.rowid FROM {table} t JOIN captures c ON c.id = t.capture_id "
            f"WHERE {' AND '.join(clauses)} ORDER BY c.warc_file, c.offset",
            params,
        )
        # An article's images come along as one JSON array: no query per article (SQLite 3.40 has no
        # ORDER BY inside an aggregate, so each element carries its position and is sorted on reading).
        images = (
            ", (SELECT json_group_array(json_array(i.position, i.src, i.caption)) FROM images i "
            "WHERE i.article_url = t.url) AS stored_images"
            if kind == "article"
            else ""
        )
        while chunk := [rowid for (rowid,) in order.fetchmany(BATCH)]:
            rows = {
                row["row_id"]: row
                for row in reader.execute(
                    f"SELECT t.rowid AS row_id, t.*, c.warc_file, c.offset, c.length, r.spider{images} "
                    f"FROM {table} t JOIN captures c ON c.id = t.capture_id LEFT JOIN crawl_runs r ON r.id = c.run_id "
                    f"WHERE t.rowid IN ({', '.join('?' * len(chunk))})",
                    chunk,
                )
            }
            for rowid in chunk:
                yield kind, rows[rowid]


def _first(values: list[Any]) -> Any:
    return values[0]


def _changed_fields(row: sqlite3.Row, record: dict[str, Any], names: list[str]) -> list[str]:
    changed = []
    for name in names:
        stored: Any
        if name == "images":
            stored = [
                {"src": src, "caption": caption}
                for _, src, caption in sorted(json.loads(row["stored_images"]), key=_first)
            ]
        elif name in JSON_FIELDS:
            stored = json.loads(row[name]) if row[name] is not None else None
        else:
            stored = row[name]
        if stored != record[name]:
            changed.append(name)
    return changed
