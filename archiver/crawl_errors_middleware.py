"""Record in `crawl_errors` every URL that still fails once retries are spent; resolve recovered ones.

Priority 540, just outside the retry middleware (550): `process_response` and
`process_exception` run here only when no retry is left. Failures are an HTTP status of 400
or more that the request does not handle itself (the news spider handles 404/410 and
redirects of articles: takedowns), download exceptions (timeouts, resets, truncated bodies,
pages over DOWNLOAD_MAXSIZE) and refusals reported on the `request_failed` signal (a body
that inflates past DOWNLOAD_MAXSIZE, see `decompression_middleware`). IgnoreRequest (robots.txt,
offsite, duplicates) is policy, not failure. robots.txt itself is never recorded.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK

from archiver.crawl_errors import CrawlErrors, Failure

LOGGER = logging.getLogger(__name__)

# Sent with `request=Request, reason=str` by components that refuse a response (no exception reaches us).
request_failed = object()

# Spider callback name -> the `kind` column.
CALLBACK_KINDS = {
    "parse_start": "start",
    "parse_listing": "listing",
    "parse_article": "article",
    "parse_video": "video",
}


def request_kind(request: Request) -> str | None:
    """What the request was for, from its callback; None for robots.txt and other internal requests."""
    callback = request.callback
    if callback is NO_CALLBACK or request.url.endswith("/robots.txt"):
        return None
    name = getattr(callback, "__name__", None) if callback is not None else "parse"
    return CALLBACK_KINDS.get(name or "", "other")


# What the exceptions Scrapy raises without a message mean here.
_EXPLANATIONS = {
    "DownloadCancelledError": "body larger than DOWNLOAD_MAXSIZE",
    "ResponseDataLossError": "body shorter than its Content-Length (truncated)",
}


def exception_reason(exception: BaseException) -> str:
    """`ClassName: message`, with an explanation when Scrapy gave no message."""
    name = type(exception).__name__
    message = str(exception).strip() or _EXPLANATIONS.get(name, "")
    return f"{name}: {message}" if message else name


class CrawlErrorsMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("ARCHIVER_CRAWL_ERRORS"):
            raise NotConfigured("ARCHIVER_CRAWL_ERRORS is off")
        self.crawler = crawler
        self.path = crawler.settings.get("ARCHIVER_DB")
        self.errors: CrawlErrors | None = None
        self.open_urls: set[str] = set()  # unresolved before this run: a success must close them
        self.failed_this_run: set[str] = set()
        self.run_id: int | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.on_request_failed, signal=request_failed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlErrorsMiddleware:
        return cls(crawler)

    def _site(self) -> str:
        spider = self.crawler.spider
        return str(getattr(spider, "site", None) or getattr(spider, "name", ""))

    def spider_opened(self, spider: Any) -> None:
        self.errors = CrawlErrors(self.path)
        prefix = str(getattr(spider, "base_url", ""))
        self.open_urls = {row["url"] for row in self.errors.unresolved(self._site(), spider.name, prefix)}

    def spider_closed(self, spider: Any) -> None:
        if self.errors is not None:
            self.errors.close()
            self.errors = None

    def process_response(self, request: Request, response: Response) -> Response:
        handled = response.status in request.meta.get("handle_httpstatus_list", ())
        if response.status >= 400 and not handled:
            self.fail(request, f"HTTP {response.status}", response.status)
        elif request.url in self.open_urls:
            self.resolve(request.url)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if not isinstance(exception, IgnoreRequest):
            self.fail(request, exception_reason(exception), None)

    def on_request_failed(self, request: Request, reason: str) -> None:
        self.fail(request, reason, None)

    def fail(self, request: Request, reason: str, status: int | None) -> None:
        kind = request_kind(request)
        spider = self.crawler.spider
        if kind is None or spider is None or self.errors is None or request.url in self.failed_this_run:
            return
        self.failed_this_run.add(request.url)
        self.open_urls.discard(request.url)
        if self.run_id is None:
            self.run_id = self.errors.running_run_id(self._site(), spider.name)
        failure = Failure(request.url, self._site(), spider.name, kind, reason, status)
        self.errors.record(failure, self.run_id)
        self.crawler.stats.inc_value("archiver/crawl_errors/recorded")
        LOGGER.warning("gave up on %s (%s): %s", request.url[:200], kind, reason[:200])

    def resolve(self, url: str) -> None:
        self.open_urls.discard(url)
        if self.errors is not None and self.errors.resolve(self._site(), [url]):
            self.crawler.stats.inc_value("archiver/crawl_errors/resolved")
