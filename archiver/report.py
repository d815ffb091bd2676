"""A short summary of what an archive holds, printed after a crawl."""

from __future__ import annotations

import json
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


def last_runs(db: Database, site: str | None, limit: int) -> list[dict[str, Any]]:
    """The latest crawl runs, newest first, with their end-of-run report decoded (None for older runs)."""
    where = "WHERE site = ? " if site else ""
    rows = db.execute(
        f"SELECT id, spider, site, started_at, status, report FROM crawl_runs {where}ORDER BY id DESC LIMIT ?",
        ([site] if site else []) + [limit],
    ).fetchall()
    return [
        {
            "id": run_id,
            "spider": spider,
            "site": run_site,
            "started_at": started_at,
            "status": status,
            "report": json.loads(report) if report else None,
        }
        for run_id, spider, run_site, started_at, status, report in rows
    ]


def format_runs(runs: list[dict[str, Any]]) -> str:
    from archiver.run_report import format_report

    blocks = []
    for run in runs:
        header = f"run {run['id']} {run['site']}/{run['spider']} started {run['started_at']}"
        body = "  (no report: run before the end-of-run report existed, or still running)"
        if run["report"] is not None:
            body = format_report(run["spider"], run["status"], run["report"])
        blocks.append(f"{header}\n{body}")
    return "\n".join(blocks) if blocks else "no crawl runs"
