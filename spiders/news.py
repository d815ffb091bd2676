"""`news`: category listings → article pages, as the site profile describes them.

The archive is the frontier (archiver/frontier.py): a run fetches new articles and archived
ones due for a refresh, and stops a listing at pages of long-known entries once the site has
been walked completely. After the listings, due articles the listings did not show are fetched
too, so a takedown (404/410, or a redirect to the home page or a listing) is noticed, and so is
a return. `-a full=1` walks every listing page and re-fetches every archived article.

scrapy crawl news -a site=demo -a base_url=http://127.0.0.1:8000 [-a full=1]
scrapy crawl news -a start_url=https://portal.example.gov.vn/   (no profile: spiders/generic.py)
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, cast
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response

from archiver.extract import ListingEntry, article_item, listing_links
from archiver.items import ArticleItem, GoneItem
from spiders.base import ProfileSpider, capture_id

# Article pages are fetched without following redirects, and these answers reach the callback:
# a takedown must be seen, not swallowed (a redirect to an already visited home page would be
# dropped by the duplicate filter).
TAKEDOWN_STATUSES = [301, 302, 303, 307, 308, 404, 410]


class NewsSpider(ProfileSpider):
    name = "news"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requested_articles: set[str] = set()
        self.index_paths: set[str] = {"/", *(urlsplit(self.absolute(p)).path for p in self.profile.news.start_paths)}
        self.revisited = False

    @classmethod
    def from_crawler(  # type: ignore[override]  # generic mode hands over to another spider class
        cls, crawler: Crawler, *args: Any, **kwargs: Any
    ) -> scrapy.Spider:
        if kwargs.get("start_url"):  # no profile: generic mode
            from spiders.generic import GenericNewsSpider

            return GenericNewsSpider.from_crawler(crawler, *args, **kwargs)
        spider = cast(NewsSpider, super().from_crawler(crawler, *args, **kwargs))
        crawler.signals.connect(spider.revisit_archived, signal=signals.spider_idle)
        return spider

    def detail_request(self, url: str, callback: Callable[..., Any], hint: ListingEntry | None) -> scrapy.Request:
        self.requested_articles.add(url)
        meta = {"dont_redirect": True, "handle_httpstatus_list": TAKEDOWN_STATUSES}
        return scrapy.Request(url, callback=callback, cb_kwargs={"hint": hint}, meta=meta)

    async def start(self) -> AsyncIterator[Any]:
        self.read_frontier()
        for path in self.profile.news.start_paths:
            yield scrapy.Request(self.absolute(path), callback=self.parse_start, errback=self.listing_failed)

    def parse_start(self, response: Response) -> Iterator[scrapy.Request]:
        """A start page either links to the category listings or is a listing itself."""
        if not self.is_page(response):
            return
        links = listing_links(response.selector, response.url, self.profile.news)
        if not links:
            yield from self.parse_listing(response)
            return
        for url in links:
            listing = self.canonical(url)
            self.index_paths.add(urlsplit(listing).path)
            yield self.listing_request(listing)

    def parse_listing(
        self, response: Response, page_number: int = 1, known_pages: int = 0
    ) -> Iterator[scrapy.Request]:
        yield from self.walk_listing(response, self.profile.news, self.parse_article, page_number, known_pages)

    def parse_article(
        self, response: Response, hint: ListingEntry | None = None
    ) -> Iterator[ArticleItem | GoneItem | scrapy.Request]:
        if response.status != 200:
            yield from self.takedown(response, hint)
            return
        if not self.is_page(response):
            return
        yield article_item(
            response.selector,
            response.url,
            self.profile,
            hint=hint,
            fetched_at=self.now_iso(),
            capture_id=capture_id(response),
        )

    def takedown(self, response: Response, hint: ListingEntry | None) -> Iterator[GoneItem | scrapy.Request]:
        """404/410, or a redirect to an index page, means gone; a redirect elsewhere is followed."""
        reason = f"HTTP {response.status}"
        if 300 <= response.status < 400:
            location = (response.headers.get("Location") or b"").decode("latin-1")
            target = self.canonical(urljoin(response.url, location)) if location else self.base_url
            if urlsplit(target).path not in self.index_paths:
                yield self.detail_request(target, self.parse_article, hint)
                return
            reason = f"HTTP {response.status} redirect to {target}"
        yield GoneItem(
            url=self.canonical(response.url),
            site=self.profile.name,
            fetched_at=self.now_iso(),
            status=response.status,
            reason=reason,
            response_url=response.url,
            capture_id=capture_id(response),
        )

    def revisit_archived(self) -> None:
        """Once the listings are done, fetch archived articles they did not show: the due ones
        (every one in a `full=1` run), so takedowns and returns are seen."""
        if self.revisited:
            return
        self.revisited = True
        candidates = self.frontier.pages if self.frontier.fetch_all else self.frontier.due
        unseen = [page for url, page in candidates.items() if url not in self.requested_articles]
        for page in unseen:
            hint = ListingEntry(page.url, page.title, page.listing_date_raw, page.summary)
            self.crawler.engine.crawl(self.detail_request(page.url, self.parse_article, hint))
        if unseen:
            self.logger.info("revisiting %d archived articles the listings did not show", len(unseen))
            self.crawler.stats.set_value("archiver/article/revisited", len(unseen))
            raise DontCloseSpider
