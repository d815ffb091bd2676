"""Stream archive rows to CSV (Excel-safe) or JSON Lines, in constant memory."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from sqlite_utils import Database

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
    until: str | None = None  # published_at < the day after `until` when a date is given
    category: str | None = None
    search: str | None = None  # full-text query over title, summary and body


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
        # A bare date includes that whole day: compare against the next day's prefix.
        until = filters.until
        clauses.append("published_at < ?" if len(until) > 10 else "substr(published_at, 1, 10) <= ?")
        params.append(until)
    if filters.search:
        clauses.append("rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(filters.search)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def article_rows(db: Database, filters: ExportFilter | None = None) -> Iterator[dict[str, Any]]:
    """Matching articles, oldest first, streamed from one cursor (constant memory)."""
    where, params = _where(filters or ExportFilter())
    cursor = db.execute(f"SELECT {', '.join(EXPORT_COLUMNS)} FROM articles{where} ORDER BY published_at, url", params)
    names = [d[0] for d in cursor.description]
    for values in cursor:
        yield dict(zip(names, values, strict=True))


def write_csv(rows: Iterator[dict[str, Any]], out: IO[str], bom: bool = True) -> int:
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
    count = 0
    for row in rows:
        for column in JSON_COLUMNS:
            if row.get(column) is not None:
                row[column] = json.loads(row[column])
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count
