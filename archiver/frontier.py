"""The archive as the crawl frontier: what a run must fetch, and where a listing walk may stop.

A run never trusts its own memory of earlier runs (no JOBDIR): it reads the archive.

- **Complete walk.** A run is a complete walk when it finished (status `finished`) without a
  failed listing page and without hitting the listing page bound. Runs killed, stopped or
  failed are not. Until one complete walk exists for a spider, site and base URL, every run
  walks every listing page to its end.
- **Old entry.** A URL first archived by the end of the latest complete walk. Such a walk
  archived everything its listings showed, so everything published since sits above its
  entries in a newest-first listing: once a listing shows `known_pages_to_stop` pages of old
  entries in a row, the rest is older and the walk stops. An entry archived by a later run
  that was killed or stopped is not old, so the walk goes on past it to what that run missed.
- **Due.** An archived page is fetched again when the refresh policy says so: by its age
  (`published_at`, else `first_seen_at`) and the time since it was last fetched (its latest
  capture, `fetched_at` or `gone_at`). This is also how takedowns and edits are re-checked.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Mapping
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

# Stats a spider sets so the next runs can judge whether this run walked its listings completely.
WALK_STAT = "archiver/frontier/walk"  # "full" (every page), "forced" (`full=1`) or "incremental"
LISTING_FAILED_STAT = "archiver/listing/failed"
PAGE_BOUND_STAT = "archiver/listing/page_bound_hit"

_UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}
_DURATION = re.compile(r"^(\d+)([mhdw])$")
EVERY_RUN = timedelta(0)
VIETNAM_TZ = timezone(timedelta(hours=7))


@dataclass(frozen=True)
class RefreshRule:
    """Pages younger than `younger_than` (None: any age) are due `every` after their last fetch
    (`timedelta(0)`: every run; None: never)."""

    younger_than: timedelta | None
    every: timedelta | None


def _duration(text: str, rule: str) -> timedelta:
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"refresh policy rule {rule!r}: {text!r} is not a duration like 30m, 6h, 7d or 2w")
    return int(match.group(1)) * _UNITS[match.group(2)]


def parse_refresh_policy(text: str) -> tuple[RefreshRule, ...]:
    """`"7d:1h,60d:7d,*:30d"` → rules: younger than 7 days every hour, than 60 days weekly, the rest
    every 30 days. An interval may be `every` (each run) or `never`; an age `*` matches any age.
    Rules are tried in order; a page matching none is never refreshed. Empty text: never refresh."""
    rules = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        age, sep, every = (s.strip() for s in part.partition(":"))
        if not sep:
            raise ValueError(f"refresh policy rule {part!r} must read AGE:INTERVAL, e.g. 7d:1h")
        younger_than = None if age == "*" else _duration(age, part)
        interval = EVERY_RUN if every == "every" else None if every == "never" else _duration(every, part)
        rules.append(RefreshRule(younger_than, interval))
    return tuple(rules)


def refresh_interval(rules: Iterable[RefreshRule], age: timedelta) -> timedelta | None:
    """The interval of the first rule this age falls under (None: never refreshed)."""
    for rule in rules:
        if rule.younger_than is None or age < rule.younger_than:
            return rule.every
    return None


def is_due(rules: Iterable[RefreshRule], born: datetime, last_fetched: datetime, now: datetime) -> bool:
    """Should a page first published (or first seen) at `born` and last fetched at `last_fetched`
    be fetched again `now`?"""
    interval = refresh_interval(rules, max(now - born, timedelta(0)))
    return interval is not None and now - last_fetched >= interval


def is_complete_walk(status: str | None, stats_json: str | None) -> bool:
    """A finished run that walked every listing it started without a failed page or the page bound."""
    if status != "finished":
        return False
    try:
        stats = json.loads(stats_json or "{}")
    except ValueError:
        return False
    if not isinstance(stats, dict):
        return False
    return not stats.get(LISTING_FAILED_STAT) and not stats.get(PAGE_BOUND_STAT)


@dataclass(frozen=True)
class ArchivedPage:
    """What the frontier knows of one archived URL (listing columns travel back as a hint)."""

    url: str
    title: str | None = None
    listing_date_raw: str | None = None
    summary: str | None = None


@dataclass
class Frontier:
    """One run's view of the archive. The default (nothing archived) fetches everything."""

    walk_all: bool = True  # follow every listing page to its end
    fetch_all: bool = False  # `full=1`: re-fetch every archived page too
    archived: set[str] = field(default_factory=set)
    old: set[str] = field(default_factory=set)  # archived by the end of the latest complete walk
    due: dict[str, ArchivedPage] = field(default_factory=dict)
    pages: dict[str, ArchivedPage] = field(default_factory=dict)  # every archived page, in forced runs only

    @property
    def mode(self) -> str:
        return "forced" if self.fetch_all else "full" if self.walk_all else "incremental"

    def wants(self, url: str) -> bool:
        """Fetch this listed URL? New, due, or every URL in a forced full run."""
        return self.fetch_all or url not in self.archived or url in self.due

    def all_old(self, urls: Iterable[str]) -> bool:
        listed = list(urls)
        return bool(listed) and all(url in self.old for url in listed)


def _parse_time(value: str | None) -> datetime | None:
    """An archived ISO 8601 value; a bare date or naive time is Vietnam time, as the archive writes it."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=VIETNAM_TZ)


def latest_complete_walk(db: sqlite3.Connection, spider: str, site: str, base_url: str) -> str | None:
    """`finished_at` of the latest complete walk of this spider, site and base URL."""
    rows = db.execute(
        "SELECT status, stats, finished_at FROM crawl_runs WHERE spider = ? AND site = ? AND base_url = ? "
        "AND status = 'finished' ORDER BY id DESC",
        [spider, site, base_url],
    )
    return next((finished for status, stats, finished in rows if is_complete_walk(status, stats)), None)


# Per table: the columns the frontier reads; views and takedowns exist for articles only.
_QUERIES: Mapping[str, str] = {
    "articles": (
        "SELECT a.url, a.title, a.listing_date_raw, a.summary, a.first_seen_at, a.published_at, a.fetched_at, "
        "a.gone_at, (SELECT max(c.fetched_at) FROM captures c WHERE c.url = a.url) "
        "FROM articles a WHERE a.site = ? AND substr(a.url, 1, ?) = ?"
    ),
    "videos": (
        "SELECT v.url, v.title, NULL, NULL, v.first_seen_at, NULL, v.fetched_at, NULL, NULL "
        "FROM videos v WHERE v.site = ? AND substr(v.url, 1, ?) = ?"
    ),
}


def load_frontier(
    db_path: str | Path,
    *,
    table: str,
    spider: str,
    site: str,
    base_url: str,
    rules: Iterable[RefreshRule],
    now: datetime,
    force_full: bool = False,
) -> Frontier:
    """Read the frontier of one spider from the archive (read-only; a missing archive is empty)."""
    path = Path(db_path)
    if not path.exists():
        return Frontier(fetch_all=force_full)
    rules = tuple(rules)
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        db.execute("PRAGMA busy_timeout = 30000")
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {table, "crawl_runs", "captures"} <= tables:
            return Frontier(fetch_all=force_full)
        watermark = _parse_time(latest_complete_walk(db, spider, site, base_url))
        rows: list[Any] = db.execute(_QUERIES[table], [site, len(base_url), base_url]).fetchall()
    frontier = Frontier(walk_all=force_full or watermark is None, fetch_all=force_full)
    for url, title, date_raw, summary, first_seen, published, *fetch_times in rows:
        page = ArchivedPage(url, title, date_raw, summary)
        frontier.archived.add(url)
        if force_full:  # hints for every page only when every page will be revisited
            frontier.pages[url] = page
        seen = _parse_time(first_seen)
        if watermark is not None and seen is not None and seen <= watermark:
            frontier.old.add(url)
        born = _parse_time(published) or seen
        fetched = max((t for t in map(_parse_time, fetch_times) if t is not None), default=seen)
        if born is not None and fetched is not None and is_due(rules, born, fetched, now):
            frontier.due[url] = page
    return frontier
