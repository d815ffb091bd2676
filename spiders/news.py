"""`news`: category listings → article pages, as the site profile describes them.

After the listings, archived articles the listings no longer show are fetched again, so a
takedown (404/410, or a redirect to the home page or a listing) is noticed, and so is a return.

scrapy crawl news -a site=demo -a base_url=http://127.0.0.1:8000
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
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
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = cast(NewsSpider, super().from_crawler(crawler, *args, **kwargs))
        crawler.signals.connect(spider.revisit_archived, signal=signals.spider_idle)
        return spider

    def detail_request(self, url: str, callback: Callable[..., Any], hint: ListingEntry | None) -> scrapy.Request:
        self.requested_articles.add(url)
        meta = {"dont_redirect": True, "handle_httpstatus_list": TAKEDOWN_STATUSES}
        return scrapy.Request(url, callback=callback, cb_kwargs={"hint": hint}, meta=meta)

    async def start(self) -> AsyncIterator[Any]:
        for path in self.profile.news.start_paths:
            yield scrapy.Request(self.absolute(path), callback=self.parse_start)

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
            yield scrapy.Request(listing, callback=self.parse_listing)

    def parse_listing(self, response: Response, page_number: int = 1) -> Iterator[scrapy.Request]:
        yield from self.walk_listing(response, self.profile.news, self.parse_article, page_number)

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
        """Once the listings are done, fetch archived articles of this site they did not show."""
        if self.revisited:
            return
        self.revisited = True
        unseen = [(url, hint) for url, hint in self.archived_articles() if url not in self.requested_articles]
        for url, hint in unseen:
            self.crawler.engine.crawl(self.detail_request(url, self.parse_article, hint))
        if unseen:
            self.logger.info("revisiting %d archived articles the listings did not show", len(unseen))
            self.crawler.stats.set_value("archiver/article/revisited", len(unseen))
            raise DontCloseSpider

    def archived_articles(self) -> list[tuple[str, ListingEntry]]:
        """URLs under this base URL already in the archive, with the listing hints stored for them."""
        path = Path(self.crawler.settings.get("ARCHIVER_DB"))
        if not path.exists():
            return []
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            rows = db.execute(
                "SELECT url, title, listing_date_raw, summary FROM articles WHERE site = ? AND url LIKE ? || '%'",
                [self.profile.name, self.base_url],
            ).fetchall()
        return [(url, ListingEntry(url, title, date_raw, summary)) for url, title, date_raw, summary in rows]
