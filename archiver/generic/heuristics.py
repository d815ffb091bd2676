"""Fields found by the page's shape when nothing states them: the title from <h1> or <title>,
a date printed next to the title, the category from a breadcrumb, the body by trafilatura."""

from __future__ import annotations

import copy
import logging
import re

import trafilatura
from lxml import etree

from archiver.generic.distractors import refusal
from archiver.generic.dom import Line, drop_keeping_tail, in_chrome, own_chrome
from archiver.generic.fields import Found
from archiver.generic.labels import labelled_values
from archiver.normalize.counts import parse_count
from archiver.normalize.dates import parse_date
from archiver.normalize.html import collapse_whitespace

LOGGER = logging.getLogger(__name__)

# Separators between an article title and the site name in <title>.
TITLE_SEPARATORS = re.compile(r"\s+[-|–—:»]\s+")
# Lines after (and before) the title searched for its date; a longer line is body text.
LINES_AFTER_TITLE = 4
LINES_BEFORE_TITLE = 2
MAX_DATE_LINE = 120
# Class/id words of a breadcrumb or category box (its last link names the category).
# A labelled line longer than this is a paragraph that happens to contain a colon, kept in the body.
MAX_LABEL_LINE = 200
# Class/id fragments of a view counter (an eye icon, a `views` box).
VIEW_HINTS = ("fa-eye", "icon-eye", "view", "luot-xem", "luotxem", "hits")
COUNT_ONLY = re.compile(r"^\(?\s*[\d.,\s]+\s*(lượt xem|lượt|views?)?\s*\)?$", re.IGNORECASE)
# A person's name (or two, joined by a dash or comma): capitalised words, nothing else.
NAME_LINE = re.compile(r"^(?:[A-ZÀ-ỸĐ][\wÀ-ỹ.]*\s?){1,5}(?:\s*[-–,&]\s*(?:[A-ZÀ-ỸĐ][\wÀ-ỹ.]*\s?){1,5})*$")
# Class/id fragments of an article's lead paragraph.
SUMMARY_WORDS = ("sapo", "summary", "description", "hometext", "lead", "chapeau", "tom-tat", "tomtat", "abstract")
MIN_SUMMARY = 30
# Class/id fragments of an element holding the author's name.
AUTHOR_WORDS = ("author", "tac-gia", "tacgia", "byline", "writer", "nguoi-viet")
# Any of them as a substring, in one search instead of one `in` test per word.
_AUTHOR_MARK = re.compile("|".join(map(re.escape, AUTHOR_WORDS)))
CATEGORY_WORDS = ("breadcrumb", "category", "cate", "chuyen-muc", "chuyenmuc", "danh-muc")


def title_element(root: etree._Element) -> etree._Element | None:
    """The first <h1> outside chrome with text, else the first <h1> with text."""
    headings = [h for h in root.iter("h1") if collapse_whitespace(h.text_content())]
    return next((h for h in headings if not in_chrome(h)), headings[0] if headings else None)


def heuristic_title(root: etree._Element, site_name: str | None = None) -> Found | None:
    heading = title_element(root)
    if heading is not None:
        text = collapse_whitespace(heading.text_content())
        return Found(text, text, "heuristic")
    title = root.find(".//title")
    text = collapse_whitespace(title.text_content()) if title is not None else ""
    if not text:
        return None
    best = _without_site_name(text, site_name)
    return Found(best, best, "heuristic")


def _without_site_name(text: str, site_name: str | None) -> str:
    """`Article title - Site name` → `Article title`: the site name is known, or the shorter last part."""
    separators = list(TITLE_SEPARATORS.finditer(text))
    if not separators:
        return text
    last = separators[-1]
    before, after = text[: last.start()], text[last.end() :]
    if site_name and after.strip().lower() == site_name.strip().lower():
        return before
    if site_name and before.strip().lower() == site_name.strip().lower():
        return after
    return before if len(after) < len(before) else text


def date_near_title(lines: list[Line], root: etree._Element) -> Found | None:
    """A date printed just under (or above) the <h1>, e.g. `Thứ Ba, 12/03/2024, 08:15 (GMT+7)`."""
    heading = title_element(root)
    if heading is None:
        return None
    at = next((i for i, line in enumerate(lines) if line.element is heading or _inside(line.element, heading)), None)
    if at is None:
        return None
    nearby = lines[at + 1 : at + 1 + LINES_AFTER_TITLE] + lines[max(0, at - LINES_BEFORE_TITLE) : at][::-1]
    for line in nearby:
        if line.chrome or len(line.text) > MAX_DATE_LINE or refusal(line.text) or _labelled_modified(line.text):
            continue
        parsed = parse_date(line.text)
        if parsed is not None and not parsed.relative:
            return Found(parsed.iso, line.text, "heuristic")
    return None


def _labelled_modified(text: str) -> bool:
    return any(field == "modified" for field, *_ in labelled_values(text))


def heuristic_summary(root: etree._Element) -> Found | None:
    """The lead paragraph a CMS marks by class (`sapo`, `description`, `hometext`…), outside chrome."""
    for element in root.iter("p", "div", "h2", "span"):
        marks = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
        if any(word in marks for word in SUMMARY_WORDS) and not in_chrome(element):
            text = collapse_whitespace(element.text_content())
            if len(text) >= MIN_SUMMARY:
                return Found(text, text, "heuristic")
    return None


def _inside(element: etree._Element, ancestor: etree._Element) -> bool:
    return any(node is ancestor for node in element.iterancestors())


def heuristic_category(root: etree._Element) -> Found | None:
    """The last link of the first breadcrumb/category box with links, read outside header and menu."""
    for element in root.iter("*"):
        if not isinstance(element.tag, str):
            continue
        words = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
        if not any(word in words for word in CATEGORY_WORDS):
            continue
        if element.getparent() is not None and in_chrome(element.getparent()):
            continue
        links = [collapse_whitespace(a.text_content()) for a in element.iter("a")]
        links = [text for text in links if text and text.lower() not in ("trang chủ", "home")]
        if links:
            return Found(links[-1], links[-1], "heuristic")
    return None


def heuristic_views(root: etree._Element) -> Found | None:
    """An unlabelled counter marked by an eye icon or a `view` class: `<em class="fa fa-eye"></em> 1.239`."""
    for element in root.iter("*"):
        if not isinstance(element.tag, str):
            continue
        marks = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
        if not any(hint in marks for hint in VIEW_HINTS) or in_chrome(element):
            continue
        for text in (collapse_whitespace(element.text_content() + (element.tail or "")), _parent_text(element)):
            if text and COUNT_ONLY.match(text) and (count := parse_count(text)) is not None:
                return Found(count, text, "heuristic")
    return None


def _parent_text(element: etree._Element) -> str:
    parent = element.getparent()
    return collapse_whitespace(parent.text_content()) if parent is not None else ""


# The only elements the loops below can pick, in document order, found by libxml2: iterating every
# element from Python builds an object for each (and lxml.html looks up its class), which costs more.
# Containers with a <p> child (one without has none to count):
_WITH_PARAGRAPHS = etree.XPath("descendant-or-self::div[p] | descendant-or-self::article[p] | "
                               "descendant-or-self::section[p] | descendant-or-self::td[p]")  # fmt: skip
# Elements with a class or id (one without has no author marks):
_MARKED = etree.XPath("descendant-or-self::p[@class or @id] | descendant-or-self::div[@class or @id] | "
                      "descendant-or-self::span[@class or @id]")  # fmt: skip


def body_container(root: etree._Element) -> etree._Element | None:
    """The element outside chrome with the most direct <p> children: the article body."""
    best, most = None, 0
    for element in _WITH_PARAGRAPHS(root):
        count = sum(1 for child in element if child.tag == "p")
        if count > most and not in_chrome(element):
            best, most = element, count
    return best


def trailing_byline(root: etree._Element) -> tuple[Found, etree._Element] | None:
    """A name in an element classed as the author's, or alone in the body's last paragraph, bold or
    right-aligned: `<p align=right><b>Thu Vân</b></p>`. Returns the element too (it is not body text)."""
    for element in _MARKED(root):
        marks = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
        if _AUTHOR_MARK.search(marks) and not in_chrome(element):
            text = collapse_whitespace(element.text_content())
            if NAME_LINE.match(text):
                return Found(text, text, "heuristic"), element
    body = body_container(root)
    # The last two paragraphs with text, read from the end (reading every paragraph costs more).
    paragraphs = []
    for child in reversed(body) if body is not None else ():
        if child.tag == "p" and (text := collapse_whitespace(child.text_content())):
            paragraphs.append((child, text))
            if len(paragraphs) == 2:
                break
    if len(paragraphs) < 2:
        return None
    last, text = paragraphs[0]
    emphasised = "right" in (last.get("style") or "") + (last.get("align") or "") or (
        len(last) == 1 and last[0].tag in ("b", "strong", "em", "i") and not (last.text or "").strip()
    )
    if emphasised and NAME_LINE.match(text):
        return Found(text, text, "heuristic"), last
    return None


def heuristic_byline(root: etree._Element) -> Found | None:
    found = trailing_byline(root)
    return found[0] if found else None


def heuristic_body(root: etree._Element, url: str | None = None) -> Found | None:
    """The main text by trafilatura (HTML output, images kept), or None when it finds none.

    trafilatura reads a copy of the page without its chrome (related lists, sidebar, footer),
    its <h1> and its labelled meta lines: those are fields of their own, not body text.
    """
    byline = trailing_byline(root)
    page = prune_for_body(root, (byline[1],) if byline else ())
    try:
        extracted = trafilatura.extract(
            page,
            url=url,
            output_format="html",
            include_comments=False,
            include_tables=True,
            include_images=True,
            include_links=False,
            deduplicate=False,
            favor_precision=True,
        )
    except Exception:  # a third-party parser must not lose the rest of the record
        LOGGER.warning("trafilatura failed on %s", url, exc_info=True)
        return None
    if not extracted:
        return None
    return Found(extracted, extracted, "heuristic")


def image_sources(body_html: str) -> list[str]:
    """The `src` of every <img> in a body fragment (trafilatura keeps them; captions it drops)."""
    fragment = etree.fromstring(f"<div>{body_html}</div>", parser=etree.HTMLParser())
    if fragment is None:
        return []
    return [src for src in fragment.xpath("//img/@src") if src.strip()]


def prune_for_body(root: etree._Element, also: tuple[etree._Element, ...] = ()) -> etree._Element:
    """A copy of the page without chrome subtrees, <h1>, short labelled lines and the `also` elements."""
    tree = root.getroottree()
    paths = [tree.getpath(element) for element in also]
    page = copy.deepcopy(root)
    extra = [found for path in paths for found in page.getroottree().xpath(path)]
    doomed = [
        element
        for element in page.iter("*")
        if isinstance(element.tag, str)
        and element.tag not in ("html", "body")
        and (own_chrome(element) or element.tag == "h1" or _is_label_line(element))
    ] + extra
    for element in doomed:
        drop_keeping_tail(element)
    for figure in page.iter("figure", "figcaption"):  # trafilatura drops figcaptions; the archive keeps captions
        figure.tag = "div" if figure.tag == "figure" else "p"
    return page


def _is_label_line(element: etree._Element) -> bool:
    if element.tag not in ("div", "p", "span", "li", "td", "section"):
        return False
    text = collapse_whitespace(element.text_content())
    return 0 < len(text) <= MAX_LABEL_LINE and bool(labelled_values(text))


