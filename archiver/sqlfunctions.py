"""SQL functions registered on every archive connection (the crawler's and Datasette's).

The triggers that keep the folded search indexes current call `vn_fold`, so a connection
that writes titles, summaries, bodies, video titles or author names must have it: without
it SQLite refuses the write ("no such function: vn_fold") and nothing is stored, rather
than leaving the index out of step.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from sqlite_utils import Database

from archiver.normalize.text import fold
from archiver.search import match_parts, match_query, snippet


def fold_value(value: Any) -> str | None:
    """`fold` for SQL: NULL stays NULL, numbers are folded as their text."""
    if value is None:
        return None
    return fold(value if isinstance(value, str) else str(value))


def match_value(query: Any) -> str:
    """`match_query` for SQL: the folded, quoted FTS5 expression of what a user typed."""
    return match_query(None if query is None else str(query))


def match_parts_value(query: Any) -> str:
    """`match_parts` for SQL: a JSON array of the literals (read with json_each)."""
    return json.dumps(match_parts(None if query is None else str(query)), ensure_ascii=False)


def snippet_value(text: Any, query: Any, words: Any = 32) -> str | None:
    """`snippet` for SQL, with the default markers."""
    if text is None:
        return None
    return snippet(str(text), None if query is None else str(query), words=int(words or 32))


# (SQL name, number of arguments, function); SQLite picks by name and argument count.
FUNCTIONS: tuple[tuple[str, int, Callable[..., Any]], ...] = (
    # casefolded, diacritics removed, đ/Đ → d: what search compares
    ("vn_fold", 1, fold_value),
    # what a user typed → a folded FTS5 MATCH expression that is never a syntax error
    ("vn_match", 1, match_value),
    # the same expression's ANDed literals as a JSON array, one MATCH expression each
    ("vn_match_parts", 1, match_parts_value),
    # words of a text around the matches of a query, matches marked 【like this】
    ("vn_snippet", 2, snippet_value),
    ("vn_snippet", 3, snippet_value),
)


def register_functions(db: Database) -> None:
    """Register the archive's SQL functions on a sqlite-utils database."""
    register_on_connection(db.conn)


def register_on_connection(conn: sqlite3.Connection) -> None:
    """Register the archive's SQL functions on a raw sqlite3 connection (Datasette's)."""
    for name, arguments, function in FUNCTIONS:
        conn.create_function(name, arguments, function, deterministic=True)
