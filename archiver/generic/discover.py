"""Where a generic crawl goes next: is a page an article or a listing, which of its links are
articles (with the title, date and summary printed beside them), which are pagination, which
are sections, and which sitemaps and feeds a site announces. Same host only; pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree

from archiver.generic.dom import in_chrome, own_chrome
from archiver.generic.jsonld import article_object
from archiver.generic.metatags import is_article_type
from archiver.normalize.dates import parse_date
from archiver.normalize.html import collapse_whitespace
from archiver.normalize.urls import canonicalize_url

# Mobile renditions folded onto the desktop URL (a generic crawl has no profile to say so).
MOBILE_PREFIXES = ("/m", "/mobile")
# Paths of article pages on Vietnamese portal CMSs: `…-1785.html`, `/tin-tuc/slug`, `?id=123`.
ARTICLE_URL = re.compile(
    r"[-_/][a-z]{0,4}\d{2,}\.(html?|aspx|php)$|/(tin-tuc|tin|bai-viet|news|chi-tiet|chitiet|detail|post)/[^/?]+/[^/?]+$"
    r"|[?&](id|newsid|articleid|itemid|p)=\d+",
    re.IGNORECASE,
)
# Links that are never pages to crawl.
SKIPPED_URL = re.compile(
    r"\.(jpe?g|png|gif|webp|svg|pdf|docx?|xlsx?|pptx?|zip|rar|mp[34]|avi|mov|wmv|flv)$|^(mailto|tel|javascript):"
    r"|/(admin|login|dang-nhap|tim-kiem|search|rss)(/|$)|/video/",
    re.IGNORECASE,
)
# Text of "next page" links.
NEXT_TEXTS = frozenset({"trang sau", "sau", "tiếp", "trang tiếp", "tiếp theo", "»", "›", ">", ">>", "next", "next »"})
# Query keys and path forms of pagination.
PAGE_QUERY = re.compile(r"[?&](page|trang|p|pageindex|pagenumber|start|offset|paged)=\d+", re.IGNORECASE)
PAGE_PATH = re.compile(r"/(page|trang|p)[-/]?\d+(\.html?)?/?$|-p\d+\.html?$|/\d+/?$", re.IGNORECASE)
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/feed+json", "application/xml"})
# A listing page shows at least this many article links outside its chrome.
MIN_LISTING_LINKS = 4
# Body text (outside chrome, in <p>) at which a page with an <h1> reads as an article.
MIN_ARTICLE_TEXT = 400


@dataclass(frozen=True)
class ArticleLink:
    """An article link on a listing, with what the listing prints beside it."""

    url: str
    title: str | None
    date_raw: str | None
    summary: str | None


def canonical(url: str) -> str:
    return canonicalize_url(url, mobile_prefixes=MOBILE_PREFIXES)


def same_host(url: str, base_url: str) -> bool:
    return (urlsplit(url).hostname or "").lower() == (urlsplit(base_url).hostname or "").lower()


def _links(root: etree._Element, base_url: str) -> list[tuple[etree._Element, str]]:
    found = []
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith("#") or SKIPPED_URL.search(href.split("?")[0]) or SKIPPED_URL.search(href):
            continue
        url = canonical(urljoin(base_url, href))
        if url.startswith(("http://", "https://")) and same_host(url, base_url):
            found.append((anchor, url))
    return found


def is_article_url(url: str) -> bool:
    """Looks like an article's URL (and not like page N of a listing: `/trang-10.htm`)."""
    parts = urlsplit(url)
    return bool(ARTICLE_URL.search(parts.path + (f"?{parts.query}" if parts.query else ""))) and not is_page_url(url)


def is_page_url(url: str) -> bool:
    parts = urlsplit(url)
    return bool(PAGE_QUERY.search(f"?{parts.query}") or PAGE_PATH.search(parts.path))


def article_links(root: etree._Element, base_url: str) -> list[ArticleLink]:
    """Article links outside chrome, each with the title, date and summary of its entry."""
    seen: dict[str, ArticleLink] = {}
    for anchor, url in _links(root, base_url):
        if not is_article_url(url) or is_page_url(url) or url == canonical(base_url) or in_chrome(anchor):
            continue
        title = collapse_whitespace(anchor.text_content()) or None
        known = seen.get(url)
        if known is not None and (known.title or not title):
            continue
        entry = _entry(anchor, url, base_url)
        seen[url] = ArticleLink(url, title, _entry_date(entry, anchor), _entry_summary(entry, anchor, title))
    return list(seen.values())


def _entry(anchor: etree._Element, url: str, base_url: str) -> etree._Element:
    """The largest ancestor of the link that links to no other article: the listing entry."""
    entry = anchor
    for ancestor in anchor.iterancestors():
        if ancestor.tag in ("body", "html") or own_chrome(ancestor):
            break
        others = {u for a, u in _links(ancestor, base_url) if u != url and is_article_url(u)}
        if others:
            break
        entry = ancestor
    return entry


def _entry_date(entry: etree._Element, anchor: etree._Element) -> str | None:
    for element in entry.iter("*"):
        if element is anchor or any(a is anchor for a in element.iterancestors()) or len(element):
            continue
        text = collapse_whitespace(element.text_content())
        if text and len(text) <= 40 and parse_date(text) is not None:
            return text
    return None


def _entry_summary(entry: etree._Element, anchor: etree._Element, title: str | None) -> str | None:
    best = None
    for element in entry.iter("div", "p", "span"):
        if element is anchor or any(a is anchor for a in element.iterancestors()) or _holds(element, anchor):
            continue
        text = collapse_whitespace(element.text_content())
        if len(text) >= 40 and text != title and (best is None or len(text) > len(best)):
            best = text
    return best


def _holds(element: etree._Element, anchor: etree._Element) -> bool:
    return any(descendant is anchor for descendant in element.iter("a"))


def pagination_links(root: etree._Element, base_url: str) -> list[str]:
    """Next-page links: rel=next, "Trang sau"/"»", and numbered pages of this listing."""
    found: list[str] = []
    for link in root.iter("link"):
        if (link.get("rel") or "").lower() == "next" and link.get("href"):
            found.append(canonical(urljoin(base_url, link.get("href") or "")))
    here = urlsplit(canonical(base_url))
    for anchor, url in _links(root, base_url):
        text = collapse_whitespace(anchor.text_content()).lower()
        rel = (anchor.get("rel") or "").lower()
        classes = (anchor.get("class") or "").lower()
        numbered = is_page_url(url) and urlsplit(url).path.rstrip("/").startswith(here.path.rstrip("/"))
        if rel == "next" or text in NEXT_TEXTS or "next" in classes.split() or numbered:
            found.append(url)
    return list(dict.fromkeys(u for u in found if u != canonical(base_url)))


def section_links(root: etree._Element, base_url: str) -> list[str]:
    """Links to listing pages (menus, category boxes): same host, neither articles nor pages."""
    found = [
        url
        for _, url in _links(root, base_url)
        if not is_article_url(url) and not is_page_url(url) and urlsplit(url).path not in ("", "/")
    ]
    return list(dict.fromkeys(found))


def feed_links(root: etree._Element, base_url: str) -> list[str]:
    """RSS/Atom feeds the page announces with <link rel="alternate">."""
    feeds = []
    for link in root.iter("link"):
        if "alternate" in (link.get("rel") or "").lower() and (link.get("type") or "").lower() in FEED_TYPES:
            url = urljoin(base_url, link.get("href") or "")
            if link.get("href") and same_host(url, base_url):
                feeds.append(url)
    return list(dict.fromkeys(feeds))


def robots_sitemaps(robots_txt: str, base_url: str) -> list[str]:
    """`Sitemap:` lines of a robots.txt, same host only."""
    urls = []
    for line in robots_txt.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            url = urljoin(base_url, value.strip())
            if same_host(url, base_url):
                urls.append(url)
    return urls


@dataclass(frozen=True)
class FeedEntry:
    """A URL from a sitemap or feed, with its date when one is given; `is_index` for sitemap indexes."""

    url: str
    date_raw: str | None = None
    title: str | None = None
    is_index: bool = False


def read_feed(xml: bytes, base_url: str) -> list[FeedEntry]:
    """Entries of a sitemap, sitemap index, RSS or Atom document (namespaces ignored)."""
    try:
        root = etree.fromstring(xml, parser=etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    kind = etree.QName(root).localname.lower()
    entries: list[FeedEntry] = []
    for node in root.iter("{*}url", "{*}sitemap", "{*}item", "{*}entry"):
        name = etree.QName(node).localname.lower()
        url = _child_text(node, "loc") or _child_text(node, "link") or _atom_href(node)
        if not url:
            continue
        url = urljoin(base_url, url)
        if not same_host(url, base_url):
            continue
        date_raw = (
            _child_text(node, "lastmod")
            if name in ("url", "sitemap")
            else (_child_text(node, "pubDate") or _child_text(node, "published") or _child_text(node, "date"))
        )
        # A sitemap's lastmod is when the page last changed, not when it was published.
        date_raw = None if name == "url" else date_raw
        entries.append(
            FeedEntry(canonical(url), date_raw, _child_text(node, "title"), name == "sitemap" or kind == "sitemapindex")
        )
    return entries


def _child_text(node: etree._Element, name: str) -> str | None:
    for child in node:
        if isinstance(child.tag, str) and etree.QName(child).localname == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def _atom_href(node: etree._Element) -> str | None:
    for child in node:
        if isinstance(child.tag, str) and etree.QName(child).localname == "link" and child.get("href"):
            if (child.get("rel") or "alternate") == "alternate":
                return child.get("href")
    return None


def page_kind(root: etree._Element, url: str, *, linked_as_article: bool = True) -> str:
    """`article` or `listing` (anything else is read as a listing: its links are followed).

    A page reached through a menu rather than an article link (`linked_as_article=False`) is an
    article only on strong evidence — JSON-LD, og:type or an article-like URL — so a portal's
    "Giới thiệu" or contact page is not archived as news.
    """
    if article_object(root) is not None or is_article_type(root):
        return "article"
    text = sum(len(collapse_whitespace(p.text_content())) for p in root.iter("p") if not in_chrome(p))
    has_title = any(not in_chrome(h) for h in root.iter("h1"))
    few_links = len(article_links(root, url)) < MIN_LISTING_LINKS
    if has_title and text >= MIN_ARTICLE_TEXT and few_links and (linked_as_article or is_article_url(url)):
        return "article"
    if is_article_url(url) and has_title and text >= MIN_ARTICLE_TEXT / 4:
        return "article"
    return "listing"
