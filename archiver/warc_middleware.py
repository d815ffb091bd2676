"""Downloader middleware that writes every response (with its request) to WARC.

It sits next to the downloader (priority 950), so it sees responses before decompression,
redirects and retries: bodies as received, and failures that carry a body. Each capture is
announced on the `capture_written` signal (the store indexes them) and its WARC-Record-ID
is left in `request.meta["capture_id"]` for the item built from the response.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK

from archiver.capture import CaptureRef, Exchange, WarcCapture

LOGGER = logging.getLogger(__name__)

# Sent with `capture=CaptureRef` and `parsed_as=str | None` after each record pair is written.
capture_written = object()


def warc_directory(settings: Any) -> Path:
    """ARCHIVER_WARC_DIR, or `warc/` beside the archive file so an archive folder is self-contained."""
    configured = settings.get("ARCHIVER_WARC_DIR")
    return Path(configured) if configured else Path(settings.get("ARCHIVER_DB")).parent / "warc"


def _headers(headers: Any) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, values in headers.items() for value in values]


def parsed_as(request: Request) -> str | None:
    """Which spider callback parses this response (reprocess replays it through the same one)."""
    if request.url.endswith("/robots.txt"):
        return "robots"
    callback = request.callback
    if callback is None:
        return "parse"
    if callback is NO_CALLBACK:
        return None
    return getattr(callback, "__name__", None)


class WarcCaptureMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("ARCHIVER_CAPTURE"):
            raise NotConfigured("ARCHIVER_CAPTURE is off")
        self.crawler = crawler
        self.directory = warc_directory(settings)
        self.root = Path(settings.get("ARCHIVER_DB")).parent
        self.max_bytes = settings.getint("ARCHIVER_WARC_MAX_BYTES")
        self.software = str(settings.get("USER_AGENT"))
        self.capture: WarcCapture | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if self.capture is None:
            spider = self.crawler.spider
            site = getattr(spider, "site", None)
            prefix = "-".join(str(part) for part in (site, getattr(spider, "name", "crawl")) if part)
            self.capture = WarcCapture(self.directory, self.root, prefix, self.max_bytes, self.software)
        ref = self.capture.write(
            Exchange(
                url=response.url,
                method=request.method,
                request_headers=_headers(request.headers),
                request_body=request.body,
                status=response.status,
                reason=_reason(response.status),
                protocol=response.protocol or "HTTP/1.1",
                response_headers=_headers(response.headers),
                body=response.body,
                ip_address=str(response.ip_address) if response.ip_address else None,
                fetched_at=datetime.now(UTC),
            )
        )
        request.meta["capture_id"] = ref.id
        self.crawler.stats.inc_value("archiver/capture/records")
        self.crawler.signals.send_catch_log(signal=capture_written, capture=ref, parsed_as=parsed_as(request))
        return response

    def spider_closed(self, spider: Any) -> None:
        if self.capture is not None:
            self.capture.close()


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


__all__ = ["CaptureRef", "WarcCaptureMiddleware", "capture_written", "warc_directory"]
