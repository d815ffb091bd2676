"""The SQLite archive: schema, migrations, batched upserts, view history, crawl runs.

Writes go through sqlite-utils 4 (`db.atomic()` is one transaction per batch). Articles
are upserted with `ON CONFLICT DO UPDATE`, never `REPLACE`, so an article keeps its rowid
(the full-text index points at it) and its `first_seen_at`.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from archiver.capture import CaptureRef
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
    "capture_id",
    "version",
    "version_since",
    "gone_at",
    "gone_reason",
    "returned_at",
    "extraction",
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
    "capture_id",
)
# Columns stored as JSON text; records carry them as Python lists.
JSON_COLUMNS = frozenset({"authors", "related", "warnings", "extraction"})
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
CAPTURE_COLUMNS = (
    "id",
    "url",
    "warc_file",
    "offset",
    "length",
    "status",
    "content_type",
    "payload_digest",
    "fetched_at",
    "parsed_as",
    "run_id",
)
CAPTURE_INSERT = (
    f"INSERT OR IGNORE INTO captures ({', '.join(CAPTURE_COLUMNS)}) "
    f"VALUES ({', '.join(':' + c for c in CAPTURE_COLUMNS)})"
)
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
        self,
        run_id: int,
        *,
        status: str,
        reason: str,
        counts: Mapping[str, int],
        stats: Mapping[str, Any],
        report: Mapping[str, Any] | None = None,
    ) -> None:
        with self.db.atomic():
            self.db.execute(
                "UPDATE crawl_runs SET finished_at = ?, status = ?, finish_reason = ?, items = ?, warnings = ?, "
                "errors = ?, stats = ?, report = ? WHERE id = ?",
                [
                    now_iso(),
                    status,
                    reason,
                    counts.get("items", 0),
                    counts.get("warnings", 0),
                    counts.get("errors", 0),
                    json.dumps(stats, ensure_ascii=False, default=str, sort_keys=True),
                    None if report is None else json.dumps(report, ensure_ascii=False, sort_keys=True),
                    run_id,
                ],
            )

    def write_batch(
        self,
        records: Sequence[Mapping[str, Any]],
        run_id: int | None,
        captures: Sequence[tuple[CaptureRef, str | None]] = (),
    ) -> Counter[str]:
        """Store captures and normalised records (article, video, gone) in one transaction.

        Returns what happened beyond plain upserts: new `versions`, articles `gone`, `returned`.
        """
        events: Counter[str] = Counter()
        writers = {"article": self._write_article, "video": self._write_video, "gone": self._mark_gone}
        with self.db.atomic():
            for capture, parsed_as in captures:
                self.db.execute(CAPTURE_INSERT, asdict(capture) | {"parsed_as": parsed_as, "run_id": run_id})
            for record in records:
                writers[record["kind"]](record, run_id, events)
        return events

    def _write_video(self, record: Mapping[str, Any], run_id: int | None, events: Counter[str]) -> None:
        self.db.execute(VIDEO_UPSERT, _row(_seen(record), VIDEO_COLUMNS))

    def _write_article(self, record: Mapping[str, Any], run_id: int | None, events: Counter[str]) -> None:
        url = record["url"]
        row = _row(_seen(record), ARTICLE_COLUMNS)
        row |= self._history(row, run_id, events)
        self.db.execute(ARTICLE_UPSERT, row)
        self.db.execute("DELETE FROM images WHERE article_url = ?", [url])
        self.db.table("images").insert_all(
            (
                {"article_url": url, "position": i, "src": im["src"], "caption": im.get("caption")}
                for i, im in enumerate(record.get("images") or [])
            ),
        )
        self._replace_people(url, record.get("authors"), record.get("poster"))
        if record.get("view_count") is not None:
            self.db.execute(
                "INSERT INTO view_snapshots (article_url, observed_at, view_count, run_id) VALUES (?, ?, ?, ?)",
                [url, record["fetched_at"], record["view_count"], run_id],
            )

    def _history(self, row: dict[str, Any], run_id: int | None, events: Counter[str]) -> dict[str, Any]:
        """Version and takedown columns for an article seen now; keeps its earlier state if it changed."""
        previous = self.db.execute(
            "SELECT title, body_text, body_html, byline_raw, authors, version, version_since, capture_id, "
            "gone_at, returned_at FROM articles WHERE url = ?",
            [row["url"]],
        ).fetchone()
        if previous is None:
            return {"version": 1, "version_since": row["fetched_at"], "gone_at": None, "gone_reason": None}
        title, body_text, body_html, byline_raw, authors, version, since, capture_id, gone_at, returned_at = previous
        version = version or 1
        if _edited((title, body_text, body_html, byline_raw), row):
            self.db.execute(
                "INSERT INTO article_versions (article_url, version, title, body_text, byline_raw, authors, "
                "valid_from, replaced_at, capture_before, capture_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    row["url"],
                    version,
                    title,
                    body_text,
                    byline_raw,
                    authors,
                    since,
                    row["fetched_at"],
                    capture_id,
                    row["capture_id"],
                ],
            )
            version, since = version + 1, row["fetched_at"]
            events["versions"] += 1
        if gone_at is not None:
            self._event(row["url"], "returned", row["fetched_at"], None, row["capture_id"], run_id)
            returned_at = row["fetched_at"]
            events["returned"] += 1
        return {
            "version": version,
            "version_since": since,
            "gone_at": None,
            "gone_reason": None,
            "returned_at": returned_at,
        }

    def _mark_gone(self, record: Mapping[str, Any], run_id: int | None, events: Counter[str]) -> None:
        """Mark an archived article gone (its data stays); a page never archived has nothing to mark."""
        found = self.db.execute("SELECT gone_at FROM articles WHERE url = ?", [record["url"]]).fetchone()
        if found is None:
            events["gone_unknown"] += 1
            return
        if found[0] is None:
            self.db.execute(
                "UPDATE articles SET gone_at = ?, gone_reason = ? WHERE url = ?",
                [record["fetched_at"], record["reason"], record["url"]],
            )
            self._event(record["url"], "gone", record["fetched_at"], record["reason"], record.get("capture_id"), run_id)
            events["gone"] += 1

    def _event(
        self, url: str, event: str, at: str, reason: str | None, capture_id: str | None, run_id: int | None
    ) -> None:
        self.db.execute(
            "INSERT INTO article_events (article_url, event, at, reason, capture_id, run_id) VALUES (?, ?, ?, ?, ?, ?)",
            [url, event, at, reason, capture_id, run_id],
        )

    def update_derived(self, updates: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
        """Rewrite re-derived fields in place (`reprocess`): no version, no view snapshot, no seen times."""
        with self.db.atomic():
            for kind, fields in updates:
                url = fields["url"]
                columns = [c for c in fields if c not in ("url", "images")]
                if columns:
                    table = "articles" if kind == "article" else "videos"
                    assignments = ", ".join(f"{c} = :{c}" for c in columns)
                    self.db.execute(
                        f"UPDATE {table} SET {assignments} WHERE url = :url", _row(fields, [*columns, "url"])
                    )
                if "images" in fields:
                    self.db.execute("DELETE FROM images WHERE article_url = ?", [url])
                    self.db.table("images").insert_all(
                        {"article_url": url, "position": i, "src": im["src"], "caption": im.get("caption")}
                        for i, im in enumerate(fields["images"] or [])
                    )
                if kind == "article" and ("authors" in fields or "poster" in fields):
                    self._replace_people(url, fields.get("authors"), fields.get("poster"))

    def delete_site(self, site: str) -> list[str]:
        """Remove every record of one site (the demo resets itself this way).

        Returns the WARC files (relative to the archive's folder) that held only its captures.
        """
        with self.db.atomic():
            files = [
                row[0]
                for row in self.db.execute(
                    "SELECT DISTINCT warc_file FROM captures WHERE run_id IN "
                    "(SELECT id FROM crawl_runs WHERE site = ?) AND warc_file NOT IN "
                    "(SELECT warc_file FROM captures WHERE run_id NOT IN (SELECT id FROM crawl_runs WHERE site = ?))",
                    [site, site],
                )
            ]
            for table, column in (
                ("images", "article_url"),
                ("article_authors", "article_url"),
                ("view_snapshots", "article_url"),
                ("article_versions", "article_url"),
                ("article_events", "article_url"),
            ):
                self.db.execute(
                    f"DELETE FROM {table} WHERE {column} IN (SELECT url FROM articles WHERE site = ?)", [site]
                )
            self.db.execute("DELETE FROM articles WHERE site = ?", [site])
            self.db.execute("DELETE FROM videos WHERE site = ?", [site])
            self.db.execute("DELETE FROM captures WHERE run_id IN (SELECT id FROM crawl_runs WHERE site = ?)", [site])
            self.db.execute("DELETE FROM crawl_runs WHERE site = ?", [site])
            self.db.execute("DELETE FROM authors WHERE id NOT IN (SELECT author_id FROM article_authors)")
        return files

    def _replace_people(self, url: str, authors: Sequence[str] | None, poster: str | None) -> None:
        if authors is None or poster is None:  # a partial update: take the other half from the row
            stored_authors, stored_poster = self.db.execute(
                "SELECT authors, poster FROM articles WHERE url = ?", [url]
            ).fetchone()
            authors = authors if authors is not None else json.loads(stored_authors or "[]")
            poster = poster if poster is not None else stored_poster
        self.db.execute("DELETE FROM article_authors WHERE article_url = ?", [url])
        people = [(name, "author") for name in authors] + ([(poster, "poster")] if poster else [])
        for position, (name, role) in enumerate(people):
            self.db.execute(
                "INSERT OR IGNORE INTO article_authors (article_url, author_id, role, position) VALUES (?, ?, ?, ?)",
                [url, self._author_id(name), role, position],
            )

    def _author_id(self, name: str) -> int:
        self.db.execute("INSERT OR IGNORE INTO authors (name) VALUES (?)", [name])
        return int(self.db.execute("SELECT id FROM authors WHERE name = ?", [name]).fetchone()[0])


def _edited(previous: tuple[Any, ...], row: Mapping[str, Any]) -> bool:
    """Did the publisher change the article? Title or byline as printed, or the body in both its
    HTML and its text: markup-only churn and a better text extractor are not edits."""
    title, body_text, body_html, byline_raw = previous
    body_changed = body_html != row["body_html"] and body_text != row["body_text"]
    return title != row["title"] or byline_raw != row["byline_raw"] or body_changed


def _seen(record: Mapping[str, Any]) -> dict[str, Any]:
    """A record stamped with when it was seen (first and last, until the row exists)."""
    stamped = dict(record)
    stamped["first_seen_at"] = stamped["last_seen_at"] = record["fetched_at"]
    return stamped


def captures_of(db: Database, url: str) -> list[dict[str, Any]]:
    """Captures of `url`, newest first: the archived article's or video's current one first."""
    current = [
        row["capture_id"]
        for table in ("articles", "videos")
        for row in db.query(f"SELECT capture_id FROM {table} WHERE url = ?", [url])
        if row["capture_id"]
    ]
    rows = list(
        db.query(
            "SELECT * FROM captures WHERE url = ? OR id IN (SELECT value FROM json_each(?)) "
            "ORDER BY fetched_at DESC, rowid DESC",
            [url, json.dumps(current)],
        )
    )
    return sorted(rows, key=lambda row: row["id"] not in current)
