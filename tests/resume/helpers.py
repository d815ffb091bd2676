"""A slowed demo portal, the real crawl as a subprocess, and the checks every stopped archive must pass."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from collections.abc import Iterable
from pathlib import Path

from archiver.capture import CaptureReader, iter_responses
from archiver.demo.generator import DemoSite
from archiver.demo.server import DemoServer
from tests.e2e.helpers import REPO, archive_env, demo_crawl_command

# Small batches committed often, so a kill lands between commits as well as inside one.
BATCH_SETTINGS = ("-s", "ARCHIVER_BATCH_SIZE=7", "-s", "ARCHIVER_BATCH_SECONDS=0.3")


class SlowDemoServer(DemoServer):
    """The demo portal answering each request after `delay` seconds, so a crawl lasts long enough
    to be stopped in the middle."""

    def __init__(self, site: DemoSite, delay: float) -> None:
        super().__init__(site)
        self.delay = delay
        # A killed crawler resets its connections; the stdlib would print each one as a traceback.
        self._httpd.handle_error = lambda request, client_address: None  # type: ignore[method-assign]

    def _record(self, target: str) -> None:
        time.sleep(self.delay)
        super()._record(target)

    def article_requests(self) -> int:
        return sum(1 for path in list(self.requested) if path.startswith("/tin-tuc/") and path.endswith(".html"))


def start_crawl(base_url: str, db_path: Path, log: Path, *extra: str) -> subprocess.Popen[bytes]:
    """`scrapy crawl news` as a user runs it, its log appended to `log`."""
    with open(log, "ab") as out:
        return subprocess.Popen(
            [*demo_crawl_command("news", base_url), *BATCH_SETTINGS, *extra],
            cwd=REPO,
            env=archive_env(db_path),
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def query(db_path: Path, sql: str, params: Iterable[object] = ()) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as db:
        return db.execute(sql, list(params)).fetchall()


def archived_urls(db_path: Path) -> list[str]:
    if not db_path.exists():
        return []
    try:
        return [str(url) for (url,) in query(db_path, "SELECT url FROM articles")]
    except sqlite3.OperationalError:  # killed before the schema was created
        return []


def check_archive(db_path: Path, expected_urls: set[str]) -> None:
    """Every expected article exactly once, a sound database, one snapshot per fetch, readable captures."""
    urls = archived_urls(db_path)
    assert len(urls) == len(set(urls))
    assert set(urls) == expected_urls, (sorted(expected_urls - set(urls))[:5], sorted(set(urls) - expected_urls)[:5])
    assert query(db_path, "PRAGMA integrity_check") == [("ok",)]
    assert query(db_path, "PRAGMA foreign_key_check") == []
    doubled = query(
        db_path, "SELECT article_url, run_id FROM view_snapshots GROUP BY article_url, run_id HAVING count(*) > 1"
    )
    assert doubled == []
    assert query(db_path, "SELECT count(*) FROM view_snapshots WHERE run_id NOT IN (SELECT id FROM crawl_runs)") == [
        (0,)
    ]
    # Every indexed capture reads back with matching digests; every WARC file, cut short or not, reads.
    warc_root = db_path.parent
    captures = query(db_path, "SELECT warc_file, offset, length, url FROM captures ORDER BY warc_file, offset")
    with CaptureReader(warc_root) as reader:
        for warc_file, offset, length, url in captures:
            assert reader.read(str(warc_file), int(str(offset)), int(str(length))).url == url
    files = sorted((warc_root / "warc").glob("*.warc.gz"))
    assert files and all(isinstance(offset, int) for path in files for offset, _ in iter_responses(path))
