"""Two archives of the demo portal, as two machines would make them: day 1 crawled into A,
day 2 into B (same URLs, some edited), each with its WARC files beside it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from archiver.demo.generator import DemoSite, build_site
from archiver.demo.server import DemoServer
from tests.e2e.helpers import free_port, scrapy_crawl

SIZE = {"articles": 30, "videos": 6}


@dataclass(frozen=True)
class Crawled:
    a: Path
    b: Path
    history: Path  # days 1, 2 and 3 crawled one after the other into one archive (versions, gone, returned)
    day1: DemoSite
    day2: DemoSite
    base: str


@pytest.fixture(scope="session")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    day1, day2 = build_site(**SIZE, day=1), build_site(**SIZE, day=2)
    root = tmp_path_factory.mktemp("nodes")
    a, b = root / "node-a" / "archive.db", root / "node-b" / "archive.db"
    history = root / "node-h" / "archive.db"
    day3 = build_site(**SIZE, day=3)
    portal = DemoServer(day1, port=free_port()).start()
    try:
        for site, db_path in ((day1, a), (day2, b), (day1, history), (day2, history), (day3, history)):
            portal.site = site
            for spider in ("news", "videos"):
                # full=1: days compressed into seconds are re-checked in full, as test_archive_history does
                run = scrapy_crawl(spider, portal.base_url, db_path, "-a", "full=1")
                assert run.returncode == 0, run.stderr[-3000:]
    finally:
        portal.stop()
    return Crawled(a, b, history, day1, day2, portal.base_url)
