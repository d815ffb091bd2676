"""Progress of a long crawl: a log line every few seconds, and a live line on a terminal.

Scrapy's own LogStats speaks once a minute in pages/min and says nothing of the queue; a
crawl of 50,000 pages needs to show that it is moving, how fast, how much is waiting and
whether errors pile up. The total is unknown while listings are still being walked, so the
terminal display is a spinner with counts and rates, not a percentage bar.
"""

from __future__ import annotations

import logging
import shutil
import sys
import time
from dataclasses import dataclass
from typing import IO, Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

LOGGER = logging.getLogger(__name__)
SPINNER = "|/-\\"
# Seconds between redraws of the terminal line: often enough to look alive, cheap enough not to matter.
BAR_REDRAW_SECONDS = 0.5
CLEAR_LINE = "\r\x1b[K"


@dataclass(frozen=True)
class Snapshot:
    """Counters of a crawl at one moment."""

    elapsed: float  # seconds since the spider opened
    pages: int  # responses received
    items: int  # records scraped
    queued: int | None  # requests waiting in the scheduler (None when it cannot be read)
    in_flight: int  # requests being downloaded
    errors: int  # errors logged plus download exceptions


def per_second(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else 0.0


def format_line(now: Snapshot, before: Snapshot) -> str:
    """The periodic log line: rates over the last interval and over the whole run."""
    recent = per_second(now.pages - before.pages, now.elapsed - before.elapsed)
    overall = per_second(now.pages, now.elapsed)
    queued = "?" if now.queued is None else str(now.queued)
    return (
        f"progress: {now.pages} pages ({recent:.1f}/s now, {overall:.1f}/s overall), "
        f"queued {queued}, in flight {now.in_flight}, items {now.items}, errors {now.errors}"
    )


def format_bar(now: Snapshot, frame: int, width: int, label: str = "") -> str:
    """The terminal line: a spinner, the spider's name, counts and the overall rate, cut to the terminal width.

    Both spiders of `archiver crawl` share one terminal line, so each names itself.
    """
    queued = "?" if now.queued is None else str(now.queued)
    minutes, seconds = divmod(int(now.elapsed), 60)
    text = (
        f"{SPINNER[frame % len(SPINNER)]} {label + ' ' if label else ''}{minutes:d}:{seconds:02d}  {now.pages} pages "
        f"{per_second(now.pages, now.elapsed):.1f}/s  queued {queued}  items {now.items}  errors {now.errors}"
    )
    return text[: max(width - 1, 1)]


class _ClearBeforeLog(logging.Filter):
    """Wipes the live line before a log record is written to the same stream, so lines never mix."""

    def __init__(self, stream: IO[str]) -> None:
        super().__init__()
        self.stream = stream

    def filter(self, record: logging.LogRecord) -> bool:
        self.stream.write(CLEAR_LINE)
        return True


class ProgressReporter:
    """Scrapy extension: `ARCHIVER_PROGRESS_INTERVAL` log lines, and a live line on a TTY stderr."""

    def __init__(self, crawler: Crawler, interval: float, bar_stream: IO[str] | None) -> None:
        self.crawler = crawler
        self.interval = interval
        self.bar_stream = bar_stream
        self.started = time.monotonic()
        self.previous = Snapshot(0.0, 0, 0, None, 0, 0)
        self.frame = 0
        self.label = ""
        self.tasks: list[Any] = []
        self.filters: list[tuple[logging.Handler, logging.Filter]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressReporter:
        interval = crawler.settings.getfloat("ARCHIVER_PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured("ARCHIVER_PROGRESS_INTERVAL is 0")
        wants_bar = crawler.settings.getbool("ARCHIVER_PROGRESS_BAR")
        bar_stream = sys.stderr if wants_bar and sys.stderr.isatty() else None
        reporter = cls(crawler, interval, bar_stream)
        crawler.signals.connect(reporter.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(reporter.spider_closed, signal=signals.spider_closed)
        return reporter

    def snapshot(self) -> Snapshot:
        stats = self.crawler.stats
        assert stats is not None
        try:
            engine = self.crawler.engine
        except RuntimeError:  # Scrapy 2.19 raises until the crawl has started
            engine = None
        scheduler = engine.scheduler if engine is not None else None
        queued = len(scheduler) if scheduler is not None and hasattr(scheduler, "__len__") else None
        in_flight = len(engine.downloader.active) if engine is not None else 0
        errors = int(stats.get_value("log_count/ERROR", 0)) + int(stats.get_value("downloader/exception_count", 0))
        return Snapshot(
            elapsed=time.monotonic() - self.started,
            pages=int(stats.get_value("response_received_count", 0)),
            items=int(stats.get_value("item_scraped_count", 0)),
            queued=queued,
            in_flight=in_flight,
            errors=errors,
        )

    def spider_opened(self, spider: Any) -> None:
        self.started = time.monotonic()
        self.previous = Snapshot(0.0, 0, 0, None, 0, 0)
        self.label = getattr(spider, "name", "")
        self._every(self.interval, self.log_progress)
        if self.bar_stream is not None:
            wipe = _ClearBeforeLog(self.bar_stream)
            for handler in logging.getLogger().handlers:
                if getattr(handler, "stream", None) is self.bar_stream:
                    handler.addFilter(wipe)
                    self.filters.append((handler, wipe))
            self._every(BAR_REDRAW_SECONDS, self.draw_bar)

    def _every(self, seconds: float, function: Any) -> None:
        task = create_looping_call(function)
        task.start(seconds, now=False)
        self.tasks.append(task)

    def log_progress(self) -> None:
        now = self.snapshot()
        LOGGER.info(format_line(now, self.previous))
        self.previous = now

    def draw_bar(self) -> None:
        assert self.bar_stream is not None
        width = shutil.get_terminal_size((100, 20)).columns
        self.bar_stream.write(CLEAR_LINE + format_bar(self.snapshot(), self.frame, width, self.label))
        self.bar_stream.flush()
        self.frame += 1

    def spider_closed(self, spider: Any, reason: str) -> None:
        for task in self.tasks:
            if task.running:
                task.stop()
        self.tasks = []
        for handler, wipe in self.filters:
            handler.removeFilter(wipe)
        self.filters = []
        if self.bar_stream is not None:
            self.bar_stream.write(CLEAR_LINE)
            self.bar_stream.flush()
        self.log_progress()
