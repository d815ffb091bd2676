"""Shared base of the profile-driven spiders: profile loading, URL folding, listing walks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any, TypeGuard
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse

from archiver.extract import ListingEntry, listing_entries, next_page_url
from archiver.normalize.urls import canonicalize_url
from archiver.profiles import ListingRules, SiteProfile, load_profile

VIETNAM_TZ = timezone(timedelta(hours=7))


class ProfileSpider(scrapy.Spider):
    """A spider whose URLs and selectors come from a site profile (`-a site=NAME`)."""

    max_listing_pages: int = 2000

    def __init__(self, site: str = "demo", base_url: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.profile: SiteProfile = load_profile(site)
        self.base_url = (base_url or self.profile.base_url).rstrip("/") + "/"
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"base_url must be an http(s) URL, got {self.base_url!r}")
        self.allowed_domains = [parts.hostname]

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ProfileSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # Settings are not frozen yet at this point, so the profile may tune politeness.
        crawler.settings.setdict(spider.profile.settings, priority="spider")
        spider.max_listing_pages = crawler.settings.getint("ARCHIVER_MAX_LISTING_PAGES")
        return spider

    def canonical(self, url: str) -> str:
        return canonicalize_url(url, mobile_prefixes=self.profile.mobile_prefixes)

    def absolute(self, path: str) -> str:
        return self.canonical(urljoin(self.base_url, path))

    @staticmethod
    def now_iso() -> str:
        return datetime.now(VIETNAM_TZ).isoformat(timespec="seconds")

    def is_page(self, response: Response) -> TypeGuard[TextResponse]:
        """True for an HTML/text response; anything else (a PDF, an image) is counted and skipped."""
        if isinstance(response, TextResponse):
            return True
        self.logger.warning("not a web page, skipped: %s (%s)", response.url, response.headers.get("Content-Type"))
        self.crawler.stats.inc_value("archiver/skipped/not_a_page")
        return False

    def walk_listing(
        self,
        response: Response,
        rules: ListingRules,
        detail_callback: Callable[..., Any],
        page_number: int,
    ) -> Iterator[scrapy.Request]:
        """Request every entry of a listing page, then its next page (up to the page bound)."""
        if not self.is_page(response):
            return
        for entry in listing_entries(response.selector, response.url, rules):
            yield self.detail_request(self.canonical(entry.url), detail_callback, entry)
        next_url = next_page_url(response.selector, response.url, rules)
        if not next_url:
            return
        if page_number >= self.max_listing_pages:
            self.logger.warning("listing %s: stopped at the %d-page bound", response.url, page_number)
            self.crawler.stats.inc_value("archiver/listing/page_bound_hit")
            return
        yield scrapy.Request(
            self.canonical(next_url),
            callback=self.parse_listing,
            cb_kwargs={"page_number": page_number + 1},
        )

    def detail_request(self, url: str, callback: Callable[..., Any], hint: ListingEntry | None) -> scrapy.Request:
        """The request for an article or video page found on a listing."""
        return scrapy.Request(url, callback=callback, cb_kwargs={"hint": hint})

    def parse_listing(self, response: Response, page_number: int = 1) -> Iterator[scrapy.Request]:
        raise NotImplementedError


def capture_id(response: Response) -> str | None:
    """The WARC-Record-ID the capture middleware gave this response (none for a bare saved page)."""
    return response.request.meta.get("capture_id") if response.request is not None else None
