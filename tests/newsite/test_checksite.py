from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from archiver.checksite import coverage, crawl_command, failing_fields, format_coverage
from archiver.cli import main
from archiver.demo.generator import build_site
from archiver.demo.server import DemoServer

ROWS = [
    {"title": "Một", "published_at": "2023-09-17T21:50:00+07:00", "authors": '["NH"]', "view_count": 639,
     "body_text": "Thân bài"},
    {"title": "Hai", "published_at": None, "authors": "[]", "view_count": None, "body_text": "Thân bài"},
    {"title": "Hai", "published_at": None, "authors": None, "view_count": 0, "body_text": ""},
    {"title": "Ba", "published_at": "2023-09-18T08:00:00+07:00", "authors": '["A", "B"]', "view_count": 5,
     "body_text": "x" * 200},
]


def test_coverage_counts_values_and_keeps_distinct_samples() -> None:
    report = {item.field: item for item in coverage(ROWS)}
    assert (report["title"].found, report["title"].total) == (4, 4)
    assert report["title"].samples == ("Một", "Hai", "Ba")
    assert report["published_at"].found == 2
    assert report["byline/authors"].found == 2 and report["byline/authors"].samples == ("NH", "A, B")
    assert report["view_count"].found == 3  # a count of 0 is a value
    assert report["body_text"].found == 3
    assert report["body_text"].samples[-1].endswith("…") and len(report["body_text"].samples[-1]) == 70


def test_only_key_fields_below_the_threshold_fail() -> None:
    report = coverage(ROWS)
    assert failing_fields(report, 0.8) == ["published_at", "body_text"]
    assert failing_fields(report, 0.5) == []
    assert failing_fields(coverage([]), 0.1) == ["title", "published_at", "body_text"]
    text = format_coverage("x", report, 0.8)
    assert re.search(r"published_at +2/4  50% !", text)
    assert re.search(r"view_count +3/4  75%  ", text)  # not a key field: no mark


def test_crawl_is_bounded() -> None:
    command = crawl_command("demo", "http://127.0.0.1:9", Path("/tmp/x.db"), 7)
    assert command[2:5] == ["scrapy", "crawl", "news"]
    assert "CLOSESPIDER_ITEMCOUNT=7" in command and "ARCHIVER_MAX_LISTING_PAGES=1" in command


def test_check_site_on_the_demo_portal(tmp_path: Path) -> None:
    db_path = tmp_path / "check.db"
    with DemoServer(build_site(articles=30, videos=2)) as portal:
        args = ["check-site", "demo", "--base-url", portal.base_url, "--pages", "5", "--db", str(db_path)]
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "check-site demo: 5 articles crawled" in result.output
    for field in ("title", "published_at", "byline/authors", "view_count", "body_text"):
        assert re.search(rf"^{re.escape(field)} +\d/5 ", result.output, flags=re.MULTILINE), field
    assert re.search(r"^title +5/5 100%", result.output, flags=re.MULTILINE)
    assert re.search(r"^published_at +5/5 100%  +20\d\d-\d\d-\d\dT", result.output, flags=re.MULTILINE)


def test_check_site_fails_when_nothing_is_crawled(tmp_path: Path) -> None:
    # a portal with no article: an error, not a 0% success
    with DemoServer(build_site(articles=0, videos=0)) as portal:
        args = ["check-site", "demo", "--base-url", portal.base_url, "--pages", "2", "--db", str(tmp_path / "c.db")]
        result = CliRunner().invoke(main, args)
    assert result.exit_code != 0 and "no article of demo was crawled" in result.output


def test_check_site_unknown_profile(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check-site", "khong-co", "--db", str(tmp_path / "c.db")])
    assert result.exit_code != 0 and "no profile 'khong-co'" in result.output


def test_check_site_exits_non_zero_below_the_threshold(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import archiver.checksite

    monkeypatch.setattr(archiver.checksite, "run_check_crawl", lambda *args, **kwargs: "")
    monkeypatch.setattr(archiver.checksite, "article_rows", lambda *args, **kwargs: ROWS)
    args = ["check-site", "demo", "--db", str(tmp_path / "c.db")]
    low = CliRunner().invoke(main, args)
    assert low.exit_code == 1 and "below 80% coverage: published_at, body_text" in low.output
    assert "check-site demo: 4 articles crawled" in low.output  # the table is printed before the verdict
    assert CliRunner().invoke(main, [*args, "--min-coverage", "0.5"]).exit_code == 0
