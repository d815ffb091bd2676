"""Real `scrapy crawl` runs against the demo portal with faults switched on.

Tight settings keep the folder fast: a 1-second download timeout, a 3-second "slow" page, a
short backoff and a 12-page listing bound. Another DemoServer on 127.0.0.2 stands in for
"another host": it must never receive a request.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlite_utils import Database

from archiver.demo import DemoServer, DemoSite, build_site
from archiver.demo.faults import CALENDAR_TRAP, MOVED_LISTING, PAGINATION_TRAP, FaultPlan, gzip_bomb
from tests.e2e.helpers import REPO, archive_env, demo_crawl_command

pytestmark = pytest.mark.e2e

FAST = (
    "-s", "DOWNLOAD_TIMEOUT=1",
    "-s", "ARCHIVER_RETRY_BACKOFF=0.05",
    "-s", "ARCHIVER_MAX_LISTING_PAGES=12",
)  # fmt: skip
MAX_RSS_BYTES = 300 * 1024 * 1024


@dataclass
class Crawl:
    returncode: int
    log: str
    max_rss_bytes: int

    def stat(self, name: str) -> int:
        match = re.search(rf"'{re.escape(name)}': (\d+)", self.log)
        return int(match.group(1)) if match else 0


def crawl(spider: str, base_url: str, db_path: Path, *extra: str) -> Crawl:
    """`scrapy crawl` in a subprocess; its peak RSS comes from wait4, for that process alone."""
    log_path = db_path.parent / f"{spider}-{len(list(db_path.parent.glob('*.log')))}.log"
    command = [*demo_crawl_command(spider, base_url), *FAST, *extra]
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=REPO, env=archive_env(db_path), stdout=log, stderr=log)
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()
            raise
    process.returncode = os.waitstatus_to_exitcode(status)
    return Crawl(process.returncode, log_path.read_text(), usage.ru_maxrss * 1024)  # ru_maxrss is in KiB on Linux


@pytest.fixture(scope="module")
def site() -> DemoSite:
    return build_site(articles=30, videos=4)


@pytest.fixture(scope="module")
def other_host(site: DemoSite) -> Iterator[DemoServer]:
    with DemoServer(site, host="127.0.0.2") as server:
        yield server


def articles_by_path(db_path: Path, base_url: str) -> dict[str, dict]:
    return {row["url"].removeprefix(base_url): row for row in Database(db_path).query("SELECT * FROM articles")}


def crawl_errors(db_path: Path) -> dict[str, dict]:
    return {row["url"]: row for row in Database(db_path).query("SELECT * FROM crawl_errors")}


# ---------------------------------------------------------------- failures and retries

FAILURE_FAULTS = (
    "retry-503", "retry-429", "error-500", "slow", "reset", "truncate",
    "wrong-charset", "windows-1258", "offsite-redirect",
)  # fmt: skip
PERSISTENT = ("error-500", "slow", "reset", "truncate")


@pytest.fixture(scope="module")
def failures(site: DemoSite, other_host: DemoServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """A news crawl with failures switched on, then a second one with the portal healthy again."""
    db_path = tmp_path_factory.mktemp("failures") / "archive.db"
    with DemoServer(site, faults=FAILURE_FAULTS, other_base_url=other_host.base_url, slow_seconds=3.0) as portal:
        first = crawl("news", portal.base_url, db_path)
        errors_after_first = crawl_errors(db_path)
        articles_after_first = articles_by_path(db_path, portal.base_url)
        log_after_first = list(portal.request_log)
        portal.set_faults(())
        second = crawl("news", portal.base_url, db_path)
    plan = FaultPlan(site, set(FAILURE_FAULTS), other_host.base_url)
    yield {
        "db_path": db_path,
        "base": portal.base_url,
        "first": first,
        "second": second,
        "errors": errors_after_first,
        "articles": articles_after_first,
        "log": log_after_first,
        "paths": {fault: plan.article_path(fault) for fault in FAILURE_FAULTS},
    }


def test_crawls_finish(failures: dict) -> None:
    for run in (failures["first"], failures["second"]):
        assert run.returncode == 0, run.log[-3000:]
        assert "'finish_reason': 'finished'" in run.log


@pytest.mark.parametrize("fault,wait", [("retry-503", 1.0), ("retry-429", 1.0)])
def test_retries_wait_as_retry_after_asks(failures: dict, fault: str, wait: float) -> None:
    path = failures["paths"][fault]
    times = [t for t, target in failures["log"] if target == path]
    assert len(times) == 3  # two refusals, then the page
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    # The server logs arrivals; the crawler waited at least Retry-After after each refusal
    # (Scrapy's own RetryMiddleware would come back at once). 10 ms of clock slack.
    assert min(gaps) >= wait - 0.01, gaps
    assert path in failures["articles"]
    assert failures["first"].stat("archiver/retry/waits") >= 4


def test_pages_that_recover_are_archived_and_the_others_are_recorded(failures: dict, site: DemoSite) -> None:
    lost = {failures["paths"][fault] for fault in (*PERSISTENT, "offsite-redirect")}
    assert set(failures["articles"]) == {a.path for a in site.articles} - lost
    recorded = {url.removeprefix(failures["base"]): row for url, row in failures["errors"].items()}
    assert set(recorded) == {failures["paths"][fault] for fault in PERSISTENT}
    reasons = {fault: recorded[failures["paths"][fault]] for fault in PERSISTENT}
    assert (reasons["error-500"]["reason"], reasons["error-500"]["status"]) == ("HTTP 500", 500)
    assert reasons["slow"]["reason"].startswith("DownloadTimeoutError")
    assert reasons["reset"]["reason"].startswith("DownloadFailedError") and "Connection" in reasons["reset"]["reason"]
    assert "truncated" in reasons["truncate"]["reason"]
    for row in reasons.values():
        assert (row["kind"], row["spider"], row["site"], row["attempts"]) == ("article", "news", "demo", 1)
        assert row["run_id"] is not None and row["resolved_at"] is None


def test_the_next_run_retries_and_resolves_them(failures: dict, site: DemoSite) -> None:
    assert failures["second"].stat("archiver/crawl_errors/retried") == len(PERSISTENT)
    rows = crawl_errors(failures["db_path"])
    assert len(rows) == len(PERSISTENT) and all(row["resolved_at"] for row in rows.values())
    archived = articles_by_path(failures["db_path"], failures["base"])
    assert {failures["paths"][fault] for fault in PERSISTENT} <= set(archived)


@pytest.mark.parametrize("fault", ["wrong-charset", "windows-1258"])
def test_mis_declared_and_legacy_charsets_come_out_as_vietnamese(failures: dict, site: DemoSite, fault: str) -> None:
    path = failures["paths"][fault]
    article = next(a for a in site.articles if a.path == path)
    row = failures["articles"][path]
    assert (row["title"], row["summary"], row["body_text"]) == (article.title, article.summary, article.body_text)
    assert row["category"] == article.category.name and row["poster"] == article.poster


def test_the_charset_correction_is_counted(failures: dict) -> None:
    assert failures["first"].stat("archiver/charset/header_corrected") == 1


def test_nothing_is_fetched_from_the_other_host(failures: dict, other_host: DemoServer) -> None:
    assert other_host.requested == []
    assert MOVED_LISTING in [target for _, target in failures["log"]]  # the redirecting listing was asked
    assert failures["paths"]["offsite-redirect"] in [target for _, target in failures["log"]]


# ---------------------------------------------------------------- bombs and traps, memory


@pytest.fixture(scope="module")
def bounded(site: DemoSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    gzip_bomb()  # build the bomb before the crawl, so its first request is not slow
    db_path = tmp_path_factory.mktemp("bounds") / "archive.db"
    faults = ("gzip-bomb", "huge-page", "pagination-trap", "calendar-trap")
    with DemoServer(site, faults=faults) as portal:
        run = crawl("news", portal.base_url, db_path)
        requested = list(portal.requested)
    plan = FaultPlan(site, set(faults), "http://127.0.0.2")
    yield {
        "run": run,
        "db_path": db_path,
        "base": portal.base_url,
        "requested": requested,
        "paths": {fault: plan.article_path(fault) for fault in ("gzip-bomb", "huge-page")},
    }


def test_bombs_and_traps_do_not_stop_the_crawl(bounded: dict, site: DemoSite) -> None:
    run = bounded["run"]
    assert run.returncode == 0 and "'finish_reason': 'finished'" in run.log, run.log[-3000:]
    archived = articles_by_path(bounded["db_path"], bounded["base"])
    assert set(archived) == {a.path for a in site.articles} - set(bounded["paths"].values())


def test_oversized_pages_are_refused_and_recorded(bounded: dict) -> None:
    rows = {url.removeprefix(bounded["base"]): row for url, row in crawl_errors(bounded["db_path"]).items()}
    assert set(rows) == set(bounded["paths"].values())
    assert "DOWNLOAD_MAXSIZE once decompressed" in rows[bounded["paths"]["gzip-bomb"]]["reason"]
    assert "DOWNLOAD_MAXSIZE" in rows[bounded["paths"]["huge-page"]]["reason"]
    assert bounded["run"].stat("archiver/refused/decompressed_too_large") == 1


def test_traps_stop_at_the_listing_bound(bounded: dict) -> None:
    trap_pages = [t for t in bounded["requested"] if t.startswith((PAGINATION_TRAP, CALENDAR_TRAP + "?"))]
    pagination = [t for t in trap_pages if t.startswith(PAGINATION_TRAP)]
    calendar = [t for t in trap_pages if t.startswith(CALENDAR_TRAP)]
    assert len(pagination) == 12 and len(calendar) == 12  # ARCHIVER_MAX_LISTING_PAGES=12
    assert bounded["run"].stat("archiver/listing/page_bound_hit") == 2
    # The calendar's over-long links are dropped by URLLENGTH_LIMIT, never requested.
    assert not [t for t in bounded["requested"] if "/chi-tiet" in t]
    assert bounded["run"].stat("urllength/request_ignored_count") == 12


def test_crawler_memory_stays_below_300_mb(bounded: dict) -> None:
    assert 0 < bounded["run"].max_rss_bytes < MAX_RSS_BYTES, bounded["run"].max_rss_bytes


# ---------------------------------------------------------------- start URL redirected offsite


def test_a_start_page_redirected_offsite_is_not_followed(
    site: DemoSite, other_host: DemoServer, tmp_path: Path
) -> None:
    before = len(other_host.requested)
    with DemoServer(site, faults=["offsite-start"], other_base_url=other_host.base_url) as portal:
        run = crawl("news", portal.base_url, tmp_path / "archive.db")
        requested = list(portal.requested)
    assert run.returncode == 0, run.log[-3000:]
    assert requested.count("/") == 2  # 503, then the redirect
    # The retried request carries dont_filter=True, which Scrapy's offsite check lets through.
    assert run.stat("archiver/refused/offsite") == 1
    assert other_host.requested[before:] == []


def test_without_the_guard_the_other_host_would_be_fetched(
    site: DemoSite, tmp_path: Path
) -> None:
    """The control for the test above: it can fail, because Scrapy alone does follow."""
    with DemoServer(site, host="127.0.0.2") as other, DemoServer(
        site, faults=["offsite-start"], other_base_url=other.base_url
    ) as portal:
        middlewares = '{"archiver.stay_on_site_middleware.StayOnSiteMiddleware": null}'
        run = crawl("news", portal.base_url, tmp_path / "archive.db", "-s", f"DOWNLOADER_MIDDLEWARES={middlewares}")
        reached = list(other.requested)
    assert run.returncode == 0, run.log[-3000:]
    assert "/" in reached


# ---------------------------------------------------------------- non-http links


@pytest.fixture(scope="module")
def bad_schemes(site: DemoSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    db_path = tmp_path_factory.mktemp("schemes") / "archive.db"
    with DemoServer(site, faults=["bad-schemes"]) as portal:
        run = crawl("news", portal.base_url, db_path)
        requested = list(portal.requested)
    yield {"run": run, "db_path": db_path, "base": portal.base_url, "requested": requested}


def test_only_http_and_https_are_fetched(bad_schemes: dict) -> None:
    run = bad_schemes["run"]
    assert run.returncode == 0, run.log[-3000:]
    # Listings drop mailto:, javascript: and ftp: links (archiver.extract.is_web_url); StayOnSiteMiddleware
    # refuses any that come another way (test_crawler_components).
    assert "Unsupported URL scheme" not in run.log
    # Every request that reached the downloader reached the portal: no ftp, file or data fetch.
    assert run.stat("downloader/request_count") == len(bad_schemes["requested"]) > 0


def test_a_listing_with_mailto_links_loses_no_articles(bad_schemes: dict, site: DemoSite) -> None:
    archived = articles_by_path(bad_schemes["db_path"], bad_schemes["base"])
    assert set(archived) == {a.path for a in site.articles}
