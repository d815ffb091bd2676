"""`videos`: the video listing → video pages (title such as `CM 01.12.23`, media URL).

Videos have no counter to refresh: a run fetches only videos not yet archived, and stops the
listing at pages of long-known entries as the news spider does; `-a full=1` fetches them all.

scrapy crawl videos -a site=demo -a base_url=http://127.0.0.1:8000 [-a full=1]
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from archiver.extract import ListingEntry, video_item
from archiver.items import VideoItem
from spiders.base import ProfileSpider, capture_id


class VideosSpider(ProfileSpider):
    name = "videos"
    archive_table = "videos"
    refreshes = False

    async def start(self) -> AsyncIterator[Any]:
        self.read_frontier()
        for path in self.profile.videos.start_paths:
            yield self.listing_request(self.absolute(path))

    def parse_listing(
        self, response: Response, page_number: int = 1, known_pages: int = 0
    ) -> Iterator[scrapy.Request]:
        yield from self.walk_listing(response, self.profile.videos, self.parse_video, page_number, known_pages)

    def parse_video(self, response: Response, hint: ListingEntry | None = None) -> Iterator[VideoItem]:
        if not self.is_page(response):
            return
        yield video_item(
            response.selector,
            response.url,
            self.profile,
            hint=hint,
            fetched_at=self.now_iso(),
            capture_id=capture_id(response),
        )
