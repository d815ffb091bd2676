"""v1: articles, videos, authors, images, view history, crawl runs, full-text search."""

from __future__ import annotations

from sqlite_utils import Database


def upgrade(db: Database) -> None:
    db.table("articles").create(
        {
            "url": str,
            "site": str,
            "category": str,
            "title": str,
            "summary": str,
            "published_at": str,
            "published_raw": str,
            "published_precision": str,
            "published_year_source": str,
            "published_year": int,
            "published_month": str,
            "poster": str,
            "authors": str,
            "byline_raw": str,
            "view_count": int,
            "views_raw": str,
            "body_text": str,
            "body_html": str,
            "word_count": int,
            "related": str,
            "meta_raw": str,
            "listing_date_raw": str,
            "response_url": str,
            "warnings": str,
            "fetched_at": str,
            "first_seen_at": str,
            "last_seen_at": str,
        },
        pk="url",
        not_null={"site"},
    )
    db.table("videos").create(
        {
            "url": str,
            "site": str,
            "title": str,
            "recorded_on": str,
            "recorded_on_source": str,
            "media_url": str,
            "category": str,
            "response_url": str,
            "warnings": str,
            "fetched_at": str,
            "first_seen_at": str,
            "last_seen_at": str,
        },
        pk="url",
        not_null={"site"},
    )
    db.table("authors").create({"id": int, "name": str}, pk="id", not_null={"name"})
    db.table("authors").create_index(["name"], unique=True)
    db.table("article_authors").create(
        {"article_url": str, "author_id": int, "role": str, "position": int},
        pk=("article_url", "author_id", "role"),
        foreign_keys=[("article_url", "articles", "url"), ("author_id", "authors", "id")],
    )
    db.table("images").create(
        {"article_url": str, "position": int, "src": str, "caption": str},
        pk=("article_url", "position"),
        foreign_keys=[("article_url", "articles", "url")],
    )
    db.table("crawl_runs").create(
        {
            "id": int,
            "spider": str,
            "site": str,
            "base_url": str,
            "started_at": str,
            "finished_at": str,
            "status": str,
            "finish_reason": str,
            "items": int,
            "warnings": int,
            "errors": int,
            "stats": str,
        },
        pk="id",
    )
    db.table("view_snapshots").create(
        {"id": int, "article_url": str, "observed_at": str, "view_count": int, "run_id": int},
        pk="id",
        foreign_keys=[("article_url", "articles", "url"), ("run_id", "crawl_runs", "id")],
    )
    for table, columns in {
        "articles": [["site"], ["category"], ["published_at"], ["published_year"]],
        "videos": [["recorded_on"]],
        "article_authors": [["author_id"]],
        "view_snapshots": [["article_url", "observed_at"]],
    }.items():
        for index_columns in columns:
            db.table(table).create_index(index_columns)
    db.table("articles").enable_fts(
        ["title", "summary", "body_text"], tokenize="unicode61 remove_diacritics 2", create_triggers=True
    )
