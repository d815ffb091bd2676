"""The `generic` spider on the default demo portal, with no profile: per-field accuracy against
the generator's truth must stay above a pinned floor."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from archiver.demo.generator import DemoSite, build_site
from archiver.demo.server import DemoServer
from archiver.generic.accuracy import SCORED_FIELDS, field_accuracy
from tests.e2e.helpers import REPO, assert_clean_run, crawl_on_loopback, run_archiving

pytestmark = pytest.mark.e2e

# Measured 1.0 for every field on 2026-11-26; the floor leaves room for a few pages, not for a regression.
ACCURACY_FLOOR = dict.fromkeys(SCORED_FIELDS, 0.97)
# The loopback portal needs no politeness delay (the demo profile says the same for the news spider).
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def generic_crawl(start_url: str, db_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    # `news` with a start URL and no profile hands over to the generic spider.
    command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"start_url={start_url}", *FAST, *extra]
    return run_archiving(command, db_path)


@pytest.fixture(scope="module")
def site() -> DemoSite:
    return build_site()


@pytest.fixture(scope="module")
def crawled(site: DemoSite, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db_path = tmp_path_factory.mktemp("generic") / "archive.db"
    return crawl_on_loopback(site, db_path, lambda base: {"run": generic_crawl(base + "/", db_path)})


def _rows(db_path: Path) -> dict[str, dict]:
    rows = {}
    for row in Database(db_path).query("SELECT * FROM articles"):
        record = dict(row)
        record["authors"] = json.loads(record["authors"])
        record["extraction"] = json.loads(record["extraction"])
        rows[record["url"]] = record
    return rows


def test_the_crawl_finishes_cleanly(crawled) -> None:
    assert_clean_run(crawled["run"])


def test_per_field_accuracy_stays_above_the_floor(crawled, site: DemoSite) -> None:
    accuracy = field_accuracy(site, _rows(crawled["db_path"]))
    low = {name: share for name, share in accuracy.items() if share < ACCURACY_FLOOR[name]}
    assert not low, accuracy


def test_only_articles_are_stored_and_every_one_says_how_it_was_found(crawled, site: DemoSite) -> None:
    rows = _rows(crawled["db_path"])
    assert set(rows) == {crawled["base"] + a.path for a in site.articles}
    methods = {"jsonld", "meta", "label", "heuristic", "listing"}
    for row in rows.values():
        assert row["extraction"] and set(row["extraction"].values()) <= methods, row["url"]
        assert row["site"] == "127.0.0.1"
    runs = list(Database(crawled["db_path"]).query("SELECT spider, site, status FROM crawl_runs"))
    assert runs == [{"spider": "generic", "site": "127.0.0.1", "status": "finished"}]


def test_polite_and_never_mobile_tracking_or_media(crawled) -> None:
    paths = crawled["requested"]
    assert "/robots.txt" in paths
    assert not [p for p in paths if p.startswith(("/admin", "/tim-kiem", "/m/", "/Uploads/")) or "utm_" in p]


def test_the_article_bound_holds(site: DemoSite, tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    with DemoServer(site) as portal:
        run = generic_crawl(
            portal.base_url + "/", db_path, "-s", "ARCHIVER_GENERIC_MAX_ARTICLES=7", "-s", "ARCHIVER_CAPTURE=0"
        )
    assert run.returncode == 0, run.stderr[-3000:]
    assert Database(db_path)["articles"].count == 7
    assert "archiver/generic/article_bound_hit" in run.stderr


def test_a_bad_start_url_is_a_clear_error(tmp_path: Path) -> None:
    run = generic_crawl("ftp://example.gov.vn/", tmp_path / "archive.db")
    assert "start_url must be an http(s) URL" in run.stderr


def test_sitemaps_named_by_robots_are_walked(tmp_path: Path) -> None:
    """The jsonld demo layout names /sitemap.xml in robots.txt; its articles are found through it too."""
    variants = pytest.importorskip("archiver.demo.variants")
    if "jsonld" not in variants.VARIANT_NAMES:
        pytest.skip("no jsonld demo layout")
    site = build_site(articles=30, variant="jsonld")
    db_path = tmp_path / "archive.db"
    with DemoServer(site) as portal:
        run = generic_crawl(portal.base_url + "/", db_path, "-s", "ARCHIVER_CAPTURE=0")
        requested = list(portal.requested)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "/sitemap.xml" in requested
    rows = _rows(db_path)
    assert len(rows) == len(site.articles)
    assert {row["extraction"]["published"] for row in rows.values()} == {"jsonld"}


def test_archiver_crawl_with_a_start_url_uses_generic_mode(tmp_path: Path) -> None:
    small = build_site(articles=30, videos=3)
    db_path = tmp_path / "archive.db"
    with DemoServer(small) as portal:
        command = [sys.executable, "-m", "archiver.cli", "crawl", portal.base_url + "/", "--db", str(db_path), *FAST]
        run = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    assert Database(db_path).execute("SELECT COUNT(*) FROM articles WHERE site = '127.0.0.1'").fetchone()[0] == 30
