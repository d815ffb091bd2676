"""Generic mode (no profile) on every demo CMS variant: per-field accuracy against the truth.

Usage:  .venv/bin/python bench/eval_generic.py [--articles 60] [--variant NAME ...] [--with-profile] [--wrong]

For each variant of archiver/demo/variants, serves the demo portal on loopback, crawls it with
`scrapy crawl generic -a start_url=…` (no profile), and scores every stored article with
`archiver.demo.truth.score`; prints one row per variant (articles right per field, articles
stored / shown) and, with --wrong, a few paths per field that were wrong. With --with-profile it
also crawls each variant with its profile (`scrapy crawl news -a site=demo-…`), prints both rows
side by side, and counts per field how the `extraction` column says each value was found
(`profile`, or the generic method that filled in for it).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlite_utils import Database  # noqa: E402

from archiver.demo.generator import build_site  # noqa: E402
from archiver.demo.server import DemoServer  # noqa: E402
from archiver.demo.truth import FIELDS, FieldScore, score  # noqa: E402
from archiver.demo.variants import VARIANT_NAMES, layout  # noqa: E402

# The loopback portal needs no politeness delay.
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]
SCORED = (*FIELDS, "summary")


Crawl = tuple[dict[str, FieldScore], int, int, Counter[str]]


def crawl_variant(variant: str, articles: int, workdir: Path, *, with_profile: bool = False) -> Crawl:
    """Scores per field, articles stored and shown, and `field=method` counts of the extraction column."""
    site = build_site(articles=articles, variant=variant)
    db_path = workdir / f"{variant}-{'profile' if with_profile else 'generic'}.db"
    with DemoServer(site) as portal:
        if with_profile:
            how = ["news", "-a", f"site={layout(variant).profile}", "-a", f"base_url={portal.base_url}"]
        else:
            how = ["generic", "-a", f"start_url={portal.base_url}{layout(variant).start_path}"]
        command = [sys.executable, "-m", "scrapy", "crawl", *how, *FAST, "-s", "ARCHIVER_CAPTURE=0"]
        run = subprocess.run(
            command,
            cwd=ROOT,
            env=os.environ | {"ARCHIVER_DB": str(db_path)},
            capture_output=True,
            text=True,
            timeout=900,
        )
    if run.returncode != 0:
        raise SystemExit(f"{variant}: crawl failed\n{run.stderr[-2000:]}")
    rows = {row["url"]: row for row in Database(db_path).query("SELECT * FROM articles")}
    methods: Counter[str] = Counter()
    for row in rows.values():
        methods.update(f"{name}={how}" for name, how in json.loads(row["extraction"] or "{}").items())
    return score(site, rows, SCORED), len(rows), len(site.articles), methods


def _row(label: str, crawl: Crawl) -> str:
    scores, stored, shown, _ = crawl
    cells = "".join(f"{f'{scores[name].right}/{scores[name].total}':>14}" for name in SCORED)
    return f"{label:<26}{cells}{f'{stored}/{shown}':>10}"


def _methods(methods: Counter[str]) -> str:
    by_field: dict[str, list[str]] = {}
    for key, count in sorted(methods.items()):
        name, how = key.split("=", 1)
        by_field.setdefault(name, []).append(f"{how} {count}")
    return "; ".join(f"{name}: {', '.join(parts)}" for name, parts in by_field.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--variant", action="append", choices=VARIANT_NAMES)
    parser.add_argument("--with-profile", action="store_true", help="also crawl each variant with its profile")
    parser.add_argument("--wrong", action="store_true", help="list a few wrong paths per field")
    args = parser.parse_args()
    print(f"{args.articles} articles per variant; articles right per field (generic = no profile)")
    print(f"{'variant / mode':<26}" + "".join(f"{name:>14}" for name in SCORED) + f"{'stored':>10}")
    counts = []
    with tempfile.TemporaryDirectory() as tmp:
        for variant in args.variant or VARIANT_NAMES:
            modes = [False, True] if args.with_profile else [False]
            for with_profile in modes:
                crawl = crawl_variant(variant, args.articles, Path(tmp), with_profile=with_profile)
                mode = layout(variant).profile if with_profile else "generic"
                print(_row(f"{variant} / {mode}", crawl), flush=True)
                counts.append((f"{variant} / {mode}", crawl[3]))
                if args.wrong:
                    for name in SCORED:
                        if crawl[0][name].wrong:
                            print(f"    {name}: {', '.join(crawl[0][name].wrong[:3])}")
    print("\nhow each field was found (extraction column), per variant and mode")
    for label, methods in counts:
        print(f"{label}: {_methods(methods)}")


if __name__ == "__main__":
    main()
