"""Stream archive rows to CSV (Excel-safe) or JSON Lines, in constant memory."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
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


def article_rows(db: Database, site: str | None = None) -> Iterator[dict[str, Any]]:
    sql = f"SELECT {', '.join(EXPORT_COLUMNS)} FROM articles"
    params: list[Any] = []
    if site:
        sql += " WHERE site = ?"
        params.append(site)
    cursor = db.execute(sql + " ORDER BY published_at, url", params)
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
