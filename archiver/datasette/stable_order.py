"""The first page of a sorted table ordered like the pages after it, so paging visits every row once.

Datasette 0.65.5 pages through a table sorted by a column by keyset: the link to the next
page carries the last row's sort value and primary key, and that page's query orders by the
column *then* the primary key. The first page's query orders by the column alone, so rows
sharing a value (articles published the same minute, or dated only to the day) come in
whatever order SQLite's plan yields, usually rowid order, and the pages after it, ordered by
URL, repeat some of them and never show others (measured: 597 articles of one date, 20 per
page: 83 rows, 64 distinct). Streamed CSVs are kept in primary-key order for the same reason
(archiver.datasette.csv_guard).

`install` wraps a database's `execute` so that the first-page query gets the same tie-breaker
as the following pages. Appending the primary key to an ORDER BY only settles an order SQL
left open, so a visitor's own query of the same shape is rewritten harmlessly too.

It also keeps the following pages quick. Their condition "after the last row",
`(published_at < :p0 or published_at is null or (published_at = :p0 and url > :p1))`, is an
OR of indexed terms, so SQLite collected every row of every term and sorted them all: page
two of the articles took 10-80 s on a million articles, past the 3 s limit. As the test of a
`CASE WHEN … THEN 1 ELSE 0 END` it is a term no index serves, so SQLite walks the sort index
instead, testing entry by entry: 2 ms for page two, 0.08-0.16 s half-way or near the end.
The alternatives measured worse: `+(…)` computes the whole OR, reading every row's URL from
the table (2.4-3 s half-way), and `+column` drops the column's affinity (Datasette passes the
last value as text, and to SQLite every number is less than any text).
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from datasette.utils import detect_primary_keys, escape_sqlite

# A name as Datasette's escape_sqlite writes it: bare, [bracketed] or "double-quoted".
_NAME = r'(?:[A-Za-z_][A-Za-z0-9_]*|\[[^\]]*\]|"(?:[^"]|"")*")'
# The query of a table page's rows, as Datasette 0.65.5 builds it before any `_next`.
FIRST_PAGE = re.compile(
    rf"^select (?:rowid, )?{_NAME}(?:, {_NAME})* from (?P<table>{_NAME}) (?:where .* )?"
    rf"order by (?P<column>{_NAME})(?: desc)? limit \d+$",
    re.DOTALL,
)


# The start of Datasette's condition for the rows after the previous page, in its forms with an
# OR at the top: sorted descending, ascending, ascending from the missing values (which come
# first). It is the last condition of the WHERE clause.
AFTER_PREVIOUS = re.compile(
    rf"(?:where | and )(?P<after>\((?P<column>{_NAME}) "
    rf"(?:< (?P<p>:p\d+) or (?P=column) is null or \((?P=column) = (?P=p) and "
    rf"|> (?P<q>:p\d+) or \((?P=column) = (?P=q) and "
    rf"|is not null or \((?P=column) is null and ))"
)
# The same condition in any of its forms, also inside a facet's query.
CURSOR = re.compile(
    rf"(?P<lead>where | and )\((?P<column>{_NAME}) (?:< :p\d+ or |> :p\d+ or |is (?:not )?null (?:or|and) )"
)
# The end of a following page's query: its sort column, the key, the page size.
NEXT_PAGE_END = re.compile(rf" order by (?P<column>{_NAME})(?: desc)?, [^()]+ limit \d+$")


def unescaped(name: str) -> str:
    """A name as written by escape_sqlite, back as the plain name."""
    if name.startswith("["):
        return name[1:-1]
    if name.startswith('"'):
        return name[1:-1].replace('""', '"')
    return name


def with_tie_breaker(sql: str, keys: list[str]) -> str:
    """`sql` (a FIRST_PAGE query) ordered by `keys` after its sort column."""
    return re.sub(r"( limit \d+)$", lambda limit: ", " + ", ".join(map(escape_sqlite, keys)) + limit[1], sql)


def walking_the_sort_index(sql: str) -> str:
    """A following page's query with its "after the previous page" condition out of the indexes' reach."""
    end = NEXT_PAGE_END.search(sql)
    if end is None:
        return sql
    starts = [start for start in AFTER_PREVIOUS.finditer(sql, 0, end.start()) if start["column"] == end["column"]]
    if not starts:
        return sql
    begin = starts[-1].start("after")
    condition = sql[begin : end.start()]
    if not _one_parenthesis(condition):
        return sql
    return f"{sql[:begin]}CASE WHEN {condition} THEN 1 ELSE 0 END{sql[end.start() :]}"


def facets_of_every_page(sql: str) -> str:
    """A facet's query on a following page without the "after the previous page" condition.

    Datasette counts facets on the rows after the previous page only, while the total it shows
    is of every row: "site A: 50,000" on page one became "site A: 3,000" further on. And each
    such count is new, a pass over a million rows that hit the 400 ms facet limit (page two of
    the articles took 2.1 s). Without the condition a facet counts what the first page counted,
    usually straight from the cache.
    """
    for cursor in reversed(list(CURSOR.finditer(sql))):
        begin = cursor.end("lead")
        end = _closing(sql, begin)
        if end is None or sql[end:].lstrip()[:1] not in ("", ")"):
            continue  # the page's own rows, or not the last condition of a (sub)query
        if cursor["lead"] == "where ":  # the only condition: its WHERE goes, and the space after it
            end += sql[end : end + 1] == " "
        sql = sql[: cursor.start()] + sql[end:]  # the same text as on the first page
    return sql


def _closing(text: str, start: int) -> int | None:
    """Where the parenthesised expression opening at `start` ends (just after its closing parenthesis)."""
    depth = 0
    for position in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[position], 0)
        if depth == 0:
            return position + 1
    return None


def _one_parenthesis(text: str) -> bool:
    """Whether `text` is a single parenthesised expression (its first parenthesis closes at its end)."""
    depth = 0
    for position, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return position == len(text) - 1
    return False


def table_keys(conn: sqlite3.Connection, table: str) -> list[str] | None:
    """What Datasette pages `table` by after its sort column: its primary key, else rowid; None for a view."""
    row = conn.execute("SELECT type FROM sqlite_master WHERE name = ?", [table]).fetchone()
    if row is None or row[0] != "table":
        return None
    return detect_primary_keys(conn, table) or ["rowid"]


def used_params(sql: str, params: Any) -> Any:
    """`params` without the named ones `sql` surely does not use (SQLite ignores them anyway).

    A following page's facets get the page's parameters, which they no longer use
    (facets_of_every_page): without them, their cache key is the first page's.
    """
    if not isinstance(params, dict):
        return params
    return {
        name: value
        for name, value in params.items()
        if not re.fullmatch(r"\w+", str(name)) or re.search(rf"[:@$]{name}\b", sql)
    }


def install(database: Any) -> None:
    """Rewrite the page and facet queries of `database`'s sorted tables (see the module docstring)."""
    execute = database.execute

    async def ordered_execute(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        sql = facets_of_every_page(walking_the_sort_index(sql))
        params = used_params(sql, params)  # the same text and parameters as the first page's: cached alike
        page = FIRST_PAGE.match(sql)
        if page:
            table = unescaped(page["table"])
            keys = await database.execute_fn(lambda conn: table_keys(conn, table))
            if keys and [unescaped(page["column"])] != keys:
                sql = with_tie_breaker(sql, keys)
        return await execute(sql, params, *args, **kwargs)

    database.execute = ordered_execute
