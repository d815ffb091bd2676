"""Datasette's CSV as served: every row, or a download that visibly fails.

Limits are lowered (20 rows per page, 1 MB per CSV) so a few hundred articles exercise what a
large archive would.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import urllib.request
from urllib.parse import quote, urlencode

import pytest

from archiver.datasette.csv_guard import INCOMPLETE
from tests.search.sample import article, build_sample, datasette_server

pytestmark = pytest.mark.e2e
ARTICLES = 300  # plus the sample's own
LIMITS = {"max_returned_rows": 20, "default_page_size": 10, "max_csv_mb": 1}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory):
    body = "Hội nghị tổng kết công tác Mặt trận năm 2023 của xã. " * 60  # about 3 kB, twice per row
    extra = [article(f"http://p/bulk/{i:04d}", f"Bài số {i}", body) for i in range(ARTICLES)]
    db_path = build_sample(tmp_path_factory.mktemp("csv") / "archive.db", extra)
    with datasette_server(db_path, **LIMITS) as url:
        yield url


def download(url: str) -> tuple[str, bool]:
    """The body as text, and whether the server completed it."""
    with urllib.request.urlopen(url, timeout=60) as response:
        try:
            return response.read().decode("utf-8"), True
        except http.client.IncompleteRead as cut:
            return cut.partial.decode("utf-8", "replace"), False


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("query", ["_size=max", "_stream=on", "_sort_desc=published_at&_stream=1", ""])
def test_the_csv_of_a_table_delivers_every_row_once(root: str, query: str) -> None:
    # Datasette's own "CSV" link asks for ?_size=max: one page (20 rows here) without the guard.
    # Most bulk articles share one publication time: a stream sorted by it would repeat and skip rows.
    text, complete = download(f"{root}/archive/articles.csv?{query}&_col=title&_col=site")
    assert complete and INCOMPLETE not in text
    urls = [r["url"] for r in rows(text)]
    assert len(urls) == len(set(urls)) == ARTICLES + 6


def test_filtered_and_searched_table_csvs_are_complete(root: str) -> None:
    text, complete = download(f"{root}/archive/articles.csv?_search=tong+ket&_col=title")
    assert complete and len(rows(text)) == ARTICLES
    text, complete = download(f"{root}/archive/articles.csv?site=other&_col=title")
    assert complete and [r["url"] for r in rows(text)] == ["http://p/hoi-nghi"]


def test_a_csv_past_max_csv_mb_fails_visibly(root: str) -> None:
    text, complete = download(f"{root}/archive/articles.csv?_stream=on")
    assert not complete
    last = text.rstrip("\r\n").rsplit("\r\n", 1)[-1]
    assert last.startswith(f'"{INCOMPLETE}: this CSV stopped after ') and "CSV contains more than" in last
    assert 0 < len(rows(text)) - 1 < ARTICLES  # rows before the note are whole rows


def test_a_query_csv_cut_at_max_returned_rows_fails_visibly(root: str) -> None:
    text, complete = download(f"{root}/archive.csv?{urlencode({'sql': 'select url from articles'})}")
    assert not complete
    assert text.rstrip().endswith(
        f"more than {LIMITS['max_returned_rows']} rows, the most Datasette returns "
        '(max_returned_rows). Nothing after this line."'
    )


@pytest.mark.parametrize("limit", [19, 20])
def test_a_query_csv_that_fits_is_complete(root: str, limit: int) -> None:
    sql = f"select url from articles order by url limit {limit}"
    text, complete = download(f"{root}/archive.csv?{urlencode({'sql': sql})}")
    assert complete and len(rows(text)) == limit and INCOMPLETE not in text


def test_canned_query_csv(root: str) -> None:
    text, complete = download(f"{root}/archive/articles_per_month.csv")
    assert complete and "2023-12" in {r["month"] for r in rows(text)}


def test_an_explicit_page_stays_a_page(root: str) -> None:
    first = json.loads(download(f"{root}/archive/articles.json?_sort=url&_size=5")[0])
    text, complete = download(f"{root}/archive/articles.csv?_sort=url&_size=5&_next={quote(first['next'])}")
    assert complete and [r["url"] for r in rows(text)] == [f"http://p/bulk/{i:04d}" for i in range(5, 10)]
