"""Coverage counting and the redesign monitor's thresholds (pure functions)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from archiver.extract import declared_fields
from archiver.monitors import Breach, check_coverage, coverage, covered_fields, parse_thresholds
from archiver.profiles import load_profile


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


def test_a_value_generic_extraction_rescued_from_a_declared_selector_is_not_covered() -> None:
    record = {
        "kind": "article",
        "title": "Hội nghị",
        "published_at": "2023-09-17T21:50:00+07:00",
        "body_text": "…",
        "extraction": {"title": "heuristic", "published": "profile", "body_html": "heuristic", "summary": "listing"},
    }
    declared = declared_fields(load_profile("demo").article)
    assert {"title", "published", "body_html", "byline", "poster", "views", "category"} <= declared
    covered = covered_fields(record, declared)
    assert "published_at" in covered and "title" not in covered and "body_text" not in covered
    # Without a selector for them (generic mode, or a profile that leaves them out) they count.
    assert {"title", "published_at", "body_text"} <= set(covered_fields(record))


def test_a_profile_without_a_title_selector_declares_no_title() -> None:
    rules = load_profile("demo").article
    assert "title" not in declared_fields(replace(rules, title=None))
    assert "views" not in declared_fields(replace(rules, meta_labels={"published": "Ngày đăng:"}))
