"""Listing walks driven by the frontier: what is fetched, where a walk stops, what is revisited."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import scrapy
from click.testing import CliRunner
from scrapy.exceptions import DontCloseSpider
from twisted.python.failure import Failure

from archiver.cli import main
from archiver.frontier import LISTING_FAILED_STAT, ArchivedPage, Frontier
from archiver.store import open_archive
from spiders.base import flag
from spiders.news import NewsSpider
from spiders.videos import VideosSpider
from tests.spiders.conftest import BASE, make_spider, saved_page

LISTING = saved_page("listing")  # page 2 of a listing: 10 entries, then a link to page 3


def entry_urls() -> list[str]:
    fresh = make_spider(NewsSpider)
    return [r.url for r in fresh.parse_listing(LISTING, page_number=2) if r.callback == fresh.parse_article]


URLS = entry_urls()


def walk(spider: NewsSpider, known_pages: int = 0) -> tuple[list[scrapy.Request], list[scrapy.Request]]:
    requests = list(spider.parse_listing(LISTING, page_number=2, known_pages=known_pages))
    articles = [r for r in requests if r.callback == spider.parse_article]
    pages = [r for r in requests if r.callback == spider.parse_listing]
    return articles, pages


def incremental(**settings: object) -> NewsSpider:
    spider = make_spider(NewsSpider, **settings)
    spider.frontier = Frontier(walk_all=False, archived=set(URLS), old=set(URLS))
    return spider


def test_the_saved_listing_has_ten_entries() -> None:
    assert len(URLS) == 10


def test_a_page_of_old_entries_fetches_nothing_and_counts_towards_the_stop() -> None:
    spider = incremental()
    articles, pages = walk(spider)
    assert not articles
    assert [(p.url.endswith("trang=3"), p.cb_kwargs) for p in pages] == [(True, {"page_number": 3, "known_pages": 1})]
    assert spider.crawler.stats.get_value("archiver/frontier/skipped") == 10


def test_the_walk_stops_after_the_set_number_of_old_pages() -> None:
    spider = incremental()
    articles, pages = walk(spider, known_pages=1)
    assert not articles and not pages
    assert spider.crawler.stats.get_value("archiver/listing/stopped_at_known") == 1
    deeper = incremental(ARCHIVER_KNOWN_PAGES_TO_STOP=3)
    assert walk(deeper, known_pages=1)[1][0].cb_kwargs["known_pages"] == 2
    never = incremental(ARCHIVER_KNOWN_PAGES_TO_STOP=0)
    assert walk(never, known_pages=50)[1]


def test_one_new_entry_is_fetched_and_resets_the_count() -> None:
    spider = incremental()
    spider.frontier.archived.discard(URLS[4])
    spider.frontier.old.discard(URLS[4])
    articles, pages = walk(spider, known_pages=1)
    assert [r.url for r in articles] == [URLS[4]]
    assert pages[0].cb_kwargs == {"page_number": 3, "known_pages": 0}


def test_an_entry_archived_after_the_last_complete_walk_does_not_count_as_old() -> None:
    """A run killed after storing this page must not let the next run stop above what it missed."""
    spider = incremental()
    spider.frontier.old.discard(URLS[0])  # archived, but by a run that did not finish
    articles, pages = walk(spider, known_pages=1)
    assert not articles  # already archived: not fetched again
    assert pages and pages[0].cb_kwargs["known_pages"] == 0


def test_a_due_entry_is_fetched_again() -> None:
    spider = incremental()
    spider.frontier.due[URLS[7]] = ArchivedPage(URLS[7])
    articles, _ = walk(spider)
    assert [r.url for r in articles] == [URLS[7]]


def test_until_a_complete_walk_exists_every_page_is_followed() -> None:
    spider = incremental()
    spider.frontier.walk_all = True
    articles, pages = walk(spider, known_pages=10)
    assert not articles and pages


def test_forced_full_fetches_every_entry() -> None:
    spider = incremental()
    spider.frontier.fetch_all = True
    assert len(walk(spider)[0]) == 10


def fake_engine(spider: NewsSpider) -> list[scrapy.Request]:
    crawled: list[scrapy.Request] = []
    spider.crawler.engine = SimpleNamespace(crawl=crawled.append)  # type: ignore[assignment]
    return crawled


def test_due_articles_the_listings_did_not_show_are_revisited_with_their_hints() -> None:
    spider = incremental()
    gone = BASE + "/tin-tuc/tin-hoat-dong/bai-da-go-1.html"
    spider.frontier.archived |= {gone, BASE + "/tin-tuc/x/not-due-2.html"}
    spider.frontier.due = {gone: ArchivedPage(gone, "Bài đã gỡ", "(01/02/2023)"), URLS[0]: ArchivedPage(URLS[0])}
    walk(spider)  # URLS[0] is listed and due: requested there, not again
    crawled = fake_engine(spider)
    with pytest.raises(DontCloseSpider):
        spider.revisit_archived()
    assert [(r.url, r.cb_kwargs["hint"].title, r.meta["dont_redirect"]) for r in crawled] == [(gone, "Bài đã gỡ", True)]
    spider.revisit_archived()  # once per run
    assert len(crawled) == 1


def test_a_forced_full_run_revisits_every_archived_article() -> None:
    spider = incremental()
    spider.frontier.fetch_all = True
    spider.frontier.pages = {url: ArchivedPage(url) for url in [*URLS, BASE + "/a-1.html", BASE + "/b-2.html"]}
    walk(spider)
    crawled = fake_engine(spider)
    with pytest.raises(DontCloseSpider):
        spider.revisit_archived()
    assert {r.url for r in crawled} == {BASE + "/a-1.html", BASE + "/b-2.html"}


def test_nothing_due_lets_the_spider_close() -> None:
    spider = incremental()
    crawled = fake_engine(spider)
    spider.revisit_archived()
    assert crawled == []


def test_a_failed_listing_page_marks_the_walk_incomplete() -> None:
    spider = incremental()
    spider.listing_failed(Failure(ConnectionError("reset")))
    assert spider.crawler.stats.get_value(LISTING_FAILED_STAT) == 1
    request = spider.listing_request(BASE + "/tin-tuc/tin-hoat-dong?trang=4", 4, 1)
    assert request.errback == spider.listing_failed and request.cb_kwargs == {"page_number": 4, "known_pages": 1}


def test_detail_request_keeps_its_signature_for_re_requests() -> None:
    spider = incremental()
    request = spider.detail_request(URLS[0], spider.parse_article, None)
    assert request.callback == spider.parse_article and request.cb_kwargs == {"hint": None}


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("yes", True), (True, True), ("0", False), (None, False)])
def test_full_flag(value: str | bool | None, expected: bool) -> None:
    assert flag(value, "full") is expected
    assert NewsSpider(site="demo", base_url=BASE, full=value).force_full is expected


def test_a_bad_full_flag_is_refused() -> None:
    with pytest.raises(ValueError, match="full"):
        NewsSpider(site="demo", base_url=BASE, full="sometimes")


def test_a_bad_refresh_policy_fails_the_spider_at_once() -> None:
    with pytest.raises(ValueError, match="refresh policy"):
        make_spider(NewsSpider, ARCHIVER_REFRESH_POLICY="weekly")


def test_videos_are_fetched_once_and_walked_like_news() -> None:
    spider = make_spider(VideosSpider)
    assert (spider.archive_table, spider.refreshes, spider.refresh_rules) == ("videos", False, ())
    assert spider.known_pages_to_stop == 2


def test_archiver_crawl_full_reaches_the_spiders(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    calls: list[dict[str, object]] = []

    def fake_run_crawl(*args: object, **kwargs: object) -> dict[str, str]:
        calls.append(kwargs)
        return {"news": "finished"}

    monkeypatch.setattr("archiver.crawl.run_crawl", fake_run_crawl)
    db = str(tmp_path / "a.db")
    open_archive(db).close()  # the command summarises the archive after the (faked) crawl
    for extra in ([], ["--full"]):
        result = CliRunner().invoke(main, ["crawl", "--base-url", BASE, "--db", db, *extra])
        assert result.exit_code == 0, result.output
    assert [c["full"] for c in calls] == [False, True]
