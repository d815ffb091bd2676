"""`news`: category listings → article pages, as the site profile describes them.

scrapy crawl news -a site=demo -a base_url=http://127.0.0.1:8000
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from archiver.extract import ListingEntry, article_fields, listing_links
from archiver.items import ArticleItem
from spiders.base import ProfileSpider, entry_hint


class NewsSpider(ProfileSpider):
    name = "news"

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
            yield scrapy.Request(self.canonical(url), callback=self.parse_listing)

    def parse_listing(self, response: Response, page_number: int = 1) -> Iterator[scrapy.Request]:
        yield from self.walk_listing(response, self.profile.news, self.parse_article, page_number)

    def parse_article(self, response: Response, hint: ListingEntry | None = None) -> Iterator[ArticleItem]:
        if not self.is_page(response):
            return
        yield ArticleItem(
            url=self.canonical(response.url),
            site=self.profile.name,
            fetched_at=self.now_iso(),
            response_url=response.url,
            listing_date_source="listing" if hint and hint.date_raw else None,
            **entry_hint(hint),
            **article_fields(response.selector, response.url, self.profile.article),
        )
