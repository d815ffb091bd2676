"""What every non-default layout shares: URL keys, page indexes, body markup, distractor texts.

The article body reuses the default layout's inline markup (links, bold, `&nbsp;`) so its
text is exactly the generator's `body_blocks`; only the wrapping elements differ per layout.
"""

from __future__ import annotations

import math
import random
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from html import escape
from typing import Generic, NamedTuple, Protocol, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit

from archiver.demo import pages
from archiver.demo import vocabulary as vocab
from archiver.demo.generator import (
    VIETNAM_TZ,
    Category,
    DemoArticle,
    DemoImage,
    DemoSite,
    DemoVideo,
    GonePage,
    slugify,
)
from archiver.demo.variants import Layout

HTML = pages.HTML
document = pages.document
# Every layout pages its listings and fills its home page as the default layout does.
ARTICLES_PER_PAGE = pages.ARTICLES_PER_PAGE
VIDEOS_PER_PAGE = pages.VIDEOS_PER_PAGE
HOME_ARTICLES = pages.HOME_ARTICLES
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


class _Titled(Protocol):
    @property
    def title(self) -> str: ...


T = TypeVar("T")
_TitledT = TypeVar("_TitledT", bound=_Titled)


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


@dataclass(frozen=True)
class Paths:
    """A layout's URL scheme as templates of `{category}`, `{slug}`, `{id}` and, for later pages, `{page}`."""

    article: str
    listing: str
    listing_page: str
    video: str
    videos: str
    videos_page: str

    def article_path(self, key: ArticleKey) -> str:
        return self.article.format(category=key.category, slug=key.slug, id=key.id)

    def article_href(self, article: DemoArticle) -> str:
        return self.article_path(key_of(article))

    def listing_path(self, category: str, page: int = 1) -> str:
        """Page `page` (from 1) of a category listing."""
        return (self.listing if page == 1 else self.listing_page).format(category=category, page=page)

    def video_path(self, video: DemoVideo) -> str:
        return self.video.format(slug=slugify(video.title), id=video.id)

    def videos_path(self, page: int = 1) -> str:
        return (self.videos if page == 1 else self.videos_page).format(page=page)

    def link(self, href: str) -> str:
        """A default-layout href (article or category listing) in this scheme; others pass through."""
        key = article_key(href)
        if key is not None:
            return self.article_path(key)
        listing = _DEFAULT_LISTING.fullmatch(href)
        return self.listing_path(listing.group(1)) if listing else href


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


def redirect(location: str, status: int = 301) -> pages.Page:
    return pages.Page(status, pages.TEXT, b"", headers=(("Location", location),))


# ---------------------------------------------------------------- routing


@dataclass(frozen=True)
class Routes:
    """What a layout answers with; `render` does the routing every layout shares."""

    robots: str
    paths: Paths
    home: Callable[[DemoSite], pages.Page]
    article: Callable[[DemoSite, DemoArticle], pages.Page]
    video: Callable[[DemoSite, DemoVideo], pages.Page]
    not_found: Callable[[DemoSite, int], pages.Page]
    # The layout's own pages (listings, feeds…) by path and query; None when there is none.
    other: Callable[[DemoSite, str, dict[str, list[str]]], pages.Page | None]


def render(site: DemoSite, target: str, routes: Routes) -> pages.Page:
    """Static files, taken-down pages, home, articles and videos, then the layout's own pages."""
    path, query = split_target(target)
    static = static_answer(path, routes.robots)
    if static is not None:
        return static
    index = site_index(site, routes.paths.article_path, routes.paths.video_path)
    gone = index.gone.get(path)
    if gone is not None:
        return redirect(gone.location, gone.status) if gone.location else routes.not_found(site, gone.status)
    if path == "/":
        return routes.home(site)
    if path in index.articles:  # before `other`: an article path may look like a listing's
        return routes.article(site, index.articles[path])
    if path in index.videos:
        return routes.video(site, index.videos[path])
    return routes.other(site, path, query) or routes.not_found(site, 404)


def layout(routes: Routes, *, name: str, description: str, profile: str, shows_modified: bool = False) -> Layout:
    """The `Layout` of a layout module that renders through `render` above."""
    return Layout(
        name=name,
        description=description,
        render=partial(render, routes=routes),
        article_path=routes.paths.article_path,
        listing_path=routes.paths.listing_path,
        video_path=routes.paths.video_path,
        profile=profile,
        shows_modified=shows_modified,
    )


# ---------------------------------------------------------------- listings and link lists


@dataclass(frozen=True)
class PagerMarkup:
    """A layout's pager as templates: `{n}` a page number, `{href}` its escaped path, `{items}` the whole."""

    gap: str
    current: str
    number: str
    next: str
    wrapper: str
    separator: str = " "
    # Empty when the layout has no "previous" link.
    previous: str = ""


def pager(paged: Paged[T], path_of: Callable[[int], str], markup: PagerMarkup) -> str:
    page, pages_ = paged.page, paged.pages
    items = []
    if markup.previous and page > 1:
        items.append(markup.previous.format(href=escape(path_of(page - 1))))
    for number in page_numbers(page, pages_):
        if number is None:
            items.append(markup.gap)
        elif number == page:
            items.append(markup.current.format(n=number))
        else:
            items.append(markup.number.format(href=escape(path_of(number)), n=number))
    if page < pages_:
        items.append(markup.next.format(href=escape(path_of(page + 1))))
    return markup.wrapper.format(items=markup.separator.join(items))


class Paged(NamedTuple, Generic[T]):
    """The items on one page of a listing, that page (from 1) and the page count."""

    items: Sequence[T]
    page: int
    pages: int


def page_slice(items: Sequence[T], page: int | None, per_page: int) -> Paged[T] | None:
    """Page `page` of `items`; None when there is no such page."""
    count = page_count(len(items), per_page)
    if page is None or not 1 <= page <= count:
        return None
    return Paged(items[(page - 1) * per_page: page * per_page], page, count)


def category_page(site: DemoSite, slug: str, page: int | None) -> tuple[Category, Paged[DemoArticle]] | None:
    """A category and page `page` of its articles; None when either does not exist."""
    category = site.category_by_slug(slug)
    paged = page_slice(site.articles_in(slug), page, ARTICLES_PER_PAGE)
    return (category, paged) if category is not None and paged is not None else None


def link_items(items: Iterable[_TitledT], href: Callable[[_TitledT], str]) -> str:
    """`<li><a href>title</a></li>` for each item: the plain link lists of sidebars and home blocks."""
    return "".join(f'<li><a href="{escape(href(item))}">{escape(item.title)}</a></li>' for item in items)


def menu_items(site: DemoSite, listing_path: Callable[[str], str], item: str) -> str:
    """The category entries of a main menu; `item` is a template of `{href}` and `{name}`."""
    return "".join(item.format(href=listing_path(cat.slug), name=escape(cat.name)) for cat in site.categories)


def home_categories(
    site: DemoSite, listing_path: Callable[[str], str], article_href: Callable[[DemoArticle], str], block: str
) -> list[str]:
    """Per category a block of its three newest articles; `block` is a template of `{href}`, `{name}`, `{links}`."""
    return [
        block.format(
            href=listing_path(cat.slug),
            name=escape(cat.name),
            links=link_items(site.articles_in(cat.slug)[:3], article_href),
        )
        for cat in site.categories
    ]


def related_html(site: DemoSite, article: DemoArticle, paths: Paths, item: str, block: str) -> str:
    """The "new" and "other" related links in `block` (a template of `{new}` and `{other}`).

    `item` is a template of `{href}`, `{title}`, `{date}` (dd/mm/yyyy) and `{iso}` (ISO 8601 time).
    """

    def items(kind: str) -> str:
        return "".join(
            item.format(href=escape(paths.article_href(a)), title=escape(a.title), date=f"{a.published:%d/%m/%Y}",
                        iso=a.published.isoformat())
            for a in related_articles(site, article, kind)
        )

    return block.format(new=items("new"), other=items("other"))


def video_html(video: DemoVideo, template: str) -> str:
    """A video page's content; `template` is of `{title}`, `{category}` and `{src}`."""
    return template.format(title=escape(video.title), category=escape(video.category.name), src=escape(video.media_url))


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


def body_html(
    site: DemoSite, article: DemoArticle, paths: Paths, image_html: Callable[[DemoImage, random.Random], str]
) -> str:
    """The body blocks as rich-text HTML: paragraphs as in the default layout, pictures by `image_html`."""
    rng = random.Random(f"{site.seed}:body:{site.variant}:{article.id}")
    view = _LinkedView(mobile=False, path=article.path, query="", linker=paths.link)
    return pages.blocks_html(article, rng, view, image_html)


def related_articles(site: DemoSite, article: DemoArticle, kind: str) -> list[DemoArticle]:
    """The linked articles of one related block ("new" or "other") that are still on the site."""
    found = (site.article_by_path(link.path) for link in article.related if link.kind == kind)
    return [a for a in found if a is not None]
