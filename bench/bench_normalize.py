"""Benchmark of the date normaliser against dateparser, on the evaluation set's inputs.

Usage:  .venv/bin/python bench/bench_normalize.py [--runs 7] [--dateparser-runs 5]

Prints, for `archiver.normalize.dates.parse_date` and `dateparser.parse(s, languages=['vi'])`:

* throughput on the same inputs (every raw string of tests/normalize/cases/dates.tsv), as the
  median of several timed passes, and the ratio of the two;
* accuracy on the evaluation set (overall, on the negatives, and by family). dateparser is
  given the case's capture time as RELATIVE_BASE when there is one, and is graded on the
  instant it returns (see `normalize_evalset.dateparser_ok`); yearless strings are counted
  wrong for it because it always invents a year;
* for information, the accuracy of the byline, count and text normalisers on their cases.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "normalize"))

from normalize_evalset import (  # noqa: E402
    DateCase,
    byline_ok,
    count_ok,
    date_ok,
    dateparser_ok,
    dateparser_settings,
    load_byline_cases,
    load_count_cases,
    load_date_cases,
    load_text_cases,
    text_ok,
)

from archiver.normalize.authors import parse_byline  # noqa: E402
from archiver.normalize.counts import parse_count  # noqa: E402
from archiver.normalize.dates import parse_date  # noqa: E402
from archiver.normalize.text import clean, fold, repair  # noqa: E402


def _median_seconds_per_call(call: Callable[[str], Any], inputs: list[str], runs: int, loops: int) -> float:
    """Median over `runs` timed passes of the time of one call (each pass: `loops` × inputs)."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(loops):
            for raw in inputs:
                call(raw)
        samples.append((time.perf_counter() - start) / (loops * len(inputs)))
    return statistics.median(samples)


def _accuracy(results: list[tuple[DateCase, bool]]) -> tuple[float, float, dict[str, tuple[int, int]]]:
    by_family: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case, ok in results:
        by_family[case.family][0] += ok
        by_family[case.family][1] += 1
    correct = sum(ok for _, ok in results)
    negatives = [ok for case, ok in results if case.negative]
    return (
        correct / len(results),
        sum(negatives) / len(negatives) if negatives else 1.0,
        {family: (hits, total) for family, (hits, total) in by_family.items()},
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed passes for parse_date (median is reported)")
    parser.add_argument("--loops", type=int, default=20, help="passes over the inputs inside one parse_date run")
    parser.add_argument("--dateparser-runs", type=int, default=5, help="timed passes for dateparser")
    args = parser.parse_args(argv)

    try:
        import dateparser
    except ImportError:  # pragma: no cover - dateparser is a test dependency
        print("dateparser is not installed: pip install dateparser", file=sys.stderr)
        return 2

    cases = load_date_cases()
    inputs = [case.raw for case in cases]

    def dateparser_parse(raw: str) -> Any:
        return dateparser.parse(raw, languages=["vi"])

    # Warm up both (dateparser loads its language data on first use).
    for raw in inputs:
        parse_date(raw)
        dateparser_parse(raw)

    ours = _median_seconds_per_call(parse_date, inputs, args.runs, args.loops)
    theirs = _median_seconds_per_call(dateparser_parse, inputs, args.dateparser_runs, 1)

    our_results = [(case, date_ok(case, parse_date(case.raw, reference=case.reference))) for case in cases]
    their_results = [
        (case, dateparser_ok(case, dateparser.parse(case.raw, languages=["vi"], settings=dateparser_settings(case))))
        for case in cases
    ]
    our_acc, our_neg, our_fam = _accuracy(our_results)
    their_acc, their_neg, their_fam = _accuracy(their_results)

    print(f"inputs: {len(inputs)} date strings from tests/normalize/cases/dates.tsv")
    print()
    print("throughput (median of timed passes, per call)")
    for name, seconds, runs in (
        ("parse_date", ours, args.runs),
        ("dateparser.parse(languages=['vi'])", theirs, args.dateparser_runs),
    ):
        print(f"  {name:<35} {seconds * 1e6:9.2f} µs   {1 / seconds:12,.0f} calls/s   ({runs} runs)")
    print(f"  ratio                               {theirs / ours:9.1f}× faster")
    print()
    print("accuracy on the evaluation set (iso + precision + flags for parse_date; instant for dateparser)")
    print(f"  parse_date   {our_acc:7.1%} overall   {our_neg:7.1%} on negatives")
    print(f"  dateparser   {their_acc:7.1%} overall   {their_neg:7.1%} on negatives")
    print()
    print(f"  {'family':<11} {'cases':>5}  {'parse_date':>10}  {'dateparser':>10}")
    for family in our_fam:
        hits, total = our_fam[family]
        their_hits, _ = their_fam[family]
        print(f"  {family:<11} {total:>5}  {hits / total:>10.0%}  {their_hits / total:>10.0%}")

    bylines = load_byline_cases()
    counts = load_count_cases()
    texts = load_text_cases()
    functions: dict[str, Callable[[str], Any]] = {"fold": fold, "clean": clean, "repair": repair}
    print()
    print("other normalisers (own evaluation cases)")
    print(f"  parse_byline {sum(byline_ok(c, parse_byline(c.raw)) for c in bylines)}/{len(bylines)}")
    print(f"  parse_count  {sum(count_ok(c, parse_count(c.raw)) for c in counts)}/{len(counts)}")
    print(f"  text         {sum(text_ok(c, functions) for c in texts)}/{len(texts)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
