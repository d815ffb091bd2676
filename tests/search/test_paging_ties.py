"""Paging through a sorted table shows every row once, however many rows share the sort value."""

from __future__ import annotations

import json
import sqlite3
from urllib.parse import quote

import pytest

from archiver.datasette.stable_order import (
    facets_of_every_page,
    first_page,
    table_keys,
    unescaped,
    walking_the_sort_index,
    with_tie_breaker,
)
from tests.e2e.helpers import get
from tests.search.sample import article, build_sample, datasette_server

pytestmark = pytest.mark.e2e
TIED = 240  # articles sharing three publication times, two view counts and one site


def tied_articles() -> list[dict]:
    records = []
    for i in range(TIED):
        # URLs whose order is not the order they were written in (rowid order)
        record = article(f"http://p/tie/{(i * 37) % TIED:03d}", f"Bài {i} xã", "Tin xã", view_count=i % 2)
        record["published_at"] = [None, "2023-09-17", "2023-09-17T21:50:00+07:00"][i % 3]
        records.append(record)
    return records


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory):
    db_path = build_sample(tmp_path_factory.mktemp("ties") / "archive.db", tied_articles())
    with datasette_server(db_path) as url:
        yield url


def every_page(root: str, query: str) -> list[dict]:
    """The rows of every page, following `next` links (20 rows a page)."""
    url = f"{root}/archive/articles.json?_shape=objects&_size=20&_col=published_at&_col=view_count&_col=site&{query}"
    page = json.loads(get(url))
    rows = page["rows"]
    while page["next"]:
        page = json.loads(get(f"{url}&_next={quote(page['next'])}"))
        rows += page["rows"]
    return rows


@pytest.mark.parametrize(
    ("query", "column", "descending"),
    [
        ("", "published_at", True),  # the table's default sort (metadata sort_desc)
        ("_sort=published_at", "published_at", False),
        ("_sort_desc=view_count", "view_count", True),
        ("_sort=site", "site", False),
        ("_search=xa&_sort_desc=published_at", "published_at", True),
        ("site=demo&_sort=view_count", "view_count", False),
    ],
)
def test_every_row_once_in_sort_order(root: str, query: str, column: str, descending: bool) -> None:
    rows = every_page(root, query)
    urls = [row["url"] for row in rows]
    assert len(urls) == len(set(urls))
    expected = json.loads(get(f"{root}/archive/articles.json?_shape=objects&_size=1000&_col=url&{query}"))["rows"]
    assert set(urls) == {row["url"] for row in expected} and len(urls) > TIED * 0.9
    values = [row[column] for row in rows if row[column] is not None]
    assert values == sorted(values, reverse=descending)
    if descending:  # Datasette puts missing values last, either way
        assert all(row[column] is None for row in rows[len(values) :])


PAGE = "select url, title from articles where site = :p0 order by published_at desc limit 21"


@pytest.mark.parametrize(
    ("sql", "matches"),
    [
        (PAGE, True),
        ("select rowid, [name], \"a\"\"b\" from [my table] order by [when] limit 101", True),
        ("select url from articles order by view_count limit 101", True),
        # the pages after the first, already ordered by the key
        ("select url from articles where (published_at < :p0) order by published_at desc, url limit 21", False),
        # a facet, a count, a view's offset page, a subquery at the end
        ("select site as value, count(*) as count from (select * from articles) group by site "
         "order by count desc, value limit 31", False),
        ("select count(*) from articles where site = :p0", False),
        ("select url from v order by url limit 21 offset 40", False),
        ("select url from articles where rowid in (select rowid from a order by x limit 5)", False),
        # a compound SELECT may order by its result columns only
        ("select title from articles where 1 union select title from videos order by title limit 5", False),
    ],
)  # fmt: skip
def test_first_page_queries_are_recognised(sql: str, matches: bool) -> None:
    assert bool(first_page(sql)) is matches


def test_the_tie_breaker_follows_the_sort() -> None:
    assert with_tie_breaker(PAGE, ["url"]) == PAGE.replace(" desc limit", " desc, url limit")
    assert with_tie_breaker("select a from [t t] order by [b b] limit 5", ["rowid"]) == (
        "select a from [t t] order by [b b], rowid limit 5"
    )
    assert with_tie_breaker("select a from t order by b limit 5", ["k 1", "order"]) == (
        "select a from t order by b, [k 1], [order] limit 5"
    )
    assert [unescaped(name) for name in ("plain", "[in brackets]", '"a""b"')] == ["plain", "in brackets", 'a"b']


def test_keys_are_what_datasette_pages_by() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE keyed (url TEXT PRIMARY KEY, day TEXT)")
    conn.execute("CREATE TABLE pairs (a TEXT, b TEXT, day TEXT, PRIMARY KEY (a, b))")
    conn.execute("CREATE TABLE plain (day TEXT)")
    conn.execute("CREATE VIEW days AS SELECT day FROM plain")
    assert table_keys(conn, "keyed") == ["url"]
    assert table_keys(conn, "pairs") == ["a", "b"]
    assert table_keys(conn, "plain") == ["rowid"]
    assert table_keys(conn, "days") is None  # a view is paged by offset and has no rowid to add
    assert table_keys(conn, "missing") is None


AFTER = {  # Datasette's queries of the pages after the first: filters' parameters, the key's, the sort value's
    "desc": "select k from t where (d < :p1 or d is null or (d = :p1 and ((k > :p0)))) order by d desc, k limit 9",
    "asc": "select k from t where site = :p0 and (d > :p2 or (d = :p2 and ((k > :p1)))) order by d, k limit 9",
    "asc from missing": "select k from t where (d is not null or (d is null and ((k > :p0)))) order by d, k limit 9",
    "rowid": "select rowid, x from [a b] where ([c d] < :p1 or [c d] is null or ([c d] = :p1 and rowid > :p0)) "
    "order by [c d] desc, rowid limit 21",
}
KEPT = {  # no OR for SQLite to answer by collecting rows, or not Datasette's condition
    "desc in missing": "select k from t where (d is null and ((k > :p0))) order by d desc, k limit 21",
    "another column": "select k from t where (n < :p1 or n is null or (n = :p1 and ((k > :p0)))) "
    "order by d desc, k limit 21",
    "sorted by the key": "select k from t where (k > :p1 or (k = :p1 and ((k > :p0)))) order by k, k limit 21",
    "a filter numbered after it": "select k from t where (d > :p1 or (d = :p1 and ((k > :p0)))) and site = :p2 "
    "order by d, k limit 21",
    "first page": "select k from t order by d desc, k limit 21",
}


@pytest.mark.parametrize("name", AFTER)
def test_following_pages_walk_the_sort_index(name: str) -> None:
    sql = AFTER[name]
    where, order = sql[sql.index("where ") :].split(" order by ")
    condition = where.removeprefix("where ").removeprefix("site = :p0 and ")
    expected = sql.replace(condition, f"CASE WHEN {condition} THEN 1 ELSE 0 END")
    assert walking_the_sort_index(sql) == expected != sql


def test_following_pages_of_a_rowid_table_break_ties_by_rowid() -> None:
    # as its first page does (with_tie_breaker): the sort column's index then gives the whole order
    assert walking_the_sort_index(AFTER["desc"], "t") == (
        "select k from t where CASE WHEN (d < :p1 or d is null or (d = :p1 and "
        "rowid < (SELECT rowid FROM t WHERE k = :p0))) THEN 1 ELSE 0 END order by d desc, rowid desc limit 9"
    )
    assert walking_the_sort_index(AFTER["asc"], "t").endswith(
        "(d = :p2 and rowid > (SELECT rowid FROM t WHERE k = :p1))) THEN 1 ELSE 0 END order by d, rowid limit 9"
    )
    assert walking_the_sort_index(KEPT["desc in missing"], "t") == (
        "select k from t where (d is null and rowid < (SELECT rowid FROM t WHERE k = :p0)) "
        "order by d desc, rowid desc limit 21"
    )
    assert with_tie_breaker("select k from t order by d desc limit 21", ["k"], by_rowid=True) == (
        "select k from t order by d desc, rowid desc limit 21"
    )


@pytest.mark.parametrize("name", KEPT)
def test_other_queries_are_kept(name: str) -> None:
    assert walking_the_sort_index(KEPT[name]) == KEPT[name]


def test_the_rewritten_pages_hold_the_same_rows() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (k TEXT PRIMARY KEY, site TEXT, d TEXT, n INTEGER)")
    conn.execute("CREATE INDEX t_d ON t (d)")
    conn.execute("CREATE INDEX t_n ON t (n)")
    days = [None, "2023-09-17", "2023-10-01", "2024"]
    rows = [(f"u{i:03d}", "s" if i % 4 else "z", days[i % 4], i % 7) for i in range(200)]
    conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", rows)
    by_number = AFTER["desc"].replace("(d ", "(n ").replace(" d ", " n ")
    queries = [(sql, 2) for name, sql in AFTER.items() if name != "rowid"] + [(by_number, 3)]
    for sql, column in queries:
        for row in rows[::9]:
            # Datasette passes the last row's values as text, whatever the column's type
            value = None if row[column] is None else str(row[column])
            params = {"p0": row[0], "p1": value} if "site" not in sql else {"p0": "s", "p1": row[0], "p2": value}
            assert conn.execute(walking_the_sort_index(sql), params).fetchall() == conn.execute(sql, params).fetchall()


def counts(page: dict) -> dict[str, list[tuple]]:
    return {name: [(r["value"], r["count"]) for r in facet["results"]] for name, facet in page["facet_results"].items()}


@pytest.mark.parametrize(
    "query", ["", "site=demo&_sort=view_count", "_sort=published_at", "_where=(view_count+is+null+or+view_count+%3D+1)"]
)
def test_facets_count_every_row_on_every_page(root: str, query: str) -> None:
    url = f"{root}/archive/articles.json?_size=20&_col=title&{query}"
    first = json.loads(get(url))
    second = json.loads(get(f"{url}&_next={quote(first['next'])}"))
    assert counts(second) == counts(first)
    sites = first["facet_results"]["site"]["results"]
    total = first["filtered_table_rows_count"]
    assert sum(site["count"] for site in sites) == total == second["filtered_table_rows_count"]
    assert total == len(every_page(root, query))


def test_a_facet_query_loses_only_the_condition_of_the_page() -> None:
    inner = "select url, site from articles {where}\n        "
    facet = "select site as value, count(*) as count from (\n" + inner + ") where site is not null group by site"
    cursor = "(published_at < :p{v} or published_at is null or (published_at = :p{v} and ((url > :p{k}))))"
    assert facets_of_every_page(facet.format(where=f"where {cursor.format(v=1, k=0)} ")) == facet.format(where="")
    filtered = f"where site = :p0 and {cursor.format(v=2, k=1)} "
    assert facets_of_every_page(facet.format(where=filtered)) == facet.format(where="where site = :p0 ")
    rows = f"select url from articles {filtered}order by published_at desc, url limit 21"
    assert facets_of_every_page(rows) == rows
    # a visitor's own conditions of a similar shape stay
    for own in ("(poster is null or poster = 'nobody')", "(published_at < :p0 or published_at is null)"):
        sql = facet.format(where=f"where site = :p1 and {own} ")
        assert facets_of_every_page(sql) == sql
        assert facets_of_every_page(f"select count(*) from articles where {own}") == (
            f"select count(*) from articles where {own}"
        )
