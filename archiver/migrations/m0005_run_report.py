"""v5: the end-of-run report (new, updated, gone, errors, per-field coverage) beside each crawl run."""

from __future__ import annotations

from sqlite_utils import Database


def upgrade(db: Database) -> None:
    db.table("crawl_runs").add_column("report", str)  # JSON
