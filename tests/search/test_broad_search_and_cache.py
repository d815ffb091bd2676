"""Broad searches (more hits than the threshold) and the query cache, on a served archive."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from datasette.app import Datasette
from datasette.database import QueryInterrupted

from archiver.datasette import prewarm
from archiver.datasette.prewarm import keep_warm
from archiver.datasette.query_cache import PINNING, QueryCache
from archiver.datasette.table_search import Probe, TableSearch, broad_where, sort_column
from archiver.serve import metadata_for
from archiver.store import open_archive
from tests.e2e.helpers import get
from tests.search.sample import article, build_sample, datasette_server, write_articles

pytestmark = pytest.mark.e2e
BULK = 40


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    extra = [
        article(f"http://p/bulk/{i:02d}", f"Tin xã số {i}", "Tin tức của xã.", published_at=f"20{i:02d}-01-01")
        for i in range(BULK)
    ]
    return build_sample(tmp_path_factory.mktemp("broad") / "archive.db", extra)


@pytest.fixture(scope="module")
def root(db_path: Path):
    # Ten hits make a search broad here (5,000 in the shipped metadata).
    with datasette_server(db_path, plugin={"broad_search": 10, "query_cache_min_ms": 0}) as url:
        yield url


def table(root: str, query: str) -> dict:
    return json.loads(get(f"{root}/archive/articles.json?{query}&_shape=objects"))


def test_a_broad_search_pages_through_every_hit_without_total_or_facets(root: str) -> None:
    first = table(root, "_search=xa&_size=15")
    assert first["filtered_table_rows_count"] is None and first["facet_results"] == {}
    assert "more than 10 rows" in first["human_description_en"]
    urls = [row["url"] for row in first["rows"]]
    next_token = first["next"]
    while next_token:
        page = table(root, f"_search=xa&_size=15&_next={quote(next_token)}")
        urls += [row["url"] for row in page["rows"]]
        next_token = page["next"]
    assert len(urls) == len(set(urls)) == BULK + 4  # and four sample articles that mention a xã
    dates = [row["published_at"] for row in first["rows"]]
    assert dates == sorted(dates, reverse=True)


def every_url(root: str, query: str) -> list[str]:
    """The URLs of every page of a table search, in page order."""
    page = table(root, f"{query}&_size=15")
    urls = [row["url"] for row in page["rows"]]
    while page["next"]:
        page = table(root, f"{query}&_size=15&_next={quote(page['next'])}")
        urls += [row["url"] for row in page["rows"]]
    return urls


@pytest.mark.parametrize(("sort", "key"), [("_sort=published_at", "published_at"), ("_sort_desc=title", "title")])
def test_a_broad_search_sorted_by_an_indexed_or_plain_column_finds_every_hit(root: str, sort: str, key: str) -> None:
    urls = every_url(root, f"_search=xa&{sort}")
    assert len(urls) == len(set(urls)) == BULK + 4
    rows = table(root, f"_search=xa&{sort}&_size=max")["rows"]
    values = [row[key] for row in rows]
    assert values == sorted(values, reverse=sort.startswith("_sort_desc"))


def test_a_narrow_search_keeps_total_and_facets(root: str) -> None:
    data = table(root, f"_search={quote('hòa bình')}")
    assert data["filtered_table_rows_count"] == 2 and "site" in data["facet_results"]


def test_broad_and_narrow_find_the_same_rows(root: str) -> None:
    broad = {row["url"] for row in table(root, "_search=xa&_size=max")["rows"]}
    narrow = {row["url"] for row in table(root, "_search=xa&site=demo&_size=max&_nocount=1")["rows"]}
    assert narrow <= broad and len(broad) == BULK + 4


def test_column_search(root: str) -> None:
    assert {row["url"] for row in table(root, "_search_title=dang")["rows"]} == {"http://p/dai-hoi"}
    assert table(root, "_search_summary=dang")["rows"] == []


def test_cached_pages_follow_a_crawl_that_commits(root: str, db_path: Path) -> None:
    before = table(root, "_facet=category&_size=0")
    again = table(root, "_facet=category&_size=0")
    assert again["facet_results"] == before["facet_results"]
    writer = open_archive(db_path)
    write_articles(writer, [article("http://p/new", "Bài mới", "Mới.")])
    writer.close()
    after = table(root, "_facet=category&_size=0")
    assert after["filtered_table_rows_count"] == before["filtered_table_rows_count"] + 1


def test_query_cache_serves_again_until_another_connection_commits(tmp_path: Path) -> None:
    path = build_sample(tmp_path / "archive.db")
    datasette = Datasette([str(path)])
    database = datasette.get_database("archive")
    cache = QueryCache(database, min_ms=0)
    cache.install()
    sql = "select count(*) from articles"

    async def count() -> int:
        return int((await database.execute(sql)).rows[0][0])

    first = asyncio.run(count())
    assert asyncio.run(count()) == first and cache.hits == 1
    writer = open_archive(path)
    write_articles(writer, [article("http://p/new", "Bài mới", "Mới.")])
    writer.close()
    assert asyncio.run(count()) == first + 1 and cache.hits == 1
    assert asyncio.run(count()) == first + 1 and cache.hits == 2
    assert asyncio.run(database.execute("select random()")) is not asyncio.run(database.execute("select random()"))


def test_pinned_results_outlive_a_flood_of_other_queries_but_not_a_commit(tmp_path: Path) -> None:
    path = build_sample(tmp_path / "archive.db")
    database = Datasette([str(path)]).get_database("archive")
    cache = QueryCache(database, entries=2, min_ms=0)
    cache.install()
    pinned_sql = "select count(*) from articles"

    async def scenario() -> None:
        token = PINNING.set(True)
        first = (await database.execute(pinned_sql)).rows[0][0]
        PINNING.reset(token)
        for limit in range(1, 6):  # more than the two entries the LRU keeps
            await database.execute(f"select url from articles limit {limit}")
        hits = cache.hits
        assert (await database.execute(pinned_sql)).rows[0][0] == first and cache.hits == hits + 1
        await database.execute("select url from articles limit 1")
        assert cache.hits == hits + 1  # evicted by the flood: not pinned
        writer = open_archive(path)
        write_articles(writer, [article("http://p/new", "Bài mới", "Mới.")])
        writer.close()
        assert (await database.execute(pinned_sql)).rows[0][0] == first + 1 and cache.hits == hits + 1

    asyncio.run(scenario())


def sample_with_cache(tmp_path: Path) -> tuple[Path, Datasette, Any, QueryCache]:
    """The sample archive served in-process, every query through a cache keeping every result."""
    path = build_sample(tmp_path / "archive.db")
    datasette = Datasette([str(path)], metadata=metadata_for(path))
    database = datasette.get_database("archive")
    cache = QueryCache(database, min_ms=0)
    cache.install()
    return path, datasette, database, cache


def test_prewarming_recounts_the_table_page_after_each_change(tmp_path: Path) -> None:
    path, datasette, database, cache = sample_with_cache(tmp_path)

    async def page_count() -> int:
        return int((await datasette.client.get("/archive/articles.json?_size=1")).json()["filtered_table_rows_count"])

    async def scenario() -> None:
        await datasette.invoke_startup()
        warming = asyncio.create_task(keep_warm(datasette, database, ["articles"], interval=0.05))
        await asyncio.sleep(0.5)
        assert len(cache) > 0
        hits = cache.hits
        assert await page_count() == 6 and cache.hits > hits  # the visitor gets counted results
        writer = open_archive(path)
        write_articles(writer, [article("http://p/new", "Bài mới", "Mới.")])
        writer.close()
        await asyncio.sleep(0.5)
        hits = cache.hits
        assert await page_count() == 7 and cache.hits > hits  # recounted before the visitor came
        warming.cancel()

    asyncio.run(scenario())


def test_prewarming_the_page_of_each_site(tmp_path: Path) -> None:
    _, datasette, database, cache = sample_with_cache(tmp_path)

    async def scenario() -> None:
        await datasette.invoke_startup()
        warming = asyncio.create_task(keep_warm(datasette, database, ["articles?site"], interval=0.05))
        await asyncio.sleep(0.5)
        misses = cache.misses
        for site in ("demo", "other"):
            assert (await datasette.client.get(f"/archive/articles?site={site}")).status_code == 200
        assert cache.misses == misses  # every query of both pages was run before the visitor came
        assert (await datasette.client.get("/archive/articles?site=demo&category=x")).status_code == 200
        assert cache.misses > misses  # a page nobody prewarmed
        warming.cancel()

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("rowids", "words", "walk"),
    [
        (range(1, 5002), "xa", True),  # every row matches: a page is the first 101 rows
        (range(1, 50_000, 10), "xa", True),  # one row in ten: about a thousand checks
        (range(1, 50_000, 10), "tuyen truyen luat dat dai cho hoi vien", False),
        (range(1, 500_000, 100), "xa", False),  # one row in a hundred: collect and sort instead
    ],
)
def test_broad_searches_walk_the_sort_order_only_when_hits_are_dense(rowids: range, words: str, walk: bool) -> None:
    assert Probe(tuple(rowids), 5000).walkable(TableSearch(words)) is walk


@pytest.mark.parametrize(
    ("walkable", "column", "indexed", "kind"),
    [
        (True, None, False, "EXISTS"),  # rowid order: walk it
        (True, "published_at", True, "EXISTS"),  # walk the index
        (True, "title", False, "rowid IN"),  # no index to walk: walking would scan the table
        (False, "published_at", True, "+rowid IN"),  # collect the hits, walk the index testing each entry
        (False, "title", False, "rowid IN"),  # collect and sort
        (False, None, False, "rowid IN"),
    ],
)
def test_broad_searches_walk_only_a_sort_order_sqlite_can_walk(
    walkable: bool, column: str | None, indexed: bool, kind: str
) -> None:
    where = broad_where("articles", "[articles_fts] MATCH :q", walkable, column, indexed)
    assert where.startswith(kind) and "[articles_fts] MATCH :q" in where


def test_the_sort_column_comes_from_the_request_then_the_metadata() -> None:
    assert sort_column({"_sort": "title"}, {"sort_desc": "published_at"}) == "title"
    assert sort_column({"_sort_desc": "view_count"}, {}) == "view_count"
    assert sort_column({}, {"sort_desc": "published_at"}) == "published_at"
    assert sort_column({"_search": "xa"}, {}) is None


def test_one_prewarming_loop_per_datasette_whatever_the_number_of_apps(tmp_path: Path, monkeypatch) -> None:
    path = build_sample(tmp_path / "archive.db")
    datasette = Datasette([str(path)])
    started: list[object] = []

    async def fake_keep_warm(ds: object, database: object, tables: object, **options: object) -> None:
        started.append(database)

    monkeypatch.setattr(prewarm, "keep_warm", fake_keep_warm)

    async def app(scope: dict, receive: object, send: object) -> None:
        return None

    async def scenario() -> None:
        server_app = prewarm.Prewarming(app, datasette, ["articles"])
        client_app = prewarm.Prewarming(app, datasette, ["articles"])  # datasette.client's own app
        for wrapped in (server_app, client_app, server_app):
            await wrapped({"type": "http"}, None, None)
        await asyncio.sleep(0)

    asyncio.run(scenario())
    assert len(started) == 1


def test_pinned_results_are_kept_however_quick(tmp_path: Path) -> None:
    path = build_sample(tmp_path / "archive.db")
    database = Datasette([str(path)]).get_database("archive")
    cache = QueryCache(database, min_ms=60_000)  # no visitor query is that slow
    cache.install()
    sql = "select url from articles order by url limit 3"

    async def scenario() -> None:
        await database.execute(sql)
        await database.execute(sql)
        assert cache.hits == 0
        token = PINNING.set(True)
        await database.execute(sql)
        PINNING.reset(token)
        await database.execute(sql)
        assert cache.hits == 1

    asyncio.run(scenario())


def test_a_pinned_facet_is_not_cut_short_by_the_facet_time_limit(tmp_path: Path) -> None:
    path = build_sample(tmp_path / "archive.db")
    database = Datasette([str(path)]).get_database("archive")
    cache = QueryCache(database, min_ms=0)
    cache.install()
    slow = "with recursive n(i) as (select 1 union all select i + 1 from n where i < 300000) select count(*) from n"

    async def scenario() -> None:
        with pytest.raises(QueryInterrupted):  # a visitor's facet: 1 ms is not enough
            await database.execute(slow, custom_time_limit=1)
        token = PINNING.set(True)
        assert (await database.execute(slow, custom_time_limit=1)).rows[0][0] == 300000
        PINNING.reset(token)
        hits = cache.hits
        assert (await database.execute(slow, custom_time_limit=1)).rows[0][0] == 300000
        assert cache.hits == hits + 1

    asyncio.run(scenario())
