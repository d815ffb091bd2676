"""SIGTERM and Ctrl-C (SIGINT) stop the crawl cleanly: what was fetched is committed, the run is
marked "stopped", and the next run completes the archive."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest

from archiver.demo.generator import build_site
from tests.resume.helpers import SlowDemoServer, check_archive, query, start_crawl

pytestmark = pytest.mark.e2e
SIZE = {"articles": 120, "videos": 4}


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_the_crawl_and_commits_what_was_fetched(tmp_path: Path, signum: signal.Signals) -> None:
    db_path, log = tmp_path / "archive.db", tmp_path / "crawl.log"
    site = build_site(**SIZE)
    with SlowDemoServer(site, delay=0.1) as portal:
        # Large batches: nothing is committed before the signal, so only the close can commit it.
        big_batches = ("-s", "ARCHIVER_BATCH_SIZE=1000", "-s", "ARCHIVER_BATCH_SECONDS=600")
        crawl = start_crawl(portal.base_url, db_path, log, *big_batches)
        deadline = time.monotonic() + 120
        while portal.article_requests() < 15 and crawl.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert crawl.poll() is None, "the crawl ended before it could be stopped"
        crawl.send_signal(signum)
        assert crawl.wait(timeout=60) == 0, log.read_text(encoding="utf-8")[-3000:]
        served = portal.article_requests()
        expected = {portal.base_url + a.path for a in site.articles}

        [(status, reason, items, stats)] = query(db_path, "SELECT status, finish_reason, items, stats FROM crawl_runs")
        stored = json.loads(str(stats)).get("archiver/article/stored", 0)
        assert (status, reason) == ("stopped", "shutdown")
        assert 15 <= stored < len(expected) and items == stored
        # Every article the pipeline received before the stop is in the archive, with its snapshot.
        assert query(db_path, "SELECT count(*) FROM articles") == [(stored,)]
        assert query(db_path, "SELECT count(*) FROM view_snapshots") == [(stored,)]
        assert stored <= served

        again = start_crawl(portal.base_url, db_path, log)
        assert again.wait(timeout=120) == 0, log.read_text(encoding="utf-8")[-3000:]
    check_archive(db_path, expected)
    statuses = [s for (s,) in query(db_path, "SELECT status FROM crawl_runs ORDER BY id")]
    assert statuses == ["stopped", "finished"]
