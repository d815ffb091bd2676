"""Real crawls of the demo portal on loopback: the report after a normal run, after a re-run,
after a "redesign" (a profile whose title and body selectors no longer match), and progress lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from archiver.demo.generator import build_site
from archiver.demo.server import DemoServer
from archiver.run_report import EXIT_COVERAGE
from tests.e2e.helpers import REPO, scrapy_crawl

pytestmark = pytest.mark.e2e
HERE = Path(__file__).parent


def archiver(*args: str, profiles: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The `archiver` CLI as a user runs it; `profiles` reads site profiles from that folder instead."""
    runner = [str(HERE / "run_with_profile_dir.py"), str(profiles)] if profiles else ["-m", "archiver.cli"]
    return subprocess.run(
        [sys.executable, *runner, *args], cwd=REPO, capture_output=True, text=True, timeout=600
    )


def reports(db_path: Path, site: str) -> dict[str, dict]:
    rows = Database(db_path).execute("SELECT spider, report FROM crawl_runs WHERE site = ? ORDER BY id", [site])
    return {spider: json.loads(report) for spider, report in rows}


@pytest.fixture(scope="module")
def portal():
    with DemoServer(build_site(articles=40, videos=5)) as server:
        yield server


def test_normal_crawl_reports_new_records_full_coverage_and_exits_0(portal, tmp_path: Path) -> None:
    db_path = tmp_path / "a.db"
    first = archiver("crawl", "--site", "demo", "--base-url", portal.base_url, "--db", str(db_path))
    assert first.returncode == 0, first.stderr[-3000:]
    assert "run report — news (finished)" in first.stdout
    assert "articles: 40 new, 0 updated" in first.stdout
    assert "BELOW MINIMUM" not in first.stdout
    news = reports(db_path, "demo")["news"]
    assert news["articles"]["new"] == 40 and news["breaches"] == []
    assert news["coverage"]["article"]["title"] == 1.0 and news["coverage"]["article"]["body_text"] == 1.0
    second = archiver("crawl", "--site", "demo", "--base-url", portal.base_url, "--db", str(db_path))
    assert second.returncode == 0, second.stderr[-3000:]
    assert reports(db_path, "demo")["news"]["articles"]["new"] == 0
    listed = archiver("report", "--db", str(db_path), "--site", "demo", "--runs", "2")
    assert listed.returncode == 0 and listed.stdout.count("run report — ") == 2


def test_redesigned_site_breaks_title_and_body_coverage_and_exits_3(portal, tmp_path: Path) -> None:
    db_path = tmp_path / "a.db"
    run = archiver("crawl", "--site", "redesigned", "--base-url", portal.base_url, "--db", str(db_path), profiles=HERE)
    assert run.returncode == EXIT_COVERAGE, run.stderr[-3000:]
    assert "BELOW MINIMUM: article title: 0% of 40 records" in run.stdout
    assert "BELOW MINIMUM: article body_text: 0% of 40 records" in run.stdout
    assert "site redesign?" in run.stderr
    news = reports(db_path, "redesigned")["news"]
    assert {breach["field"] for breach in news["breaches"]} == {"title", "body_text"}
    assert news["coverage"]["article"]["published_at"] == 1.0  # the rest of the page still reads
    assert Database(db_path)["articles"].count == 40  # and every record is kept


def test_scrapy_crawl_stores_the_report_and_logs_progress(portal, tmp_path: Path) -> None:
    db_path = tmp_path / "a.db"
    run = scrapy_crawl("news", portal.base_url, db_path, "-s", "ARCHIVER_PROGRESS_INTERVAL=0.05")
    assert run.returncode == 0, run.stderr[-3000:]
    lines = [line for line in run.stderr.splitlines() if "[archiver.progress] INFO: progress: " in line]
    assert len(lines) >= 2
    assert "queued" in lines[0] and "/s overall" in lines[0] and "errors 0" in lines[-1]
    assert "items 40" in lines[-1]  # the last line is written as the spider closes, with every record in
    assert reports(db_path, "demo")["news"]["articles"]["new"] == 40


def test_scrapy_crawl_of_a_redesigned_site_exits_3_too(portal, tmp_path: Path) -> None:
    db_path = tmp_path / "a.db"
    run = subprocess.run(
        [sys.executable, str(HERE / "run_with_profile_dir.py"), str(HERE), "scrapy", "crawl", "news",
         "-a", "site=redesigned", "-a", f"base_url={portal.base_url}", "-s", f"ARCHIVER_DB={db_path}"],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == EXIT_COVERAGE, run.stderr[-3000:]
    assert Database(db_path)["articles"].count == 40
