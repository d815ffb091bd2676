"""A short summary of what an archive holds, printed after a crawl."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database


def summarize(db: Database, site: str | None = None) -> dict[str, Any]:
    """Counts, date range, warnings and errors; limited to one site when `site` is given."""

    def value(sql: str, *conditions: str) -> Any:
        clauses = (["site = ?"] if site else []) + list(conditions)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return db.execute(sql.format(where=where), [site] if site else []).fetchone()[0]

    return {
        "articles": value("SELECT count(*) FROM articles{where}"),
        "videos": value("SELECT count(*) FROM videos{where}"),
        "authors": value(
            "SELECT count(DISTINCT author_id) FROM article_authors JOIN articles ON url = article_url{where}",
            "role = 'author'",
        ),
        "first_published": value("SELECT min(published_at) FROM articles{where}"),
        "last_published": value("SELECT max(published_at) FROM articles{where}"),
        "records_with_warnings": value("SELECT count(*) FROM articles{where}", "warnings != '[]'")
        + value("SELECT count(*) FROM videos{where}", "warnings != '[]'"),
        "errors": value(
            "SELECT coalesce(sum(errors), 0) FROM crawl_runs"
            " WHERE id IN (SELECT max(id) FROM crawl_runs{where} GROUP BY spider)"
        ),
    }


def format_summary(summary: dict[str, Any]) -> str:
    return "\n".join(
        [
            f"articles:  {summary['articles']}",
            f"videos:    {summary['videos']}",
            f"authors:   {summary['authors']}",
            f"published: {summary['first_published']} … {summary['last_published']}",
            f"warnings:  {summary['records_with_warnings']} records",
            f"errors:    {summary['errors']} (last run of each spider)",
        ]
    )
