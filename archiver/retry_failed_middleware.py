"""At the start of a run, request again the URLs of this site and spider still open in `crawl_errors`.

A spider middleware's `process_start` (Scrapy ≥ 2.13) passes the spider's own start
requests through, then adds one request per open error, built with the spider's own
callbacks so the page is parsed as it would have been: `detail_request(url, parse_article)`
for articles, `detail_request(url, parse_video)` for videos, `listing_request(url)` (or
`parse_listing`) for listings, `parse_start` (or `parse_listing`) for start pages. The
duplicate filter drops any that the listings request again. A success is resolved by
`crawl_errors_middleware`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from archiver.crawl_errors import CrawlErrors

LOGGER = logging.getLogger(__name__)


def retry_request(spider: Any, url: str, kind: str) -> scrapy.Request | None:
    """The request the spider itself would have made for a URL of this kind; None if it has no such callback."""
    detail_callbacks = {"article": "parse_article", "video": "parse_video"}
    if kind in detail_callbacks:
        callback = getattr(spider, detail_callbacks[kind], None)
        detail: Callable[..., scrapy.Request] | None = getattr(spider, "detail_request", None)
        if callback is None or detail is None:
            return None
        return detail(url, callback, None)
    listing: Callable[[str], scrapy.Request] | None = getattr(spider, "listing_request", None)
    if kind == "listing" and listing is not None:
        return listing(url)
    names = {"listing": ("parse_listing",), "start": ("parse_start", "parse_listing")}.get(kind, ())
    for name in names:
        callback = getattr(spider, name, None)
        if callback is not None:
            return scrapy.Request(url, callback=callback, errback=getattr(spider, "listing_failed", None))
    return None


class RetryFailedMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not (settings.getbool("ARCHIVER_CRAWL_ERRORS") and settings.getbool("ARCHIVER_RETRY_FAILED")):
            raise NotConfigured("ARCHIVER_RETRY_FAILED is off")
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryFailedMiddleware:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for item_or_request in start:
            yield item_or_request
        for request in self.retry_requests():
            yield request

    def retry_requests(self) -> list[scrapy.Request]:
        spider = self.crawler.spider
        site = getattr(getattr(spider, "profile", None), "name", None)
        if spider is None or site is None:
            return []
        errors = CrawlErrors(self.crawler.settings.get("ARCHIVER_DB"))
        try:
            rows = errors.unresolved(site, spider.name, str(getattr(spider, "base_url", "")))
        finally:
            errors.close()
        requests = [request for row in rows if (request := retry_request(spider, row["url"], row["kind"]))]
        if requests:
            LOGGER.info("retrying %d URLs that failed in earlier runs", len(requests))
            self.crawler.stats.set_value("archiver/crawl_errors/retried", len(requests))
        return requests
