"""Stream archive rows to CSV (Excel-safe) or JSON Lines, in constant memory.

Rows come from one SQLite cursor and are written as they arrive, so an export of a million
articles holds one row at a time. `--search` folds the query like Datasette's search box
(archiver.search), so `dai hoi dang` and `Đại hội Đảng` export the same articles.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import IO, Any

from sqlite_utils import Database

from archiver.search import match_query

EXPORT_COLUMNS = (
    "url site category title summary published_at published_raw published_precision published_year_source "
    "poster authors byline_raw view_count word_count body_text first_seen_at last_seen_at"
).split()
JSON_COLUMNS = frozenset({"authors"})
# A spreadsheet treats a cell starting with these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize_formula(value: Any) -> Any:
    """Prefix a quote to text Excel would run as a formula; the archive keeps the original."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class ExportFilter:
    """Which articles to export; every field is optional and they combine with AND."""

    site: str | None = None
    since: str | None = None  # published_at >= since (an ISO date or datetime)
    until: str | None = None  # published_at before `until`, its whole day included when it is a date
    category: str | None = None
    search: str | None = None  # full-text query over title, summary and body, folded


def _where(filters: ExportFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if filters.site:
        clauses.append("site = ?")
        params.append(filters.site)
    if filters.category:
        clauses.append("category = ?")
        params.append(filters.category)
    if filters.since:
        clauses.append("published_at >= ?")
        params.append(filters.since)
    if filters.until:
        clauses.append("published_at < ?")
        params.append(_until_bound(filters.until))
    if filters.search:
        clauses.append("rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(match_query(filters.search))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _until_bound(until: str) -> str:
    """Exclusive upper bound of published_at for `--until`, comparable with the index.

    A datetime is itself the bound; a date includes its whole day (the bound is the next
    day); a shorter prefix such as `2023-09` includes everything that starts with it.
    """
    if len(until) > 10:
        return until
    try:
        return (date.fromisoformat(until) + timedelta(days=1)).isoformat()
    except ValueError:
        return until + "\uffff"  # sorts after every string that starts with `until`


def article_rows(db: Database, filters: ExportFilter | None = None) -> Iterator[dict[str, Any]]:
    """Matching articles, oldest first, streamed from one cursor (constant memory)."""
    where, params = _where(filters or ExportFilter())
    cursor = db.execute(f"SELECT {', '.join(EXPORT_COLUMNS)} FROM articles{where} ORDER BY published_at, url", params)
    names = [d[0] for d in cursor.description]
    for values in cursor:
        yield dict(zip(names, values, strict=True))


def write_csv(rows: Iterator[dict[str, Any]], out: IO[str], bom: bool = True) -> int:
    """Write rows as CSV for Excel (BOM on by default, formulas neutralised); returns the count."""
    if bom:
        out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({k: neutralize_formula(v) for k, v in row.items()})
        count += 1
    return count


def write_jsonl(rows: Iterator[dict[str, Any]], out: IO[str]) -> int:
    """Write one JSON object per line, numbers as numbers and JSON columns as arrays; returns the count."""
    count = 0
    for row in rows:
        for column in JSON_COLUMNS:
            if row.get(column) is not None:
                row[column] = json.loads(row[column])
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count
