"""The raw ArticleItem of a page read without a profile, with how each field was found."""

from __future__ import annotations

from lxml import etree

from archiver.extract import absolute
from archiver.generic.combine import combine, findings_by_method
from archiver.generic.discover import ArticleLink, canonical
from archiver.generic.fields import ITEM_FIELDS, Findings
from archiver.generic.heuristics import image_sources
from archiver.items import ArticleItem


def generic_article_item(
    root: etree._Element,
    url: str,
    site: str,
    *,
    hint: ArticleLink | None,
    fetched_at: str,
    capture_id: str | None,
) -> ArticleItem:
    """Raw strings as found by `combine`; the listing entry gives the summary and the dating hint."""
    found = combine(findings_by_method(root, url))
    item = ArticleItem(
        url=canonical(url),
        site=site,
        fetched_at=fetched_at,
        response_url=url,
        listing_date_raw=hint.date_raw if hint else None,
        listing_date_source="listing" if hint and hint.date_raw else None,
        capture_id=capture_id,
        images=_images(found, url),
        extraction={name: finding.method for name, finding in found.items()},
    )
    for name, finding in found.items():
        setattr(item, ITEM_FIELDS[name], finding.raw)
    if item.summary_raw is None and hint is not None and hint.summary:
        item.summary_raw = hint.summary
        item.extraction["summary"] = "listing"
    return item


def _images(found: Findings, url: str) -> list[dict[str, str]]:
    """Pictures of a heuristic body (trafilatura keeps <img>); captions are not recovered."""
    body = found.get("body_html")
    if body is None or body.method != "heuristic":
        return []
    return [{"src": absolute(url, src), "caption": ""} for src in image_sources(body.raw)]
