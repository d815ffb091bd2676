"""The search box through term bitmaps on a served archive: the index's hits, also right after a crawl wrote."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from datasette.app import Datasette
from datasette.database import QueryInterrupted
from datasette.plugins import pm

from archiver.datasette import table_search
from archiver.search import match_query
from archiver.serve import PLUGINS_DIR, metadata_for
from archiver.store import open_archive
from tests.e2e.helpers import get
from tests.search.sample import article, build_dense_archive, datasette_server, write_articles

pytestmark = pytest.mark.e2e
BROAD = 50


def status(root: str) -> dict:
    return json.loads(get(f"{root}/-/vn-archive.json"))["archive"]


def wait_for_current_bitmaps(root: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        bitmaps = status(root)["term_bitmaps"].get("articles")
        if bitmaps and bitmaps["current"]:
            return bitmaps
        assert time.monotonic() < deadline, status(root)
        time.sleep(0.1)


def searched_urls(root: str, text: str) -> list[str]:
    """Every URL of every page of the search box's results, in page order."""
    query = f"_search={quote(text)}&_shape=objects&_size=20"
    page = json.loads(get(f"{root}/archive/articles.json?{query}"))
    urls = [row["url"] for row in page["rows"]]
    while page["next"]:
        page = json.loads(get(f"{root}/archive/articles.json?{query}&_next={quote(page['next'])}"))
        urls += [row["url"] for row in page["rows"]]
    return urls


def index_urls(db_path: Path, text: str) -> set[str]:
    with sqlite3.connect(db_path) as conn:
        sql = "SELECT url FROM articles WHERE rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
        return {row[0] for row in conn.execute(sql, [match_query(text)])}


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    return build_dense_archive(tmp_path / "archive.db")


@pytest.fixture()
def root(db_path: Path):
    with datasette_server(db_path, plugin={"broad_search": BROAD, "term_bitmaps": ["articles"]}) as url:
        get(f"{url}/-/versions.json")  # the first request starts the warm-up
        yield url


QUERIES = ["xa uy ban", "dai bieu bao", "ocop xa", "xa - ban 🎉", '"uy ban" xa', '"uy ban" ocop', "thon", "khong co"]


def test_the_search_box_finds_what_the_index_holds(root: str, db_path: Path) -> None:
    bitmaps = wait_for_current_bitmaps(root)
    assert bitmaps["words"] >= 10
    for text in QUERIES:
        urls = searched_urls(root, text)
        assert len(urls) == len(set(urls))
        assert set(urls) == index_urls(db_path, text), text
    narrow = json.loads(get(f"{root}/archive/articles.json?_search=ocop+xa&_size=0"))
    assert narrow["filtered_table_rows_count"] == len(index_urls(db_path, "ocop xa")) <= BROAD


def test_an_article_written_after_the_build_is_found_at_once_and_after_the_rebuild(root: str, db_path: Path) -> None:
    wait_for_current_bitmaps(root)
    db = open_archive(db_path)
    write_articles(db, [article("http://p/new", "Tin mới", "xã ủy ban ocop rượu")])
    db.close()
    assert "http://p/new" in searched_urls(root, "ocop ruou xa uy")  # the old bitmaps are not used
    wait_for_current_bitmaps(root)
    assert "http://p/new" in searched_urls(root, "ocop ruou xa uy")
    assert set(searched_urls(root, "xa uy ban")) == index_urls(db_path, "xa uy ban")


def test_without_bitmaps_configured_the_status_lists_none(db_path: Path) -> None:
    with datasette_server(db_path, plugin={"term_bitmaps": []}) as url:
        get(f"{url}/archive/articles?_search=xa")
        assert status(url)["term_bitmaps"] == {}


def test_a_search_that_runs_out_of_time_gets_datasettes_error_page(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def too_slow(*args: object) -> None:
        raise QueryInterrupted(sqlite3.OperationalError("interrupted"), "term bitmaps AND xa", {})

    monkeypatch.setattr(table_search, "probe", too_slow)
    loaded = set(pm.get_plugins())
    try:
        datasette = Datasette([str(db_path)], metadata=metadata_for(db_path), plugins_dir=str(PLUGINS_DIR))

        async def visit() -> tuple[int, str]:
            response = await datasette.client.get("/archive/articles?_search=xa")
            return response.status_code, response.text

        status_code, text = asyncio.run(visit())
    finally:  # the plugin's hooks must not stay registered for the other tests of this process
        for plugin in set(pm.get_plugins()) - loaded:
            pm.unregister(plugin)
    assert status_code == 400 and "SQL query took too long" in text
