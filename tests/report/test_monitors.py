"""Coverage counting and the redesign monitor's thresholds (pure functions)."""

from __future__ import annotations

import pytest

from archiver.monitors import Breach, check_coverage, coverage, covered_fields, parse_thresholds


def test_covered_fields_counts_values_not_keys() -> None:
    record = {"kind": "article", "title": "Hội nghị", "body_text": "", "authors": [], "view_count": 0}
    record["summary"] = None
    assert covered_fields(record) == ["title", "view_count"]


def test_takedown_records_have_no_coverage_fields() -> None:
    assert covered_fields({"kind": "gone", "url": "http://x/1.html", "title": "t"}) == []


def test_coverage_is_the_share_per_kind_and_skips_kinds_without_records() -> None:
    shares = coverage({"article": 4, "video": 0}, {"article": {"title": 3, "body_text": 4}})
    assert shares["article"]["title"] == 0.75
    assert shares["article"]["body_text"] == 1.0
    assert shares["article"]["view_count"] == 0.0
    assert "video" not in shares


def test_thresholds_accept_plain_and_kind_qualified_fields() -> None:
    assert parse_thresholds({"title": "0.9", "video/title": 0.5}) == {"title": 0.9, "video/title": 0.5}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"titel": 0.9}, "unknown field 'titel'"),
        ({"video/body_text": 0.9}, "unknown field 'video/body_text'"),
        ({"title": 90}, "not a share between 0 and 1"),
        ({"title": "most"}, "is not a number"),
    ],
)
def test_bad_thresholds_are_clear_errors(raw: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_thresholds(raw)


def test_a_field_below_its_minimum_is_a_breach() -> None:
    shares = {"article": {"title": 0.1, "body_text": 0.85, "published_at": 0.95}}
    breaches = check_coverage(shares, {"article": 50}, {"title": 0.9, "body_text": 0.8, "published_at": 0.9}, 20)
    assert breaches == [Breach("article", "title", 0.1, 0.9, 50)]
    assert "article title: 10% of 50 records (minimum 90%)" in breaches[0].describe()


def test_too_few_records_prove_nothing() -> None:
    assert check_coverage({"article": {"title": 0.0}}, {"article": 19}, {"title": 0.9}, 20) == []


def test_kind_qualified_minimum_wins_over_the_plain_one() -> None:
    shares = {"article": {"title": 0.7}, "video": {"title": 0.7}}
    breaches = check_coverage(shares, {"article": 30, "video": 30}, {"title": 0.9, "video/title": 0.5}, 20)
    assert [(b.kind, b.field) for b in breaches] == [("article", "title")]
