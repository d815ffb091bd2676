"""Article fields from <meta> tags: Open Graph, article:*, Dublin Core, citation_*, itemprop.

Names are data, highest priority first within each field.
"""

from __future__ import annotations

from lxml import etree

from archiver.generic.fields import Findings, Found
from archiver.normalize.dates import parse_date
from archiver.normalize.html import collapse_whitespace
from archiver.normalize.text import fold

# field → meta names/properties (lower case), first found wins.
META_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("og:title", "twitter:title", "dc.title", "citation_title"),
    "published": (
        "article:published_time",
        "datepublished",
        "og:published_time",
        "pubdate",
        "publishdate",
        "dc.date.issued",
        "dcterms.issued",
        "dc.date",
        "dcterms.created",
        "dcterms.date",
        "citation_publication_date",
        "citation_date",
        "date",
    ),
    "byline": ("author", "article:author", "dc.creator", "dcterms.creator", "citation_author"),
    "summary": ("og:description", "description", "dc.description", "twitter:description"),
    "category": ("article:section",),
}
# A meta "author" naming the portal itself (folded words) is not a byline.
SITE_NAME_WORDS = ("cong thong tin", "trang thong tin", "website", "portal", "bao dien tu", "copyright")


def meta_values(root: etree._Element) -> dict[str, str]:
    """Every <meta> by lower-cased name/property/itemprop → its collapsed content (first one wins)."""
    values: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = collapse_whitespace(meta.get("content") or "")
        if key and content:
            values.setdefault(key.strip().lower(), content)
    return values


def meta_fields(root: etree._Element) -> Findings:
    """The article fields the page's meta tags state."""
    values = meta_values(root)
    found: Findings = {}
    for field_name, names in META_NAMES.items():
        for name in names:
            raw = values.get(name)
            if raw is None or not _acceptable(field_name, raw, values):
                continue
            value: object = raw
            if field_name == "published":
                parsed = parse_date(raw)
                if parsed is None:
                    continue
                value = parsed.iso
            found[field_name] = Found(value, raw, "meta")
            break
    return found


def _acceptable(field_name: str, raw: str, values: dict[str, str]) -> bool:
    if field_name != "byline":
        return True
    folded = fold(raw)
    site_name = fold(values.get("og:site_name", ""))
    if raw.startswith(("http://", "https://")) or (site_name and folded == site_name):
        return False
    return len(raw) <= 80 and not any(word in folded for word in SITE_NAME_WORDS)


def is_article_type(root: etree._Element) -> bool:
    """og:type says `article` (portals rarely lie about it, though many omit it)."""
    return meta_values(root).get("og:type", "").lower() == "article"
