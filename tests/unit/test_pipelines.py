"""Normalise → Validate → Store on an item parsed from a saved page, through real crawler wiring."""

from __future__ import annotations

import json

from sqlite_utils import Database

from archiver.extract import ListingEntry
from archiver.pipelines import NormalizeFieldsPipeline, StoreRecordPipeline, ValidateRecordPipeline
from spiders.news import NewsSpider
from tests.spiders.conftest import BASE, make_spider, saved_page

SEED_URL = (
    BASE
    + "/tin-tuc/tham-gia-xay-dung-nong-thon-moi/so-ket-3-nam-2021-2023-thuc-hien-chuong-trinh-nong-thon-moi-512.html"
)


def run_pipelines(spider, items):
    crawler = spider.crawler
    chain = [
        NormalizeFieldsPipeline(),
        ValidateRecordPipeline.from_crawler(crawler),
        StoreRecordPipeline.from_crawler(crawler),
    ]
    store = chain[-1]
    store.open_spider()
    results = []
    for item in items:
        for pipeline in chain:
            item = pipeline.process_item(item)
        results.append(item)
    store.close_spider()
    store.spider_closed(spider, "finished")
    return results


def test_seed_page_through_the_pipelines(tmp_path) -> None:
    db_path = tmp_path / "a.db"
    spider = make_spider(NewsSpider, ARCHIVER_DB=str(db_path), ARCHIVER_BATCH_SIZE=1)
    hint = ListingEntry(url=SEED_URL, title=None, date_raw="(17/09/2023)", summary="Kế hoạch sơ kết")
    item = next(spider.parse_article(saved_page("seed-article.html", SEED_URL), hint=hint))
    [record] = run_pipelines(spider, [item])
    assert record["warnings"] == []
    db = Database(db_path)
    row = next(db.query("SELECT * FROM articles"))
    assert row["published_at"] == "2023-09-17T21:50:00+07:00"
    assert (row["published_raw"], row["published_year_source"], row["published_precision"]) == (
        "21:50 | 17/09",
        "listing",
        "minute",
    )
    assert (row["poster"], json.loads(row["authors"]), row["byline_raw"]) == ("Quản trị", ["NH"], "Tác giả: NH")
    assert row["view_count"] == 639
    assert "Bí thư, Chủ tịch UBND xã" in row["body_text"] and "Chủ tịch UBND huyện chủ trì" in row["body_text"]
    run = next(db.query("SELECT * FROM crawl_runs"))
    assert (run["spider"], run["site"], run["status"], run["items"]) == ("news", "demo", "finished", 1)
    assert json.loads(run["stats"])["archiver/article/stored"] == 1


def test_a_page_with_broken_fields_is_stored_with_warnings(tmp_path) -> None:
    db_path = tmp_path / "a.db"
    spider = make_spider(NewsSpider, ARCHIVER_DB=str(db_path))
    broken = saved_page("seed-article.html", SEED_URL).replace(
        body=b"<html><body><p>Trang \xc4\x91ang b\xe1\xba\xa3o tr\xc3\xac</p></body></html>"
    )
    item = next(spider.parse_article(broken))
    [record] = run_pipelines(spider, [item])
    assert "title: missing" in record["warnings"] and "published_at: missing" in record["warnings"]
    assert spider.crawler.stats.get_value("archiver/article/field/title/missing") == 1
    row = next(Database(db_path).query("SELECT url, warnings FROM articles"))
    assert row["url"] == SEED_URL and "title: missing" in json.loads(row["warnings"])


def test_records_wait_for_a_full_batch(tmp_path) -> None:
    db_path = tmp_path / "a.db"
    spider = make_spider(NewsSpider, ARCHIVER_DB=str(db_path), ARCHIVER_BATCH_SIZE=3, ARCHIVER_BATCH_SECONDS=3600)
    store = StoreRecordPipeline.from_crawler(spider.crawler)
    store.open_spider()
    normalize = NormalizeFieldsPipeline()
    items = [next(spider.parse_article(saved_page("seed-article.html", f"{BASE}/a-{i}.html"))) for i in range(4)]
    db = Database(db_path)
    for item in items[:2]:
        store.process_item(normalize.process_item(item))
    assert db["articles"].count == 0
    store.process_item(normalize.process_item(items[2]))
    assert db["articles"].count == 3
    store.process_item(normalize.process_item(items[3]))
    store.close_spider()
    assert db["articles"].count == 4
