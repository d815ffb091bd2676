from __future__ import annotations

from spiders.videos import VideosSpider
from tests.spiders.conftest import BASE, TRUTH, make_spider, saved_page

SPIDER = make_spider(VideosSpider)


def test_video_page_fields() -> None:
    item = next(SPIDER.parse_video(saved_page("video")))
    truth = TRUTH["video"]
    assert item.url == truth["url"]
    assert (item.title_raw, item.media_url, item.category_raw) == (
        truth["title"],
        truth["media_url"],
        truth["category"],
    )


def test_video_listing_requests_videos_and_next_page() -> None:
    requests = list(SPIDER.parse_listing(saved_page("video-listing")))
    videos = [r for r in requests if r.callback == SPIDER.parse_video]
    assert len(videos) == 12
    assert all(r.url.startswith(BASE + "/video/") for r in videos)
    assert all(r.cb_kwargs["hint"].title for r in videos)
    assert [r.url for r in requests if r.callback == SPIDER.parse_listing] == [BASE + "/video?trang=2"]
