"""Datasette hooks of the archive (loaded by `archiver serve` with --plugins-dir).

Thin: the logic lives in archiver.search, archiver.sqlfunctions and archiver.datasette.
Settings, in metadata.yaml under `plugins: vn-archive:`:
  broad_search: hits above which a table search skips total and facets (0: never)
  query_cache:  slow query results kept until the archive changes (0: none)
  query_cache_min_ms: how slow a query must be for its result to be kept (default 15)
  prewarm: tables whose page is recounted in the background after the archive changes
           (`table?column`: its pages of the 30 most common values of the column)
  term_bitmaps: tables searched through bitmaps of their densest words (rebuilt after changes)
Status of both per database: /-/vn-archive.json.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from datasette import hookimpl
from datasette.plugins import pm
from markupsafe import Markup

from archiver.datasette import hit_sets, stable_order
from archiver.datasette.author_facet import AuthorFacet
from archiver.datasette.cells import highlighted, views_link
from archiver.datasette.csv_guard import CsvGuard
from archiver.datasette.hook_trim import without_hook
from archiver.datasette.prewarm import Prewarming, warmup_status
from archiver.datasette.query_cache import QueryCache
from archiver.datasette.table_search import BroadSearchGuard, search_filter
from archiver.search import match_query
from archiver.sqlfunctions import register_on_connection

# Halves the time of a table page (archiver.datasette.hook_trim); the archive has no
# `*_markdown` column for this hook to convert. Loading this module again changes nothing.
without_hook(pm, "render_markdown", "render_cell")


@hookimpl(trylast=True)
def prepare_connection(conn: sqlite3.Connection) -> None:
    """vn_fold, vn_match, vn_snippet, vn_search_hit on every connection; `escape_fts` folds too.

    The archive's tables are searched by archiver.datasette.table_search; replacing
    Datasette's `escape_fts` also folds a search Datasette runs itself (`?_fts_table=`).
    `trylast` runs this after Datasette registered its own `escape_fts`, so this one stays.
    """
    register_on_connection(conn)
    hit_sets.register(conn)
    conn.create_function("escape_fts", 1, match_query, deterministic=True)


@hookimpl
def startup(datasette: Any) -> None:
    """Sorted tables page through every row once (archiver.datasette.stable_order); slow query
    results are kept until the archive changes (archiver.datasette.query_cache)."""
    config = _config(datasette)
    for database in datasette.databases.values():
        if config["query_cache"] and not database.is_memory:
            QueryCache(
                database, entries=int(config["query_cache"]), min_ms=float(config["query_cache_min_ms"])
            ).install()
        stable_order.install(database)  # around the cache: it keeps results of the rewritten queries


def _config(datasette: Any) -> dict[str, Any]:
    """The plugin's settings from metadata.yaml, with their defaults."""
    defaults = {"query_cache": 128, "query_cache_min_ms": 15, "prewarm": [], "term_bitmaps": []}
    return defaults | (datasette.plugin_config("vn-archive") or {})


@hookimpl(trylast=True)
def filters_from_request(request: Any, database: str, table: str, datasette: Any) -> Any:
    """The folded search box of articles, videos and authors (archiver.datasette.table_search).

    `trylast`: its "supports_search" must win over Datasette's own search filter, which
    does not recognise the archive's contentless indexes.
    """

    async def inner() -> Any:
        return await search_filter(request, database, table, datasette)

    return inner


@hookimpl
def register_facet_classes() -> list[type]:
    """`author`: articles per author, counted from article_authors (archiver.datasette.author_facet)."""
    return [AuthorFacet]


@hookimpl
def render_cell(value: Any, column: str, table: str | None, row: Any, datasette: Any) -> Markup | None:
    """Snippets with <mark>ed matches; an article's view count links to its views chart."""
    if table is None:
        return highlighted(value)
    if table == "articles" and column == "view_count":
        keys = row.keys() if hasattr(row, "keys") else ()
        return views_link(row["url"] if "url" in keys else None, value, datasette.urls.path("/"))
    return None


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """Busy pages recounted after changes; broad searches skip total and facets; CSVs complete or fail visibly."""

    config = _config(datasette)
    tables = config["prewarm"] if config["query_cache"] else []

    def wrap(app: Any) -> Any:
        guarded = BroadSearchGuard(CsvGuard(app, datasette), datasette)
        return Prewarming(guarded, datasette, tables, config["term_bitmaps"])

    return wrap


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    """/-/vn-archive.json: whether each database's pages are prewarmed and its term bitmaps current."""
    return [(r"^/-/vn-archive\.json$", warmup_status)]
