"""Cost of generic extraction (no profile) against the profile path, on the same article pages.

Usage:  .venv/bin/python bench/bench_generic.py [--pages 60] [--runs 5]

Renders the first N article pages of the default demo portal (no server, no network) and times,
per page (median of several passes over all pages):

* profile     — `archiver.extract.article_item` with the demo profile (parsel parse included; the
  generic fallback runs only for a field the profile finds nothing for, such as a missing byline);
* generic     — `archiver.generic.item.generic_article_item` with trafilatura for the body;
* generic-meta — the same without the body (`extract_generic(..., with_body=False)`), which
  shows how much of the cost is trafilatura's;
* trafilatura — `heuristic_body` alone on an already parsed page.

and prints each one's milliseconds per page and its ratio to the profile path.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parsel import Selector  # noqa: E402

from archiver.demo.generator import build_site  # noqa: E402
from archiver.demo.pages import render  # noqa: E402
from archiver.extract import article_item  # noqa: E402
from archiver.generic.combine import extract_generic  # noqa: E402
from archiver.generic.dom import parse_html  # noqa: E402
from archiver.generic.heuristics import heuristic_body  # noqa: E402
from archiver.generic.item import generic_article_item  # noqa: E402
from archiver.profiles import load_profile  # noqa: E402

BASE = "http://127.0.0.1:8070"
FETCHED_AT = "2024-01-20T10:00:00+07:00"


def demo_pages(count: int) -> list[tuple[str, str]]:
    """(url, html) of the first `count` article pages of the default demo portal."""
    site = build_site()
    return [(BASE + a.path, render(site, a.path).body.decode("utf-8")) for a in site.articles[:count]]


def median_ms_per_page(work: Callable[[str, str], object], pages: list[tuple[str, str]], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        for url, html in pages:
            work(url, html)
        samples.append((time.perf_counter() - start) * 1000 / len(pages))
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    pages = demo_pages(args.pages)
    profile = load_profile("demo")
    parsed = {url: parse_html(html) for url, html in pages}
    ways: dict[str, Callable[[str, str], object]] = {
        "profile": lambda url, html: article_item(
            Selector(html), url, profile, hint=None, fetched_at=FETCHED_AT, capture_id=None
        ),
        "generic": lambda url, html: generic_article_item(
            parse_html(html), url, "demo", hint=None, fetched_at=FETCHED_AT, capture_id=None
        ),
        "generic-meta": lambda url, html: extract_generic(html, url, with_body=False),
        "trafilatura": lambda url, html: heuristic_body(parsed[url], url),
    }
    for work in ways.values():  # warm caches (compiled XPaths, lru_caches) before timing
        work(*pages[0])
    timings = {name: median_ms_per_page(work, pages, args.runs) for name, work in ways.items()}
    print(f"{len(pages)} demo article pages, median of {args.runs} passes")
    print(f"{'path':<14}{'ms/page':>10}{'× profile':>12}")
    for name, ms in timings.items():
        print(f"{name:<14}{ms:>10.2f}{ms / timings['profile']:>12.1f}")


if __name__ == "__main__":
    main()
