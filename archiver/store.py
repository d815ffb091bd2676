"""The SQLite archive: schema, migrations, batched upserts, view history, crawl runs.

Writes go through sqlite-utils 4 (`db.atomic()` is one transaction per batch). Articles
are upserted with `ON CONFLICT DO UPDATE`, never `REPLACE`, so an article keeps its rowid
(the full-text index points at it) and its `first_seen_at`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from archiver.migrations import load_migrations
from archiver.sqlfunctions import register_functions

LOGGER = logging.getLogger(__name__)
VIETNAM_TZ = timezone(timedelta(hours=7))

# The columns the write path fills; the schema itself is in archiver/migrations/.
ARTICLE_COLUMNS: tuple[str, ...] = (
    "url",
    "site",
    "category",
    "title",
    "summary",
    "published_at",
    "published_raw",
    "published_precision",
    "published_year_source",
    "published_year",
    "published_month",
    "poster",
    "authors",
    "byline_raw",
    "view_count",
    "views_raw",
    "body_text",
    "body_html",
    "word_count",
    "related",
    "meta_raw",
    "listing_date_raw",
    "response_url",
    "warnings",
    "fetched_at",
    "first_seen_at",
    "last_seen_at",
)
VIDEO_COLUMNS: tuple[str, ...] = (
    "url",
    "site",
    "title",
    "recorded_on",
    "recorded_on_source",
    "media_url",
    "category",
    "response_url",
    "warnings",
    "fetched_at",
    "first_seen_at",
    "last_seen_at",
)
# Columns stored as JSON text; records carry them as Python lists.
JSON_COLUMNS = frozenset({"authors", "related", "warnings"})
# Kept from the first observation when a page is seen again.
FIRST_OBSERVATION_COLUMNS = frozenset({"first_seen_at"})


# Append-only, one module per version under archiver/migrations/.
MIGRATIONS: list[Callable[[Database], None]] = load_migrations()
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(db: Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Database) -> int:
    """Apply pending migrations, each in its own transaction; returns the resulting version.

    `BEGIN IMMEDIATE` takes the write lock before the version is re-read, so two crawls
    opening a new archive at once cannot both create the schema.
    """
    while (version := schema_version(db)) < SCHEMA_VERSION:
        db.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(db) == version:
                MIGRATIONS[version](db)
                db.execute(f"PRAGMA user_version = {version + 1}")
                LOGGER.info("archive schema migrated to v%d", version + 1)
            db.execute("COMMIT")
        except BaseException:
            db.rollback()
            raise
    if version > SCHEMA_VERSION:
        raise RuntimeError(f"archive schema v{version} is newer than this code (v{SCHEMA_VERSION})")
    return SCHEMA_VERSION


def open_archive(path: str | Path) -> Database:
    """Open (creating if needed) the archive in WAL mode, migrated to the current schema."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    db.execute("PRAGMA busy_timeout = 30000")
    register_functions(db)
    db.enable_wal()
    migrate(db)
    return db


def now_iso() -> str:
    return datetime.now(VIETNAM_TZ).isoformat(timespec="seconds")


def _row(record: Mapping[str, Any], columns: Iterable[str]) -> dict[str, Any]:
    row = {}
    for column in columns:
        value = record.get(column)
        row[column] = json.dumps(value, ensure_ascii=False) if column in JSON_COLUMNS and value is not None else value
    return row


def _upsert_sql(table: str, columns: Iterable[str]) -> str:
    names = list(columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in names if c != "url" and c not in FIRST_OBSERVATION_COLUMNS)
    placeholders = ", ".join(f":{c}" for c in names)
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({placeholders}) ON CONFLICT(url) DO UPDATE SET {updates}"


ARTICLE_UPSERT = _upsert_sql("articles", ARTICLE_COLUMNS)
VIDEO_UPSERT = _upsert_sql("videos", VIDEO_COLUMNS)


class Archive:
    """Write access to one archive file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.db = open_archive(self.path)

    def close(self) -> None:
        self.db.close()

    def start_run(self, spider: str, site: str, base_url: str) -> int:
        """Record a run as running; runs a kill left "running" are marked interrupted first."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE crawl_runs SET status = 'interrupted' WHERE status = 'running' AND spider = ? AND site = ?",
                [spider, site],
            )
            cursor = self.db.execute(
                "INSERT INTO crawl_runs (spider, site, base_url, started_at, status) VALUES (?, ?, ?, ?, 'running')",
                [spider, site, base_url, now_iso()],
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def finish_run(
        self, run_id: int, *, status: str, reason: str, counts: Mapping[str, int], stats: Mapping[str, Any]
    ) -> None:
        with self.db.atomic():
            self.db.execute(
                "UPDATE crawl_runs SET finished_at = ?, status = ?, finish_reason = ?, items = ?, warnings = ?, "
                "errors = ?, stats = ? WHERE id = ?",
                [
                    now_iso(),
                    status,
                    reason,
                    counts.get("items", 0),
                    counts.get("warnings", 0),
                    counts.get("errors", 0),
                    json.dumps(stats, ensure_ascii=False, default=str, sort_keys=True),
                    run_id,
                ],
            )

    def write_batch(
        self, articles: Sequence[Mapping[str, Any]], videos: Sequence[Mapping[str, Any]], run_id: int | None
    ) -> None:
        """Store a batch of normalised records in one transaction."""
        with self.db.atomic():
            for record in articles:
                self._write_article(record, run_id)
            for record in videos:
                self.db.execute(VIDEO_UPSERT, _row(_seen(record), VIDEO_COLUMNS))

    def _write_article(self, record: Mapping[str, Any], run_id: int | None) -> None:
        url = record["url"]
        self.db.execute(ARTICLE_UPSERT, _row(_seen(record), ARTICLE_COLUMNS))
        self.db.execute("DELETE FROM images WHERE article_url = ?", [url])
        self.db.table("images").insert_all(
            (
                {"article_url": url, "position": i, "src": im["src"], "caption": im.get("caption")}
                for i, im in enumerate(record.get("images") or [])
            ),
        )
        self.db.execute("DELETE FROM article_authors WHERE article_url = ?", [url])
        people = [(name, "author") for name in record.get("authors") or []]
        if record.get("poster"):
            people.append((record["poster"], "poster"))
        for position, (name, role) in enumerate(people):
            self.db.execute(
                "INSERT OR IGNORE INTO article_authors (article_url, author_id, role, position) VALUES (?, ?, ?, ?)",
                [url, self._author_id(name), role, position],
            )
        if record.get("view_count") is not None:
            self.db.execute(
                "INSERT INTO view_snapshots (article_url, observed_at, view_count, run_id) VALUES (?, ?, ?, ?)",
                [url, record["fetched_at"], record["view_count"], run_id],
            )

    def delete_site(self, site: str) -> int:
        """Remove every record of one site (the demo resets itself this way); returns articles removed."""
        with self.db.atomic():
            for table, column in (
                ("images", "article_url"),
                ("article_authors", "article_url"),
                ("view_snapshots", "article_url"),
            ):
                self.db.execute(
                    f"DELETE FROM {table} WHERE {column} IN (SELECT url FROM articles WHERE site = ?)", [site]
                )
            removed = self.db.execute("DELETE FROM articles WHERE site = ?", [site]).rowcount
            self.db.execute("DELETE FROM videos WHERE site = ?", [site])
            self.db.execute("DELETE FROM crawl_runs WHERE site = ?", [site])
            self.db.execute("DELETE FROM authors WHERE id NOT IN (SELECT author_id FROM article_authors)")
        return int(removed)

    def _author_id(self, name: str) -> int:
        self.db.execute("INSERT OR IGNORE INTO authors (name) VALUES (?)", [name])
        return int(self.db.execute("SELECT id FROM authors WHERE name = ?", [name]).fetchone()[0])


def _seen(record: Mapping[str, Any]) -> dict[str, Any]:
    """A record stamped with when it was seen (first and last, until the row exists)."""
    stamped = dict(record)
    stamped["first_seen_at"] = stamped["last_seen_at"] = record["fetched_at"]
    return stamped
