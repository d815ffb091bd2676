"""The documented interfaces as a user runs them: `archiver demo-site`, `archiver crawl`, `archiver demo`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from sqlite_utils import Database

from tests.e2e.helpers import REPO, free_port, get, wait_for_http

pytestmark = pytest.mark.e2e
ARCHIVER = [sys.executable, "-m", "archiver.cli"]


def test_demo_site_then_archiver_crawl(tmp_path) -> None:
    port = free_port()
    portal = subprocess.Popen(
        [*ARCHIVER, "demo-site", "--port", str(port), "--articles", "25", "--videos", "13", "--seed", "5"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/robots.txt")
        assert b"Disallow: /admin/" in get(base + "/robots.txt")
        db_path = tmp_path / "env.db"
        crawl = subprocess.run(
            [*ARCHIVER, "crawl", "--site", "demo", "--base-url", base],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
            env=os.environ | {"ARCHIVER_DB": str(db_path)},
        )
        assert crawl.returncode == 0, crawl.stderr[-2000:]
        assert "articles:  25" in crawl.stdout and "videos:    13" in crawl.stdout
        db = Database(db_path)
        assert db["articles"].count == 25 and db["videos"].count == 13
    finally:
        portal.send_signal(signal.SIGINT)
        portal.wait(timeout=10)
    assert portal.returncode == 0


def test_demo_no_serve_prints_a_summary_and_replaces_the_previous_demo(tmp_path) -> None:
    db_path = tmp_path / "demo.db"
    command = [*ARCHIVER, "demo", "--no-serve", "--db", str(db_path), "--articles", "30", "--videos", "12"]
    for _ in range(2):
        run = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr[-2000:]
    for line in ("articles:  30", "videos:    12", "warnings:  0 records", "errors:    0"):
        assert line in run.stdout
    db = Database(db_path)
    # Each demo run gets a new port, so without the reset the second run would double the archive.
    assert db["articles"].count == 30
    assert [r["status"] for r in db.query("SELECT status FROM crawl_runs")] == ["finished", "finished"]
    # The first run's WARC files went with its records; the second run's are all that remain.
    kept = {r["warc_file"] for r in db.query("SELECT DISTINCT warc_file FROM captures")}
    assert {str(p.relative_to(tmp_path)) for p in (tmp_path / "warc").iterdir()} == kept and len(kept) == 2
