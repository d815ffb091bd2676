"""`dated-title`: a national-newspaper-like layout; the date sits right under the title.

`Thứ Ba, 12/03/2024, 08:15 (GMT+7)` with the view counter labelled `Lượt đọc:` beside it;
a `Cập nhật:` line with the (later) modified time after the body; the byline closes the
article, as `Tác giả: X` on some articles and as the bare name on others. The header shows
the current time with `(GMT+7)` too. URLs carry no category: `/<slug>-d<id>.htm`; listings
are `/<cat>.htm` and `/<cat>/trang-N.htm`.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from html import escape

from archiver.demo import vocabulary as vocab
from archiver.demo.generator import DemoArticle, DemoImage, DemoSite, DemoVideo, dotted, slugify
from archiver.demo.pages import Page
from archiver.demo.variants import Layout
from archiver.demo.variants import common as c

NAME = "dated-title"
ROBOTS = "User-agent: *\nDisallow: /admin/\nDisallow: /tim-kiem.htm\n"
ARTICLES_PER_PAGE = 10
VIDEOS_PER_PAGE = 12
HOME_ARTICLES = 10
SITE_NAME = f"Báo điện tử Mặt trận {vocab.PROVINCE}"
_FIRST_PAGE = re.compile(r"/([a-z0-9-]+)\.htm")
_NEXT_PAGE = re.compile(r"/([a-z0-9-]+)/trang-(\d+)\.htm")


def article_path(key: c.ArticleKey) -> str:
    return f"/{key.slug}-d{key.id}.htm"


def listing_path(category: str, page: int = 1) -> str:
    return f"/{category}.htm" if page == 1 else f"/{category}/trang-{page}.htm"


def video_path(video: DemoVideo) -> str:
    return f"/video/{slugify(video.title)}-v{video.id}.htm"


def videos_path(page: int = 1) -> str:
    return listing_path("video", page)


def labelled_byline(article: DemoArticle) -> bool:
    """Whether the byline is printed as `Tác giả: X` (else the bare name): both occur on such sites."""
    return article.id % 2 == 0


_LINK = c.linker(article_path, listing_path)


def render(site: DemoSite, target: str) -> Page:
    path, _ = c.split_target(target)
    static = c.static_answer(path, ROBOTS)
    if static is not None:
        return static
    index = c.site_index(site, article_path, video_path)
    gone = index.gone.get(path)
    if gone is not None:
        return c.redirect(gone.location, gone.status) if gone.location else _not_found(site, gone.status)
    if path == "/":
        return _home(site)
    if path in index.articles:
        return _article(site, index.articles[path])
    if path in index.videos:
        return _video(site, index.videos[path])
    listing = _listing_target(path)
    if listing is None:
        return _not_found(site)
    slug, page = listing
    if page == 1 and path != listing_path(slug):
        return c.redirect(listing_path(slug))  # `/cat/trang-1.htm` is the first page's alias
    return _video_listing(site, page) if slug == "video" else _listing(site, slug, page)


def _listing_target(path: str) -> tuple[str, int] | None:
    """(slug, page) of a listing path, whether or not the slug exists."""
    first = _FIRST_PAGE.fullmatch(path)
    if first:
        return first.group(1), 1
    later = _NEXT_PAGE.fullmatch(path)
    return (later.group(1), int(later.group(2))) if later else None


def _when(article: DemoArticle) -> str:
    """`Thứ Ba, 12/03/2024, 08:15 (GMT+7)`."""
    published = article.published
    return f"{c.weekday(published.date(), capital=True)}, {published:%d/%m/%Y, %H:%M} (GMT+7)"


# ---------------------------------------------------------------- shell


def _shell(site: DemoSite, title: str, content: str, status: int = 200) -> Page:
    menu = ['<li><a href="/" class="home">Trang chủ</a></li>']
    menu += [f'<li><a href="{listing_path(cat.slug)}" title="{escape(cat.name)}">{escape(cat.name)}</a></li>'
             for cat in site.categories]
    menu.append(f'<li><a href="{videos_path()}">Video</a></li>')
    videos = "".join(
        f'<li><a href="{escape(video_path(v))}">{escape(v.title)}</a></li>' for v in site.videos[:5]
    )
    body = [
        '<header class="section top-header"><div class="container">',
        f'<a class="logo" href="/" title="{escape(SITE_NAME)}">{escape(SITE_NAME)}</a>',
        f'<span class="time-now">{c.weekday(site.today, capital=True)}, {site.today.day}/{site.today.month}/'
        f"{site.today.year} | {c.HEADER_CLOCK:%H:%M} (GMT+7)</span>",
        f'<nav class="main-nav"><ul class="parent">{"".join(menu)}</ul></nav>',
        "</div></header>",
        '<section class="section page-detail"><div class="container">',
        f'<div class="sidebar-1">\n{content}\n</div>',
        f'<div class="sidebar-2"><div class="box-video"><h3 class="title-box">Video</h3><ul>{videos}</ul></div></div>',
        "</div></section>",
        '<footer id="footer"><div class="container">',
        f'<p class="copyright">{c.copyright_years(site)}. Toàn bộ bản quyền thuộc {escape(SITE_NAME)}.</p>',
        f"<p>{escape(c.LICENCE)}.</p>",
        f"<p>Cơ quan chủ quản: Ủy ban MTTQ Việt Nam tỉnh {vocab.PROVINCE}.</p>",
        "</div></footer>",
    ]
    return c.document(f"{title} - {SITE_NAME}", [], body, status)


# ---------------------------------------------------------------- listings


def _item(article: DemoArticle) -> str:
    href = escape(article_path(c.key_of(article)))
    title = escape(article.title)
    return (
        f'<article class="item-news"><h3 class="title-news"><a href="{href}" title="{title}">{title}</a></h3>\n'
        f'<p class="description"><a href="{href}">{escape(article.summary)}</a></p>\n'
        f'<span class="time-public">{article.published:%d/%m/%Y %H:%M}</span></article>'
    )


def _pager(page: int, pages: int, path_of: Callable[[int], str]) -> str:
    items = []
    for number in c.page_numbers(page, pages):
        if number is None:
            items.append("<span>...</span>")
        elif number == page:
            items.append(f'<a class="btn-page active">{number}</a>')
        else:
            items.append(f'<a class="btn-page" href="{escape(path_of(number))}">{number}</a>')
    if page < pages:
        items.append(f'<a class="btn-page next-page" href="{escape(path_of(page + 1))}">Trang sau</a>')
    return f'<div class="button-page">{" ".join(items)}</div>'


def _home(site: DemoSite) -> Page:
    blocks = [
        '<h2 class="title-box">Tin mới nhất</h2><div class="list-news">',
        *(_item(a) for a in site.articles[:HOME_ARTICLES]),
        "</div>",
    ]
    for category in site.categories:
        links = "".join(
            f'<li><a href="{escape(article_path(c.key_of(a)))}">{escape(a.title)}</a></li>'
            for a in site.articles_in(category.slug)[:3]
        )
        blocks.append(
            f'<div class="box-category"><h2 class="title-box"><a href="{listing_path(category.slug)}">'
            f"{escape(category.name)}</a></h2><ul>{links}</ul></div>"
        )
    return _shell(site, "Trang chủ", "\n".join(blocks))


def _listing(site: DemoSite, slug: str, page: int) -> Page:
    category = site.category_by_slug(slug)
    articles = site.articles_in(slug)
    pages = c.page_count(len(articles), ARTICLES_PER_PAGE)
    if category is None or not 1 <= page <= pages:
        return _not_found(site)
    shown = articles[(page - 1) * ARTICLES_PER_PAGE: page * ARTICLES_PER_PAGE]
    content = "\n".join([
        f'<h1 class="title-page"><a href="{listing_path(slug)}">{escape(category.name)}</a></h1>',
        '<div class="list-news-subfolder">',
        *(_item(a) for a in shown),
        "</div>",
        _pager(page, pages, lambda n: listing_path(slug, n)),
    ])
    return _shell(site, category.name, content)


def _video_listing(site: DemoSite, page: int) -> Page:
    pages = c.page_count(len(site.videos), VIDEOS_PER_PAGE)
    if not 1 <= page <= pages:
        return _not_found(site)
    shown = site.videos[(page - 1) * VIDEOS_PER_PAGE: page * VIDEOS_PER_PAGE]
    items = "\n".join(
        f'<article class="item-video"><h3 class="title-news"><a href="{escape(video_path(v))}">'
        f"{escape(v.title)}</a></h3></article>"
        for v in shown
    )
    content = f'<h1 class="title-page">Video</h1>\n<div class="list-video">\n{items}\n</div>\n' + _pager(
        page, pages, videos_path
    )
    return _shell(site, "Video", content)


# ---------------------------------------------------------------- detail pages


def _image(image: DemoImage, rng: random.Random) -> str:
    style = ' style="width: 100%;"' if rng.random() < 0.5 else ""
    return (
        f'<table class="tplCaption" align="center"{style}><tbody>'
        f'<tr><td><img alt="" src="{escape(image.src)}"></td></tr>'
        f'<tr><td><p class="Image">{escape(image.caption)}</p></td></tr></tbody></table>'
    )


def _article(site: DemoSite, article: DemoArticle) -> Page:
    byline = ""
    if article.byline_raw is not None:
        shown = f"Tác giả: {article.byline_raw}" if labelled_byline(article) else article.byline_raw
        byline = f'<p class="author" style="text-align: right;"><strong>{escape(shown)}</strong></p>'
    modified = c.modified_at(site, article)
    lines = [
        '<ul class="breadcrumb"><li><a href="/">Trang chủ</a></li>'
        f'<li><a href="{listing_path(article.category.slug)}" title="{escape(article.category.name)}">'
        f"{escape(article.category.name)}</a></li></ul>",
        f'<h1 class="title-detail">{escape(article.title)}</h1>',
        f'<div class="header-content"><span class="date">{_when(article)}</span> '
        f'<span class="view-count">Lượt đọc: {dotted(article.view_count)}</span></div>',
        f'<p class="description">{escape(article.summary)}</p>',
        f'<article class="fck_detail">\n{c.body_html(site, article, _LINK, _image)}\n</article>',
        byline,
        f'<div class="updated">Cập nhật: {modified:%d/%m/%Y %H:%M}</div>',
        _related(site, article),
    ]
    return _shell(site, article.title, "\n".join(line for line in lines if line))


def _related(site: DemoSite, article: DemoArticle) -> str:
    def items(kind: str) -> str:
        return "".join(
            f'<li><a href="{escape(article_path(c.key_of(a)))}">{escape(a.title)}</a> '
            f'<span class="time">{a.published:%d/%m/%Y}</span></li>'
            for a in c.related_articles(site, article, kind)
        )

    return (
        f'<div class="box-tinlienquan"><h3>Tin mới</h3><ul>{items("new")}</ul>'
        f'<h3>Tin cùng chuyên mục</h3><ul>{items("other")}</ul></div>'
    )


def _video(site: DemoSite, video: DemoVideo) -> Page:
    content = (
        f'<div class="video-detail"><h1 class="title-detail">{escape(video.title)}</h1>'
        f'<p class="video-category">{escape(video.category.name)}</p>'
        f'<video controls><source src="{escape(video.media_url)}" type="video/mp4"></video></div>'
    )
    return _shell(site, video.title, content)


def _not_found(site: DemoSite, status: int = 404) -> Page:
    content = '<h1 class="title-page">Trang không tồn tại</h1><p><a href="/">Về trang chủ</a></p>'
    return _shell(site, "Trang không tồn tại", content, status=status)


LAYOUT = Layout(
    name=NAME,
    description="newspaper-like: date under the title with weekday and GMT+7, 'Lượt đọc:', 'Cập nhật:' after the body",
    render=render,
    article_path=article_path,
    listing_path=listing_path,
    video_path=video_path,
    shows_modified=True,
    profile="demo-dated-title",
)
