"""v2: raw captures, article versions, takedowns (gone / returned)."""

from __future__ import annotations

from sqlite_utils import Database


def upgrade(db: Database) -> None:
    db.table("captures").create(
        {
            "id": str,  # the response record's WARC-Record-ID
            "url": str,
            "warc_file": str,  # relative to the archive's folder
            "offset": int,
            "length": int,
            "status": int,
            "content_type": str,
            "payload_digest": str,
            "fetched_at": str,
            "parsed_as": str,  # spider callback that parsed it: parse_listing, parse_article, robots…
            "run_id": int,  # the crawl run (and so the site and spider) that fetched it
        },
        pk="id",
        foreign_keys=[("run_id", "crawl_runs", "id")],
    )
    db.table("captures").create_index(["url"])
    db.table("captures").create_index(["parsed_as", "fetched_at"])
    articles = db.table("articles")
    for column, kind in (
        ("capture_id", str),
        ("version", int),
        ("version_since", str),
        ("gone_at", str),
        ("gone_reason", str),
        ("returned_at", str),
    ):
        articles.add_column(column, kind)
    db.execute("UPDATE articles SET version = 1, version_since = first_seen_at")
    articles.create_index(["gone_at"])
    db.table("videos").add_column("capture_id", str)
    db.table("article_versions").create(
        {
            "id": int,
            "article_url": str,
            "version": int,
            "title": str,
            "body_text": str,
            "byline_raw": str,
            "authors": str,
            "valid_from": str,
            "replaced_at": str,
            "capture_before": str,
            "capture_after": str,
        },
        pk="id",
        foreign_keys=[("article_url", "articles", "url")],
    )
    db.table("article_versions").create_index(["article_url", "version"], unique=True)
    db.table("article_events").create(
        {"id": int, "article_url": str, "event": str, "at": str, "reason": str, "capture_id": str, "run_id": int},
        pk="id",
        foreign_keys=[("article_url", "articles", "url"), ("run_id", "crawl_runs", "id")],
    )
    db.table("article_events").create_index(["article_url", "at"])
