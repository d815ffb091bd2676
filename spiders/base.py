"""Shared base of the profile-driven spiders: profile loading, URL folding, listing walks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any, TypeGuard
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from archiver.extract import ListingEntry, listing_entries, next_page_url
from archiver.frontier import (
    LISTING_FAILED_STAT,
    PAGE_BOUND_STAT,
    WALK_STAT,
    Frontier,
    RefreshRule,
    load_frontier,
    parse_refresh_policy,
)
from archiver.normalize.urls import canonicalize_url
from archiver.profiles import ListingRules, SiteProfile, load_profile

VIETNAM_TZ = timezone(timedelta(hours=7))
_TRUE, _FALSE = frozenset({"1", "true", "yes", "on"}), frozenset({"", "0", "false", "no", "off"})


def flag(value: str | bool | None, name: str) -> bool:
    """A spider argument read as a yes/no flag (`-a full=1`); anything else is refused."""
    text = str(value or "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"spider argument {name} must be 1/0, true/false, yes/no or on/off, got {value!r}")


class ProfileSpider(scrapy.Spider):
    """A spider whose URLs and selectors come from a site profile (`-a site=NAME`)."""

    max_listing_pages: int = 2000
    known_pages_to_stop: int = 2
    # The archive table whose rows are this spider's pages (the frontier reads it).
    archive_table: str = "articles"
    # Whether archived pages are ever fetched again (videos have no counter to refresh).
    refreshes: bool = True

    def __init__(
        self,
        site: str = "demo",
        base_url: str | None = None,
        *args: Any,
        full: str | bool | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.profile: SiteProfile = load_profile(site)
        self.site = self.profile.name  # what the archive files this spider's records under
        self.base_url = (base_url or self.profile.base_url).rstrip("/") + "/"
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"base_url must be an http(s) URL, got {self.base_url!r}")
        self.allowed_domains = [parts.hostname]
        self.force_full = flag(full, "full")
        self.refresh_rules: tuple[RefreshRule, ...] = ()
        # Until `start` reads the archive: walk everything, fetch everything (a bare spider in tests).
        self.frontier = Frontier(fetch_all=self.force_full)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ProfileSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # Settings are not frozen yet at this point, so the profile may tune politeness.
        crawler.settings.setdict(spider.profile.settings, priority="spider")
        spider.max_listing_pages = crawler.settings.getint("ARCHIVER_MAX_LISTING_PAGES")
        spider.known_pages_to_stop = crawler.settings.getint("ARCHIVER_KNOWN_PAGES_TO_STOP")
        if spider.refreshes:  # a bad policy fails the run at once, before any request
            spider.refresh_rules = parse_refresh_policy(crawler.settings.get("ARCHIVER_REFRESH_POLICY") or "")
        return spider

    def read_frontier(self) -> Frontier:
        """Read what is archived, due and walked from the archive; called once as the run starts."""
        self.frontier = load_frontier(
            self.crawler.settings.get("ARCHIVER_DB"),
            table=self.archive_table,
            spider=self.name,
            site=self.profile.name,
            base_url=self.base_url,
            rules=self.refresh_rules,
            now=datetime.now(VIETNAM_TZ),
            force_full=self.force_full,
        )
        stats = self.crawler.stats
        stats.set_value(WALK_STAT, self.frontier.mode)
        stats.set_value("archiver/frontier/archived", len(self.frontier.archived))
        stats.set_value("archiver/frontier/due", len(self.frontier.due))
        self.logger.info(
            "frontier: %s walk, %d archived, %d due for refresh",
            self.frontier.mode,
            len(self.frontier.archived),
            len(self.frontier.due),
        )
        return self.frontier

    def listing_request(self, url: str, page_number: int = 1, known_pages: int = 0) -> scrapy.Request:
        """A listing page; its failure marks the walk incomplete (the next run walks everything)."""
        kwargs = {"page_number": page_number, "known_pages": known_pages} if page_number > 1 else {}
        return scrapy.Request(url, callback=self.parse_listing, cb_kwargs=kwargs, errback=self.listing_failed)

    def listing_failed(self, failure: Failure) -> None:
        url = getattr(getattr(failure, "request", None), "url", "?")
        self.logger.warning("listing page failed, walk incomplete: %s (%s)", url, failure.value)
        self.crawler.stats.inc_value(LISTING_FAILED_STAT)

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
        known_pages: int = 0,
    ) -> Iterator[scrapy.Request]:
        """Request the entries of a listing page the frontier wants, then its next page, unless the
        walk has met `known_pages_to_stop` pages of old entries in a row (or the page bound)."""
        if not self.is_page(response):
            self.crawler.stats.inc_value(LISTING_FAILED_STAT)
            return
        listed = []
        for entry in listing_entries(response.selector, response.url, rules):
            url = self.canonical(entry.url)
            listed.append(url)
            if self.frontier.wants(url):
                yield self.detail_request(url, detail_callback, entry)
            else:
                self.crawler.stats.inc_value("archiver/frontier/skipped")
        known_pages = known_pages + 1 if self.frontier.all_old(listed) else 0
        next_url = next_page_url(response.selector, response.url, rules)
        if not next_url:
            return
        if not self.frontier.walk_all and 0 < self.known_pages_to_stop <= known_pages:
            self.logger.debug("listing %s: %d pages of known entries, stopped", response.url, known_pages)
            self.crawler.stats.inc_value("archiver/listing/stopped_at_known")
            return
        if page_number >= self.max_listing_pages:
            self.logger.warning("listing %s: stopped at the %d-page bound", response.url, page_number)
            self.crawler.stats.inc_value(PAGE_BOUND_STAT)
            return
        yield self.listing_request(self.canonical(next_url), page_number + 1, known_pages)

    def detail_request(self, url: str, callback: Callable[..., Any], hint: ListingEntry | None) -> scrapy.Request:
        """The request for an article or video page found on a listing."""
        return scrapy.Request(url, callback=callback, cb_kwargs={"hint": hint})

    def parse_listing(
        self, response: Response, page_number: int = 1, known_pages: int = 0
    ) -> Iterator[scrapy.Request]:
        raise NotImplementedError


def capture_id(response: Response) -> str | None:
    """The WARC-Record-ID the capture middleware gave this response (none for a bare saved page)."""
    return response.request.meta.get("capture_id") if response.request is not None else None
