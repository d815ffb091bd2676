"""Raw strings out of a page, driven by a site profile's selectors.

No Scrapy here: functions take a parsel Selector, so the spiders and a future
re-extraction from WARC captures share them. Values are returned as printed on the
page (whitespace collapsed), never parsed: parsing is the normalisers' job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from parsel import Selector, SelectorList

from archiver.normalize.html import collapse_whitespace
from archiver.profiles import ArticleRules, ListingRules, VideoRules


@dataclass(frozen=True)
class ListingEntry:
    url: str
    title: str | None
    date_raw: str | None
    summary: str | None


def first_text(sel: Selector | SelectorList, query: str | None) -> str | None:
    """Collapsed text of the first match of a CSS query (an `::attr`/`::text` query gives that value)."""
    if not query:
        return None
    matches = sel.css(query)
    if not matches:
        return None
    if "::text" in query or "::attr(" in query:
        value = matches.get()
    else:
        value = "".join(matches[0].xpath(".//text()").getall())
    value = collapse_whitespace(value or "")
    return value or None


def first_html(sel: Selector, query: str) -> str | None:
    matches = sel.css(query)
    return matches.get() if matches else None


def split_labelled(line: str, labels: dict[str, str]) -> dict[str, str]:
    """Split a one-line meta block on its labels; each value runs to the next label.

    >>> split_labelled("Người đăng: Quản trị Ngày đăng: 21:50 | 17/09 Lượt xem: 639",
    ...                {"poster": "Người đăng:", "published": "Ngày đăng:", "views": "Lượt xem:"})
    {'poster': 'Quản trị', 'published': '21:50 | 17/09', 'views': '639'}
    """
    found = []
    for field_name, label in labels.items():
        match = re.search(re.escape(label), line, flags=re.IGNORECASE)
        if match:
            found.append((match.start(), match.end(), field_name))
    found.sort()
    values: dict[str, str] = {}
    for index, (_, end, field_name) in enumerate(found):
        stop = found[index + 1][0] if index + 1 < len(found) else len(line)
        value = collapse_whitespace(line[end:stop])
        if value:
            values[field_name] = value
    return values


def listing_entries(page: Selector, base_url: str, rules: ListingRules) -> list[ListingEntry]:
    entries = []
    for entry in page.css(rules.entry):
        href = first_text(entry, rules.entry_link)
        if not href:
            continue
        entries.append(
            ListingEntry(
                url=urljoin(base_url, href),
                title=first_text(entry, rules.entry_title),
                date_raw=first_text(entry, rules.entry_date),
                summary=first_text(entry, rules.entry_summary),
            )
        )
    return entries


def next_page_url(page: Selector, base_url: str, rules: ListingRules) -> str | None:
    href = first_text(page, rules.next_page)
    return urljoin(base_url, href) if href else None


def listing_links(page: Selector, base_url: str, rules: ListingRules) -> list[str]:
    if not rules.listing_links:
        return []
    return [urljoin(base_url, href.strip()) for href in page.css(rules.listing_links).getall() if href.strip()]


def article_fields(page: Selector, base_url: str, rules: ArticleRules) -> dict[str, Any]:
    """Every raw field of an article page that the profile can point at."""
    meta = first_text(page, rules.meta)
    labelled = split_labelled(meta, rules.meta_labels) if meta else {}
    return {
        "category_raw": first_text(page, rules.category),
        "title_raw": first_text(page, rules.title),
        "meta_raw": meta,
        "published_raw": labelled.get("published"),
        "poster_raw": labelled.get("poster"),
        "views_raw": labelled.get("views"),
        "byline_raw": first_text(page, rules.byline),
        "body_html": first_html(page, rules.body),
        "images": _images(page, base_url, rules),
        "related": _related(page, base_url, rules),
    }


def _images(page: Selector, base_url: str, rules: ArticleRules) -> list[dict[str, str]]:
    if not rules.image:
        return []
    images = []
    for block in page.css(rules.body).css(rules.image):
        src = first_text(block, rules.image_src)
        if src:
            images.append({"src": urljoin(base_url, src), "caption": first_text(block, rules.image_caption) or ""})
    return images


def _related(page: Selector, base_url: str, rules: ArticleRules) -> list[dict[str, str | None]]:
    links = []
    for kind, xpath in (("new", rules.related_new_xpath), ("other", rules.related_other_xpath)):
        if not xpath:
            continue
        for item in page.xpath(xpath):
            href = first_text(item, rules.related_link)
            if href:
                links.append(
                    {
                        "url": urljoin(base_url, href),
                        "title": first_text(item, rules.related_title) or "",
                        "kind": kind,
                        "date_raw": first_text(item, rules.related_date),
                    }
                )
    return links


def video_fields(page: Selector, base_url: str, rules: VideoRules) -> dict[str, Any]:
    media = first_text(page, rules.media)
    return {
        "title_raw": first_text(page, rules.title),
        "category_raw": first_text(page, rules.category),
        "media_url": urljoin(base_url, media) if media else None,
    }
