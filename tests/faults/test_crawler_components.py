"""The crawler-side components one by one: retry waits, site guard, charset fix, crawl_errors."""

from __future__ import annotations

import asyncio
import random
import sqlite3
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy.exceptions import IgnoreRequest, ResponseDataLossError
from scrapy.http import HtmlResponse
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.test import get_crawler

from archiver.charset_middleware import CharsetRepairMiddleware, corrected_charset
from archiver.crawl import project_settings
from archiver.crawl_errors import MAX_REASON_CHARS, CrawlErrors, Failure
from archiver.crawl_errors_middleware import CrawlErrorsMiddleware, exception_reason, request_kind
from archiver.demo.faults import encode_windows_1258
from archiver.retry_failed_middleware import RetryFailedMiddleware, retry_request
from archiver.retry_middleware import backoff_seconds, retry_after_seconds, retry_delay
from archiver.stay_on_site_middleware import StayOnSiteMiddleware, refusal

NOW = datetime(2024, 1, 20, 8, 0, 0, tzinfo=UTC)


# ---------------------------------------------------------------- retry waits


@pytest.mark.parametrize(
    "value,expected",
    [
        ("1", 1.0),
        (" 120 ", 120.0),
        (format_datetime(datetime(2024, 1, 20, 8, 0, 30, tzinfo=UTC), usegmt=True), 30.0),
        (format_datetime(datetime(2024, 1, 20, 7, 0, 0, tzinfo=UTC), usegmt=True), 0.0),  # in the past
        ("soon", None),
        ("-5", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_seconds(value: str | None, expected: float | None) -> None:
    assert retry_after_seconds(value, NOW) == expected


def test_backoff_doubles_with_jitter_and_a_cap() -> None:
    rng = random.Random(7)
    for attempt, low, high in ((1, 0.5, 1.5), (2, 1.0, 3.0), (3, 2.0, 6.0)):
        delays = [backoff_seconds(attempt, 1.0, 100.0, rng) for _ in range(200)]
        assert low <= min(delays) and max(delays) < high
        assert len(set(delays)) > 100  # jittered, so parallel retries do not fire together
    assert backoff_seconds(20, 1.0, 60.0, rng) == 60.0
    assert backoff_seconds(3, 0.0, 60.0, rng) == 0.0


def test_retry_delay_prefers_retry_after_for_429_and_503_only() -> None:
    rng = random.Random(1)
    assert retry_delay(503, "7", 1, 1.0, 60.0, rng) == 7.0
    assert retry_delay(429, "7", 3, 1.0, 60.0, rng) == 7.0
    assert retry_delay(429, "100000", 1, 1.0, 60.0, rng) == 60.0  # capped
    assert retry_delay(500, "7", 1, 0.0, 60.0, rng) == 0.0  # Retry-After on a 500 is not a promise
    assert 0.5 <= retry_delay(503, "garbage", 1, 1.0, 60.0, rng) < 1.5  # unreadable: backoff


def test_retry_middleware_is_scrapys_replaced() -> None:
    middlewares = project_settings().getwithbase("DOWNLOADER_MIDDLEWARES")
    assert middlewares["scrapy.downloadermiddlewares.retry.RetryMiddleware"] is None
    assert middlewares["archiver.retry_middleware.PatientRetryMiddleware"] == 550


# ---------------------------------------------------------------- staying on site


@pytest.mark.parametrize(
    "url,reason",
    [
        ("http://127.0.0.1:8000/tin-tuc/a.html", None),
        ("https://www.example.gov.vn/a", None),
        ("http://127.0.0.2:8000/", "offsite host 127.0.0.2"),
        ("http://example.gov.vn.evil.test/", "offsite host example.gov.vn.evil.test"),
        ("ftp://127.0.0.1/bao-cao.doc", "scheme ftp"),
        ("file:///etc/passwd", "scheme file"),
        ("data:text/html,<h1>x</h1>", "scheme data"),
        ("s3://bucket/key", "scheme s3"),
    ],
)
def test_refusal(url: str, reason: str | None) -> None:
    assert refusal(url, ["127.0.0.1", "example.gov.vn"]) == reason


def test_stay_on_site_ignores_dont_filter() -> None:
    crawler = get_crawler(scrapy.Spider)
    crawler.spider = scrapy.Spider("t", allowed_domains=["127.0.0.1"])
    middleware = StayOnSiteMiddleware.from_crawler(crawler)
    assert middleware.process_request(scrapy.Request("http://127.0.0.1:9/a")) is None
    with pytest.raises(IgnoreRequest):
        # A retried request carries dont_filter=True; Scrapy's own offsite check lets it pass.
        middleware.process_request(scrapy.Request("http://127.0.0.2:9/a", dont_filter=True))
    assert crawler.stats.get_value("archiver/refused/offsite") == 1


# ---------------------------------------------------------------- charset


@pytest.mark.parametrize(
    "content_type,body,expected",
    [
        (b"text/html; charset=iso-8859-1", "Việt Nam".encode(), "utf-8"),
        (b"text/html; charset=windows-1252", "Đại hội".encode(), "utf-8"),
        (b"text/html; charset=utf-8", "Việt Nam".encode(), None),
        (b"text/html; charset=iso-8859-1", "Café crème".encode("latin-1"), None),  # really Latin-1
        (b"text/html; charset=iso-8859-1", b"plain ascii", None),
        (b"text/html", "Việt Nam".encode(), None),  # no header charset: Scrapy reads <meta>
        (
            b"text/html; charset=utf-8",
            b'<meta charset="windows-1258">' + "Vi\u00ea\u0323t".encode("cp1258"),
            "windows-1258",
        ),
    ],
)
def test_corrected_charset(content_type: bytes, body: bytes, expected: str | None) -> None:
    assert corrected_charset(content_type, body) == expected


def test_charset_middleware_fixes_the_decoding() -> None:
    crawler = get_crawler(scrapy.Spider)
    middleware = CharsetRepairMiddleware.from_crawler(crawler)
    body = '<html><head><meta charset="utf-8"></head><body><h1>Mặt trận Tổ quốc</h1></body></html>'.encode()
    response = HtmlResponse(
        "http://127.0.0.1/a", body=body, headers={"Content-Type": "text/html; charset=iso-8859-1"}
    )
    assert response.css("h1::text").get() != "Mặt trận Tổ quốc"  # what Scrapy alone gives
    fixed = middleware.process_response(scrapy.Request(response.url), response)
    assert fixed.css("h1::text").get() == "Mặt trận Tổ quốc"
    assert fixed.body == body
    assert crawler.stats.get_value("archiver/charset/header_corrected") == 1


# ---------------------------------------------------------------- crawl_errors


def test_record_counts_runs_and_resolve_closes(tmp_path: Path) -> None:
    errors = CrawlErrors(tmp_path / "a.db")
    url = "http://127.0.0.1:8000/tin-tuc/a.html"
    errors.record(Failure(url, "demo", "news", "article", "HTTP 500", 500), run_id=None)
    errors.record(Failure(url, "demo", "news", "article", "DownloadTimeoutError: slow\nmore", None), run_id=None)
    errors.record(Failure("http://127.0.0.1:8000/x", "demo", "videos", "video", "x" * 1000), run_id=None)
    open_news = errors.unresolved("demo", "news", "http://127.0.0.1:8000/")
    assert [(r["url"], r["attempts"], r["reason"], r["status"]) for r in open_news] == [
        (url, 2, "DownloadTimeoutError: slow", None)
    ]
    assert errors.unresolved("demo", "news", "http://127.0.0.1:9999/") == []
    assert len(errors.unresolved("demo", "videos")[0]["reason"]) == MAX_REASON_CHARS
    assert errors.resolve("demo", [url]) == 1
    assert errors.resolve("demo", [url]) == 0
    assert errors.unresolved("demo", "news") == []
    errors.record(Failure(url, "demo", "news", "article", "HTTP 503", 503), run_id=None)
    assert errors.unresolved("demo", "news")[0]["attempts"] == 3  # failing again reopens it
    errors.close()
    with sqlite3.connect(tmp_path / "a.db") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_request_kind_from_the_callback() -> None:
    class Spider(scrapy.Spider):
        name = "news"

        def parse_start(self, response: Any) -> None: ...
        def parse_listing(self, response: Any) -> None: ...
        def parse_article(self, response: Any) -> None: ...
        def parse_video(self, response: Any) -> None: ...

    spider = Spider()
    url = "http://127.0.0.1/a"
    assert request_kind(scrapy.Request(url, callback=spider.parse_start)) == "start"
    assert request_kind(scrapy.Request(url, callback=spider.parse_listing)) == "listing"
    assert request_kind(scrapy.Request(url, callback=spider.parse_article)) == "article"
    assert request_kind(scrapy.Request(url, callback=spider.parse_video)) == "video"
    assert request_kind(scrapy.Request(url)) == "other"
    assert request_kind(scrapy.Request("http://127.0.0.1/robots.txt")) is None
    assert request_kind(scrapy.Request(url, callback=NO_CALLBACK)) is None


def test_exception_reason_explains_silent_exceptions() -> None:
    assert exception_reason(ResponseDataLossError()) == (
        "ResponseDataLossError: body shorter than its Content-Length (truncated)"
    )
    assert exception_reason(ValueError("bad")) == "ValueError: bad"


def _crawler_with_db(tmp_path: Path, spider: scrapy.Spider) -> Any:
    crawler = get_crawler(type(spider), {"ARCHIVER_DB": str(tmp_path / "a.db"), "ARCHIVER_CRAWL_ERRORS": True,
                                         "ARCHIVER_RETRY_FAILED": True})
    crawler.spider = spider
    return crawler


class _Profile:
    name = "demo"


class _NewsLike(scrapy.Spider):
    name = "news"
    site = "demo"
    base_url = "http://127.0.0.1:8000/"
    profile = _Profile()

    def detail_request(self, url: str, callback: Any, hint: Any) -> scrapy.Request:
        return scrapy.Request(url, callback=callback, meta={"dont_redirect": True, "handle_httpstatus_list": [404]})

    def parse_start(self, response: Any) -> None: ...
    def parse_listing(self, response: Any) -> None: ...
    def parse_article(self, response: Any) -> None: ...


def test_errors_middleware_records_final_failures_and_resolves(tmp_path: Path) -> None:
    spider = _NewsLike()
    crawler = _crawler_with_db(tmp_path, spider)
    middleware = CrawlErrorsMiddleware.from_crawler(crawler)
    middleware.spider_opened(spider)
    base = spider.base_url
    article = spider.detail_request(base + "a.html", spider.parse_article, None)
    listing = scrapy.Request(base + "tin-tuc/x", callback=spider.parse_listing)
    middleware.process_response(article, HtmlResponse(article.url, status=500))
    gone = spider.detail_request(base + "gone.html", spider.parse_article, None)
    middleware.process_response(gone, HtmlResponse(gone.url, status=404))  # a takedown the spider handles
    middleware.process_exception(listing, ResponseDataLossError())
    middleware.process_exception(scrapy.Request(base + "b.html", callback=spider.parse_article), IgnoreRequest())
    rows = {row["url"]: row for row in middleware.errors.unresolved("demo", "news")}  # type: ignore[union-attr]
    assert set(rows) == {article.url, listing.url}
    assert (rows[article.url]["kind"], rows[article.url]["status"]) == ("article", 500)
    assert rows[listing.url]["kind"] == "listing" and "truncated" in rows[listing.url]["reason"]
    middleware.spider_closed(spider)

    # Next run: a success closes the error.
    middleware = CrawlErrorsMiddleware.from_crawler(_crawler_with_db(tmp_path, spider))
    middleware.spider_opened(spider)
    middleware.process_response(article, HtmlResponse(article.url, status=200, body=b"<html></html>"))
    assert [row["url"] for row in middleware.errors.unresolved("demo", "news")] == [listing.url]  # type: ignore[union-attr]
    middleware.spider_closed(spider)


def test_retry_failed_adds_requests_with_the_spiders_callbacks(tmp_path: Path) -> None:
    spider = _NewsLike()
    base = spider.base_url
    errors = CrawlErrors(tmp_path / "a.db")
    for path, kind in (("a.html", "article"), ("tin-tuc/x", "listing"), ("", "start"), ("v.html", "video")):
        errors.record(Failure(base + path, "demo", "news", kind, "HTTP 500", 500), run_id=None)
    errors.record(Failure("http://127.0.0.1:9/other-port", "demo", "news", "article", "HTTP 500"), run_id=None)
    errors.record(Failure(base + "videos-spider", "demo", "videos", "video", "HTTP 500"), run_id=None)
    errors.close()
    middleware = RetryFailedMiddleware.from_crawler(_crawler_with_db(tmp_path, spider))
    own = scrapy.Request(base, callback=spider.parse_start)

    async def collect() -> list[Any]:
        async def start() -> Any:
            yield own

        return [request async for request in middleware.process_start(start())]

    requests = asyncio.run(collect())
    assert requests[0] is own  # the spider's own start comes first, untouched
    by_url = {request.url: request for request in requests[1:]}
    # The video has no parse_video on this spider: nothing to retry it with. Other ports and spiders are not ours.
    assert set(by_url) == {base + "a.html", base + "tin-tuc/x", base}
    assert by_url[base + "a.html"].callback == spider.parse_article
    assert by_url[base + "a.html"].meta["dont_redirect"] is True  # built by detail_request
    assert by_url[base + "tin-tuc/x"].callback == spider.parse_listing
    assert by_url[base].callback == spider.parse_start


def test_retry_request_for_a_spider_without_parse_start() -> None:
    class Videos(scrapy.Spider):
        name = "videos"

        def detail_request(self, url: str, callback: Any, hint: Any) -> scrapy.Request:
            return scrapy.Request(url, callback=callback)

        def parse_listing(self, response: Any) -> None: ...
        def parse_video(self, response: Any) -> None: ...

    spider = Videos()
    assert retry_request(spider, "http://h/video", "start").callback == spider.parse_listing  # type: ignore[union-attr]
    assert retry_request(spider, "http://h/v.html", "video").callback == spider.parse_video  # type: ignore[union-attr]
    assert retry_request(spider, "http://h/a.html", "article") is None


# ---------------------------------------------------------------- politeness and bounds


def test_defaults_are_polite_to_real_sites() -> None:
    settings = project_settings()  # no profile applied: what a real portal gets
    assert settings.getbool("ROBOTSTXT_OBEY") is True
    assert settings.getfloat("DOWNLOAD_DELAY") >= 1.0
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 2
    assert settings.getbool("AUTOTHROTTLE_ENABLED") is True
    assert settings.get("ARCHIVER_CONTACT") and settings.get("ARCHIVER_CONTACT") in settings.get("USER_AGENT")
    assert "vn-archive" in settings.get("USER_AGENT")


def test_bounds_are_set() -> None:
    settings = project_settings()
    assert 0 < settings.getint("DOWNLOAD_MAXSIZE") <= 64 * 1024 * 1024
    assert settings.getbool("DOWNLOAD_FAIL_ON_DATALOSS") is True
    assert 0 < settings.getint("URLLENGTH_LIMIT") <= 4096
    assert settings.getint("DEPTH_LIMIT") > settings.getint("ARCHIVER_MAX_LISTING_PAGES")
    handlers = settings.getwithbase("DOWNLOAD_HANDLERS")
    assert all(handlers[scheme] is None for scheme in ("ftp", "file", "data", "s3"))
    assert settings.getfloat("ARCHIVER_RETRY_MAX_DELAY") > 0


def test_charset_middleware_recomposes_decomposed_text() -> None:
    crawler = get_crawler(scrapy.Spider)
    middleware = CharsetRepairMiddleware.from_crawler(crawler)
    html = '<html><head><meta charset="windows-1258"></head><body><p>Người đăng: Quản trị</p></body></html>'
    body = encode_windows_1258(html)
    headers = {"Content-Type": "text/html; charset=windows-1258"}
    response = HtmlResponse("http://127.0.0.1/a", body=body, headers=headers)
    assert "Người đăng:" not in response.text  # tones arrive as combining marks
    fixed = middleware.process_response(scrapy.Request(response.url), response)
    assert fixed.css("p::text").get() == "Người đăng: Quản trị"
    assert crawler.stats.get_value("archiver/charset/recomposed") == 1
    headers = {"Content-Type": "text/html; charset=utf-8"}
    plain = HtmlResponse("http://127.0.0.1/b", body="<p>Việt</p>".encode(), headers=headers)
    assert middleware.process_response(scrapy.Request(plain.url), plain) is plain  # NFC already: untouched


def test_retry_request_uses_the_spiders_listing_request() -> None:
    class Listings(scrapy.Spider):
        name = "news"

        def listing_request(self, url: str) -> scrapy.Request:
            return scrapy.Request(url, callback=self.parse_listing, errback=self.listing_failed)

        def listing_failed(self, failure: Any) -> None: ...
        def parse_start(self, response: Any) -> None: ...
        def parse_listing(self, response: Any) -> None: ...

    spider = Listings()
    listing = retry_request(spider, "http://h/tin-tuc/x", "listing")
    assert listing is not None and (listing.callback, listing.errback) == (spider.parse_listing, spider.listing_failed)
    start = retry_request(spider, "http://h/", "start")
    assert start is not None and (start.callback, start.errback) == (spider.parse_start, spider.listing_failed)
