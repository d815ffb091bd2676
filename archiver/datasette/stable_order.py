"""Sorted table pages in one order from the first to the last, quick, with the same facets on each.

Datasette 0.65.5 pages through a table sorted by a column by keyset: the link to the next
page carries the last row's sort value and primary key, and that page's query orders by the
column *then* the key. The first page's query orders by the column alone, so rows sharing a
value (articles dated only to the day) came in rowid order there and in URL order after it:
some were repeated, others never shown (597 articles of one date, 20 a page: 83 rows, 64
distinct). `install` wraps a database's `execute` and rewrites the queries the table view
builds (appending a key to an ORDER BY only settles an order SQL left open):

* ties go by rowid on every page of a table with rowids and a one-column key (the following
  pages' "after the previous row" condition looks the key's rowid up), by the key otherwise.
  An index on the sort column ends with the rowid, so it gives the whole order: the URL as
  tie-breaker made SQLite sort each group of ties (`_sort_desc=published_year`: 5.5 s at 1M);
* the following pages' condition, `(published_at < :p1 or published_at is null or
  (published_at = :p1 and …))`, is an OR of indexed terms, which SQLite answered by
  collecting every row of every term and sorting them all (page two of the articles at 1M:
  10-80 s). As the test of a `CASE WHEN … THEN 1 ELSE 0 END` no index serves it, and SQLite
  walks the sort index, testing entry by entry: 2 ms for page two, 0.08-0.16 s half-way or
  near the end. (`+(…)` computes the whole OR, reading every row's URL: 2.4-3 s half-way;
  `+column` drops the column's affinity, and Datasette passes the last value as text);
* facets of a following page count every row the filters match, as the first page's do.
Streamed CSVs are kept in key order for speed (archiver.datasette.csv_guard).
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
    rf"order by (?P<column>{_NAME})(?P<desc> desc)? limit \d+$",
    re.DOTALL,
)


_COMPOUND = re.compile(r"\b(?:union|intersect|except)\b", re.IGNORECASE)
# What Datasette 0.65.5 adds to the WHERE clause of a following page, "after the previous row",
# for a table with a one-column key or a rowid: one form per way of sorting (descending,
# ascending, and each within the missing values). V is the last row's sort value, K its key.
_KEY_AFTER = rf"(?:\(\((?P<key>{_NAME}) > :p(?P<k>\d+)\)\)|(?P<rowid>rowid) > :p(?P<r>\d+))"
CURSORS = {
    form: re.compile(rf"(?P<lead>where | and )(?P<cursor>{pattern.format(C=rf'(?P<column>{_NAME})', K=_KEY_AFTER)})")
    for form, pattern in {
        "descending": r"\({C} < :p(?P<v>\d+) or (?P=column) is null or \((?P=column) = :p(?P=v) and {K}\)\)",
        "ascending": r"\({C} > :p(?P<v>\d+) or \((?P=column) = :p(?P=v) and {K}\)\)",
        "descending, missing": r"\({C} is null and {K}\)",
        "ascending, missing": r"\({C} is not null or \((?P=column) is null and {K}\)\)",
    }.items()
}
# The end of a following page's query: its sort column, the key, the page size.
NEXT_PAGE_END = re.compile(rf" order by (?P<column>{_NAME})(?P<desc> desc)?, (?P<keys>{_NAME}) (?P<limit>limit \d+)$")
# The table of a page's rows query.
ROWS_OF = re.compile(rf"^select .+? from (?P<table>{_NAME}) where ", re.DOTALL)
_PARAM = re.compile(r":p(\d+)\b")


def unescaped(name: str) -> str:
    """A name as written by escape_sqlite, back as the plain name."""
    if name.startswith("["):
        return name[1:-1]
    if name.startswith('"'):
        return name[1:-1].replace('""', '"')
    return name


def first_page(sql: str) -> re.Match[str] | None:
    """The table and sort column of a FIRST_PAGE query (never a compound SELECT: its ORDER BY
    may name result columns only)."""
    return None if _COMPOUND.search(sql) else FIRST_PAGE.match(sql)


def with_tie_breaker(sql: str, keys: list[str], by_rowid: bool = False) -> str:
    """`sql` (a FIRST_PAGE query) ordered by `keys` after its sort column, or by the rowid in the
    direction of the sort (`by_rowid`, for a table with rowids and a key of one column)."""
    page = FIRST_PAGE.match(sql)
    tie = f"rowid{page['desc'] or ''}" if by_rowid and page else ", ".join(map(escape_sqlite, keys))
    return re.sub(r"( limit \d+)$", lambda limit: f", {tie}{limit[1]}", sql)


def cursors(sql: str) -> list[tuple[str, re.Match[str]]]:
    """Datasette's "after the previous row" conditions in `sql`, by form, last first.

    Only a condition whose parameters are numbered last counts (Datasette numbers them after
    every filter's), so a visitor's own condition of the same shape is left alone.
    """
    last = max((int(number) for number in _PARAM.findall(sql)), default=-1)
    found = [
        (form, match)
        for form, pattern in CURSORS.items()
        for match in pattern.finditer(sql)
        if max(int(number) for name, number in match.groupdict().items() if name in ("v", "k", "r") and number) == last
    ]
    return sorted(found, key=lambda item: -item[1].start())


def following_page(sql: str) -> tuple[str, re.Match[str], re.Match[str]] | None:
    """The form of the "after the previous row" condition of a following page's rows query, the
    condition and the query's ORDER BY; None for any other query, or one sorted by its key."""
    for form, cursor in cursors(sql):
        end = NEXT_PAGE_END.match(sql, cursor.end())
        if end is not None and end["column"] == cursor["column"] != end["keys"]:
            return form, cursor, end
    return None


def walking_the_sort_index(sql: str, rowid_table: str | None = None) -> str:
    """A following page's query with its "after the previous row" condition out of the indexes' reach.

    `rowid_table`: the page's table, which has rowids, ties ordered by rowid (as its first
    page is: `with_tie_breaker`) instead of the key, so that an index on the sort column,
    whose entries end with the rowid, gives the whole order without sorting a group of ties.
    """
    page = following_page(sql)
    return sql if page is None else _walked(sql, page, rowid_table)


def _walked(sql: str, page: tuple[str, re.Match[str], re.Match[str]], rowid_table: str | None) -> str:
    form, cursor, end = page
    condition = cursor["cursor"]
    if rowid_table is not None:
        before = "<" if form.startswith("descending") else ">"
        last = cursor["k"] or cursor["r"]
        after = f"rowid {before} :p{last}" if cursor["rowid"] else (
            f"rowid {before} (SELECT rowid FROM {rowid_table} WHERE {cursor['key']} = :p{last})"
        )
        key_after = f"(({cursor['key']} > :p{last}))" if cursor["key"] else f"rowid > :p{last}"
        condition = condition.replace(key_after, after)
        order = f" order by {end['column']}{end['desc'] or ''}, rowid{end['desc'] or ''} {end['limit']}"
        sql = sql[: end.start()] + order
    if form != "descending, missing":  # no OR there: SQLite seeks the missing values
        condition = f"CASE WHEN {condition} THEN 1 ELSE 0 END"
    return sql[: cursor.start("cursor")] + condition + sql[cursor.end() :]


def facets_of_every_page(sql: str) -> str:
    """A facet's query on a following page without the "after the previous row" condition.

    Datasette counts facets on the rows after the previous page only, while the total it shows
    is of every row: "site A: 50,000" on page one became "site A: 3,000" further on. And each
    such count is new, a pass over a million rows that hit the 400 ms facet limit (page two of
    the articles took 2.1 s). Without the condition a facet counts what the first page counted,
    usually straight from the cache.
    """
    for _, cursor in cursors(sql):
        end = cursor.end()
        if sql[end:].lstrip()[:1] not in ("", ")"):
            continue  # the page's own rows: not the last condition of a (sub)query
        if cursor["lead"] == "where ":  # the only condition: its WHERE goes, and the space after it
            end += sql[end : end + 1] == " "
        sql = sql[: cursor.start()] + sql[end:]  # the same text as on the first page
    return sql


def table_keys(conn: sqlite3.Connection, table: str) -> list[str] | None:
    """What Datasette pages `table` by after its sort column: its primary key, else rowid; None for a view."""
    row = conn.execute("SELECT type FROM sqlite_master WHERE name = ?", [table]).fetchone()
    if row is None or row[0] != "table":
        return None
    return detect_primary_keys(conn, table) or ["rowid"]


def ties_by_rowid(conn: sqlite3.Connection, table: str, keys: list[str] | None) -> bool:
    """Whether `table` (with `table_keys` `keys`) has rowids and a key of one column (or none):
    its ties can go by rowid."""
    if keys is None or len(keys) != 1:
        return False
    try:
        conn.execute(f"SELECT rowid FROM {escape_sqlite(table)} LIMIT 0")
    except sqlite3.OperationalError:  # WITHOUT ROWID
        return False
    return True


def _keys_and_ties(conn: sqlite3.Connection, table: str) -> tuple[list[str] | None, bool]:
    keys = table_keys(conn, table)
    return keys, ties_by_rowid(conn, table, keys)


def used_params(sql: str, params: Any) -> Any:
    """`params` without Datasette's `pN` ones that `sql` does not use (SQLite ignores them anyway).

    A following page's facets get the page's parameters, which they no longer use
    (facets_of_every_page): without them, their cache key is the first page's.
    """
    if not isinstance(params, dict):
        return params
    return {
        name: value
        for name, value in params.items()
        if not re.fullmatch(r"p\d+", str(name)) or re.search(rf":{name}\b", sql)
    }


def install(database: Any) -> None:
    """Rewrite the page and facet queries of `database`'s sorted tables (see the module docstring)."""
    execute = database.execute

    async def ordered_execute(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        following = following_page(sql)
        if following:  # a following page's rows
            rows_of = ROWS_OF.match(sql)
            by_rowid = False
            if rows_of:
                table = unescaped(rows_of["table"])
                _, by_rowid = await database.execute_fn(lambda conn: _keys_and_ties(conn, table))
            sql = _walked(sql, following, rows_of["table"] if rows_of and by_rowid else None)
        else:
            sql = facets_of_every_page(sql)
        params = used_params(sql, params)  # the same text and parameters as the first page's: cached alike
        page = first_page(sql)
        if page:
            table = unescaped(page["table"])
            keys, by_rowid = await database.execute_fn(lambda conn: _keys_and_ties(conn, table))
            if keys and [unescaped(page["column"])] != keys:
                sql = with_tie_breaker(sql, keys, by_rowid)
        return await execute(sql, params, *args, **kwargs)

    database.execute = ordered_execute
