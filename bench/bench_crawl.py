"""Pages/s of the `news` spider over the demo portal: the full crawl (item pipelines and WARC
capture), the same without WARC capture, and the same without item pipelines.

All variants run in one session against the same portal, interleaved, each a fresh crawl
process; we print the medians and the ratios against the full crawl.

    .venv/bin/python bench/bench_crawl.py [--runs 5] [--articles 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archiver.demo.generator import build_site  # noqa: E402
from archiver.demo.server import DemoServer  # noqa: E402

# Printed by the child process: the crawl's own stats, so the timing excludes process start-up.
CHILD = """
import json, sys
from archiver.crawl import project_settings
from scrapy.crawler import CrawlerProcess
overrides = json.loads(sys.argv[2])
process = CrawlerProcess(project_settings(overrides=overrides))
crawler = process.create_crawler("news")
process.crawl(crawler, site="demo", base_url=sys.argv[1])
process.start()
stats = crawler.stats.get_stats()
print(json.dumps({"pages": stats.get("response_received_count", 0), "seconds": stats["elapsed_time_seconds"],
                  "items": stats.get("item_scraped_count", 0), "reason": stats.get("finish_reason")}))
"""


VARIANTS = {
    "full crawl": {},
    "no WARC capture": {"ARCHIVER_CAPTURE": False},
    "no item pipelines": {"ITEM_PIPELINES": {}},
}


def crawl_once(base_url: str, variant: dict, db_path: Path) -> dict:
    overrides = {"LOG_LEVEL": "ERROR", "ARCHIVER_DB": str(db_path)} | variant
    out = subprocess.run(
        [sys.executable, "-c", CHILD, base_url, json.dumps(overrides)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env=os.environ | {"PYTHONPATH": str(REPO)},
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["reason"] != "finished":
        raise SystemExit(f"crawl did not finish: {result}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    site = build_site(articles=args.articles, videos=40)
    rates: dict[str, list[float]] = {label: [] for label in VARIANTS}
    with DemoServer(site) as portal, tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            for number, (label, variant) in enumerate(VARIANTS.items()):
                # A fresh archive each run: every article is new, as in a first crawl.
                result = crawl_once(portal.base_url, variant, Path(tmp) / f"run{run}-{number}" / "archive.db")
                rates[label].append(result["pages"] / result["seconds"])
                print(
                    f"  run {run + 1} {label:18s} {result['pages']} pages, {result['items']} items, "
                    f"{result['seconds']:.2f} s, {rates[label][-1]:.0f} pages/s",
                    flush=True,
                )
    medians = {label: statistics.median(values) for label, values in rates.items()}
    full = medians["full crawl"]
    print(f"news spider, demo portal ({args.articles} articles), median of {args.runs} runs:")
    for label, rate in medians.items():
        print(f"  {label:18s} {rate:6.0f} pages/s   full/this = {full / rate:.2f}")
    print(f"  WARC capture costs {100 * (1 - full / medians['no WARC capture']):.1f}% of pages/s")
    print(f"  item pipelines cost {100 * (1 - full / medians['no item pipelines']):.1f}% of pages/s")

if __name__ == "__main__":
    main()
