"""Redesign monitors: per-field coverage of a run's records checked against minimum shares.

A portal redesign rarely breaks a crawl outright: pages still answer 200 and the spider
still yields records, but the title or body selector matches nothing. The signature is a
field whose coverage collapses, so each run checks coverage against thresholds.

Spidermon was evaluated for this and not used: its coverage is keyed by item class and
every record here is a plain dict (articles, videos and takedowns would be mixed), its
verdict reaches neither `crawl_runs` nor the exit status without custom actions, and it
pulls in 14 packages (jsonschema[format], arrow, rpds-py…) for what is a division and a
comparison. See the README section "End-of-run report".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

# Fields whose presence is counted per record kind, for the report's coverage table.
COVERAGE_FIELDS: dict[str, tuple[str, ...]] = {
    "article": (
        "title",
        "published_at",
        "body_text",
        "summary",
        "category",
        "authors",
        "poster",
        "view_count",
        "images",
    ),
    "video": ("title", "recorded_on", "media_url", "category"),
}


@dataclass(frozen=True)
class Breach:
    """A field whose coverage in one run fell below its minimum."""

    kind: str
    field: str
    coverage: float
    minimum: float
    items: int

    def describe(self) -> str:
        return (
            f"{self.kind} {self.field}: {self.coverage:.0%} of {self.items} records "
            f"(minimum {self.minimum:.0%}) — selectors may no longer match (site redesign?)"
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def present(value: Any) -> bool:
    """A field counts as covered when it holds something (0 views is a value, "" is not)."""
    return value not in (None, "", [], {})


# Coverage fields → their names in a record's `extraction` map (how each was found).
EXTRACTION_NAMES = {
    "title": "title",
    "published_at": "published",
    "body_text": "body_html",
    "authors": "byline",
    "poster": "poster",
    "view_count": "views",
    "category": "category",
}


def covered_fields(record: Mapping[str, Any], declared: frozenset[str] = frozenset()) -> list[str]:
    """The coverage fields this record fills.

    `declared`: the `extraction` names the site profile has selectors for. Such a field filled by
    generic extraction (the profile's selector matched nothing) does not count: generic mode may
    rescue the value, but the profile no longer fits the site.
    """
    return [
        name
        for name in COVERAGE_FIELDS.get(record["kind"], ())
        if present(record.get(name)) and not profile_missed(record, name, declared)
    ]


def profile_missed(record: Mapping[str, Any], name: str, declared: frozenset[str]) -> bool:
    """True when the profile has a selector for field `name` but generic extraction found the value."""
    extraction_name = EXTRACTION_NAMES.get(name)
    if extraction_name not in declared:
        return False
    return (record.get("extraction") or {}).get(extraction_name, "profile") not in ("profile", "listing")


def coverage(checked: Mapping[str, int], filled: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, float]]:
    """Share of records of each kind with each coverage field, from counts per kind and field."""
    return {
        kind: {name: round(filled.get(kind, {}).get(name, 0) / total, 4) for name in COVERAGE_FIELDS.get(kind, ())}
        for kind, total in checked.items()
        if total
    }


def parse_thresholds(raw: Mapping[str, Any]) -> dict[str, float]:
    """Validate `ARCHIVER_MIN_COVERAGE`: keys `field` (every kind) or `kind/field`, values in 0..1."""
    known = {name for names in COVERAGE_FIELDS.values() for name in names}
    thresholds: dict[str, float] = {}
    for key, value in raw.items():
        kind, _, name = key.rpartition("/")
        if name not in known or (kind and name not in COVERAGE_FIELDS.get(kind, ())):
            raise ValueError(f"ARCHIVER_MIN_COVERAGE: unknown field {key!r}; known: {sorted(known)}")
        try:
            share = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"ARCHIVER_MIN_COVERAGE[{key!r}]: {value!r} is not a number") from None
        if not 0.0 <= share <= 1.0:
            raise ValueError(f"ARCHIVER_MIN_COVERAGE[{key!r}]: {share} is not a share between 0 and 1")
        thresholds[key] = share
    return thresholds


def check_coverage(
    shares: Mapping[str, Mapping[str, float]],
    checked: Mapping[str, int],
    thresholds: Mapping[str, float],
    min_items: int,
) -> list[Breach]:
    """Fields below their minimum, for kinds with at least `min_items` records (few records prove nothing)."""
    breaches = []
    for kind, fields in shares.items():
        items = checked.get(kind, 0)
        if items < min_items:
            continue
        for name, share in fields.items():
            minimum = thresholds.get(f"{kind}/{name}", thresholds.get(name))
            if minimum is not None and share < minimum:
                breaches.append(Breach(kind, name, share, minimum, items))
    return breaches
