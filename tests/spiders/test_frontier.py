"""The frontier read from the archive: refresh policy (pinned dates), complete walks, old entries."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from archiver.frontier import (
    EVERY_RUN,
    LISTING_FAILED_STAT,
    PAGE_BOUND_STAT,
    RefreshRule,
    is_complete_walk,
    is_due,
    load_frontier,
    parse_refresh_policy,
    refresh_interval,
)
from archiver.settings import ARCHIVER_REFRESH_POLICY
from archiver.store import open_archive

VN = timezone(timedelta(hours=7))
NOW = datetime(2024, 3, 1, 12, 0, tzinfo=VN)
BASE = "http://127.0.0.1:8070/"
DEFAULT = parse_refresh_policy(ARCHIVER_REFRESH_POLICY)


def test_policy_is_parsed_in_order() -> None:
    assert parse_refresh_policy("7d:every, 60d:1w ,*:never") == (
        RefreshRule(timedelta(days=7), EVERY_RUN),
        RefreshRule(timedelta(days=60), timedelta(weeks=1)),
        RefreshRule(None, None),
    )
    assert parse_refresh_policy("90m:30m,1h:1h") == (
        RefreshRule(timedelta(minutes=90), timedelta(minutes=30)),
        RefreshRule(timedelta(hours=1), timedelta(hours=1)),
    )
    assert parse_refresh_policy("") == ()


@pytest.mark.parametrize("bad", ["7d", "7 days:1h", "7d:soon", "x:1h", "7d:-1h", "*:1y"])
def test_a_bad_policy_is_refused_with_the_rule_named(bad: str) -> None:
    with pytest.raises(ValueError, match="refresh policy rule"):
        parse_refresh_policy(bad)


@pytest.mark.parametrize(
    ("published", "fetched", "due"),
    [
        (NOW - timedelta(days=2), NOW - timedelta(hours=2), True),  # young: hourly
        (NOW - timedelta(days=2), NOW - timedelta(minutes=20), False),  # just fetched (a rerun after a kill)
        (NOW - timedelta(days=30), NOW - timedelta(days=3), False),  # younger than 60 days: weekly
        (NOW - timedelta(days=30), NOW - timedelta(days=7), True),
        (NOW - timedelta(days=400), NOW - timedelta(days=29), False),  # older: every 30 days
        (NOW - timedelta(days=400), NOW - timedelta(days=30), True),
        (NOW + timedelta(hours=1), NOW - timedelta(hours=1), True),  # a date in the future counts as new
    ],
)
def test_default_policy_with_pinned_dates(published: datetime, fetched: datetime, due: bool) -> None:
    assert is_due(DEFAULT, published, fetched, NOW) is due


def test_every_run_never_and_no_matching_rule() -> None:
    every = parse_refresh_policy("*:every")
    assert is_due(every, NOW - timedelta(days=900), NOW, NOW)
    never = parse_refresh_policy("7d:1h,*:never")
    assert not is_due(never, NOW - timedelta(days=8), NOW - timedelta(days=300), NOW)
    young_only = parse_refresh_policy("7d:1h")
    assert refresh_interval(young_only, timedelta(days=8)) is None
    assert refresh_interval(young_only, timedelta(days=6)) == timedelta(hours=1)


@pytest.mark.parametrize(
    ("status", "stats", "complete"),
    [
        ("finished", json.dumps({"archiver/frontier/walk": "full"}), True),
        ("finished", json.dumps({}), True),  # a run from before the frontier walked everything
        ("finished", json.dumps({LISTING_FAILED_STAT: 1}), False),
        ("finished", json.dumps({PAGE_BOUND_STAT: 2}), False),
        ("interrupted", json.dumps({}), False),
        ("stopped", json.dumps({}), False),
        ("running", None, False),
        ("finished", "not json", False),
    ],
)
def test_complete_walk(status: str, stats: str | None, complete: bool) -> None:
    assert is_complete_walk(status, stats) is complete


# ---------------------------------------------------------------- load_frontier on a real archive


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    path = tmp_path / "archive.db"
    db = open_archive(path)
    day = timedelta(days=1)
    articles = [
        # url, published, first seen, fetched
        ("old-1", NOW - 400 * day, NOW - 20 * day, NOW - 20 * day),  # old entry, not due
        ("old-2", NOW - 400 * day, NOW - 40 * day, NOW - 40 * day),  # old entry, due (monthly)
        ("young", NOW - 1 * day, NOW - 1 * day, NOW - 1 * day),  # archived after the walk, due (hourly)
    ]
    for name, published, seen, fetched in articles:
        db["articles"].insert(
            {
                "url": BASE + name,
                "site": "demo",
                "title": name,
                "published_at": iso(published),
                "first_seen_at": iso(seen),
                "last_seen_at": iso(fetched),
                "fetched_at": iso(fetched),
            }
        )
    db["articles"].insert({"url": "http://other.example/x", "site": "demo", "first_seen_at": iso(NOW - 50 * day)})
    db["captures"].insert({"id": "c1", "url": BASE + "old-2", "fetched_at": iso(NOW - 1 * day)})  # re-checked
    db.close()
    return path


def add_run(path: Path, finished: datetime, status: str, stats: dict[str, object], spider: str = "news") -> None:
    db = open_archive(path)
    db["crawl_runs"].insert(
        {
            "spider": spider,
            "site": "demo",
            "base_url": BASE,
            "started_at": iso(finished - timedelta(hours=1)),
            "finished_at": iso(finished) if status != "running" else None,
            "status": status,
            "stats": json.dumps(stats),
        }
    )
    db.close()


def frontier(path: Path, force_full: bool = False, table: str = "articles"):
    return load_frontier(
        path, table=table, spider="news", site="demo", base_url=BASE, rules=DEFAULT, now=NOW, force_full=force_full
    )


def test_a_missing_archive_fetches_everything(tmp_path: Path) -> None:
    empty = frontier(tmp_path / "none.db")
    assert empty.walk_all and not empty.archived and empty.wants(BASE + "anything")


def test_without_a_complete_walk_every_page_is_walked_but_only_new_or_due_fetched(archive: Path) -> None:
    add_run(archive, NOW - timedelta(days=10), "interrupted", {})
    add_run(archive, NOW - timedelta(days=9), "finished", {LISTING_FAILED_STAT: 1})
    found = frontier(archive)
    assert found.mode == "full" and found.walk_all and not found.old
    assert found.archived == {BASE + "old-1", BASE + "old-2", BASE + "young"}  # another base URL is not ours
    assert set(found.due) == {BASE + "young"}  # old-2 was re-checked yesterday (its capture)
    assert found.wants(BASE + "new") and found.wants(BASE + "young") and not found.wants(BASE + "old-1")


def test_entries_archived_by_the_end_of_the_latest_complete_walk_are_old(archive: Path) -> None:
    add_run(archive, NOW - timedelta(days=20), "finished", {"archiver/frontier/walk": "full"})  # old-1: its end
    add_run(archive, NOW - timedelta(days=5), "interrupted", {})
    add_run(archive, NOW - timedelta(days=3), "finished", {}, spider="videos")  # another spider's walk
    found = frontier(archive)
    assert found.mode == "incremental" and not found.walk_all
    assert found.old == {BASE + "old-1", BASE + "old-2"}
    assert found.all_old([BASE + "old-1", BASE + "old-2"])
    assert not found.all_old([BASE + "old-1", BASE + "young"]) and not found.all_old([])


def test_forced_full_fetches_every_archived_page(archive: Path) -> None:
    add_run(archive, NOW - timedelta(days=10), "finished", {})
    found = frontier(archive, force_full=True)
    assert found.mode == "forced" and found.walk_all and found.fetch_all
    assert found.wants(BASE + "old-1") and set(found.pages) == found.archived


def test_videos_are_never_due(archive: Path) -> None:
    db = open_archive(archive)
    db["videos"].insert({"url": BASE + "v1", "site": "demo", "first_seen_at": iso(NOW - timedelta(days=99))})
    db.close()
    found = load_frontier(archive, table="videos", spider="videos", site="demo", base_url=BASE, rules=(), now=NOW)
    assert found.archived == {BASE + "v1"} and not found.due and not found.wants(BASE + "v1")


def test_a_date_without_time_is_read_as_vietnam_time(archive: Path) -> None:
    db = open_archive(archive)
    db["articles"].insert(
        {
            "url": BASE + "dated",
            "site": "demo",
            "published_at": (NOW - timedelta(days=3)).date().isoformat(),
            "first_seen_at": iso(NOW - timedelta(days=300)),
            "fetched_at": iso(NOW - timedelta(hours=2)),
        }
    )
    db.close()
    assert BASE + "dated" in frontier(archive).due  # 3 days old by its date (hourly), not 300 by first sight
