"""v4: URLs that still failed after retries, so the next run retries them (and people can see why)."""

from __future__ import annotations

from sqlite_utils import Database


def upgrade(db: Database) -> None:
    db.table("crawl_errors").create(
        {
            "url": str,
            "site": str,
            "spider": str,
            "kind": str,  # what the URL was requested as: start, listing, article, video
            "reason": str,  # e.g. "HTTP 503", "TimeoutError", "page larger than DOWNLOAD_MAXSIZE"
            "status": int,  # HTTP status when there was a response
            "attempts": int,  # runs in which it failed
            "first_failed_at": str,
            "last_failed_at": str,
            "run_id": int,  # the run that last failed on it
            "resolved_at": str,  # set when a later run fetched it
        },
        pk=("site", "url"),
        foreign_keys=[("run_id", "crawl_runs", "id")],
    )
    db.table("crawl_errors").create_index(["site", "resolved_at"])
