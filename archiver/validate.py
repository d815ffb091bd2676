"""Field checks on normalised records: each failed check is a warning, never a dropped record."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Fields a record of each kind should have; a missing one usually means a selector broke.
REQUIRED_FIELDS = {
    "article": ("title", "published_at", "body_text", "category", "view_count"),
    "video": ("title", "recorded_on", "media_url"),
    "gone": (),
}


def missing_fields(record: Mapping[str, Any]) -> list[str]:
    return [name for name in REQUIRED_FIELDS[record["kind"]] if record.get(name) in (None, "", [])]


def field_warnings(record: Mapping[str, Any]) -> list[str]:
    """Warnings for a record: missing fields, and raw values that could not be parsed."""
    warnings = [f"{name}: missing" for name in missing_fields(record)]
    if record["kind"] == "article":
        if record.get("views_raw") and record.get("view_count") is None:
            warnings.append(f"view_count: cannot parse {record['views_raw']!r}")
        if record.get("published_raw") and record.get("published_at") is None:
            warnings.append(f"published_at: cannot parse {record['published_raw']!r}")
        if record.get("byline_raw") and not record.get("authors"):
            warnings.append(f"authors: no name in {record['byline_raw']!r}")
    return warnings
