"""The store pipeline counts new records and writes the report (with breaches) when the spider closes."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from archiver.extract import ListingEntry
from archiver.pipelines import NormalizeFieldsPipeline, StoreRecordPipeline, ValidateRecordPipeline
from spiders.news import NewsSpider
from tests.spiders.conftest import BASE, make_spider, saved_page

SEED_URL = (
    BASE
    + "/tin-tuc/tham-gia-xay-dung-nong-thon-moi/so-ket-3-nam-2021-2023-thuc-hien-chuong-trinh-nong-thon-moi-512.html"
)


def crawl_once(db_path: Path, broken: tuple[str, ...] = (), **settings: Any) -> dict[str, Any]:
    """One run over the seed article; fields in `broken` are blanked as a redesigned page would leave them."""
    spider = make_spider(NewsSpider, ARCHIVER_DB=str(db_path), ARCHIVER_BATCH_SIZE=1, **settings)
    hint = ListingEntry(url=SEED_URL, title=None, date_raw="(17/09/2023)", summary="Kế hoạch sơ kết")
    item = next(spider.parse_article(saved_page("seed-article.html", SEED_URL), hint=hint))
    validate = ValidateRecordPipeline.from_crawler(spider.crawler)
    store = StoreRecordPipeline.from_crawler(spider.crawler)
    store.open_spider()
    record = NormalizeFieldsPipeline().process_item(item)
    record |= {name: None for name in broken}
    store.process_item(validate.process_item(record))
    store.close_spider()
    store.spider_closed(spider, "finished")
    row = Database(db_path).execute("SELECT report FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    return json.loads(row[0])


def test_first_run_counts_new_and_second_counts_unchanged(tmp_path: Path) -> None:
    first = crawl_once(tmp_path / "a.db")
    assert (first["articles"]["new"], first["articles"]["unchanged"]) == (1, 0)
    assert first["coverage"]["article"]["title"] == 1.0
    second = crawl_once(tmp_path / "a.db")
    assert (second["articles"]["new"], second["articles"]["unchanged"], second["articles"]["seen"]) == (0, 1, 1)


def test_a_blank_title_breaks_the_minimum_and_is_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="archiver.pipelines"):
        report = crawl_once(tmp_path / "a.db", broken=("title",), ARCHIVER_MIN_ITEMS_FOR_COVERAGE=1)
    assert [(b["kind"], b["field"], b["coverage"]) for b in report["breaches"]] == [("article", "title", 0.0)]
    assert "article title: 0% of 1 records" in caplog.text
    assert Database(tmp_path / "a.db")["articles"].count == 1  # the record is kept all the same


def test_coverage_is_not_judged_below_the_minimum_item_count(tmp_path: Path) -> None:
    report = crawl_once(tmp_path / "a.db", broken=("title",))
    assert report["coverage"]["article"]["title"] == 0.0
    assert report["breaches"] == []


def test_a_bad_threshold_stops_the_crawl_before_it_starts(tmp_path: Path) -> None:
    spider = make_spider(NewsSpider, ARCHIVER_DB=str(tmp_path / "a.db"), ARCHIVER_MIN_COVERAGE={"titel": 0.9})
    with pytest.raises(ValueError, match="unknown field 'titel'"):
        StoreRecordPipeline.from_crawler(spider.crawler)
