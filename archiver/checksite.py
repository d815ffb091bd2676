"""`archiver check-site NAME`: crawl a few articles with the real spider, then show per-field coverage.

The crawl runs `scrapy crawl news` in a subprocess (Twisted's reactor cannot be restarted in one
process) into a throw-away archive unless `--db` is given, bounded by Scrapy's
CLOSESPIDER_ITEMCOUNT and one listing page per listing. Coverage is read back from the archive.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# (label, articles column); a field counts as found when the column holds a non-empty value.
FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "title"),
    ("published_at", "published_at"),
    ("byline/authors", "authors"),
    ("view_count", "view_count"),
    ("body_text", "body_text"),
)
# Fields every portal's articles have: check-site fails when one is found on too few of them.
KEY_FIELDS = frozenset({"title", "published_at", "body_text"})
SAMPLES = 3
SAMPLE_CHARS = 70


class CheckSiteError(Exception):
    """The check crawl could not run, or found nothing."""


@dataclass(frozen=True)
class FieldCoverage:
    field: str
    found: int
    total: int
    samples: tuple[str, ...]

    @property
    def share(self) -> float:
        return self.found / self.total if self.total else 0.0


def coverage(rows: Sequence[Mapping[str, Any]]) -> list[FieldCoverage]:
    """Per field, how many of the article rows hold a value, with a few distinct sample values."""
    result = []
    for label, column in FIELDS:
        values = [_shown(row.get(column)) for row in rows]
        present = [value for value in values if value]
        samples = tuple(dict.fromkeys(present))[:SAMPLES]
        result.append(FieldCoverage(label, len(present), len(rows), samples))
    return result


def _shown(value: Any) -> str:
    """A stored value as text for display; "" when it is missing or empty (an empty author list too)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith("["):
        try:
            value = json.loads(value)
        except ValueError:
            pass
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    text = " ".join(str(value).split())
    return text if len(text) <= SAMPLE_CHARS else text[: SAMPLE_CHARS - 1] + "…"


def failing_fields(report: Iterable[FieldCoverage], threshold: float) -> list[str]:
    """Key fields found on fewer than `threshold` of the articles."""
    return [item.field for item in report if item.field in KEY_FIELDS and item.share < threshold]


def format_coverage(site: str, report: Sequence[FieldCoverage], threshold: float) -> str:
    total = report[0].total if report else 0
    lines = [f"check-site {site}: {total} articles crawled", f"{'field':<16} {'coverage':>12}  samples"]
    for item in report:
        mark = " !" if item.field in KEY_FIELDS and item.share < threshold else "  "
        share = f"{item.found}/{item.total} {item.share:>4.0%}"
        lines.append(f"{item.field:<16} {share:>12}{mark}" + (" | ".join(item.samples) or "-"))
    return "\n".join(lines)


def crawl_command(site: str, base_url: str | None, db_path: Path, articles: int) -> list[str]:
    """`scrapy crawl news` for `site`, bounded to about `articles` articles from one page per listing."""
    command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"site={site}"]
    if base_url:
        command += ["-a", f"base_url={base_url}"]
    bounds = {
        "ARCHIVER_DB": str(db_path),
        "CLOSESPIDER_ITEMCOUNT": str(articles),
        "ARCHIVER_MAX_LISTING_PAGES": "1",
        "LOG_LEVEL": "WARNING",
    }
    for name, value in bounds.items():
        command += ["-s", f"{name}={value}"]
    return command


def run_check_crawl(site: str, base_url: str | None, db_path: Path, articles: int, timeout: float = 900) -> str:
    """Run the bounded crawl; returns its log (stderr). Raises CheckSiteError when scrapy fails."""
    env = os.environ | {"ARCHIVER_DB": str(db_path)}
    try:
        done = subprocess.run(
            crawl_command(site, base_url, db_path, articles),
            cwd=REPO,  # scrapy.cfg names the project settings
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        raise CheckSiteError(f"the check crawl took more than {timeout:.0f} s") from exc
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise CheckSiteError(f"scrapy crawl news exited with {done.returncode}:\n{tail}")
    return done.stderr


def article_rows(db_path: Path, site: str, limit: int | None = None) -> list[dict[str, Any]]:
    """The site's most recently fetched articles in the archive."""
    from sqlite_utils import Database

    db = Database(db_path)
    if not db["articles"].exists():
        return []
    columns = ", ".join(column for _, column in FIELDS)
    sql = f"SELECT {columns} FROM articles WHERE site = ? ORDER BY fetched_at DESC, rowid DESC"
    params: list[Any] = [site]
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    return list(db.query(sql, params))
