"""The `crawl_errors` table: URLs that still failed after retries, and when they recovered.

One row per (site, url). A failure inserts the row or, for a URL that failed before, bumps
`attempts` (runs in which it failed) and clears `resolved_at`; a later successful fetch sets
`resolved_at`. Each call is its own short transaction on the archive file (WAL), so a kill
loses at most the failure being written. Used by `archiver.crawl_errors_middleware` and
`archiver.retry_failed_middleware`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from archiver.store import open_archive

VIETNAM_TZ = timezone(timedelta(hours=7))
# Reasons are for people reading the table: the first line of an exception, not its traceback.
MAX_REASON_CHARS = 300


@dataclass(frozen=True)
class Failure:
    """One URL that failed for good in this run."""

    url: str
    site: str
    spider: str
    kind: str  # start, listing, article, video, other
    reason: str
    status: int | None = None


def now_iso() -> str:
    return datetime.now(VIETNAM_TZ).isoformat(timespec="seconds")


def short_reason(reason: str) -> str:
    """The first line of `reason`, cut to MAX_REASON_CHARS."""
    first = reason.strip().splitlines()[0] if reason.strip() else "unknown"
    return first if len(first) <= MAX_REASON_CHARS else first[: MAX_REASON_CHARS - 1] + "…"


class CrawlErrors:
    """Read and write `crawl_errors` in the archive at `path` (created and migrated if needed)."""

    def __init__(self, path: str | Path) -> None:
        self.db: Database = open_archive(path)

    def close(self) -> None:
        self.db.close()

    def record(self, failure: Failure, run_id: int | None) -> None:
        """Insert the failure, or count one more failed run for a URL already recorded."""
        now = now_iso()
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO crawl_errors (url, site, spider, kind, reason, status, attempts, first_failed_at, "
                "last_failed_at, run_id, resolved_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, NULL) "
                "ON CONFLICT (site, url) DO UPDATE SET spider = excluded.spider, kind = excluded.kind, "
                "reason = excluded.reason, status = excluded.status, attempts = crawl_errors.attempts + 1, "
                "last_failed_at = excluded.last_failed_at, run_id = excluded.run_id, resolved_at = NULL",
                [
                    failure.url,
                    failure.site,
                    failure.spider,
                    failure.kind,
                    short_reason(failure.reason),
                    failure.status,
                    now,
                    now,
                    run_id,
                ],
            )

    def resolve(self, site: str, urls: Iterable[str]) -> int:
        """Mark these URLs fetched; returns how many open errors that closed."""
        now = now_iso()
        with self.db.atomic():
            cursor = self.db.conn.executemany(
                "UPDATE crawl_errors SET resolved_at = ? WHERE site = ? AND url = ? AND resolved_at IS NULL",
                [(now, site, url) for url in urls],
            )
        return max(cursor.rowcount, 0)

    def unresolved(self, site: str, spider: str, url_prefix: str = "") -> list[dict[str, Any]]:
        """Open errors of this site and spider under `url_prefix`, oldest first."""
        return list(
            self.db.query(
                "SELECT url, kind, reason, status, attempts FROM crawl_errors WHERE site = ? AND spider = ? "
                "AND resolved_at IS NULL AND substr(url, 1, length(?)) = ? ORDER BY first_failed_at, url",
                [site, spider, url_prefix, url_prefix],
            )
        )

    def running_run_id(self, site: str, spider: str) -> int | None:
        """The id of this spider's run in progress (the store pipeline opened it), if any."""
        row = self.db.execute(
            "SELECT max(id) FROM crawl_runs WHERE site = ? AND spider = ? AND status = 'running'", [site, spider]
        ).fetchone()
        return int(row[0]) if row and row[0] is not None else None
