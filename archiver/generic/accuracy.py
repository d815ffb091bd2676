"""Per-field accuracy of stored articles against the demo generator's truth, as shares.

The comparison itself is `archiver.demo.truth.score` (keyed by each variant's URLs); this is
its share-per-field reading, used by the generic-mode crawl test with a pinned floor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from archiver.demo.generator import DemoSite
from archiver.demo.truth import FIELDS, score

# The truth's fields, and the summary generic mode also finds.
SCORED_FIELDS: tuple[str, ...] = (*FIELDS, "summary")


def field_accuracy(
    site: DemoSite, rows: Mapping[str, Mapping[str, Any]], fields: Iterable[str] = SCORED_FIELDS
) -> dict[str, float]:
    """Share of the site's articles whose stored field equals the truth (a missing row is wrong)."""
    return {name: result.rate for name, result in score(site, rows, tuple(fields)).items()}
