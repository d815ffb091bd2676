from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy.crawler import AsyncCrawlerRunner, CrawlerRunner
from scrapy.http import HtmlResponse
from scrapy.utils.reactor import is_reactor_installed
from scrapy.utils.test import get_reactor_settings

from archiver.crawl import project_settings
from spiders.news import NewsSpider
from spiders.videos import VideosSpider

FIXTURES = Path(__file__).parents[1] / "fixtures"
BASE = "http://127.0.0.1:8070"
TRUTH = json.loads((FIXTURES / "demo" / "truth.json").read_text(encoding="utf-8"))


def saved_page(name: str, url: str | None = None) -> HtmlResponse:
    """A saved demo page wrapped in a response carrying the URL it was served at."""
    path = FIXTURES / name if name.endswith(".html") else FIXTURES / "demo" / f"{name}.html"
    return HtmlResponse(url=url or TRUTH[name]["url"], body=path.read_bytes(), encoding="utf-8")


def make_spider(cls: type, **settings: object):
    """A spider built the way `Crawler.crawl` builds it: the spider first (its profile may tune
    settings), then the crawler's components. `scrapy.utils.test.get_crawler` freezes settings
    before the spider exists, which a profile-driven spider cannot use."""
    overrides = {"TELNETCONSOLE_ENABLED": False, **get_reactor_settings(), **settings}
    runner_cls = CrawlerRunner if is_reactor_installed() else AsyncCrawlerRunner
    crawler = runner_cls(project_settings(overrides=overrides)).create_crawler(cls)
    crawler.spider = cls.from_crawler(crawler, site="demo", base_url=BASE)
    crawler._apply_settings()
    return crawler.spider


@pytest.fixture
def news_spider() -> NewsSpider:
    return make_spider(NewsSpider)


@pytest.fixture
def videos_spider() -> VideosSpider:
    return make_spider(VideosSpider)
