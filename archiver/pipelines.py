"""Item pipelines: Normalise → Validate → Store, each a thin wrapper over pure functions.

Pipelines use the Scrapy 2.14+ signatures (no `spider` argument); the spider is
reached through the crawler when needed.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from archiver.capture import CaptureRef
from archiver.extract import declared_fields
from archiver.items import ArticleItem, GoneItem, VideoItem
from archiver.monitors import check_coverage, coverage, covered_fields, parse_thresholds
from archiver.normalize.records import normalize_article, normalize_gone, normalize_video
from archiver.run_report import COVERAGE_BREACHES_STAT, build_report, coverage_counts, failed_url_count
from archiver.search import optimize_index
from archiver.store import Archive
from archiver.validate import field_warnings, missing_fields
from archiver.warc_middleware import capture_written

LOGGER = logging.getLogger(__name__)


class NormalizeFieldsPipeline:
    """Raw page strings → a normalised record (dates, authors, counts, text)."""

    def process_item(self, item: Any) -> dict[str, Any]:
        # A shallow view is enough: normalisers build new values and never mutate the item.
        raw = ItemAdapter(item).asdict() if not hasattr(item, "__dataclass_fields__") else vars(item)
        if isinstance(item, ArticleItem):
            return normalize_article(raw)
        if isinstance(item, VideoItem):
            return normalize_video(raw)
        if isinstance(item, GoneItem):
            return normalize_gone(raw)
        raise TypeError(f"unexpected item type {type(item).__name__}")


class ValidateRecordPipeline:
    """Attach field warnings to the record and count them in the crawl stats."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.declared: frozenset[str] = frozenset()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidateRecordPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        profile = getattr(self.crawler.spider, "profile", None)  # generic mode has none
        self.declared = declared_fields(profile.article) if profile is not None else frozenset()

    def process_item(self, record: dict[str, Any]) -> dict[str, Any]:
        kind = record["kind"]
        warnings = record.setdefault("warnings", [])
        warnings.extend(field_warnings(record))
        for name in missing_fields(record):
            self.stats.inc_value(f"archiver/{kind}/field/{name}/missing")
        # Coverage counts for the end-of-run report and its redesign monitors.
        if kind != "gone":
            self.stats.inc_value(f"archiver/{kind}/checked")
        for name in covered_fields(record, self.declared):
            self.stats.inc_value(f"archiver/{kind}/field/{name}/present")
        if warnings:
            self.stats.inc_value(f"archiver/{kind}/with_warnings")
            LOGGER.warning("%s: %s", record["url"], "; ".join(warnings))
        return record


class StoreRecordPipeline:
    """Batch records and capture index rows into the SQLite archive; record the run in `crawl_runs`."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.db_path = settings.get("ARCHIVER_DB")
        if not self.db_path:
            raise NotConfigured("ARCHIVER_DB is empty")
        self.batch_size = settings.getint("ARCHIVER_BATCH_SIZE")
        self.batch_seconds = settings.getfloat("ARCHIVER_BATCH_SECONDS")
        # A bad threshold stops the crawl before it starts, rather than silently never firing.
        self.thresholds = parse_thresholds(settings.getdict("ARCHIVER_MIN_COVERAGE"))
        self.min_items = settings.getint("ARCHIVER_MIN_ITEMS_FOR_COVERAGE")
        self.optimize_after = settings.getint("ARCHIVER_SEARCH_OPTIMIZE_AFTER")
        self.pending: list[dict[str, Any]] = []
        self.pending_captures: list[tuple[CaptureRef, str | None]] = []
        self.last_flush = time.monotonic()
        self.archive: Archive | None = None
        self.run_id: int | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.capture_written, signal=capture_written)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoreRecordPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        assert spider is not None
        self.archive = Archive(self.db_path)
        site = getattr(spider, "site", "")  # profile spiders: the profile name; generic: the host
        self.run_id = self.archive.start_run(spider.name, site, getattr(spider, "base_url", ""))

    def capture_written(self, capture: CaptureRef, parsed_as: str | None) -> None:
        self.pending_captures.append((capture, parsed_as))

    def process_item(self, record: dict[str, Any]) -> dict[str, Any]:
        self.pending.append(record)
        self.crawler.stats.inc_value(f"archiver/{record['kind']}/stored")
        due = time.monotonic() - self.last_flush >= self.batch_seconds
        if due or len(self.pending) >= self.batch_size:
            self.flush()
        return record

    def flush(self) -> None:
        assert self.archive is not None
        if self.pending or self.pending_captures:
            for kind, count in self._new_records().items():
                self.crawler.stats.inc_value(f"archiver/{kind}/new", count)
            events = self.archive.write_batch(self.pending, self.run_id, self.pending_captures)
            for event, count in events.items():
                self.crawler.stats.inc_value(f"archiver/article/{event}", count)
        self.pending = []
        self.pending_captures = []
        self.last_flush = time.monotonic()

    def _new_records(self) -> dict[str, int]:
        """Articles and videos of the pending batch that the archive does not hold yet."""
        assert self.archive is not None
        found: dict[str, int] = {}
        for kind, table in (("article", "articles"), ("video", "videos")):
            urls = list({record["url"] for record in self.pending if record["kind"] == kind})
            known: set[str] = set()
            for start in range(0, len(urls), 500):  # under SQLite's bound-parameter limit
                chunk = urls[start : start + 500]
                marks = ", ".join("?" * len(chunk))
                rows = self.archive.db.execute(f"SELECT url FROM {table} WHERE url IN ({marks})", chunk)
                known.update(url for (url,) in rows)
            if len(urls) > len(known):
                found[kind] = len(urls) - len(known)
        return found

    def close_spider(self) -> None:
        self.flush()

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.archive is None or self.run_id is None:
            return
        stats = self.crawler.stats.get_stats()
        counts = {
            "items": sum(stats.get(f"archiver/{kind}/stored", 0) for kind in ("article", "video", "gone")),
            "warnings": sum(stats.get(f"archiver/{kind}/with_warnings", 0) for kind in ("article", "video")),
            "errors": stats.get("log_count/ERROR", 0),
        }
        status = {"finished": "finished", "shutdown": "stopped"}.get(reason, "failed")
        checked, filled = coverage_counts(stats)
        breaches = check_coverage(coverage(checked, filled), checked, self.thresholds, self.min_items)
        failed = failed_url_count(self.archive.db, self.run_id)
        report = build_report(stats, breaches, self.thresholds, self.min_items, failed)
        for breach in breaches:
            LOGGER.error("coverage below minimum in run %d: %s", self.run_id, breach.describe())
        # Read by `scrapy crawl` (archiver/commands/crawl.py) to set its exit status.
        self.crawler.stats.set_value(COVERAGE_BREACHES_STAT, len(breaches))
        self.archive.finish_run(self.run_id, status=status, reason=reason, counts=counts, stats=stats, report=report)
        new_articles = int(stats.get("archiver/article/new", 0))
        if self.optimize_after and new_articles >= self.optimize_after:
            LOGGER.info("%d new articles: merging the search index into one segment", new_articles)
            optimize_index(self.archive.db, "articles")
        self.archive.close()
        self.archive = None
