"""Requests and time of an incremental run beside a full one, on the demo portal.

Each round, in a fresh archive: `archiver crawl` of a portal with 2,000 articles (the first,
necessarily full, crawl); then 20 articles appear on top of the listings and the same command
runs again (incremental), and once more with `--full`. The demo server counts the requests;
wall time is the whole command (process start included), crawl time the spiders' own
`elapsed_time_seconds`. Medians over the rounds.

    .venv/bin/python bench/bench_incremental.py [--rounds 3] [--articles 2000] [--new 20]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archiver.demo.generator import DemoSite, build_site  # noqa: E402
from archiver.demo.server import DemoServer  # noqa: E402


def crawl(portal: DemoServer, db_path: Path, *extra: str) -> dict[str, float]:
    """One `archiver crawl` (news and videos): requests served, wall and crawl seconds, articles fetched."""
    portal.requested.clear()
    command = [sys.executable, "-m", "archiver.cli", "crawl", "--site", "demo", "--base-url", portal.base_url]
    started = time.perf_counter()
    run = subprocess.run(
        [*command, "--db", str(db_path), "--log-level", "WARNING", *extra],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=os.environ | {"PYTHONPATH": str(REPO)},
    )
    wall = time.perf_counter() - started
    if run.returncode != 0:
        raise SystemExit(f"crawl failed ({run.returncode}):\n{run.stdout[-2000:]}\n{run.stderr[-4000:]}")
    with sqlite3.connect(db_path) as db:
        runs = db.execute("SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 2").fetchall()
    stats = [json.loads(s) for (s,) in runs]
    articles = sum(1 for path in portal.requested if path.startswith("/tin-tuc/") and path.endswith(".html"))
    return {
        "requests": len(portal.requested),
        "articles fetched": articles,
        "wall s": wall,
        "crawl s": max(s.get("elapsed_time_seconds", 0.0) for s in stats),
    }


def sites(articles: int, new: int) -> tuple[DemoSite, DemoSite]:
    """The portal before and after `new` articles are published: the newest `new` of a site of
    `articles + new` are held back at first (listings are newest first, so they appear on top)."""
    after = build_site(articles=articles + new)
    newest = sorted(after.articles, key=lambda a: a.published, reverse=True)[:new]
    held = {a.path for a in newest}
    before = replace(after, articles=tuple(a for a in after.articles if a.path not in held))
    return before, after


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--new", type=int, default=20)
    args = parser.parse_args()
    before, after = sites(args.articles, args.new)
    results: dict[str, list[dict[str, float]]] = {"first crawl (full)": [], "incremental": [], "--full": []}
    with DemoServer(before) as portal, tempfile.TemporaryDirectory() as tmp:
        for round_ in range(args.rounds):
            db_path = Path(tmp) / f"round{round_}" / "archive.db"
            portal.site = before
            results["first crawl (full)"].append(crawl(portal, db_path))
            portal.site = after
            results["incremental"].append(crawl(portal, db_path))
            results["--full"].append(crawl(portal, db_path, "--full"))
            print(f"round {round_ + 1}: " + ", ".join(f"{k} {v[-1]['requests']:.0f} req" for k, v in results.items()))
    columns = ["requests", "articles fetched", "wall s", "crawl s"]
    print(f"\n{args.articles} archived articles, {args.new} new; medians of {args.rounds} rounds\n")
    print(f"{'run':<22}" + "".join(f"{c:>18}" for c in columns))
    for name, rows in results.items():
        print(f"{name:<22}" + "".join(f"{statistics.median(r[c] for r in rows):>18.1f}" for c in columns))


if __name__ == "__main__":
    main()
