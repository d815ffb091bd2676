"""A crawl that adds many articles leaves the search index in one segment (first-time searches
for many words then look each word up once, not once per segment)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

from archiver.demo.generator import build_site
from archiver.demo.server import DemoServer
from archiver.search import index_segments, match_query
from archiver.sqlfunctions import register_functions
from tests.e2e.helpers import assert_clean_run, scrapy_crawl

pytestmark = pytest.mark.e2e
# Small batches: every commit adds a segment, as a long crawl does.
SMALL_BATCHES = ("-s", "ARCHIVER_BATCH_SIZE=5")


@pytest.fixture(scope="module")
def portal():
    with DemoServer(build_site(articles=60, videos=2)) as server:
        yield server


def _crawl(portal: DemoServer, db_path: Path, optimize_after: int) -> Database:
    run = scrapy_crawl(
        "news", portal.base_url, db_path, *SMALL_BATCHES, "-s", f"ARCHIVER_SEARCH_OPTIMIZE_AFTER={optimize_after}"
    )
    assert_clean_run(run)
    db = Database(db_path)
    register_functions(db)
    return db


def test_a_run_below_the_threshold_leaves_the_segments_alone(portal, tmp_path: Path) -> None:
    db = _crawl(portal, tmp_path / "a.db", optimize_after=0)
    assert index_segments(db, "articles") > 1


def test_a_run_adding_many_articles_merges_the_index_and_search_still_finds_them(portal, tmp_path: Path) -> None:
    db = _crawl(portal, tmp_path / "b.db", optimize_after=30)
    assert index_segments(db, "articles") == 1
    title = db.execute("SELECT title FROM articles ORDER BY rowid LIMIT 1").fetchone()[0]
    hits = db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", [match_query(title)]).fetchall()
    assert hits and db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 60
