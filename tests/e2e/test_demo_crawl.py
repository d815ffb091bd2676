"""Crawl the demo portal on loopback with the real `scrapy crawl`, then check every stored
field of every record against the generator's truth, then read it back through Datasette."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from sqlite_utils import Database

from archiver.demo.generator import DemoSite, build_site
from tests.e2e.helpers import REPO, assert_clean_run, crawl_on_loopback, free_port, get, scrapy_crawl, wait_for_http

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def site() -> DemoSite:
    return build_site()


@pytest.fixture(scope="module")
def crawled(site: DemoSite, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One crawl of both spiders, then a second, full one (`-a full=1`: every page again), against one demo portal."""
    db_path = tmp_path_factory.mktemp("e2e") / "archive.db"

    def crawl_twice(base_url: str) -> dict[str, Any]:
        first = [scrapy_crawl(name, base_url, db_path) for name in ("news", "videos")]
        after_first = _table_counts(db_path)
        second = [scrapy_crawl(name, base_url, db_path, "-a", "full=1") for name in ("news", "videos")]
        return {"runs": first + second, "after_first": after_first}

    return crawl_on_loopback(site, db_path, crawl_twice)


def _table_counts(db_path: Path) -> dict[str, int]:
    db = Database(db_path)
    return {t: db[t].count for t in ("articles", "videos", "view_snapshots", "authors", "images")}


def test_crawl_commands_succeed(crawled) -> None:
    for run in crawled["runs"]:
        assert_clean_run(run)


def test_every_article_is_archived_once_with_every_field_right(crawled, site: DemoSite) -> None:
    db = Database(crawled["db_path"])
    base = crawled["base"]
    rows = {row["url"]: row for row in db.query("SELECT * FROM articles")}
    assert set(rows) == {base + a.path for a in site.articles}
    for article in site.articles:
        row = rows[base + article.path]
        expected = {
            "site": "demo",
            "category": article.category.name,
            "title": article.title,
            "summary": article.summary,
            "published_at": article.published.isoformat(),
            "published_raw": article.published.strftime("%H:%M | %d/%m"),
            "published_precision": "minute",
            "published_year_source": "listing",
            "published_year": article.published.year,
            "poster": article.poster,
            "authors": list(article.authors),
            "byline_raw": f"Tác giả: {article.byline_raw}" if article.byline_raw else None,
            "view_count": article.view_count,
            "body_text": article.body_text,
            "word_count": len(article.body_text.split()),
            "related": [{"url": base + link.path, "title": link.title, "kind": link.kind} for link in article.related],
            "warnings": [],
        }
        actual = dict(row)
        actual["authors"] = json.loads(row["authors"])
        actual["warnings"] = json.loads(row["warnings"])
        actual["related"] = [{k: link[k] for k in ("url", "title", "kind")} for link in json.loads(row["related"])]
        assert {k: actual[k] for k in expected} == expected, article.path
        assert row["body_html"].startswith('<div class="detail-content"')
        assert row["fetched_at"] and row["first_seen_at"] <= row["last_seen_at"]


def test_images_and_authors_tables_match_the_truth(crawled, site: DemoSite) -> None:
    db = Database(crawled["db_path"])
    base = crawled["base"]
    images = {}
    for row in db.query("SELECT * FROM images ORDER BY article_url, position"):
        images.setdefault(row["article_url"], []).append((row["src"], row["caption"]))
    for article in site.articles:
        assert images.get(base + article.path, []) == [(base + im.src, im.caption) for im in article.images]
    authors = {}
    for row in db.query(
        "SELECT article_url, name FROM article_authors JOIN authors ON authors.id = author_id "
        "WHERE role = 'author' ORDER BY article_url, position"
    ):
        authors.setdefault(row["article_url"], []).append(row["name"])
    for article in site.articles:
        assert authors.get(base + article.path, []) == list(article.authors)


def test_every_video_is_archived_with_its_date(crawled, site: DemoSite) -> None:
    db = Database(crawled["db_path"])
    base = crawled["base"]
    rows = {row["url"]: row for row in db.query("SELECT * FROM videos")}
    assert set(rows) == {base + v.path for v in site.videos}
    for video in site.videos:
        row = rows[base + video.path]
        assert (row["title"], row["recorded_on"], row["media_url"], row["category"]) == (
            video.title,
            video.recorded_on.isoformat(),
            base + video.media_url,
            video.category.name,
        )
        assert row["recorded_on_source"] == "title"


def test_crawl_is_polite_and_never_fetches_mobile_or_tracking_variants(crawled) -> None:
    paths = crawled["requested"]
    assert "/robots.txt" in paths
    assert not [p for p in paths if p.startswith(("/admin", "/tim-kiem", "/m/")) or p == "/m"]
    assert not [p for p in paths if "utm_" in p]
    assert not [p for p in paths if p.startswith("/Uploads/")], "media must not be downloaded"


def test_second_full_crawl_updates_in_place_and_adds_view_history(crawled, site: DemoSite) -> None:
    before, after = crawled["after_first"], _table_counts(crawled["db_path"])
    assert before["articles"] == after["articles"] == len(site.articles)
    assert before["videos"] == after["videos"] == len(site.videos)
    assert before["view_snapshots"] == len(site.articles)
    assert after["view_snapshots"] == 2 * len(site.articles)
    assert before["authors"] == after["authors"] and before["images"] == after["images"]
    runs = list(Database(crawled["db_path"]).query("SELECT spider, status, items FROM crawl_runs ORDER BY id"))
    assert [(r["spider"], r["status"]) for r in runs] == [("news", "finished"), ("videos", "finished")] * 2
    assert runs[0]["items"] == len(site.articles)


def test_datasette_serves_json_csv_facets_and_search(crawled, site: DemoSite) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "archiver.cli", "serve", "--db", str(crawled["db_path"]), "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    root = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(root + "/-/versions.json")
        table = json.loads(get(root + "/archive/articles.json?_facet=category&_facet=published_year&_size=0"))
        assert table["filtered_table_rows_count"] == len(site.articles)
        categories = {f["value"]: f["count"] for f in table["facet_results"]["category"]["results"]}
        assert sum(categories.values()) == len(site.articles)
        assert "Tham gia xây dựng nông thôn mới" in categories
        assert len(table["facet_results"]["published_year"]["results"]) >= 2

        rows = list(
            csv.DictReader(io.StringIO(get(root + "/archive/articles.csv?_stream=on&_size=max").decode("utf-8")))
        )
        assert len(rows) == len(site.articles)
        by_url = {r["url"]: r for r in rows}
        sample = site.articles[0]
        assert by_url[crawled["base"] + sample.path]["title"] == sample.title

        word = "nông thôn"
        found = json.loads(get(root + f"/archive/articles.json?_search={quote(word)}&_size=0"))
        expected = sum(word in f"{a.title} {a.summary} {a.body_text}".lower() for a in site.articles)
        assert found["filtered_table_rows_count"] >= expected > 0

        authors = json.loads(get(root + "/archive/articles.json?_facet_array=authors&_size=0"))
        author_counts = {f["value"]: f["count"] for f in authors["facet_results"]["authors"]["results"]}
        top_name, top_count = max(author_counts.items(), key=lambda kv: kv[1])
        assert top_count == sum(top_name in a.authors for a in site.articles)

        metadata = json.loads(get(root + "/-/metadata.json"))
        assert "published_at" in metadata["databases"]["archive"]["tables"]["articles"]["columns"]
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_renormalising_stored_raw_values_reproduces_every_record(crawled) -> None:
    """What `reprocess` will rely on: the raw columns alone rebuild the normalised ones."""
    from archiver.normalize.records import normalize_article

    db = Database(crawled["db_path"])
    derived = (
        "published_at",
        "published_precision",
        "published_year_source",
        "published_year",
        "authors",
        "view_count",
        "body_text",
        "word_count",
        "title",
        "category",
        "poster",
    )
    for row in db.query("SELECT * FROM articles"):
        raw = {
            "url": row["url"],
            "site": row["site"],
            "fetched_at": row["fetched_at"],
            "title_raw": row["title"],
            "category_raw": row["category"],
            "summary_raw": row["summary"],
            "published_raw": row["published_raw"],
            "listing_date_raw": row["listing_date_raw"],
            "poster_raw": row["poster"],
            "views_raw": row["views_raw"],
            "byline_raw": row["byline_raw"],
            "body_html": row["body_html"],
        }
        again = normalize_article(raw)
        again["authors"] = json.dumps(again["authors"], ensure_ascii=False)
        assert {k: again[k] for k in derived} == {k: row[k] for k in derived}, row["url"]
