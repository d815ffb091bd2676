"""Scale: Datasette search, table page and CSV export on a generated archive of 1,000,000 articles.

The archive is built once (about 20 minutes on 2 cores) through the real schema, folded
search triggers included, and reused while its size matches: data/bench/scale-<N>.db. Then
Datasette is started twice on it and the same requests are timed against each:

* stock: Datasette's default settings, its own array facet for authors, every search counted
  and faceted (the project's metadata and folding plugin, without its tuning);
* tuned: `archiver serve` as shipped (archiver.serve.DATASETTE_SETTINGS, the author facet on
  article_authors, broad searches without total or facets, the query cache).

Requests, all HTML pages as a browser gets them: the articles search box with broad queries
(common words, more hits than BROAD_SEARCH) and narrow ones (headlines typed without
diacritics), plus --fresh queries cut from random headlines with a new seed every run (so no
cache has seen them); the ranked `search` canned query; the articles table page with its
facets, the pages after it (from page two to near the end, as `next` links give them), and
the page filtered to one site. Each URL is fetched once ("first": nothing cached for it yet,
unless the server cached it itself; the operating system's file cache warm; SETTLE seconds
after the server started, and once its warm-up has caught up: prewarmed pages, term bitmaps)
and then --repeat times ("again"). CSV: Datasette's streamed CSV of one site, and
`archiver export` of every article, in rows/s.

Medians and 95th percentiles are printed and written to bench/results/scale.json. Numbers,
not pass/fail: tests never time anything.

    python bench/bench_scale.py                 # 1,000,000 articles
    python bench/bench_scale.py --articles 100000 --repeat 5
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from datasette.utils import tilde_encode  # noqa: E402

from archiver.datasette.table_search import BROAD_SEARCH  # noqa: E402
from archiver.demo.generator import DemoArticle, build_site  # noqa: E402
from archiver.export import ExportFilter, article_rows, write_csv  # noqa: E402
from archiver.normalize.text import fold  # noqa: E402
from archiver.search import match_query, optimize_index  # noqa: E402
from archiver.serve import datasette_command, metadata_for  # noqa: E402
from archiver.store import open_archive  # noqa: E402

VIETNAM_TZ = timezone(timedelta(hours=7))
BENCH_DIR = ROOT / "data" / "bench"
RESULTS = ROOT / "bench" / "results" / "scale.json"
POOL_ARTICLES = 5000  # distinct demo stories the generated articles are cut from
BATCH = 5000
# Seconds a freshly started server is left alone before it is timed (as a served archive is
# long up before its visitors come): time for the tuned server to count its busiest page.
SETTLE = 5.0
SITES = tuple(
    f"{kind}-{place}"
    for kind in ("mttq", "ubnd", "so")
    for place in ("vinh-hoa", "dong-lam", "tay-son", "an-nhon", "hoai-an", "phu-my", "tuy-phuoc")
)
# A few large portals and many small ones (Zipf-like shares).
SITE_WEIGHTS = tuple(1 / (rank + 1) ** 0.8 for rank in range(len(SITES)))
CATEGORIES = (
    "Tin hoạt động",
    "Tham gia xây dựng nông thôn mới",
    "Dân chủ - Pháp luật",
    "Đại đoàn kết toàn dân tộc",
    "Tin tức - Sự kiện",
    "Văn hóa - Xã hội",
    "Kinh tế",
    "Quốc phòng - An ninh",
    "Giáo dục - Y tế",
    "Chỉ đạo điều hành",
    "Cải cách hành chính",
    "Thông báo",
    "Gương người tốt việc tốt",
    "Tôn giáo - Dân tộc",
)
FIRST_DAY = datetime(2014, 1, 1, tzinfo=VIETNAM_TZ)
SPAN_DAYS = 11 * 365

# Columns of Datasette's CSV in the benchmark (bodies belong to `archiver export`).
CSV_COLUMNS = ("site", "category", "title", "published_at", "authors", "view_count")
# Words researchers type that most articles contain; rarer queries are headlines of a few
# stories (search_queries), typed without diacritics.
COMMON_SEARCHES = ("xã", "nhân dân", "mat tran", "nông thôn mới", "dai hoi dang")


# ---------------------------------------------------------------- building the archive


def build_archive(path: Path, articles: int, seed: int = 11) -> None:
    """Write `articles` generated articles (with authors and view history) through the real schema."""
    started = time.perf_counter()
    pool = build_site(seed=seed, articles=POOL_ARTICLES, videos=10).articles
    db = open_archive(path)
    db.execute("PRAGMA synchronous = OFF")  # a benchmark fixture: a crash means rebuilding it
    names = sorted({name for story in pool for name in story.authors} | {"Quản trị", "admin"})
    with db.atomic():
        db.conn.executemany("INSERT OR IGNORE INTO authors (name) VALUES (?)", [(n,) for n in names])
    author_ids = {row[1]: row[0] for row in db.execute("SELECT id, name FROM authors")}
    rng = random.Random(seed)
    written = 0
    for batch in _batches(_generated(rng, pool, articles), BATCH):
        with db.atomic():
            db.conn.executemany(_INSERT_ARTICLE, [row for row, _, _ in batch])
            db.conn.executemany(
                "INSERT OR IGNORE INTO article_authors (article_url, author_id, role, position) VALUES (?, ?, ?, ?)",
                [
                    (row[0], author_ids[name], role, position)
                    for row, people, _ in batch
                    for position, (name, role) in enumerate(people)
                ],
            )
            db.conn.executemany(
                "INSERT INTO view_snapshots (article_url, observed_at, view_count, run_id) VALUES (?, ?, ?, NULL)",
                [(row[0], at, views) for row, _, snapshots in batch for at, views in snapshots],
            )
        written += len(batch)
        if written % 100_000 == 0 or written == articles:
            rate = written / (time.perf_counter() - started)
            print(f"  built {written:,} articles ({rate:,.0f}/s)", flush=True)
    # As a crawl run that adds this many articles does (ARCHIVER_SEARCH_OPTIMIZE_AFTER).
    optimize_index(db, "articles")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


_ARTICLE_COLUMNS = (
    "url",
    "site",
    "category",
    "title",
    "summary",
    "published_at",
    "published_raw",
    "published_precision",
    "published_year_source",
    "published_year",
    "published_month",
    "poster",
    "authors",
    "byline_raw",
    "view_count",
    "views_raw",
    "body_text",
    "body_html",
    "word_count",
    "warnings",
    "fetched_at",
    "first_seen_at",
    "last_seen_at",
)
_INSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}) VALUES ({', '.join('?' for _ in _ARTICLE_COLUMNS)})"
)


def _generated(
    rng: random.Random, pool: Sequence[DemoArticle], count: int
) -> Iterator[tuple[tuple[object, ...], list[tuple[str, str]], list[tuple[str, int]]]]:
    """(article row, [(name, role)], [(observed_at, views)]) for `count` articles cut from `pool`."""
    crawl_start = datetime(2025, 1, 6, 9, tzinfo=VIETNAM_TZ)
    for number in range(count):
        story, other = rng.choice(pool), rng.choice(pool)
        blocks = list(story.body_blocks) + list(other.body_blocks[: rng.randint(0, 2)])
        body_text = "\n\n".join(blocks)
        published = FIRST_DAY + timedelta(days=rng.randrange(SPAN_DAYS), minutes=rng.randrange(6 * 60, 22 * 60))
        site = rng.choices(SITES, weights=SITE_WEIGHTS)[0]
        views = int(rng.lognormvariate(6, 1.2))
        fetched = crawl_start + timedelta(minutes=number % 5000)
        people = [(name, "author") for name in story.authors] + [(story.poster, "poster")]
        snapshots = [(fetched.isoformat(), views)]
        later = fetched
        for _ in range(rng.choice((1, 1, 2))):
            later += timedelta(days=rng.randint(3, 20))
            views += int(rng.expovariate(1 / 40))
            snapshots.append((later.isoformat(), views))
        row = (
            f"https://{site}.example.gov.vn/tin-tuc/{number}.html",
            site,
            CATEGORIES[min(int(rng.expovariate(0.35)), len(CATEGORIES) - 1)],
            story.title if rng.random() < 0.7 else f"{story.title} ({published:%d/%m})",
            story.summary,
            published.isoformat(),
            published.strftime("%H:%M | %d/%m"),
            "minute",
            "listing",
            published.year,
            published.strftime("%Y-%m"),
            story.poster,
            json.dumps(list(story.authors), ensure_ascii=False),
            f"Tác giả: {story.byline_raw}" if story.byline_raw else None,
            views,
            str(views),
            body_text,
            '<div class="detail-content">' + "".join(f"<p>{block}</p>" for block in blocks) + "</div>",
            len(body_text.split()),
            "[]",
            snapshots[-1][0],
            snapshots[0][0],
            snapshots[-1][0],
        )
        yield row, people, snapshots


def _batches(items: Iterator[tuple], size: int) -> Iterator[list[tuple]]:  # type: ignore[type-arg]
    batch: list[tuple] = []  # type: ignore[type-arg]
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def archive_for(articles: int, db: Path | None) -> Path:
    """The archive to measure: reused when it exists with the right size, built otherwise."""
    path = db or BENCH_DIR / f"scale-{articles}.db"
    if path.exists():
        with sqlite3.connect(path) as conn:
            present = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        if present == articles:
            print(f"reusing {path} ({present:,} articles)")
            open_archive(path).close()  # migrate it if the code is newer
            return path
        print(f"{path} holds {present:,} articles, not {articles:,}: rebuilding")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    print(f"building {path} with {articles:,} articles")
    build_archive(path, articles)
    return path


# ---------------------------------------------------------------- measuring


@dataclass
class Server:
    """A Datasette process on loopback."""

    process: subprocess.Popen[bytes]
    root: str

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def stock_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    """The project's metadata with its tuning undone: Datasette's array facet, no broad search, no cache."""
    articles = next(iter(metadata["databases"].values()))["tables"]["articles"]
    articles["facets"] = [
        {"array": "authors"} if facet == {"author": "authors"} else facet for facet in articles["facets"]
    ]
    metadata["plugins"]["vn-archive"] = {"broad_search": 0, "query_cache": 0}
    return metadata


def start_datasette(db_path: Path, tuned: bool, folder: Path, bitmaps: bool = True) -> Server:
    """Datasette with the project's metadata and plugins, tuned (the project's settings) or stock.

    `bitmaps=False`: tuned, but searches walk the index for every word (no term bitmaps).
    """
    import socket

    import yaml

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    metadata = metadata_for(db_path) if tuned else stock_metadata(metadata_for(db_path))
    if not bitmaps:
        metadata["plugins"]["vn-archive"]["term_bitmaps"] = []
    metadata_path = folder / "metadata.yaml"
    metadata_path.write_text(yaml.safe_dump(metadata, allow_unicode=True), encoding="utf-8")
    command = datasette_command(db_path, metadata_path, "127.0.0.1", port)
    if not tuned:  # Datasette's default settings: drop every --setting the project adds
        kept: list[str] = []
        skip = 0
        for part in command:
            if skip:
                skip -= 1
            elif part == "--setting":
                skip = 2
            else:
                kept.append(part)
        command = kept
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    root = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(root + "/-/versions.json", timeout=5):
                break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                raise
            time.sleep(0.3)
    if tuned:
        wait_until_warm(root)
    time.sleep(SETTLE)
    return Server(process, root)


def wait_until_warm(root: str, timeout: float = 900) -> None:
    """Until the server's warm-up (prewarmed pages, term bitmaps) has caught up: a server long up."""
    started = time.monotonic()
    while True:
        with urllib.request.urlopen(root + "/-/vn-archive.json", timeout=30) as response:
            status = json.load(response)
        if all(database["warm"] for database in status.values()):
            break
        if time.monotonic() - started > timeout:
            raise TimeoutError(f"not warm after {timeout:.0f} s: {status}")
        time.sleep(1)
    print(f"    warm after {time.monotonic() - started:.0f} s: {json.dumps(status)}", flush=True)


def fetch(url: str) -> tuple[float, int]:
    """Seconds to fetch `url` completely, and its size in bytes (negative: an error page)."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=600) as response:
            size = len(response.read())
    except urllib.error.HTTPError as error:  # e.g. Datasette's "SQL query took too long"
        size = -len(error.read())
    except http.client.IncompleteRead as cut:  # a CSV that stopped early (csv_guard)
        size = -len(cut.partial)
    return time.perf_counter() - started, size


def percentile(values: Sequence[float], share: float) -> float:
    """The value below which `share` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(samples: Sequence[float]) -> dict[str, float]:
    return {"p50_ms": round(statistics.median(samples), 1), "p95_ms": round(percentile(samples, 0.95), 1)}


def timed_group(root: str, paths: Sequence[str], repeat: int, kinds: Sequence[str] = ()) -> dict[str, object]:
    """First request of every path (nothing cached yet), then `repeat` rounds of them all.

    `kinds` (one per path) adds the first requests' figures per kind of path.
    """
    first = [fetch(root + path) for path in paths]
    again = [fetch(root + path) for _ in range(repeat) for path in paths]
    errors = sum(size < 0 for _, size in first + again)
    slowest = sorted(range(len(paths)), key=lambda i: -first[i][0])[:3]
    result: dict[str, object] = {
        "first": summary([seconds * 1000 for seconds, _ in first]),
        "again": summary([seconds * 1000 for seconds, _ in again]),
        "requests": len(first) + len(again),
        "error_pages": errors,
        "slowest_first": [{"ms": round(first[i][0] * 1000), "path": paths[i]} for i in slowest],
    }
    for kind in dict.fromkeys(kinds):
        times = [seconds * 1000 for (seconds, _), of in zip(first, kinds, strict=True) if of == kind]
        result[f"first, {kind}"] = {**summary(times), "queries": len(times)}
    return result


def query_length(query: str) -> str:
    """Queries of up to four words, as typed, apart from pasted headlines."""
    return "up to 4 words" if len(query.split()) <= 4 else "5+ words (headlines)"


def fresh_queries(conn: sqlite3.Connection, count: int, seed: int) -> list[str]:
    """Queries no cache has seen: runs of 1–4 words, or whole headlines without diacritics, of random articles."""
    rng = random.Random(seed)
    top = conn.execute("SELECT max(rowid) FROM articles").fetchone()[0]
    queries: list[str] = []
    while len(queries) < count:
        row = conn.execute("SELECT title FROM articles WHERE rowid = ?", [rng.randint(1, top)]).fetchone()
        words = row[0].split() if row else []
        if not words:
            continue
        size = rng.choice((1, 2, 2, 3, 4))
        start = rng.randrange(max(1, len(words) - size + 1))
        queries.append(fold(row[0]) if len(queries) % 3 == 2 else " ".join(words[start : start + size]))
    return queries


def search_queries(db_path: Path, fresh: int = 0, seed: int = 0) -> dict[str, list[str]]:
    """Queries as researchers type them, grouped by how many articles they match."""
    pool = build_site(seed=11, articles=POOL_ARTICLES, videos=10).articles
    typed = [*COMMON_SEARCHES, *(fold(story.title) for story in pool[:: POOL_ARTICLES // 4][:4])]
    conn = sqlite3.connect(db_path)
    typed += fresh_queries(conn, fresh, seed)
    groups: dict[str, list[str]] = {"broad": [], "narrow": []}
    for query in typed:
        hits = conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", [match_query(query)])
        count = hits.fetchone()[0]
        groups["broad" if count > BROAD_SEARCH else "narrow"].append(query)
        print(f"    {count:>9,} hits  {query}")
    conn.close()
    return groups


def following_pages(db_path: Path, depths: Sequence[int] = (100, 200, 10_000, 500_000, 990_000)) -> list[str]:
    """Links to articles pages that start `depths` rows down the default order, as Datasette's `next` writes them."""
    conn = sqlite3.connect(db_path)
    paths = []
    for depth in depths:
        row = conn.execute(
            "SELECT published_at, url FROM articles ORDER BY published_at DESC, url LIMIT 1 OFFSET ?", [depth - 1]
        ).fetchone()
        if row:
            token = ",".join("$null" if value is None else tilde_encode(str(value)) for value in row)
            paths.append(f"/articles?_next={quote(token)}")
    conn.close()
    return paths


def measure_server(
    server: Server, database: str, sites: Sequence[str], searches: dict[str, list[str]], repeat: int, pages: list[str]
) -> dict[str, object]:
    root = f"{server.root}/{database}"
    groups = {
        f"search box, {kind} queries": ([f"/articles?_search={quote(q)}" for q in queries], queries)
        for kind, queries in searches.items()
    }
    every = [q for queries in searches.values() for q in queries]
    groups["ranked search (canned query)"] = ([f"/search?q={quote(q)}" for q in every], every)
    groups["articles table page (facets)"] = (["/articles"], [])
    groups["articles, following pages"] = (pages, [])
    groups["articles of one site (facets)"] = ([f"/articles?site={quote(site)}" for site in sites[:3]], [])
    results: dict[str, object] = {}
    for name, (paths, queries) in groups.items():
        results[name] = timed_group(root, paths, repeat, [query_length(q) for q in queries])
        print(f"    {name:34} {results[name]}", flush=True)
    site = sites[len(sites) // 2]
    columns = "".join(f"&_col={column}" for column in CSV_COLUMNS)
    seconds, size = fetch(f"{root}/articles.csv?site={quote(site)}&_size=max&_stream=on{columns}")
    with urllib.request.urlopen(f"{root}/articles.json?site={quote(site)}&_size=0&_nofacet=1") as response:
        rows = int(json.load(response)["filtered_table_rows_count"])
    results["datasette csv, one site"] = {
        "rows": rows,
        "complete": size >= 0,
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds),
        "mb": round(abs(size) / 1e6, 1),
    }
    print(f"    {'datasette csv, one site':34} {results['datasette csv, one site']}", flush=True)
    return results


def measure_export(db_path: Path) -> dict[str, object]:
    """`archiver export --format csv` of the whole archive, to /dev/null."""
    from sqlite_utils import Database

    started = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8", newline="") as out:
        count = write_csv(article_rows(Database(db_path), ExportFilter()), out)
    seconds = time.perf_counter() - started
    result: dict[str, object] = {"rows": count, "seconds": round(seconds, 1), "rows_per_s": round(count / seconds)}
    print(f"    {'archiver export csv (all)':34} {result}", flush=True)
    return result


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="archive to build or reuse (default data/bench/scale-N.db)")
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds per request after the first")
    parser.add_argument("--no-export", action="store_true", help="skip the full CSV export")
    parser.add_argument("--tuned-only", action="store_true", help="skip the stock Datasette run")
    parser.add_argument(
        "--without-bitmaps", action="store_true", help="also time the tuned server without term bitmaps (after it)"
    )
    parser.add_argument("--build-only", action="store_true", help="build (or check) the archive, measure nothing")
    parser.add_argument("--fresh", type=int, default=10, help="extra queries cut from random headlines")
    parser.add_argument("--seed", type=int, help="seed of the fresh queries (default: a new one per run)")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else int(time.time())
    db_path = archive_for(args.articles, args.db)
    if args.build_only:
        return
    database = db_path.stem
    with sqlite3.connect(db_path) as conn:
        sites = [row[0] for row in conn.execute("SELECT site FROM articles GROUP BY site ORDER BY count(*) DESC")]
    print(f"  queries (fresh ones from seed {seed}):")
    searches = search_queries(db_path, args.fresh, seed)
    pages = following_pages(db_path)
    report: dict[str, object] = {
        "articles": args.articles,
        "db_mb": round(db_path.stat().st_size / 1e6),
        "fresh_query_seed": seed,
    }
    variants = [("stock", False, False), ("tuned", True, True)]
    if args.without_bitmaps:  # after the tuned run: a file cache it warmed favours this one
        variants.append(("tuned, without term bitmaps", True, False))
    for label, tuned, bitmaps in variants:
        if args.tuned_only and not tuned:
            continue
        print(f"  Datasette, {label}:", flush=True)
        with tempfile.TemporaryDirectory() as folder:
            server = start_datasette(db_path, tuned, Path(folder), bitmaps)
            try:
                report[label] = measure_server(server, database, sites, searches, args.repeat, pages)
            finally:
                server.stop()
    if not args.no_export:
        report["export"] = measure_export(db_path)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"  written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
