"""`generic`: any news portal without a site profile, from one start URL.

Walks the start page, the sections and listings it links to (with their pagination), the
sitemaps robots.txt names and the feeds pages announce; reads each page it reaches as an
article or a listing (archiver.generic.discover) and extracts articles with
archiver.generic (JSON-LD, meta tags, labelled lines, heuristics), recording per field how.

scrapy crawl generic -a start_url=https://example.gov.vn/ [-a site=NAME]
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any, cast
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse

from archiver.generic.discover import (
    ArticleLink,
    article_links,
    canonical,
    feed_links,
    page_kind,
    pagination_links,
    read_feed,
    robots_sitemaps,
    section_links,
)
from archiver.generic.item import generic_article_item
from archiver.items import ArticleItem
from spiders.base import capture_id

VIETNAM_TZ = timezone(timedelta(hours=7))


class GenericNewsSpider(scrapy.Spider):
    name = "generic"

    def __init__(self, start_url: str | None = None, site: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parts = urlsplit(start_url or "")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(
                f"start_url must be an http(s) URL, e.g. -a start_url=https://example.gov.vn/, got {start_url!r}"
            )
        self.start_url = canonical(start_url or "")
        self.base_url = self.start_url  # for the crawl_runs row
        self.site = site or parts.hostname
        self.allowed_domains = [parts.hostname]
        self.max_listing_pages = 2000
        self.max_articles = 5000
        self.max_depth = 2
        self.article_requests: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> GenericNewsSpider:
        spider = cast(GenericNewsSpider, super().from_crawler(crawler, *args, **kwargs))
        spider.max_listing_pages = crawler.settings.getint("ARCHIVER_MAX_LISTING_PAGES")
        spider.max_articles = crawler.settings.getint("ARCHIVER_GENERIC_MAX_ARTICLES")
        spider.max_depth = crawler.settings.getint("ARCHIVER_GENERIC_MAX_DEPTH")
        return spider

    async def start(self) -> AsyncIterator[Any]:
        parts = urlsplit(self.start_url)
        yield scrapy.Request(f"{parts.scheme}://{parts.netloc}/robots.txt", callback=self.parse_robots)
        yield scrapy.Request(self.start_url, callback=self.parse_page, cb_kwargs={"depth": 0})

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        if response.status == 200 and isinstance(response, TextResponse):
            for url in robots_sitemaps(response.text, response.url):
                yield scrapy.Request(url, callback=self.parse_feed)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """A sitemap (index), RSS or Atom feed: its entries are articles, or more sitemaps."""
        for entry in read_feed(response.body, response.url):
            if entry.is_index:
                yield scrapy.Request(entry.url, callback=self.parse_feed)
            elif (
                request := self.article_request(ArticleLink(entry.url, entry.title, entry.date_raw, None))
            ) is not None:
                yield request

    def parse_page(
        self, response: Response, hint: ArticleLink | None = None, depth: int = 0, page_number: int = 1
    ) -> Iterator[ArticleItem | scrapy.Request]:
        """An article gives an item; anything else is walked as a listing."""
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("archiver/skipped/not_a_page")
            return
        root = response.selector.root
        if page_kind(root, response.url, linked_as_article=hint is not None) == "article":
            self.crawler.stats.inc_value("archiver/generic/article")
            yield generic_article_item(
                root,
                response.url,
                self.site,
                hint=hint,
                fetched_at=datetime.now(VIETNAM_TZ).isoformat(timespec="seconds"),
                capture_id=capture_id(response),
            )
            return
        self.crawler.stats.inc_value("archiver/generic/listing")
        yield from self.walk_listing(root, response.url, depth, page_number)

    def walk_listing(self, root: Any, url: str, depth: int, page_number: int) -> Iterator[scrapy.Request]:
        for link in article_links(root, url):
            if (request := self.article_request(link)) is not None:
                yield request
        if page_number < self.max_listing_pages:
            for next_url in pagination_links(root, url):
                yield scrapy.Request(
                    next_url, callback=self.parse_page, cb_kwargs={"depth": depth, "page_number": page_number + 1}
                )
        elif pagination_links(root, url):
            self.logger.warning("listing %s: stopped at the %d-page bound", url, page_number)
            self.crawler.stats.inc_value("archiver/listing/page_bound_hit")
        for feed in feed_links(root, url):
            yield scrapy.Request(feed, callback=self.parse_feed)
        if depth < self.max_depth:
            for section in section_links(root, url):
                yield scrapy.Request(section, callback=self.parse_page, cb_kwargs={"depth": depth + 1})

    def article_request(self, link: ArticleLink) -> scrapy.Request | None:
        """The request for a probable article, None past the article bound or when already asked for."""
        if link.url in self.article_requests:
            return None
        if len(self.article_requests) >= self.max_articles:
            self.crawler.stats.inc_value("archiver/generic/article_bound_hit")
            return None
        self.article_requests.add(link.url)
        return scrapy.Request(link.url, callback=self.parse_page, cb_kwargs={"hint": link, "depth": self.max_depth})
