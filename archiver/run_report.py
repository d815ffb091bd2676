"""The end-of-run report: what a crawl found new, changed, gone, failed, and how well fields were filled.

Built from the crawl stats when a spider closes, stored as JSON in `crawl_runs.report`,
printed by `archiver crawl`, and turned into exit status `EXIT_COVERAGE` when a
redesign monitor (archiver/monitors.py) fires.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlite_utils import Database

from archiver.monitors import COVERAGE_FIELDS, Breach, coverage

# `archiver crawl` exit status when a field's coverage fell below its minimum
# (1 is "crawl did not finish", 2 is click's usage error).
EXIT_COVERAGE = 3
# Crawl stat holding how many coverage minimums the run broke.
COVERAGE_BREACHES_STAT = "archiver/coverage/below_minimum"


def stat(stats: Mapping[str, Any], key: str) -> int:
    return int(stats.get(key, 0) or 0)


def coverage_counts(stats: Mapping[str, Any]) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Records checked per kind, and records with each coverage field per kind, from the stats."""
    checked = {kind: stat(stats, f"archiver/{kind}/checked") for kind in COVERAGE_FIELDS}
    filled = {
        kind: {name: stat(stats, f"archiver/{kind}/field/{name}/present") for name in names}
        for kind, names in COVERAGE_FIELDS.items()
    }
    return checked, filled


def build_report(
    stats: Mapping[str, Any],
    breaches: Sequence[Breach],
    thresholds: Mapping[str, float],
    min_items: int,
    failed_urls: int | None,
) -> dict[str, Any]:
    """The report of one run; `failed_urls` is None when the archive has no `crawl_errors` table."""
    checked, filled = coverage_counts(stats)
    articles, new_articles, updated = (
        stat(stats, "archiver/article/stored"),
        stat(stats, "archiver/article/new"),
        stat(stats, "archiver/article/versions"),
    )
    videos, new_videos = stat(stats, "archiver/video/stored"), stat(stats, "archiver/video/new")
    return {
        "articles": {
            "seen": articles,
            "new": new_articles,
            "updated": updated,
            "unchanged": max(articles - new_articles - updated, 0),
            "gone": stat(stats, "archiver/article/gone"),
            "returned": stat(stats, "archiver/article/returned"),
        },
        "videos": {"seen": videos, "new": new_videos, "unchanged": max(videos - new_videos, 0)},
        "errors": {
            "logged": stat(stats, "log_count/ERROR"),
            "download": stat(stats, "downloader/exception_count"),
            "http": stat(stats, "httperror/response_ignored_count"),
            "failed_urls": failed_urls,
        },
        "coverage": coverage(checked, filled),
        "checked": {kind: count for kind, count in checked.items() if count},
        "thresholds": dict(thresholds),
        "min_items_for_coverage": min_items,
        "breaches": [breach.as_dict() for breach in breaches],
    }


def failed_url_count(db: Database, run_id: int) -> int | None:
    """URLs of this run still failing after retries, if the archive records them."""
    if not db["crawl_errors"].exists():
        return None
    return int(db.execute("SELECT count(*) FROM crawl_errors WHERE run_id = ?", [run_id]).fetchone()[0])


def format_report(spider: str, status: str, report: Mapping[str, Any]) -> str:
    """A few lines a person reads after a crawl."""
    lines = [f"run report — {spider} ({status})"]
    a, v, e = report["articles"], report["videos"], report["errors"]
    if a["seen"] or a["gone"] or a["returned"]:
        lines.append(
            f"  articles: {a['new']} new, {a['updated']} updated, {a['unchanged']} unchanged, "
            f"{a['gone']} gone, {a['returned']} returned"
        )
    if v["seen"]:
        lines.append(f"  videos:   {v['new']} new, {v['unchanged']} unchanged")
    failed = "" if e["failed_urls"] is None else f", {e['failed_urls']} URLs still failing"
    lines.append(f"  errors:   {e['logged']} logged, {e['download']} download, {e['http']} HTTP{failed}")
    for kind, shares in report["coverage"].items():
        order = [name for name in COVERAGE_FIELDS.get(kind, ()) if name in shares] or list(shares)
        cells = ", ".join(f"{name} {shares[name]:.0%}" for name in order)
        lines.append(f"  coverage of {report['checked'].get(kind, 0)} {kind}s: {cells}")
    for breach in report["breaches"]:
        lines.append(f"  BELOW MINIMUM: {Breach(**breach).describe()}")
    return "\n".join(lines)


def last_run_id(db: Database) -> int:
    """Highest crawl run id so far (0 for a new archive): runs after it belong to the next crawl."""
    if not db["crawl_runs"].exists():
        return 0
    return int(db.execute("SELECT coalesce(max(id), 0) FROM crawl_runs").fetchone()[0])


def runs_since(db: Database, after_id: int, site: str) -> list[dict[str, Any]]:
    """Runs of `site` started after run `after_id`, oldest first, with their report decoded."""
    rows = db.execute(
        "SELECT id, spider, status, report FROM crawl_runs WHERE id > ? AND site = ? ORDER BY id", [after_id, site]
    ).fetchall()
    return [
        {"id": run_id, "spider": spider, "status": status, "report": json.loads(report) if report else None}
        for run_id, spider, status, report in rows
    ]
