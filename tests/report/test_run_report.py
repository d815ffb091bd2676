"""The end-of-run report: built from stats, stored in crawl_runs.report, printed, listed."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlite_utils import Database

from archiver.cli import main
from archiver.monitors import Breach
from archiver.report import format_runs, last_runs
from archiver.run_report import build_report, failed_url_count, format_report, last_run_id, runs_since
from archiver.store import Archive

STATS = {
    "archiver/article/stored": 10,
    "archiver/article/new": 6,
    "archiver/article/versions": 3,
    "archiver/article/gone": 2,
    "archiver/article/returned": 1,
    "archiver/article/checked": 10,
    "archiver/article/field/title/present": 10,
    "archiver/article/field/body_text/present": 4,
    "log_count/ERROR": 1,
    "downloader/exception_count": 5,
    "httperror/response_ignored_count": 2,
}


def test_report_counts_new_updated_unchanged_gone_and_errors() -> None:
    report = build_report(STATS, [], {"title": 0.9}, 20, failed_urls=7)
    assert report["articles"] == {"seen": 10, "new": 6, "updated": 3, "unchanged": 1, "gone": 2, "returned": 1}
    assert report["videos"] == {"seen": 0, "new": 0, "unchanged": 0}
    assert report["errors"] == {"logged": 1, "download": 5, "http": 2, "failed_urls": 7}
    assert report["coverage"]["article"]["body_text"] == 0.4
    assert report["checked"] == {"article": 10}


def test_printed_report_names_the_broken_field() -> None:
    breach = Breach("article", "body_text", 0.4, 0.8, 10)
    text = format_report("news", "finished", build_report(STATS, [breach], {"body_text": 0.8}, 5, None))
    assert "articles: 6 new, 3 updated, 1 unchanged, 2 gone, 1 returned" in text
    assert "5 download" in text and "still failing" not in text
    assert "coverage of 10 articles: title 100%, published_at 0%, body_text 40%" in text
    assert "BELOW MINIMUM: article body_text: 40% of 10 records (minimum 80%)" in text


def _stored_run(db_path: Path, site: str, report: dict | None) -> int:
    archive = Archive(db_path)
    run_id = archive.start_run("news", site, "http://127.0.0.1:1")
    archive.finish_run(run_id, status="finished", reason="finished", counts={}, stats={}, report=report)
    archive.close()
    return run_id


def test_finish_run_stores_the_report_and_later_runs_are_found(tmp_path: Path) -> None:
    db_path = tmp_path / "a.db"
    first = _stored_run(db_path, "demo", None)
    assert last_run_id(Database(db_path)) == first
    report = build_report(STATS, [], {}, 20, None)
    second = _stored_run(db_path, "demo", report)
    _stored_run(db_path, "other", report)
    runs = runs_since(Database(db_path), first, "demo")
    assert [(run["id"], run["report"]) for run in runs] == [(second, report)]
    assert json.loads(Database(db_path)["crawl_runs"].get(second)["report"]) == report


def test_failed_urls_come_from_crawl_errors_of_the_run(tmp_path: Path) -> None:
    db_path = tmp_path / "a.db"
    run_id = _stored_run(db_path, "demo", None)
    db = Database(db_path)
    assert failed_url_count(db, run_id) == 0
    db["crawl_errors"].insert({"url": "http://x/a.html", "site": "demo", "run_id": run_id, "reason": "HTTP 503"})
    db["crawl_errors"].insert({"url": "http://x/b.html", "site": "demo", "run_id": run_id + 1, "reason": "HTTP 503"})
    assert failed_url_count(db, run_id) == 1


def test_failed_urls_are_unknown_without_the_table(tmp_path: Path) -> None:
    db = Database(tmp_path / "plain.db")
    db["crawl_runs"].insert({"id": 1})
    assert failed_url_count(db, 1) is None


def test_report_runs_lists_newest_first(tmp_path: Path) -> None:
    db_path = tmp_path / "a.db"
    _stored_run(db_path, "demo", None)
    newest = _stored_run(db_path, "demo", build_report(STATS, [], {}, 20, None))
    runs = last_runs(Database(db_path), "demo", 5)
    assert [run["id"] for run in runs] == [newest, newest - 1]
    text = format_runs(runs)
    assert text.index(f"run {newest} demo/news") < text.index(f"run {newest - 1} demo/news")
    assert "no report" in text
    result = CliRunner().invoke(main, ["report", "--db", str(db_path), "--site", "demo", "--runs", "1"])
    assert result.exit_code == 0, result.output
    assert f"run {newest} demo/news" in result.output and f"run {newest - 1} " not in result.output
