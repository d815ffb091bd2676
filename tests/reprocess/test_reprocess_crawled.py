"""`reprocess` over archives made by real crawls: charset faults and a generic (profile-less) run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from archiver.demo import DemoServer, DemoSite, build_site
from archiver.demo.faults import FaultPlan
from archiver.reprocess import reprocess
from archiver.store import Archive
from tests.e2e.helpers import REPO

pytestmark = pytest.mark.e2e

CHARSET_FAULTS = ("wrong-charset", "windows-1258")
# The loopback portal needs no politeness delay.
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def scrapy_crawl(db_path: Path, *arguments: str) -> None:
    command = [sys.executable, "-m", "scrapy", "crawl", "news", *arguments, *FAST]
    run = subprocess.run(
        command, cwd=REPO, env=os.environ | {"ARCHIVER_DB": str(db_path)}, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr[-3000:]


@pytest.fixture(scope="module")
def site() -> DemoSite:
    return build_site(articles=30, videos=2)


@pytest.fixture(scope="module")
def charset_archive(site: DemoSite, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    db_path = tmp_path_factory.mktemp("charset") / "archive.db"
    with DemoServer(site, faults=CHARSET_FAULTS) as portal:
        scrapy_crawl(db_path, "-a", "site=demo", "-a", f"base_url={portal.base_url}")
    return db_path, portal.base_url


@pytest.fixture(scope="module")
def generic_archive(site: DemoSite, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db_path = tmp_path_factory.mktemp("generic") / "archive.db"
    with DemoServer(site) as portal:
        scrapy_crawl(db_path, "-a", f"start_url={portal.base_url}/")
    return db_path


def copy_archive(source: Path, folder: Path) -> Database:
    """A copy of the archive at `source` in `folder` (WARC shared), opened as the archiver opens it."""
    db_path = folder / "archive.db"
    Database(source).conn.execute(f"VACUUM INTO '{db_path}'")
    (folder / "warc").symlink_to(source.parent / "warc")
    return Archive(db_path).db


def article(db_path: Path, url: str) -> dict:
    return next(Database(db_path).query("SELECT * FROM articles WHERE url = ?", [url]))


@pytest.mark.parametrize("dry_run", [True, False])
def test_pages_with_repaired_charsets_reprocess_to_the_same_records(
    charset_archive: tuple[Path, str], site: DemoSite, dry_run: bool
) -> None:
    db_path, base = charset_archive
    report = reprocess(db_path, dry_run=dry_run)
    assert (report.changed_records, dict(report.changed_fields), report.untrusted) == (0, {}, [])
    assert report.articles == len(site.articles)
    plan = FaultPlan(site, set(CHARSET_FAULTS), "http://127.0.0.2")
    for fault in CHARSET_FAULTS:
        path = plan.article_path(fault)
        assert path is not None
        expected = next(a for a in site.articles if a.path == path)
        row = article(db_path, base + path)
        assert (row["title"], row["body_text"], row["poster"]) == (expected.title, expected.body_text, expected.poster)


def test_a_generic_run_reprocesses_to_the_same_records(generic_archive: Path, site: DemoSite) -> None:
    assert {row["spider"] for row in Database(generic_archive).query("SELECT spider FROM crawl_runs")} == {"generic"}
    report = reprocess(generic_archive, dry_run=True)
    assert (report.changed_records, dict(report.changed_fields), report.untrusted) == (0, {}, [])
    assert report.articles == len(site.articles) and not report.no_profile


@pytest.mark.parametrize(
    ("column", "corrupt"),
    [
        ("title", "'sai'"),
        ("listing_date_raw", "NULL"),
        ("extraction", """'{"title": "meta"}'"""),
    ],
)
def test_a_corrupted_generic_field_is_the_only_change(
    generic_archive: Path, tmp_path: Path, column: str, corrupt: str
) -> None:
    db_path = tmp_path / "archive.db"
    db = copy_archive(generic_archive, tmp_path)
    url, before = next(
        db.execute(f"SELECT url, {column} FROM articles WHERE {column} IS NOT NULL ORDER BY url LIMIT 1")
    )
    db.execute(f"UPDATE articles SET {column} = {corrupt} WHERE url = ?", [url])
    db.conn.commit()
    db.close()
    report = reprocess(db_path)
    assert (report.changed_records, dict(report.changed_fields)) == (1, {column: 1})
    assert article(db_path, url)[column] == before
    assert reprocess(db_path, dry_run=True).changed_records == 0


def test_a_site_without_a_profile_is_reported_not_a_crash(charset_archive: tuple[Path, str], tmp_path: Path) -> None:
    """A profile run whose profile file is gone: its records are counted and left as archived."""
    source, _ = charset_archive
    db_path = tmp_path / "archive.db"
    db = copy_archive(source, tmp_path)
    db.execute("UPDATE crawl_runs SET site = 'no-such-site'")
    db.execute("UPDATE articles SET site = 'no-such-site'")
    db.execute("UPDATE videos SET site = 'no-such-site'")
    db.conn.commit()
    titles = {row["url"]: row["title"] for row in db.query("SELECT url, title FROM articles")}
    db.close()
    report = reprocess(db_path)
    assert report.no_profile == {"no-such-site": len(titles) + Database(db_path)["videos"].count}
    assert report.changed_records == 0 and "no profile for site 'no-such-site'" in "\n".join(report.lines())
    assert {row["url"]: row["title"] for row in Database(db_path).query("SELECT url, title FROM articles")} == titles


def test_generic_records_say_how_each_field_was_found(generic_archive: Path) -> None:
    extraction = [json.loads(row[0]) for row in Database(generic_archive).execute("SELECT extraction FROM articles")]
    assert extraction and all(extraction)
