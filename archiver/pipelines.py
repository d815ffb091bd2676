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

from archiver.items import ArticleItem, VideoItem
from archiver.normalize.records import normalize_article, normalize_video
from archiver.store import Archive
from archiver.validate import field_warnings, missing_fields

LOGGER = logging.getLogger(__name__)


class NormalizeFieldsPipeline:
    """Raw page strings → a normalised record (dates, authors, counts, text)."""

    def process_item(self, item: Any) -> dict[str, Any]:
        raw = ItemAdapter(item).asdict()
        if isinstance(item, ArticleItem):
            return normalize_article(raw)
        if isinstance(item, VideoItem):
            return normalize_video(raw)
        raise TypeError(f"unexpected item type {type(item).__name__}")


class ValidateRecordPipeline:
    """Attach field warnings to the record and count them in the crawl stats."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidateRecordPipeline:
        return cls(crawler)

    def process_item(self, record: dict[str, Any]) -> dict[str, Any]:
        kind = record["kind"]
        warnings = record.setdefault("warnings", [])
        warnings.extend(field_warnings(record))
        for name in missing_fields(record):
            self.stats.inc_value(f"archiver/{kind}/field/{name}/missing")
        if warnings:
            self.stats.inc_value(f"archiver/{kind}/with_warnings")
            LOGGER.warning("%s: %s", record["url"], "; ".join(warnings))
        return record


class StoreRecordPipeline:
    """Batch records into the SQLite archive; record the run in `crawl_runs`."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.db_path = settings.get("ARCHIVER_DB")
        if not self.db_path:
            raise NotConfigured("ARCHIVER_DB is empty")
        self.batch_size = settings.getint("ARCHIVER_BATCH_SIZE")
        self.batch_seconds = settings.getfloat("ARCHIVER_BATCH_SECONDS")
        self.pending: dict[str, list[dict[str, Any]]] = {"article": [], "video": []}
        self.last_flush = time.monotonic()
        self.archive: Archive | None = None
        self.run_id: int | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoreRecordPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        assert spider is not None
        self.archive = Archive(self.db_path)
        site = getattr(getattr(spider, "profile", None), "name", "")
        self.run_id = self.archive.start_run(spider.name, site, getattr(spider, "base_url", ""))

    def process_item(self, record: dict[str, Any]) -> dict[str, Any]:
        self.pending[record["kind"]].append(record)
        self.crawler.stats.inc_value(f"archiver/{record['kind']}/stored")
        due = time.monotonic() - self.last_flush >= self.batch_seconds
        if due or sum(map(len, self.pending.values())) >= self.batch_size:
            self.flush()
        return record

    def flush(self) -> None:
        assert self.archive is not None
        if any(self.pending.values()):
            self.archive.write_batch(self.pending["article"], self.pending["video"], self.run_id)
        self.pending = {"article": [], "video": []}
        self.last_flush = time.monotonic()

    def close_spider(self) -> None:
        self.flush()

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.archive is None or self.run_id is None:
            return
        stats = self.crawler.stats.get_stats()
        counts = {
            "items": sum(stats.get(f"archiver/{kind}/stored", 0) for kind in ("article", "video")),
            "warnings": sum(stats.get(f"archiver/{kind}/with_warnings", 0) for kind in ("article", "video")),
            "errors": stats.get("log_count/ERROR", 0),
        }
        status = {"finished": "finished", "shutdown": "stopped"}.get(reason, "failed")
        self.archive.finish_run(self.run_id, status=status, reason=reason, counts=counts, stats=stats)
        self.archive.close()
        self.archive = None
