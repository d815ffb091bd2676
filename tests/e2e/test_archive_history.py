"""Three days of the demo portal, crawled on one port: versions, takedowns, view history and WARC
captures checked exactly against the generator's truth."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from archiver.demo.days import day_plan
from archiver.demo.generator import DemoArticle, build_site
from archiver.demo.server import DemoServer
from tests.e2e.helpers import REPO, free_port, scrapy_crawl

pytestmark = pytest.mark.e2e
DAYS = (1, 2, 3)
SIZE = {"articles": 80, "videos": 14}


def content(article: DemoArticle) -> tuple[str, str, str | None]:
    return (article.title, article.body_text, f"Tác giả: {article.byline_raw}" if article.byline_raw else None)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory):
    """Days 1-3 crawled minutes apart with `full=1`: the demo compresses days into minutes, which no
    refresh policy would treat as due, so each day is crawled as an archivist re-checks a site in full."""
    sites = {day: build_site(**SIZE, day=day) for day in DAYS}
    db_path = tmp_path_factory.mktemp("history") / "archive.db"
    portal = DemoServer(sites[1], port=free_port()).start()
    runs = []
    try:
        for day in DAYS:
            portal.site = sites[day]
            runs += [scrapy_crawl(spider, portal.base_url, db_path, "-a", "full=1") for spider in ("news", "videos")]
    finally:
        portal.stop()
    return {"sites": sites, "db": Database(db_path), "db_path": db_path, "base": portal.base_url, "runs": runs}


def test_every_day_crawls_cleanly(history) -> None:
    for run in history["runs"]:
        assert run.returncode == 0, run.stderr[-3000:]
        assert "ERROR" not in run.stderr, run.stderr[-3000:]


def test_each_article_ever_seen_is_archived_once_with_its_latest_state(history) -> None:
    base, db = history["base"], history["db"]
    latest: dict[str, DemoArticle] = {}
    for day in DAYS:
        latest |= {base + a.path: a for a in history["sites"][day].articles}
    rows = {r["url"]: r for r in db.query("SELECT url, title, body_text, byline_raw, view_count FROM articles")}
    assert set(rows) == set(latest)
    for url, article in latest.items():
        assert (rows[url]["title"], rows[url]["body_text"], rows[url]["byline_raw"]) == content(article)


def test_versions_keep_every_earlier_state_exactly(history) -> None:
    base, db = history["base"], history["db"]
    expected: dict[str, list[tuple]] = {}
    for day in DAYS:
        for article in history["sites"][day].articles:
            states = expected.setdefault(base + article.path, [])
            if not states or states[-1] != content(article):
                states.append(content(article))
    stored: dict[str, list[tuple]] = {}
    for row in db.query("SELECT * FROM article_versions ORDER BY article_url, version"):
        stored.setdefault(row["article_url"], []).append((row["title"], row["body_text"], row["byline_raw"]))
    assert stored == {url: states[:-1] for url, states in expected.items() if len(states) > 1}
    plan = day_plan(history["sites"][1])
    edited = {a.id for a in history["sites"][1].articles if base + a.path in stored}
    assert edited == {plan.retitled, plan.rewritten, plan.rebylined}
    versions = dict(db.execute("SELECT url, version FROM articles WHERE version > 1").fetchall())
    assert sorted(versions.values()) == [2, 2, 3]


def test_version_rows_point_at_the_captures_before_and_after(history) -> None:
    db = history["db"]
    captures = {r["id"] for r in db.query("SELECT id FROM captures")}
    for row in db.query("SELECT * FROM article_versions"):
        assert row["capture_before"] in captures and row["capture_after"] in captures
        assert row["capture_before"] != row["capture_after"]
        assert row["valid_from"] < row["replaced_at"]


def test_takedown_then_return_and_a_redirect_to_the_home_page(history) -> None:
    base, db = history["base"], history["db"]
    first = {a.id: a for a in history["sites"][1].articles}
    plan = day_plan(history["sites"][1])
    removed, redirected = base + first[plan.removed].path, base + first[plan.redirected].path
    rows = {r["url"]: r for r in db.query("SELECT * FROM articles WHERE url IN (?, ?)", [removed, redirected])}
    assert rows[removed]["gone_at"] is None and rows[removed]["returned_at"] is not None
    assert rows[redirected]["gone_at"] is not None and "redirect to " + base + "/" in rows[redirected]["gone_reason"]
    assert rows[redirected]["body_text"] == first[plan.redirected].body_text, "a gone article keeps its data"
    events = [(r["article_url"], r["event"]) for r in db.query("SELECT * FROM article_events ORDER BY id")]
    assert events == [(removed, "gone"), (removed, "returned"), (redirected, "gone")]
    assert db.execute("SELECT count(*) FROM articles WHERE gone_at IS NOT NULL").fetchone()[0] == 1


def test_view_history_is_every_observation_as_printed(history) -> None:
    base, db = history["base"], history["db"]
    expected: dict[str, list[int]] = {}
    for day in DAYS:
        for article in history["sites"][day].articles:
            expected.setdefault(base + article.path, []).append(article.view_count)
    stored: dict[str, list[int]] = {}
    for row in db.query("SELECT article_url, view_count FROM view_snapshots ORDER BY id"):
        stored.setdefault(row["article_url"], []).append(row["view_count"])
    assert stored == expected
    plan = day_plan(history["sites"][1])
    reset = base + {a.id: a for a in history["sites"][1].articles}[plan.counter_reset].path
    assert stored[reset][2] < stored[reset][1], "a dropped counter is recorded as it is"


def test_every_record_links_to_a_readable_capture_and_warcio_check_passes(history) -> None:
    db, root = history["db"], history["db_path"].parent
    assert db.execute("SELECT count(*) FROM articles WHERE capture_id IS NULL").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM videos WHERE capture_id IS NULL").fetchone()[0] == 0
    kinds = {r["parsed_as"] for r in db.query("SELECT DISTINCT parsed_as FROM captures")}
    assert {"robots", "parse_start", "parse_listing", "parse_article", "parse_video"} <= kinds
    statuses = {r["status"] for r in db.query("SELECT DISTINCT status FROM captures")}
    assert {200, 301, 404} <= statuses
    files = sorted((root / "warc").glob("*.warc.gz"))
    assert len(files) == 6, "one new file per spider run"
    check = subprocess.run(
        [str(Path(sys.executable).parent / "warcio"), "check", *map(str, files)], capture_output=True
    )
    assert check.returncode == 0, check.stdout[-2000:]


def test_show_capture_prints_the_raw_404_of_the_takedown_day(history) -> None:
    base, db_path = history["base"], history["db_path"]
    plan = day_plan(history["sites"][1])
    removed = base + {a.id: a for a in history["sites"][1].articles}[plan.removed].path
    listing = subprocess.run(
        [sys.executable, "-m", "archiver.cli", "show-capture", "--db", str(db_path), "--list", removed],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    # Newest first: restored on day 3, taken down on day 2, first seen on day 1.
    assert [line.split()[1] for line in listing.stdout.splitlines()] == ["200", "404", "200"]
    shown = subprocess.run(
        [sys.executable, "-m", "archiver.cli", "show-capture", "--db", str(db_path), removed],
        cwd=REPO,
        capture_output=True,
        check=True,
    )
    assert (
        shown.stdout.startswith(b"HTTP 200\n")
        and history["sites"][3].article_by_path(removed[len(base) :]).title.encode() in shown.stdout
    )


def test_reprocess_from_warc_changes_nothing(history) -> None:
    before = json.dumps(list(history["db"].query("SELECT * FROM articles ORDER BY url")), sort_keys=True)
    run = subprocess.run(
        [sys.executable, "-m", "archiver.cli", "reprocess", "--db", str(history["db_path"])],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    ever_seen = {a.path for site in history["sites"].values() for a in site.articles}
    videos = len(history["sites"][3].videos)
    assert f"reprocessed {len(ever_seen)} articles and {videos} videos from WARC; 0 records changed" in run.stdout
    after = json.dumps(list(history["db"].query("SELECT * FROM articles ORDER BY url")), sort_keys=True)
    assert before == after
