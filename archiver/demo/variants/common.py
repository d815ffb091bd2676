"""What every non-default layout shares: URL keys, page indexes, body markup, distractor texts.

The article body reuses the default layout's inline markup (links, bold, `&nbsp;`) so its
text is exactly the generator's `body_blocks`; only the wrapping elements differ per layout.
"""

from __future__ import annotations

import math
import random
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from html import escape
from urllib.parse import parse_qs, unquote, urlsplit

from archiver.demo import pages
from archiver.demo import vocabulary as vocab
from archiver.demo.generator import VIETNAM_TZ, DemoArticle, DemoImage, DemoSite, DemoVideo, GonePage

HTML = pages.HTML
# The default layout's article path, which every layout's URL is derived from.
_DEFAULT_ARTICLE = re.compile(r"/tin-tuc/([a-z0-9-]+)/([a-z0-9-]*)-(\d+)\.html")
_DEFAULT_LISTING = re.compile(r"/tin-tuc/([a-z0-9-]+)")
# Distractor dates every layout prints away from the article: generic extraction must skip them.
FOUNDED_YEAR = 2015
LICENCE = (
    f"Giấy phép số 12/GP-TTĐT ngày 05/01/{FOUNDED_YEAR} của Sở Thông tin và Truyền thông tỉnh {vocab.PROVINCE}"
)
# The header clock reads the same time on every page, so pages stay byte-stable.
HEADER_CLOCK = time(8, 30)
_WEEKDAYS = ("hai", "ba", "tư", "năm", "sáu", "bảy")


@dataclass(frozen=True)
class ArticleKey:
    """What any layout builds an article URL from: category slug, title slug, id."""

    category: str
    slug: str
    id: int


def article_key(default_path: str) -> ArticleKey | None:
    """The key of a default-layout article path (`/tin-tuc/{cat}/{slug}-{id}.html`)."""
    match = _DEFAULT_ARTICLE.fullmatch(default_path)
    return ArticleKey(match.group(1), match.group(2), int(match.group(3))) if match else None


def key_of(article: DemoArticle) -> ArticleKey:
    key = article_key(article.path)
    if key is None:  # the generator always writes this shape
        raise ValueError(f"not a demo article path: {article.path}")
    return key


def split_target(target: str) -> tuple[str, dict[str, list[str]]]:
    """Path (percent-decoded, "/" when empty) and query parameters of a request target."""
    parts = urlsplit(target)
    return unquote(parts.path) or "/", parse_qs(parts.query)


def weekday(day: date, capital: bool) -> str:
    """`Thứ hai` / `Chủ nhật`, or with a capital second word (`Thứ Hai`) as many CMSs print it."""
    if day.weekday() == 6:
        return "Chủ Nhật" if capital else "Chủ nhật"
    word = _WEEKDAYS[day.weekday()]
    return f"Thứ {word.capitalize() if capital else word}"


def copyright_years(site: DemoSite) -> str:
    """`© 2015 – 2024`: a year range a date parser must not read as a publication date."""
    return f"© {FOUNDED_YEAR} – {site.today.year}"


def modified_at(site: DemoSite, article: DemoArticle) -> datetime:
    """When the article was last edited: some time after publication, never after the site's today."""
    rng = random.Random(f"{site.seed}:modified:{article.id}")
    edited = article.published + timedelta(minutes=rng.randint(15, 3 * 24 * 60))
    last = datetime.combine(site.today, time(23, 59), VIETNAM_TZ)
    return max(article.published, min(edited, last))


def page_count(items: int, per_page: int) -> int:
    return max(1, math.ceil(items / per_page))


def page_numbers(page: int, pages_: int, radius: int = 3) -> list[int | None]:
    """Page numbers a pager shows around `page`, first and last included; None marks a gap."""
    shown = sorted({1, pages_, *range(max(1, page - radius), min(pages_, page + radius) + 1)})
    out: list[int | None] = []
    for number in shown:
        if out and number > (out[-1] or 0) + 1:
            out.append(None)
        out.append(number)
    return out


def static_answer(path: str, robots: str) -> pages.Page | None:
    """robots.txt and the /Uploads/ media files, the same on every layout."""
    if path == "/robots.txt":
        return pages.Page(200, pages.TEXT, robots.encode())
    if path.startswith("/Uploads/"):
        return pages._media(path)
    return None


def document(title: str, head: list[str], body: list[str], status: int = 200) -> pages.Page:
    """A UTF-8 HTML5 document from head and body lines (empty lines dropped)."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="vi">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(title)}</title>",
        *head,
        "</head>",
        "<body>",
        *body,
        "</body>",
        "</html>",
    ]
    return pages.Page(status, HTML, "\n".join(p for p in parts if p).encode())


def redirect(location: str, status: int = 301) -> pages.Page:
    return pages.Page(status, pages.TEXT, b"", headers=(("Location", location),))


# ---------------------------------------------------------------- indexes of a site in a layout


@dataclass(frozen=True)
class SiteIndex:
    """A site's articles, videos and taken-down pages by their path in one layout."""

    articles: dict[str, DemoArticle]
    videos: dict[str, DemoVideo]
    gone: dict[str, GonePage]


_INDEXES: dict[tuple[int, str], tuple[DemoSite, SiteIndex]] = {}
_INDEX_LIMIT = 8
# The demo server renders from several threads.
_INDEX_LOCK = threading.Lock()


def site_index(
    site: DemoSite, article_path: Callable[[ArticleKey], str], video_path: Callable[[DemoVideo], str]
) -> SiteIndex:
    """The layout's path indexes of `site`, kept for the few sites a process serves at once."""
    cache_key = (id(site), site.variant)
    with _INDEX_LOCK:
        cached = _INDEXES.get(cache_key)
    if cached is not None and cached[0] is site:  # the id of a collected site may be reused
        return cached[1]
    gone = {}
    for page in site.gone:
        key = article_key(page.path)
        gone[article_path(key) if key else page.path] = page
    index = SiteIndex(
        articles={article_path(key_of(a)): a for a in site.articles},
        videos={video_path(v): v for v in site.videos},
        gone=gone,
    )
    with _INDEX_LOCK:
        if len(_INDEXES) >= _INDEX_LIMIT:
            _INDEXES.pop(next(iter(_INDEXES)))
        _INDEXES[cache_key] = (site, index)
    return index


# ---------------------------------------------------------------- article bodies


@dataclass(frozen=True)
class _LinkedView(pages._View):
    """A desktop view whose internal links are rewritten into another layout's URLs."""

    linker: Callable[[str], str]

    def link(self, href: str) -> str:
        return self.linker(href)


def linker(article_path: Callable[[ArticleKey], str], listing_path: Callable[[str], str]) -> Callable[[str], str]:
    """Map a default-layout href (article or category listing) to this layout; others pass through."""

    def link(href: str) -> str:
        key = article_key(href)
        if key is not None:
            return article_path(key)
        listing = _DEFAULT_LISTING.fullmatch(href)
        return listing_path(listing.group(1)) if listing else href

    return link


def body_html(
    site: DemoSite,
    article: DemoArticle,
    link: Callable[[str], str],
    image_html: Callable[[DemoImage, random.Random], str],
) -> str:
    """The body blocks as rich-text HTML: paragraphs as in the default layout, pictures by `image_html`."""
    rng = random.Random(f"{site.seed}:body:{site.variant}:{article.id}")
    view = _LinkedView(mobile=False, path=article.path, query="", linker=link)
    targets = [related.path for related in article.related] or ["/tin-tuc/" + article.category.slug]
    pending = list(article.images)
    out = []
    for index, block in enumerate(article.body_blocks):
        if pending and block == pending[0].caption:
            out.append(image_html(pending.pop(0), rng))
        else:
            out.append(pages._paragraph_html(block, index == 0, rng, targets, view))
    return "\n".join(out)


def related_articles(site: DemoSite, article: DemoArticle, kind: str) -> list[DemoArticle]:
    """The linked articles of one related block ("new" or "other") that are still on the site."""
    found = (site.article_by_path(link.path) for link in article.related if link.kind == kind)
    return [a for a in found if a is not None]
