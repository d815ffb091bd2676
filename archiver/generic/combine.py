"""All generic finders on one page, combined per field in the issue's order of trust:
JSON-LD, then meta tags, then labelled lines, then heuristics."""

from __future__ import annotations

from collections.abc import Callable, Collection

from lxml import etree

from archiver.generic.dom import parse_html, text_lines
from archiver.generic.fields import FIELDS, METHODS, Findings, Found
from archiver.generic.heuristics import (
    date_near_title,
    heuristic_body,
    heuristic_byline,
    heuristic_category,
    heuristic_summary,
    heuristic_title,
    heuristic_views,
)
from archiver.generic.jsonld import jsonld_fields
from archiver.generic.labels import label_fields, mentions_labels
from archiver.generic.metatags import meta_fields, meta_values

# Fields read from the page's visible text lines (labelled lines, the date under the title).
LINE_FIELDS = frozenset({"published", "views", "byline", "poster"})


def extract_generic(html: str, url: str | None = None, *, with_body: bool = True) -> Findings:
    """Per field, the first finding in method order; fields nobody found are absent.

    `with_body=False` skips trafilatura (the costly part) when only the metadata is wanted.
    """
    root = parse_html(html)
    return combine(findings_by_method(root, url, with_body=with_body))


def findings_by_method(
    root: etree._Element, url: str | None = None, *, with_body: bool = True, wanted: Collection[str] = FIELDS
) -> dict[str, Findings]:
    """What each method finds on its own (the heuristics only for wanted fields the others missed).

    `wanted` narrows the costly work (the page's text lines, the heuristics) to the fields a
    profile could not fill; JSON-LD and meta tags are cheap and always read whole.
    """
    lines = text_lines(root) if _reads_lines(root, wanted) else []
    found = {
        "jsonld": jsonld_fields(root),
        "meta": meta_fields(root),
        "label": label_fields(lines),
    }
    missing = {f for f in wanted if not any(f in by for by in found.values())}
    heuristics: dict[str, Callable[[], Found | None]] = {
        "title": lambda: heuristic_title(root, meta_values(root).get("og:site_name")),
        "published": lambda: date_near_title(lines, root),
        "category": lambda: heuristic_category(root),
        "views": lambda: heuristic_views(root),
        "summary": lambda: heuristic_summary(root),
        "byline": lambda: heuristic_byline(root),
    }
    if with_body and "body_html" in wanted:
        heuristics["body_html"] = lambda: heuristic_body(root, url)
    found["heuristic"] = {}
    for field, finder in heuristics.items():
        if field in missing and (result := finder()) is not None:
            found["heuristic"][field] = result
    modified = found["label"].pop("modified", None)
    if modified is not None and "published" in missing and "published" not in found["heuristic"]:
        found["label"]["published"] = modified  # a page whose only date is its "Cập nhật:" line
    return found


def _reads_lines(root: etree._Element, wanted: Collection[str]) -> bool:
    """Whether any wanted field needs the page's text lines (walking them is the costly part)."""
    if "published" in wanted:  # the date under the title is read from the lines too
        return True
    fields = LINE_FIELDS.intersection(wanted)
    return bool(fields) and (set(wanted) >= LINE_FIELDS or mentions_labels(_page_text(root), fields))


def _page_text(root: etree._Element) -> str:
    """The page's text as printed, whitespace not collapsed (`mentions_labels` collapses what it reads)."""
    return str(etree.tostring(root, method="text", encoding="unicode"))


def combine(by_method: dict[str, Findings]) -> Findings:
    """Per field, the finding of the most trusted method that found it."""
    combined: Findings = {}
    for field in FIELDS:
        for method in METHODS:
            if field in by_method.get(method, {}):
                combined[field] = by_method[method][field]
                break
    return combined


def extract_wanted(root: etree._Element, url: str | None, wanted: Collection[str]) -> Findings:
    """The generic finding of each wanted field (a profile's fallback); trafilatura only for `body_html`."""
    found = combine(findings_by_method(root, url, with_body="body_html" in wanted, wanted=wanted))
    return {name: finding for name, finding in found.items() if name in wanted}
