"""Scrapy's HttpCompressionMiddleware, reporting the bodies it refuses to inflate.

Since Scrapy 2.11 decompression stops at DOWNLOAD_MAXSIZE of *decompressed* bytes (a gzip
bomb costs no more memory than the bound) and raises IgnoreRequest. That exception leaves
the downloader without passing any `process_exception`, and IgnoreRequest is not logged,
so the page would vanish silently; this subclass announces it on `request_failed` (the
crawl_errors middleware records it) and re-raises. Wired in place of Scrapy's at 590.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.signalmanager import SignalManager

from archiver.crawl_errors_middleware import request_failed


class ReportingHttpCompressionMiddleware(HttpCompressionMiddleware):
    signals: SignalManager

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReportingHttpCompressionMiddleware:
        middleware = super().from_crawler(crawler)
        middleware.signals = crawler.signals
        return middleware

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        try:
            return super().process_response(request, response)
        except IgnoreRequest as error:
            assert self.stats is not None
            self.stats.inc_value("archiver/refused/decompressed_too_large")
            reason = f"body larger than DOWNLOAD_MAXSIZE once decompressed: {error}"
            self.signals.send_catch_log(signal=request_failed, request=request, reason=reason)
            raise
