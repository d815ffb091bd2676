"""Generic mode (no profile) on every demo CMS variant: per-field accuracy against the truth.

Usage:  .venv/bin/python bench/eval_generic.py [--articles 60] [--variant NAME ...]

For each variant of archiver/demo/variants, serves the demo portal on loopback, crawls it with
`scrapy crawl generic -a start_url=…` (no profile), and scores every stored article with
`archiver.demo.truth.score`; prints one row per variant (share right per field, articles
stored / shown) and, with --wrong, a few paths per field that were wrong.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
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


def crawl_variant(variant: str, articles: int, workdir: Path) -> tuple[dict[str, FieldScore], int, int]:
    site = build_site(articles=articles, variant=variant)
    db_path = workdir / f"{variant}.db"
    with DemoServer(site) as portal:
        command = [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "generic",
            "-a",
            f"start_url={portal.base_url}{layout(variant).start_path}",
            *FAST,
            "-s",
            "ARCHIVER_CAPTURE=0",
        ]
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
    return score(site, rows, SCORED), len(rows), len(site.articles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--variant", action="append", choices=VARIANT_NAMES)
    parser.add_argument("--wrong", action="store_true", help="list a few wrong paths per field")
    args = parser.parse_args()
    print(f"generic mode, no profile; {args.articles} articles per variant; share of articles right per field")
    print(f"{'variant':<18}" + "".join(f"{name:>14}" for name in SCORED) + f"{'stored':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for variant in args.variant or VARIANT_NAMES:
            scores, stored, shown = crawl_variant(variant, args.articles, Path(tmp))
            cells = "".join(f"{scores[name].rate:>14.2f}" for name in SCORED)
            print(f"{variant:<18}{cells}{f'{stored}/{shown}':>10}", flush=True)
            if args.wrong:
                for name in SCORED:
                    if scores[name].wrong:
                        print(f"    {name}: {', '.join(scores[name].wrong[:3])}")


if __name__ == "__main__":
    main()
