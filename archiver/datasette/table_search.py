"""The search box of the articles, videos and authors tables: folded, and quick on a million rows.

Datasette's own table search (`rowid IN (SELECT rowid FROM fts WHERE fts MATCH …)`) evaluates
the full-text query again for the count, the rows and every facet, and collects every hit
before it sorts: a common word in a million articles means a million hits and seconds per
page. The archive's indexes are contentless (Datasette would not find them anyway), so the
tables declare no `fts_table` and this module searches instead. Every search is first
*probed*: the index gives the rowids of its first BROAD_SEARCH + 1 hits.

* Narrow (at most BROAD_SEARCH hits): those rowids are the filter (`rowid IN json_each(…)`),
  so count, rows and facets never evaluate the query again; total and facets as usual.
* Broad: the page comes without total and facets (the ASGI middleware below asks Datasette
  for `_nocount` and `_nofacet`) and says so. When the hits are dense (a common word: the
  first hits are close together in rowid order) and the query short, a correlated `EXISTS`
  lets SQLite walk the page's sort order by index and stop after one page. Otherwise (a long
  query with scattered hits, where each `EXISTS` would cost a full evaluation) the hits are
  collected once and, when the sort column is indexed, SQLite still walks that index and
  tests each entry against them (`+rowid IN`: the `+` keeps SQLite from fetching every hit's
  row to sort it, which reads a page of a large row per hit: 0.2–3 s on 100,000 articles).
  A sort on a column without an index collects and sorts, as Datasette does.

The query is folded (archiver.search.match_query) in every case.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

import numpy as np
from datasette.database import QueryInterrupted
from datasette.filters import FilterArguments
from datasette.utils import sqlite_timelimit, tilde_decode

from archiver.datasette import bitmap_keeper, hit_sets
from archiver.search import INDEXED_COLUMNS, fts_table, match_parts, match_query, query_terms
from archiver.term_bitmaps import TermBitmaps, match_bits, read_transaction
from archiver.term_bitmaps import hits as term_hits

# More hits than this and a search is broad: no total count, no facets, one page at a time.
# metadata.yaml can set another (plugins: vn-archive: broad_search); 0 makes no search broad.
BROAD_SEARCH = 5000
# A broad search walks the sort order with EXISTS when (rows per page / density of hits) ×
# words stays under this: each EXISTS costs about one seek per word.
WALK_BUDGET = 3000
PAGE_ROWS = 101
# Where the middleware leaves the probe's answer for the filter hook of the same request.
SCOPE_KEY = "vn_archive.search_hits"
_TABLE_PATH = re.compile(r"^/(?P<database>[^/]+)/(?P<table>[^/.]+)(?:\.(?P<format>\w+))?$")

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]


@dataclass(frozen=True)
class TableSearch:
    """What a request asks to search: the text as typed and the column it is limited to (if any)."""

    text: str
    column: str | None = None

    def match(self) -> str:
        """The FTS5 expression: folded, and limited to the column when one is given."""
        expression = match_query(self.text)
        return f"{{{self.column}}} : ({expression})" if self.column else expression


@dataclass(frozen=True)
class Probe:
    """The first hits of a search, in rowid order, up to one more than the broad threshold."""

    rowids: tuple[int, ...]
    limit: int
    # Every hit (a byte per rowid) and its name in archiver.datasette.hit_sets, when the term
    # bitmaps knew them.
    hit_set: str | None = None
    hit_bits: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def broad(self) -> bool:
        return len(self.rowids) > self.limit

    def walkable(self, search: TableSearch) -> bool:
        """Whether walking the sort order with EXISTS finds a page quickly (dense hits, few words)."""
        span = self.rowids[-1] - self.rowids[0] + 1
        density = len(self.rowids) / span
        return PAGE_ROWS / density * max(1, len(query_terms(search.text))) <= WALK_BUDGET


def requested_search(table: str, args: Any) -> TableSearch | None:
    """`?_search=` or `?_search_<column>=` of an indexed table, if present and not blank."""
    columns = INDEXED_COLUMNS.get(table)
    if not columns:
        return None
    for key in args:
        if key == "_search" or key.startswith("_search_") and key[len("_search_") :] in columns:
            text = args.get(key) if hasattr(args, "get") else None
            if text and text.strip():
                return TableSearch(text, None if key == "_search" else key[len("_search_") :])
    return None


def broad_threshold(datasette: Any) -> int:
    """Hits above which a search is broad (0: none is)."""
    config = datasette.plugin_config("vn-archive") or {}
    return int(config.get("broad_search", BROAD_SEARCH))


async def probe(database: Any, table: str, search: TableSearch, limit: int) -> Probe:
    """The rowids of the first `limit` + 1 hits of `search`: from the term bitmaps, else the index."""
    bitmaps = bitmap_keeper.current(database, table) if search.column is None else None
    if bitmaps is not None:
        found = await _bitmap_probe(database, bitmaps, search, limit)
        if found is not None:
            return found
    index = fts_table(table)
    sql = f"SELECT rowid FROM [{index}] WHERE [{index}] MATCH :match LIMIT {limit + 1}"
    results = await database.execute(sql, {"match": search.match()})
    return Probe(tuple(int(row[0]) for row in results.rows), limit)


async def _bitmap_probe(database: Any, bitmaps: TermBitmaps, search: TableSearch, limit: int) -> Probe | None:
    """The probe from the term bitmaps, every hit of a broad search kept (None: the bitmaps cannot answer)."""
    time_limit = database.ds.setting("sql_time_limit_ms")
    parts = match_parts(search.text)

    def in_thread(conn: sqlite3.Connection) -> Probe | None:
        # The snapshot outermost: its ROLLBACK must not be cut short by the time limit.
        with read_transaction(conn), sqlite_timelimit(conn, time_limit):
            bits = match_bits(conn, bitmaps, parts)
            if bits is None:  # e.g. a part only SQLite reads (an emoji): the first hits, if the bitmaps can
                rowids = term_hits(conn, bitmaps, parts, limit + 1)
                return None if rowids is None else Probe(tuple(rowids), limit)
            first = tuple(int(rowid) for rowid in np.flatnonzero(np.frombuffer(bits, dtype=np.uint8))[: limit + 1])
            if len(first) <= limit:
                return Probe(first, limit)
            key = hit_sets.key_for(database.path, bitmaps.table, bitmaps.state, " ".join(parts))
            return Probe(first, limit, key, bits)

    try:
        return await database.execute_fn(in_thread)  # type: ignore[no-any-return]
    except sqlite3.OperationalError as error:
        if "interrupted" in str(error):
            raise QueryInterrupted(error, f"term bitmaps AND {' '.join(parts)}", {}) from error
        raise


def broad_where(table: str, match: str, walkable: bool, column: str | None, indexed: bool) -> str:
    """The WHERE clause of a broad search of `table` sorted by `column` (None: by rowid).

    Walking the sort order needs it to be the rowid or an indexed column; otherwise SQLite
    would scan the whole table.
    """
    index = fts_table(table)
    hits = f"(SELECT rowid FROM [{index}] WHERE {match})"
    if walkable and (column is None or indexed):
        return f"EXISTS (SELECT 1 FROM [{index}] WHERE {match} AND [{index}].rowid = [{table}].rowid)"
    if indexed:
        return f"+rowid IN {hits}"
    return f"rowid IN {hits}"


def sort_column(args: Any, table_metadata: dict[str, Any]) -> str | None:
    """The column a table page is sorted by: `?_sort=`/`?_sort_desc=`, else the metadata's (None: rowid)."""
    for key in ("_sort", "_sort_desc"):
        value = args.get(key) if hasattr(args, "get") else None
        if value:
            return str(value)
    return table_metadata.get("sort") or table_metadata.get("sort_desc") or None


async def has_index(database: Any, table: str, column: str) -> bool:
    """Whether a full (not partial) index of `table` starts with `column`, so SQLite can walk it in order."""
    sql = (
        "SELECT 1 FROM pragma_index_list(:table) AS l JOIN pragma_index_info(l.name) AS i "
        "WHERE l.partial = 0 AND i.seqno = 0 AND i.name = :column LIMIT 1"
    )
    results = await database.execute(sql, {"table": table, "column": column})
    return bool(results.rows)


async def search_filter(request: Any, database: str, table: str, datasette: Any) -> FilterArguments | None:
    """The filter behind the search box of an indexed table (Datasette's filters_from_request hook)."""
    if table not in INDEXED_COLUMNS:
        return None
    db = datasette.get_database(database)
    index = fts_table(table)
    if not await db.table_exists(index):
        return None
    search = requested_search(table, request.args)
    context: dict[str, Any] = {"supports_search": True}
    if search is None:
        return FilterArguments([], extra_context=context)
    threshold = broad_threshold(datasette)
    found: Probe | QueryInterrupted | None = request.scope.get(SCOPE_KEY)
    if isinstance(found, QueryInterrupted):
        raise found
    if found is None and threshold:
        found = await probe(db, table, search, threshold)
    match = f"[{index}] MATCH :vn_archive_search"
    params: dict[str, Any] = {"vn_archive_search": search.match()}
    if found is None:  # no threshold: Datasette's own way
        where = f"rowid IN (SELECT rowid FROM [{index}] WHERE {match})"
    elif not found.broad:
        where = "rowid IN (SELECT value FROM json_each(:vn_archive_hits))"
        params = {"vn_archive_hits": json.dumps(found.rowids)}
    elif found.hit_set and found.hit_bits is not None:
        # Kept now, just before the page's queries run (the probe may be a while older).
        hit_sets.remember(found.hit_set, found.hit_bits)
        where = "vn_search_hit(:vn_archive_hit_set, rowid)"
        params = {"vn_archive_hit_set": found.hit_set}
    else:
        column = sort_column(request.args, datasette.table_metadata(database, table))
        indexed = column is not None and await has_index(db, table, column)
        where = broad_where(table, match, found.walkable(search), column, indexed)
    scope = f"column {search.column} " if search.column else ""
    description = f'search {scope}matches "{search.text}"'
    if found is not None and found.broad:
        description += f" (more than {threshold:,} rows: no total or facets; add words or filters to narrow it)"
    context["search"] = search.text
    return FilterArguments([where], params, [description], context)


class BroadSearchGuard:
    """ASGI middleware: a broad search on a table page is asked for without total and facets.

    Counting or faceting half a million hits takes seconds; one page of them takes
    milliseconds. Facets the visitor asks for explicitly (`_facet=…`) are still computed,
    within Datasette's facet time limit.
    """

    def __init__(self, app: ASGIApp, datasette: Any) -> None:
        self.app = app
        self.datasette = datasette

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        match = _TABLE_PATH.match(scope.get("path", "")) if scope["type"] == "http" else None
        if match:
            scope = await self._guarded(scope, match)
        await self.app(scope, receive, send)

    async def _guarded(self, scope: Scope, match: re.Match[str]) -> Scope:
        table = tilde_decode(match["table"])
        args = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        search = requested_search(table, dict(args))
        if search is None:
            return scope
        try:
            database = self.datasette.get_database(route=tilde_decode(match["database"]))
        except KeyError:
            return scope
        threshold = broad_threshold(self.datasette)
        if not threshold or not await database.table_exists(fts_table(table)):
            return scope
        try:
            found = await probe(database, table, search, threshold)
        except QueryInterrupted as interrupted:  # raised again in the filter hook: Datasette's error page
            return dict(scope, **{SCOPE_KEY: interrupted})
        scope = dict(scope, **{SCOPE_KEY: found})
        if not found.broad:
            return scope
        keys = {key for key, _ in args}
        extra = [("_nocount", "1")] + ([] if any(k.startswith("_facet") for k in keys) else [("_nofacet", "1")])
        return dict(scope, query_string=urlencode(args + [e for e in extra if e[0] not in keys]).encode("latin-1"))
