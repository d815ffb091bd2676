"""Per-field accuracy of stored articles against known values (the demo generator's truth).

Used by the generic-mode crawl test (with a pinned floor) and by bench/eval_generic.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from archiver.demo.generator import DemoArticle

# Stored column → how to read the expected value off a demo article.
SCORED_FIELDS = ("title", "published_at", "poster", "authors", "view_count", "category", "summary", "body_text")


def expected_record(article: DemoArticle) -> dict[str, Any]:
    """What a perfect extraction stores for a demo article."""
    return {
        "title": article.title,
        "published_at": article.published.isoformat(),
        "poster": article.poster,
        "authors": list(article.authors),
        "view_count": article.view_count,
        "category": article.category.name,
        "summary": article.summary,
        "body_text": article.body_text,
    }


def field_accuracy(
    rows: Mapping[str, Mapping[str, Any]],
    expected: Mapping[str, Mapping[str, Any]],
    fields: Iterable[str] = SCORED_FIELDS,
) -> dict[str, float]:
    """Share of expected articles whose stored field equals the expected value (missing rows count as wrong)."""
    names = list(fields)
    if not expected:
        return {name: 0.0 for name in names}
    hits = dict.fromkeys(names, 0)
    for url, truth in expected.items():
        row = rows.get(url)
        for name in names:
            hits[name] += row is not None and row.get(name) == truth.get(name)
    return {name: hits[name] / len(expected) for name in names}
