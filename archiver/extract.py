"""Raw strings out of a page, driven by a site profile's selectors.

No Scrapy here: functions take a parsel Selector, so the spiders and a future
re-extraction from WARC captures share them. Values are returned as printed on the
page (whitespace collapsed), never parsed: parsing is the normalisers' job.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeAlias
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree
from parsel import Selector
from parsel.csstranslator import css2xpath

from archiver.generic.dom import drop_keeping_tail
from archiver.generic.fields import ITEM_FIELDS
from archiver.items import ArticleItem, VideoItem
from archiver.normalize.html import collapse_whitespace
from archiver.normalize.urls import canonicalize_url
from archiver.profiles import ArticleRules, ListingRules, SiteProfile, VideoRules


@dataclass(frozen=True)
class ListingEntry:
    url: str
    title: str | None
    date_raw: str | None
    summary: str | None


# Elements are plain lxml nodes: profiles' queries are compiled once and run on lxml directly,
# without a parsel Selector per match (a page needs tens of queries, `reprocess` thousands of pages).
Node: TypeAlias = Selector | etree._Element


@lru_cache(maxsize=1024)
def _compiled(query: str, xpath: bool = False) -> etree.XPath:
    return etree.XPath(query if xpath else css2xpath(query))


@lru_cache(maxsize=1024)
def _first_string(query: str) -> etree.XPath:
    """`string((Q)[1])` for the XPath Q of a CSS query: the string-value of the first match (an
    element's text with its descendants', or the `::text`/`::attr()` value), "" if none.

    One XPath call per lookup, with no list of matches or element objects built for them; and
    libxml2 may stop at the first match.
    """
    return etree.XPath(f"string(({css2xpath(query)})[1])", smart_strings=False)


def _root(node: Node) -> etree._Element:
    return node.root if isinstance(node, Selector) else node


def select(node: Node, query: str, *, xpath: bool = False) -> list[Any]:
    """Matches of a CSS (or XPath) query: lxml elements, or strings for `::text`, `::attr()`, `@attr`."""
    return list(_compiled(query, xpath)(_root(node)))


def first_text(sel: Node, query: str | None) -> str | None:
    """Collapsed text of the first match of a CSS query (an `::attr`/`::text` query gives that value)."""
    if not query:
        return None
    return collapse_whitespace(_first_string(query)(_root(sel))) or None


def first_texts(node: Node, *queries: str | None) -> list[str | None]:
    """`[first_text(node, q) for q in queries]` in one XPath call instead of one per query.

    The fields of one listing entry or related link are read this way: a page has dozens of
    them, and each XPath call costs more than the small lookup it does.
    """
    present = tuple(filter(None, queries))
    if len(present) < 2:
        return [first_text(node, query) for query in queries]
    values = _first_strings(present)(_root(node)).split(_SEPARATOR)
    if len(values) != len(present):  # the separator occurs in a value: ask one query at a time
        return [first_text(node, query) for query in queries]
    found = iter(values)
    return [(collapse_whitespace(next(found)) or None) if query else None for query in queries]


# Joins the values in a `first_texts` result; a private-use character, so practically never in text.
_SEPARATOR = "\ue000"


@lru_cache(maxsize=256)
def _first_strings(queries: tuple[str, ...]) -> etree.XPath:
    """`concat(string((Q1)[1]), SEP, string((Q2)[1]), ...)`: `_first_string` of each, joined."""
    joined = f", '{_SEPARATOR}', ".join(f"string(({css2xpath(query)})[1])" for query in queries)
    return etree.XPath(f"concat({joined})", smart_strings=False)


def first_html(sel: Node, query: str) -> str | None:
    return _first_html(select(sel, query))


def _first_html(matches: list[Any]) -> str | None:
    return etree.tostring(matches[0], encoding="unicode", method="html", with_tail=False) if matches else None


@lru_cache(maxsize=256)
def _origin(base_url: str) -> str:
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}"


def absolute(base_url: str, href: str) -> str:
    """`urljoin`, with a fast path for the root-relative links (`/tin-tuc/…`) portals are made of."""
    if href.startswith("/") and not href.startswith("//") and "/." not in href:
        return _origin(base_url) + href
    return urljoin(base_url, href)


def is_web_url(url: str) -> bool:
    """True for http(s) URLs: a listing's mailto:, javascript: or tel: links are not pages."""
    return url.startswith(("http://", "https://"))


def split_labelled(line: str, labels: dict[str, str]) -> dict[str, str]:
    """Split a one-line meta block on its labels; each value runs to the next label.

    >>> split_labelled("Người đăng: Quản trị Ngày đăng: 21:50 | 17/09 Lượt xem: 639",
    ...                {"poster": "Người đăng:", "published": "Ngày đăng:", "views": "Lượt xem:"})
    {'poster': 'Quản trị', 'published': '21:50 | 17/09', 'views': '639'}
    """
    found = []
    for field_name, label in labels.items():
        match = _label_pattern(label).search(line)
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


@lru_cache(maxsize=256)
def _label_pattern(label: str) -> re.Pattern[str]:
    return re.compile(re.escape(label), flags=re.IGNORECASE)


def listing_entries(page: Selector, base_url: str, rules: ListingRules) -> list[ListingEntry]:
    entries = []
    for entry in select(page, rules.entry):
        href, title, date_raw, summary = first_texts(
            entry, rules.entry_link, rules.entry_title, rules.entry_date, rules.entry_summary
        )
        url = absolute(base_url, href.strip()) if href else ""
        if not is_web_url(url):
            continue
        entries.append(ListingEntry(url=url, title=title, date_raw=date_raw, summary=summary))
    return entries


def next_page_url(page: Selector, base_url: str, rules: ListingRules) -> str | None:
    href = first_text(page, rules.next_page)
    url = absolute(base_url, href.strip()) if href else ""
    return url if is_web_url(url) else None


def listing_links(page: Selector, base_url: str, rules: ListingRules) -> list[str]:
    if not rules.listing_links:
        return []
    links = (absolute(base_url, href.strip()) for href in select(page, rules.listing_links))
    return [url for url in links if is_web_url(url)]


def article_fields(page: Selector, base_url: str, rules: ArticleRules) -> dict[str, Any]:
    """Every raw field of an article page that the profile can point at."""
    category, title, meta, byline, published, views = first_texts(
        page, rules.category, rules.title, rules.meta, rules.byline, rules.published, rules.views
    )
    labelled = split_labelled(meta, rules.meta_labels) if meta else {}
    bodies = _bodies(page, rules)  # once: the body HTML and the images both come from it
    return {
        "category_raw": category,
        "title_raw": title,
        "meta_raw": meta,
        "published_raw": _picked(published, meta, rules.published, rules.published_regex) or labelled.get("published"),
        "poster_raw": labelled.get("poster"),
        "views_raw": _picked(views, meta, rules.views, rules.views_regex) or labelled.get("views"),
        "byline_raw": byline,
        "body_html": _first_html(bodies),
        "images": _images(bodies, base_url, rules),
        "related": _related(page, base_url, rules),
    }


def _picked(found: str | None, meta: str | None, query: str | None, pattern: str | None) -> str | None:
    """A per-field value: the text `query` found, or without a query the meta line, cut by `pattern`.

    >>> _picked("1.208 lượt xem", None, "span.views", "(.+) lượt xem")
    '1.208'
    """
    text = found if query else (meta if pattern else None)
    if not text or not pattern:
        return text
    match = _regex(pattern).search(text)
    if match is None:
        return None
    return collapse_whitespace(match.group(1) if match.re.groups else match.group(0)) or None


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _bodies(page: Selector, rules: ArticleRules) -> list[Any]:
    """Matches of the body query, each without its `body_exclude` elements (copies: the page is untouched)."""
    if not rules.body:
        return []
    bodies = select(page, rules.body)
    if not rules.body_exclude or not bodies:
        return bodies
    pruned = []
    for body in bodies:
        body = copy.deepcopy(body)
        for element in select(body, rules.body_exclude):
            if isinstance(element, etree._Element) and element is not body:
                drop_keeping_tail(element)
        pruned.append(body)
    return pruned


def _images(bodies: list[Any], base_url: str, rules: ArticleRules) -> list[dict[str, str]]:
    """Images (with captions) inside the matches of the profile's body query."""
    if not rules.image:
        return []
    images = []
    for block in (image for body in bodies for image in select(body, rules.image)):
        src, caption = first_texts(block, rules.image_src, rules.image_caption)
        if src:
            images.append({"src": absolute(base_url, src), "caption": caption or ""})
    return images


def _related(page: Selector, base_url: str, rules: ArticleRules) -> list[dict[str, str | None]]:
    links = []
    for kind, xpath in (("new", rules.related_new_xpath), ("other", rules.related_other_xpath)):
        if not xpath:
            continue
        for item in select(page, xpath, xpath=True):
            href, title, date_raw = first_texts(item, rules.related_link, rules.related_title, rules.related_date)
            if href:
                url = absolute(base_url, href)
                links.append({"url": url, "title": title or "", "kind": kind, "date_raw": date_raw})
    return links


def video_fields(page: Selector, base_url: str, rules: VideoRules) -> dict[str, Any]:
    media = first_text(page, rules.media)
    return {
        "title_raw": first_text(page, rules.title),
        "category_raw": first_text(page, rules.category),
        "media_url": absolute(base_url, media) if media else None,
    }


def article_item(
    page: Selector,
    url: str,
    profile: SiteProfile,
    *,
    hint: ListingEntry | None,
    fetched_at: str,
    capture_id: str | None,
) -> ArticleItem:
    """The raw article item for a fetched page (the spider and `reprocess` both build it here)."""
    fields = article_fields(page, url, profile.article)
    # Every field the profile's selectors filled was found by the profile; the rest, generic extraction.
    extraction = {_EXTRACTION_NAMES[k]: "profile" for k, v in fields.items() if v and k in _EXTRACTION_NAMES}
    wanted = [name for name, key in FALLBACK_FIELDS.items() if not fields.get(key)]
    if wanted:  # the fast path (every field found by the profile) does no generic work at all
        extraction |= _generic_fallback(page, url, wanted, fields)
    if hint and hint.summary:
        extraction["summary"] = "listing"
    return ArticleItem(
        url=canonicalize_url(url, mobile_prefixes=profile.mobile_prefixes),
        site=profile.name,
        fetched_at=fetched_at,
        response_url=url,
        summary_raw=hint.summary if hint else None,
        listing_date_raw=hint.date_raw if hint else None,
        listing_date_source="listing" if hint and hint.date_raw else None,
        capture_id=capture_id,
        extraction=extraction,
        **fields,
    )


# ArticleItem raw fields → the field names of the `extraction` column (as generic mode names them).
_EXTRACTION_NAMES = {key: name for name, key in ITEM_FIELDS.items()}
# Fields generic extraction fills when the profile has no selector for them or it matched nothing
# (the summary comes from the listing entry on the profile path).
FALLBACK_FIELDS = {name: key for name, key in ITEM_FIELDS.items() if name != "summary"}


def declared_fields(rules: ArticleRules) -> frozenset[str]:
    """The `extraction` names of the fields this profile has a selector or meta label for.

    When one of them is found by generic extraction instead, the profile's selector matched
    nothing: the run report counts it as missed (the signature of a site redesign).
    """
    labels = rules.meta_labels if rules.meta else {}
    has = {
        "title": rules.title,
        "published": rules.published or (rules.meta and rules.published_regex) or "published" in labels,
        "poster": "poster" in labels,
        "byline": rules.byline,
        "views": rules.views or (rules.meta and rules.views_regex) or "views" in labels,
        "category": rules.category,
        "body_html": rules.body,
    }
    return frozenset(name for name, declared in has.items() if declared)


def _generic_fallback(page: Selector, url: str, wanted: list[str], fields: dict[str, Any]) -> dict[str, str]:
    """Fill `wanted` fields of `fields` by generic extraction; returns how each filled one was found.

    trafilatura runs only when the body is wanted (no body query, or it matched nothing).
    """
    # Imported here: generic extraction loads trafilatura (~0.4 s), which pages a profile covers never need.
    from archiver.generic.combine import extract_wanted
    from archiver.generic.dom import parse_html
    from archiver.generic.heuristics import image_sources

    # Generic finders read the page's tree as it is (they never change it); parsel's is already an
    # lxml.html tree, any other is parsed again (they call text_content()).
    root = _root(page)
    if not isinstance(root, lxml.html.HtmlElement):
        root = parse_html(etree.tostring(root, encoding="unicode", method="html"))
    found = extract_wanted(root, url, wanted)
    for name, finding in found.items():
        fields[ITEM_FIELDS[name]] = finding.raw
    body = found.get("body_html")
    if body is not None and body.method == "heuristic" and not fields.get("images"):
        fields["images"] = [{"src": absolute(url, src), "caption": ""} for src in image_sources(body.raw)]
    return {name: finding.method for name, finding in found.items()}


def video_item(
    page: Selector,
    url: str,
    profile: SiteProfile,
    *,
    hint: ListingEntry | None,
    fetched_at: str,
    capture_id: str | None,
) -> VideoItem:
    """The raw video item for a fetched video page."""
    return VideoItem(
        url=canonicalize_url(url, mobile_prefixes=profile.mobile_prefixes),
        site=profile.name,
        fetched_at=fetched_at,
        response_url=url,
        listing_title_raw=hint.title if hint else None,
        capture_id=capture_id,
        **video_fields(page, url, profile.video),
    )
