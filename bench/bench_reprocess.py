"""Pages/s of `archiver reprocess` on one core: WARC captures re-read, re-extracted, re-normalised.

A demo portal of --articles articles is crawled once into a temporary archive; reprocess then runs
--runs times over it (nothing changes, so every run does the same work). Pages are the captures
read: listing pages plus article and video pages.

With --baseline REV (a git revision, e.g. HEAD), the reprocess code as it was at REV (reprocess.py,
capture.py, charset_middleware.py, normalize/, extract.py, generic/; every other module as in the
working tree) runs too, in its own worker process, interleaved run by run with the current code,
so a noisy shared machine slows both alike; the ratio of the medians is printed. Both must then
rebuild identical records from an archive whose derived fields were blanked (the cross-check that
the speed-up changed nothing).

    .venv/bin/python bench/bench_reprocess.py [--runs 5] [--articles 1000] [--baseline HEAD]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archiver.demo.generator import build_site  # noqa: E402
from archiver.demo.server import DemoServer  # noqa: E402
from archiver.store import Archive  # noqa: E402

# The modules this bench measures: a baseline takes these from REV, everything else from the tree.
MEASURED = (
    "archiver/reprocess.py",
    "archiver/capture.py",
    "archiver/charset_middleware.py",
    "archiver/normalize",
    "archiver/extract.py",
    "archiver/generic",
)
# Derived fields both versions re-derive; blanked for the cross-check.
BLANKED = {
    "articles": "title summary published_at body_text word_count view_count authors related warnings".split(),
    "videos": "title recorded_on category".split(),
}
WORKER = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from archiver.reprocess import reprocess
for line in sys.stdin:
    command, db_path = line.split(maxsplit=1)
    started, cpu = time.perf_counter(), time.process_time()
    report = reprocess(Path(db_path.strip()))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    result = {"seconds": seconds, "cpu": cpu, "changed": report.changed_records, "untrusted": report.untrusted}
    print(json.dumps(result), flush=True)
"""


class Worker:
    """One process running one version of reprocess, on request."""

    def __init__(self, name: str, tree: Path) -> None:
        self.name = name
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(tree)],
            cwd=tree,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, db_path: Path) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"run {db_path}\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"{self.name}: worker died")
        return dict(json.loads(line))

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def build_archive(db_path: Path, articles: int) -> int:
    """Crawl the demo portal into `db_path`; returns the number of pages reprocess reads."""
    with DemoServer(build_site(articles=articles, videos=100)) as portal:
        env = os.environ | {"ARCHIVER_DB": str(db_path)}
        for spider in ("news", "videos"):
            subprocess.run([sys.executable, "-m", "scrapy", "crawl", spider, "-a", "site=demo",
                            "-a", f"base_url={portal.base_url}", "-s", "LOG_LEVEL=ERROR"],
                           cwd=REPO, env=env, check=True)  # fmt: skip
    archive = Archive(db_path)
    pages = int(
        archive.db.execute(
            "SELECT count(*) FROM captures WHERE parsed_as IN ('parse_start', 'parse_listing') AND status = 200"
        ).fetchone()[0]
        + archive.db["articles"].count
        + archive.db["videos"].count
    )
    archive.close()
    return pages


def baseline_tree(rev: str, folder: Path) -> Path:
    """The working tree's `archiver` package with the measured modules as they were at `rev`."""
    shutil.copytree(REPO / "archiver", folder / "archiver", ignore=shutil.ignore_patterns("__pycache__"))
    for package in ("normalize", "generic"):  # whole packages: a module added since `rev` must not linger
        shutil.rmtree(folder / "archiver" / package)
    archive = subprocess.run(["git", "archive", rev, *MEASURED], cwd=REPO, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def blanked_copy(db_path: Path, folder: Path) -> Path:
    """A copy of the archive (WARC shared) with every derived field in BLANKED emptied and no images."""
    folder.mkdir()
    copy = folder / "archive.db"
    sqlite3.connect(db_path).execute(f"VACUUM INTO '{copy}'")
    (folder / "warc").symlink_to(db_path.parent / "warc")
    archive = Archive(copy)
    for table, columns in BLANKED.items():
        archive.db.execute(f"UPDATE {table} SET " + ", ".join(f"{c} = NULL" for c in columns))
    archive.db.execute("DELETE FROM images")
    archive.db.conn.commit()
    archive.close()
    return copy


def dump(db_path: Path) -> list[Any]:
    db = sqlite3.connect(db_path)
    return [
        db.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
        for table, order in (("articles", "url"), ("videos", "url"), ("images", "article_url, position"))
    ]


def measure(workers: list[Worker], db_path: Path, pages: int, runs: int) -> dict[str, list[float]]:
    """Pages/s per run and worker: by wall clock under each worker's name, by CPU time under `name (cpu)`
    (a loaded machine makes a process wait for a core; CPU time leaves that wait out)."""
    rates: dict[str, list[float]] = {name: [] for worker in workers for name in (worker.name, f"{worker.name} (cpu)")}
    for run in range(runs):
        for worker in workers if run % 2 == 0 else workers[::-1]:
            result = worker.run(db_path)
            assert result["changed"] == 0 and not result["untrusted"], (worker.name, result)
            rates[worker.name].append(pages / result["seconds"])
            rates[f"{worker.name} (cpu)"].append(pages / result["cpu"])
            print(f"  run {run + 1} {worker.name}: {pages} pages in {result['seconds']:.2f} s "
                  f"({result['cpu']:.2f} s CPU), {rates[worker.name][-1]:.0f} pages/s", flush=True)  # fmt: skip
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--baseline", metavar="REV", help="also time the measured modules as of this git revision")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "archive" / "archive.db"
        db_path.parent.mkdir()
        pages = build_archive(db_path, args.articles)
        workers = [Worker("current", REPO)]
        if args.baseline:
            workers.append(Worker(f"baseline {args.baseline}", baseline_tree(args.baseline, Path(tmp) / "baseline")))
        try:
            rates = measure(workers, db_path, pages, args.runs)
            if args.baseline:
                copies = [blanked_copy(db_path, Path(tmp) / f"check-{i}") for i in range(len(workers))]
                for worker, copy in zip(workers, copies, strict=True):
                    worker.run(copy)
                assert dump(copies[0]) == dump(copies[1]), "current and baseline rebuilt different records"
                print("cross-check: both versions rebuilt identical articles, videos and images")
        finally:
            for worker in workers:
                worker.close()
    medians = {name: statistics.median(values) for name, values in rates.items()}
    for name, median in medians.items():
        print(f"reprocess from WARC ({args.articles} articles, {pages} pages), {name}, median of {args.runs} runs: "
              f"{median:.0f} pages/s (one process, one core)")  # fmt: skip
    if args.baseline:
        for clock in ("", " (cpu)"):
            ratio = medians[f"current{clock}"] / medians[f"baseline {args.baseline}{clock}"]
            print(f"current / baseline{clock}: {ratio:.2f}x")
    print(f"load: {os.getloadavg()}")


if __name__ == "__main__":
    main()
