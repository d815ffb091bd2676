"""Normalisers: pure functions from raw page strings to archive values (no Scrapy here).

The stable API that pipelines, `reprocess` and evaluations call:

* `parse_date(raw, *, reference=None) -> ParsedDate | None` (`archiver.normalize.dates`)
* `parse_byline(raw) -> Byline` (`archiver.normalize.authors`)
* `parse_count(raw) -> int | None` (`archiver.normalize.counts`)
* `fold(s)`, `clean(s)`, `repair(s)` (`archiver.normalize.text`)

Each is deterministic: the same raw value (and reference) always gives the same result,
so re-normalising stored raw values reproduces what the crawl stored.

The names are re-exported lazily: importing a sibling module (`archiver.normalize.urls`)
does not compile the date and byline regexes.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archiver.normalize.authors import Byline, parse_byline
    from archiver.normalize.counts import parse_count
    from archiver.normalize.dates import ParsedDate, parse_date
    from archiver.normalize.text import clean, fold, repair

_EXPORTS = {
    "Byline": "authors", "parse_byline": "authors", "parse_count": "counts", "ParsedDate": "dates",
    "parse_date": "dates", "clean": "text", "fold": "text", "repair": "text",
}
__all__ = ["Byline", "ParsedDate", "clean", "fold", "parse_byline", "parse_count", "parse_date", "repair"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
