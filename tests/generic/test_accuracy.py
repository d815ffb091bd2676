"""Share-per-field accuracy reads archiver.demo.truth.score: one comparison of rows with the truth."""

from __future__ import annotations

from dataclasses import asdict

from archiver.demo.generator import build_site
from archiver.demo.truth import article_truth
from archiver.generic.accuracy import SCORED_FIELDS, field_accuracy


def test_perfect_rows_score_one_and_a_wrong_or_missing_row_counts_against() -> None:
    site = build_site(seed=3, articles=10, videos=1, variant="nukeviet")
    rows = {f"http://127.0.0.1:8000{path}": asdict(truth) for path, truth in article_truth(site).items()}
    assert field_accuracy(site, rows) == dict.fromkeys(SCORED_FIELDS, 1.0)
    first, second = list(rows)[:2]
    rows[first]["title"] = "sai"
    del rows[second]
    accuracy = field_accuracy(site, rows, ["title", "view_count"])
    assert accuracy == {"title": 0.8, "view_count": 0.9}
