"""A dump of an archive that two equal archives share whatever their ids: ids dropped,
runs named by (spider, site, started_at, base_url), authors by name."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

# Search indexes are checked by searching; their shadow tables hold ids.
SKIPPED_PREFIXES = ("sqlite_", "articles_fts", "videos_fts", "authors_fts")


def _runs(db: Database) -> dict[int, list[Any]]:
    return {r["id"]: [r["spider"], r["site"], r["started_at"], r["base_url"]] for r in db["crawl_runs"].rows}


def canonical_dump(db: Database) -> dict[str, list[str]]:
    """Every table as sorted JSON rows with re-keyed ids replaced by what they stand for."""
    runs = _runs(db)
    authors = {r["id"]: r["name"] for r in db["authors"].rows}
    dump: dict[str, list[str]] = {}
    for table in db.table_names():
        if table.startswith(SKIPPED_PREFIXES):
            continue
        rows = []
        for row in db[table].rows:
            row = {k: v for k, v in row.items() if k != "id"}
            if "run_id" in row:
                row["run_id"] = runs.get(row["run_id"])
            if "author_id" in row:
                row["author_id"] = authors.get(row["author_id"])
            rows.append(json.dumps(row, sort_keys=True, ensure_ascii=False))
        dump[table] = sorted(rows)
    return dump
