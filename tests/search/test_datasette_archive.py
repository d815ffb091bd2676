"""The archive as `archiver serve` serves it: folded search box, ranked search, metadata, canned
queries, facets, charts' data, settings fit for public serving."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import urllib.error
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
import yaml
from sqlite_utils import Database

from archiver.serve import DATASETTE_SETTINGS, METADATA_TEMPLATE, datasette_command, metadata_for
from tests.e2e.helpers import REPO, free_port, get, wait_for_http
from tests.search.sample import build_sample, datasette_server

pytestmark = pytest.mark.e2e
METADATA = yaml.safe_load(METADATA_TEMPLATE.read_text(encoding="utf-8"))
QUERIES = METADATA["databases"]["archive"]["queries"]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("served") / "archive.db")


@pytest.fixture(scope="module")
def root(db_path: Path):
    with datasette_server(db_path) as url:
        yield url


def get_json(url: str) -> dict:
    return json.loads(get(url))


def search_box(root: str, table: str, query: str) -> set[str]:
    key = "name" if table == "authors" else "url"
    data = get_json(f"{root}/archive/{table}.json?_search={quote(query)}&_shape=objects&_size=max")
    return {row[key] for row in data["rows"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dai hoi dang", {"http://p/dai-hoi"}),
        ("Đại hội Đảng", {"http://p/dai-hoi"}),
        ("Đại hội", {"http://p/dai-hoi", "http://p/hoi-nghi"}),
        ("nong thon moi", {"http://p/nfd"}),
        ("hòa", {"http://p/hoa", "http://p/hoa-2"}),
        ("thuỷ", {"http://p/hoa", "http://p/hoa-2"}),
    ],
)
def test_search_box_on_articles_folds_the_query(root: str, query: str, expected: set[str]) -> None:
    assert search_box(root, "articles", query) == expected


def test_search_box_on_videos_and_authors_folds_the_query(root: str) -> None:
    assert search_box(root, "videos", "ban tin doan ket") == {"http://p/video/1"}
    assert search_box(root, "authors", "thu huong") == {"Thu Hương"}


def test_search_page_shows_the_query_as_typed(root: str) -> None:
    html = get(f"{root}/archive/articles?_search={quote('Đại hội')}").decode()
    assert 'value="Đại hội"' in html and "2 rows" in html


def test_ranked_search_marks_matches(root: str) -> None:
    data = get_json(f"{root}/archive/search.json?q={quote('hoa binh')}&_shape=objects")
    titles = [row["title"] for row in data["rows"]]
    assert set(titles) == {"Lễ hội 【Hoà】 【Bình】", "Gương sáng xã 【Hòa】 【Bình】"}
    html = get(f"{root}/archive/search?q={quote('hoa binh')}").decode()
    assert "<mark>Hòa</mark>" in html


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_canned_query_runs(root: str, db_path: Path, name: str) -> None:
    db = Database(db_path)
    depth_schema = "article_versions" in db.table_names() and "gone_at" in db["articles"].columns_dict
    if name in ("edited_articles", "article_history", "gone_articles") and not depth_schema:
        pytest.skip(f"{name} needs the archive-depth schema (article_versions, articles.gone_at)")
    params = {"q": "dai hoi", "site": "", "days": "", "url": "http://p/hoa-2", "name": "", "author": "thu huong"}
    sql_params = [p for p in params if f":{p}" in QUERIES[name]["sql"]]
    data = get_json(f"{root}/archive/{name}.json?{urlencode({p: params[p] for p in sql_params})}&_shape=objects")
    assert data["ok"] is not False


def test_canned_queries_answer_research_questions(root: str) -> None:
    months = get_json(f"{root}/archive/articles_per_month.json?_shape=objects")["rows"]
    assert {"month": "2023-12", "site": "demo", "articles": 2} in months
    viewed = get_json(f"{root}/archive/most_viewed.json?site=&_shape=objects")["rows"]
    assert viewed[0]["url"] == "http://p/hoa-2"
    growing = get_json(f"{root}/archive/fastest_growing_views.json?days=60&_shape=objects")["rows"]
    assert (growing[0]["url"], growing[0]["gained"], growing[0]["observations"]) == ("http://p/hoa-2", 2460, 4)
    # By default the last 30 days of history: one observation of that article only.
    assert get_json(f"{root}/archive/fastest_growing_views.json?days=&_shape=objects")["rows"] == []
    by_author = get_json(f"{root}/archive/articles_by_author.json?author={quote('THU HUONG')}&_shape=objects")
    assert {row["url"] for row in by_author["rows"]} == {"http://p/hoa", "http://p/hoa-2"}


def test_default_facets_cover_site_category_author_year_month(root: str) -> None:
    facets = get_json(f"{root}/archive/articles.json?_size=max")["facet_results"]
    assert set(facets) == {"site", "category", "published_year", "published_month", "authors"}
    authors = {f["value"]: f for f in facets["authors"]["results"]}
    assert authors["Thu Hương"]["count"] == 2
    selected = get_json(authors["Thu Hương"]["toggle_url"] + "&_shape=objects")
    assert {row["url"] for row in selected["rows"]} == {"http://p/hoa", "http://p/hoa-2"}
    narrowed = {f["value"]: f["count"] for f in selected["facet_results"]["authors"]["results"]}
    assert narrowed == {"Thu Hương": 2, "NH": 1}


@pytest.mark.parametrize("site", ["demo", "other", "missing"])
def test_one_site_author_facet_counts_that_site(root: str, db_path: Path, site: str) -> None:
    # read from site_author_counts (kept by triggers), the same as joining the site's articles
    page = get_json(f"{root}/archive/articles.json?site={site}&_size=0")
    counted = {f["value"]: f["count"] for f in page["facet_results"]["authors"]["results"]}
    with sqlite3.connect(db_path) as conn:
        joined = conn.execute(
            "SELECT au.name, count(*) FROM article_authors aa JOIN articles a ON a.url = aa.article_url "
            "JOIN authors au ON au.id = aa.author_id WHERE aa.role = 'author' AND a.site = ? GROUP BY au.name",
            [site],
        )
        assert counted == dict(joined.fetchall())
    assert counted or site == "missing"


def test_every_table_and_column_is_described(db_path: Path) -> None:
    tables = METADATA["databases"]["archive"]["tables"]
    db = Database(db_path)
    hidden = {
        name
        for name in db.table_names()
        if name.endswith(("_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config", "_fts_content"))
    }
    for table in set(db.table_names()) - hidden:
        assert table in tables, table
        described = tables[table].get("description") or tables[table].get("description_html")
        assert described, table
        missing = {column.name for column in db[table].columns} - set(tables[table].get("columns", {}))
        assert not missing, f"{table}: {sorted(missing)}"


def test_view_count_links_to_the_views_chart(root: str) -> None:
    html = get(f"{root}/archive/articles/{quote('http://p/hoa-2', safe='')}").decode()
    assert f'href="/-/dashboards/article-views?url={quote("http://p/hoa-2", safe="")}"' in html


def test_dashboards_and_their_queries(root: str) -> None:
    for page in ("/-/dashboards/archive-overview", "/-/dashboards/article-views?url=http%3A%2F%2Fp%2Fhoa-2"):
        assert b"vega" in get(root + page)
    charts = METADATA["plugins"]["datasette-dashboards"]["article-views"]["charts"]
    sql = charts["views-over-time"]["query"]
    rows = get_json(f"{root}/archive.json?{urlencode({'sql': sql, 'url': 'http://p/hoa-2'})}&_shape=objects")
    assert [r["view_count"] for r in rows["rows"]] == [40, 900, 1700, 2500]


def test_script_in_an_article_is_served_as_text(root: str) -> None:
    html = get(f"{root}/archive/articles/{quote('http://p/xss', safe='')}").decode()
    assert "&lt;script&gt;window.__xss" in html
    assert "<script>window.__xss" not in html and 'onerror="window' not in html
    assert 'href="javascript:' not in html


def test_settings_fit_public_serving(root: str, db_path: Path) -> None:
    settings = get_json(f"{root}/-/settings.json")
    for name in ("sql_time_limit_ms", "max_returned_rows", "facet_time_limit_ms", "max_csv_mb"):
        assert settings[name] == DATASETTE_SETTINGS[name]
    assert settings["allow_download"] is False and settings["suggest_facets"] is False
    databases = get_json(f"{root}/-/databases.json")
    assert databases[0]["is_mutable"] is True
    assert "--immutable" not in datasette_command(db_path, db_path, "127.0.0.1", 1)
    with pytest.raises(urllib.error.HTTPError):
        get(f"{root}/archive.json?{urlencode({'sql': 'delete from articles'})}")
    assert Database(db_path)["articles"].count >= 6


def test_stopping_archiver_serve_stops_datasette(db_path: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "archiver.cli", "serve", "--db", str(db_path), "--port", str(port)]
    serve = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_http(f"http://127.0.0.1:{port}/-/versions.json")
    serve.terminate()
    assert serve.wait(timeout=30) == 0
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=5):
        pass  # nothing listens any more: Datasette went with it


def test_metadata_follows_the_file_name(tmp_path: Path) -> None:
    metadata = metadata_for(tmp_path / "tinh.db")
    assert set(metadata["databases"]) == {"tinh"}
    charts = metadata["plugins"]["datasette-dashboards"]["archive-overview"]["charts"]
    assert {chart["db"] for chart in charts.values()} == {"tinh"}


def test_markdown_plugin_keeps_its_template_hooks_but_not_its_cell_hook(root: str) -> None:
    plugins = {plugin["name"]: plugin for plugin in get_json(f"{root}/-/plugins.json")}
    assert plugins["datasette-render-markdown"]["version"]  # still named by its package
    markdown = plugins["datasette-render-markdown"]["hooks"]
    assert "render_cell" not in markdown
    assert {"extra_template_vars", "prepare_jinja2_environment"} <= set(markdown)
    # a `*_markdown` column was converted by that hook; it is shown as text now
    sql = urlencode({"sql": "select '**bold**' as note_markdown"})
    html = get(f"{root}/archive?{sql}").decode()
    assert "**bold**" in html and "<strong>bold</strong>" not in html
