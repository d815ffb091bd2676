"""SIGKILL the real crawl at 20 random moments, run it again after each, and check that the archive
ends complete, sound and without duplicates: the archive is the frontier, no JOBDIR involved.

The seed is printed; set ARCHIVER_RESUME_SEED to replay a sequence of kill moments.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from archiver.demo.generator import build_site
from archiver.reprocess import reprocess
from tests.resume.helpers import SlowDemoServer, archived_urls, check_archive, query, start_crawl

pytestmark = pytest.mark.e2e
KILLS = 20
SIZE = {"articles": 150, "videos": 6}
DELAY = 0.15  # seconds per request: a crawl lasts long enough for kills to land inside it
LAST_DAY = 40
DAYS_PER_STEP = 3  # 18 new articles at the top of the listings after each finished run


def test_kill_at_random_moments_then_resume(tmp_path: Path) -> None:
    seed = int(os.environ.get("ARCHIVER_RESUME_SEED") or random.SystemRandom().randrange(10**6))
    print(f"ARCHIVER_RESUME_SEED={seed}")
    rng = random.Random(seed)
    db_path, log = tmp_path / "archive.db", tmp_path / "crawl.log"
    day = 1
    expected: set[str] = set()
    killed_partial = kills = 0
    window = 6.0  # kill moments are drawn up to a little past the duration of the last finished run
    outcomes: list[str] = []
    with SlowDemoServer(build_site(**SIZE), DELAY) as portal:

        def show(day: int) -> None:
            # A new day (new articles on top, edits, a takedown) only after a run finished the last one.
            portal.site = build_site(**SIZE, day=day)
            expected.update(portal.base_url + a.path for a in portal.site.articles)

        show(day)
        while kills < KILLS:
            moment = rng.uniform(0.0, window)
            started = time.monotonic()
            crawl = start_crawl(portal.base_url, db_path, log)
            try:
                crawl.wait(timeout=moment)
            except subprocess.TimeoutExpired:
                crawl.send_signal(signal.SIGKILL)
                crawl.wait()
                kills += 1
                archived = len(archived_urls(db_path))
                killed_partial += 0 < archived < len(expected)
                outcomes.append(f"killed at {moment:.2f}s with {archived}/{len(expected)} archived")
                continue
            assert crawl.returncode == 0, log.read_text(encoding="utf-8")[-3000:]
            window = max(2.5, 1.3 * (time.monotonic() - started))
            outcomes.append(f"finished before {moment:.2f}s")
            if day < LAST_DAY:
                day += DAYS_PER_STEP
                show(day)
        final = start_crawl(portal.base_url, db_path, log)
        assert final.wait(timeout=300) == 0, log.read_text(encoding="utf-8")[-3000:]
    print("\n".join(outcomes))
    context = f"seed {seed}: " + "; ".join(outcomes)

    check_archive(db_path, expected)
    assert killed_partial >= 1, context  # at least one kill cut a crawl off in the middle
    statuses = [str(s) for (s,) in query(db_path, "SELECT status FROM crawl_runs ORDER BY id")]
    assert statuses[-1] == "finished", context
    assert set(statuses) <= {"finished", "interrupted"}, context  # no run is left "running"
    assert 1 <= statuses.count("interrupted") <= kills, context
    # Nothing committed is fetched again: the demo's articles are older than any refresh interval,
    # so each was stored by exactly one run, whatever the kills did to the runs around it.
    per_article = query(db_path, "SELECT count(*) FROM view_snapshots GROUP BY article_url")
    assert per_article == [(1,)] * len(expected), context
    # The WARC files, cut short by kills, still re-derive the whole archive, unchanged.
    report = reprocess(db_path, dry_run=True)
    assert (report.articles, report.untrusted, report.changed_records) == (len(expected), [], 0), report.lines()
