"""The page as generic extraction sees it: a parsed tree, its "chrome" and its visible text lines.

Chrome is what surrounds an article on every page of a portal — header (with its clock), menu,
sidebar (video titles such as `CM 01.12.23`), related-news lists, comments, footer (licence and
copyright dates). A date found only there is never an article's publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import lxml.html
from lxml import etree

from archiver.normalize.html import BLOCK_TAGS, SKIPPED_TAGS, collapse_whitespace

# Elements that are chrome by their tag alone (not <form>: ASP.NET portals wrap whole pages in one).
CHROME_TAGS = frozenset({"header", "footer", "nav", "aside", "menu"})
# Tags whose <header>/<footer> belong to the article itself (HTML5: title, date, byline).
ARTICLE_TAGS = frozenset({"article", "main"})
# Words of a class or id (split on - _ and spaces) that mark chrome.
CHROME_TOKENS = frozenset(
    {
        "header",
        "topbar",
        "banner",
        "clock",
        "today",
        "weather",
        "footer",
        "copyright",
        "license",
        "licence",
        "nav",
        "navbar",
        "menu",
        "breadcrumb",
        "breadcrumbs",
        "sidebar",
        "aside",
        "widget",
        "related",
        "other",
        "others",
        "tinkhac",
        "tinlienquan",
        "lienquan",
        "samecategory",
        "comment",
        "comments",
        "binhluan",
        "video",
        "videos",
        "advert",
        "ads",
        "share",
        "social",
        "tags",
        "search",
    }
)
# Whole class names or ids that mark chrome; as words they are too common (`margin-top`, `padding-bottom`);
# not `left`/`right`, which float pictures inside article bodies.
CHROME_NAMES = frozenset({"top", "bottom", "head", "foot", "side", "more", "tag", "time-now", "current-time"})
# Class/id words that cancel a chrome token: `detail-date`, `header-content` sit inside the article.
ARTICLE_TOKENS = frozenset({"detail", "article", "post", "content", "entry", "story", "single", "bodytext", "fck"})
# Chrome words that name a column: a CMS may give them to its main column (`sidebar-1`), so an
# element named only by these and holding the page's <h1> is not chrome.
COLUMN_WORDS = frozenset({"sidebar", "aside", "widget", "side"})
_SPLIT = re.compile(r"[\s_\-]+")


def parse_html(html: str | bytes) -> etree._Element:
    """The page's root element; an empty or unparsable page gives an empty <html>."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        root = lxml.html.document_fromstring("<html><body></body></html>")
    return root


@lru_cache(maxsize=4096)
def _is_chrome_attrs(tag: str, attrs: str) -> bool:
    if tag in CHROME_TAGS:
        return True
    lowered = attrs.lower()
    words = set(_SPLIT.split(lowered)) - {""}
    names = set(lowered.split())
    return bool(words & CHROME_TOKENS or names & CHROME_NAMES) and not words & ARTICLE_TOKENS


@lru_cache(maxsize=4096)
def _names_a_column(attrs: str) -> bool:
    lowered = attrs.lower()
    marks = (set(_SPLIT.split(lowered)) & CHROME_TOKENS) | (set(lowered.split()) & CHROME_NAMES)
    return bool(marks) and marks <= COLUMN_WORDS


def own_chrome(element: etree._Element) -> bool:
    """Is this element itself chrome (by tag, class or id), regardless of its ancestors?"""
    if not isinstance(element.tag, str):
        return False
    attrs = f"{element.get('class') or ''} {element.get('id') or ''} {element.get('role') or ''}"
    if element.get("role") in ("banner", "navigation", "contentinfo", "complementary"):
        return True
    tag = element.tag.lower()
    if not _is_chrome_attrs(tag, attrs):
        return False
    if tag in ("header", "footer"):
        return not any(isinstance(a.tag, str) and a.tag.lower() in ARTICLE_TAGS for a in element.iterancestors())
    return tag in CHROME_TAGS or not (_names_a_column(attrs) and element.find(".//h1") is not None)


def in_chrome(element: etree._Element) -> bool:
    """Is the element, or any ancestor, chrome?"""
    node: etree._Element | None = element
    while node is not None:
        if own_chrome(node):
            return True
        node = node.getparent()
    return False


@dataclass(frozen=True)
class Line:
    """A run of visible text between block boundaries, and whether it lies in chrome."""

    text: str
    chrome: bool
    element: etree._Element  # the block element the line belongs to


def text_lines(root: etree._Element) -> list[Line]:
    """Visible text of the page, one Line per block, in document order (scripts, styles skipped)."""
    body = root.find("body")
    walker = _LineWalker()
    start = body if body is not None else root
    parent = start.getparent()
    walker.walk(start, in_chrome(start), start, parent is not None and in_chrome(parent))
    walker.flush(start)
    return walker.lines


class _LineWalker:
    """Text pieces between block boundaries; a line is chrome only when all its pieces are."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.pieces: list[tuple[str, bool]] = []

    def walk(self, element: etree._Element, chrome: bool, block: etree._Element, parent_chrome: bool) -> None:
        """`chrome`: the element or an ancestor is chrome (so far); `parent_chrome`: its parent is (for the tail)."""
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag and tag not in SKIPPED_TAGS:
            chrome = chrome or own_chrome(element)
            is_block = tag in BLOCK_TAGS or tag == "br"
            if is_block:
                self.flush(block)
            if element.text:
                self.pieces.append((element.text, chrome))
            for child in element:
                self.walk(child, chrome, element if is_block else block, chrome)
            if is_block:
                self.flush(element)
        if element.tail:
            self.pieces.append((element.tail, parent_chrome))

    def flush(self, block: etree._Element) -> None:
        text = collapse_whitespace("".join(piece for piece, _ in self.pieces))
        chrome = all(flag for piece, flag in self.pieces if piece.strip())
        self.pieces.clear()
        if text:
            self.lines.append(Line(text, chrome, block))


def drop_keeping_tail(element: etree._Element) -> None:
    """Remove an element; the text after it (its tail) stays where it was."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
