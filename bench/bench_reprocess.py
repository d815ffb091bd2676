"""Pages/s of `archiver reprocess` on one core: WARC captures re-read, re-extracted, re-normalised.

A demo portal of --articles articles is crawled once into a temporary archive; reprocess then runs
--runs times over it (nothing changes, so every run does the same work). Pages are the captures
read: listing pages plus article and video pages.

    .venv/bin/python bench/bench_reprocess.py [--runs 5] [--articles 1000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archiver.demo.generator import build_site  # noqa: E402
from archiver.demo.server import DemoServer  # noqa: E402
from archiver.reprocess import reprocess  # noqa: E402
from archiver.store import Archive  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "archive.db"
        with DemoServer(build_site(articles=args.articles, videos=100)) as portal:
            env = os.environ | {"ARCHIVER_DB": str(db_path)}
            for spider in ("news", "videos"):
                subprocess.run([sys.executable, "-m", "scrapy", "crawl", spider, "-a", "site=demo",
                                "-a", f"base_url={portal.base_url}", "-s", "LOG_LEVEL=ERROR"],
                               cwd=REPO, env=env, check=True)
        archive = Archive(db_path)
        pages = archive.db.execute(
            "SELECT count(*) FROM captures WHERE parsed_as IN ('parse_start', 'parse_listing') AND status = 200"
        ).fetchone()[0] + archive.db["articles"].count + archive.db["videos"].count
        archive.close()
        rates = []
        for run in range(args.runs):
            started = time.perf_counter()
            report = reprocess(db_path)
            seconds = time.perf_counter() - started
            assert report.changed_records == 0 and not report.untrusted, report.lines()
            rates.append(pages / seconds)
            print(f"  run {run + 1}: {pages} pages in {seconds:.2f} s, {rates[-1]:.0f} pages/s", flush=True)
    print(f"reprocess from WARC ({args.articles} articles), median of {args.runs} runs: "
          f"{statistics.median(rates):.0f} pages/s (one process, one core)")


if __name__ == "__main__":
    main()
