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
from html import escape

from archiver.demo import vocabulary as vocab
from archiver.demo.generator import DemoArticle, DemoImage, DemoSite, DemoVideo, dotted
from archiver.demo.pages import Page
from archiver.demo.variants import common as c

NAME = "dated-title"
ROBOTS = "User-agent: *\nDisallow: /admin/\nDisallow: /tim-kiem.htm\n"
SITE_NAME = f"Báo điện tử Mặt trận {vocab.PROVINCE}"
_FIRST_PAGE = re.compile(r"/([a-z0-9-]+)\.htm")
_NEXT_PAGE = re.compile(r"/([a-z0-9-]+)/trang-(\d+)\.htm")


PATHS = c.Paths(
    article="/{slug}-d{id}.htm",
    listing="/{category}.htm",
    listing_page="/{category}/trang-{page}.htm",
    video="/video/{slug}-v{id}.htm",
    videos="/video.htm",
    videos_page="/video/trang-{page}.htm",
)


def labelled_byline(article: DemoArticle) -> bool:
    """Whether the byline is printed as `Tác giả: X` (else the bare name): both occur on such sites."""
    return article.id % 2 == 0


RELATED_ITEM = '<li><a href="{href}">{title}</a> <span class="time">{date}</span></li>'
RELATED = (
    '<div class="box-tinlienquan"><h3>Tin mới</h3><ul>{new}</ul><h3>Tin cùng chuyên mục</h3><ul>{other}</ul></div>'
)
VIDEO = (
    '<div class="video-detail"><h1 class="title-detail">{title}</h1><p class="video-category">{category}</p>'
    '<video controls><source src="{src}" type="video/mp4"></video></div>'
)
PAGER = c.PagerMarkup(
    gap="<span>...</span>",
    current='<a class="btn-page active">{n}</a>',
    number='<a class="btn-page" href="{href}">{n}</a>',
    next='<a class="btn-page next-page" href="{href}">Trang sau</a>',
    wrapper='<div class="button-page">{items}</div>',
)


def _other(site: DemoSite, path: str, query: dict[str, list[str]]) -> Page | None:
    """Listings: `/<cat>.htm`, `/<cat>/trang-N.htm`, the same for `video`."""
    listing = _listing_target(path)
    if listing is None:
        return None
    slug, page = listing
    if page == 1 and path != PATHS.listing_path(slug):
        return c.redirect(PATHS.listing_path(slug))  # `/cat/trang-1.htm` is the first page's alias
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
    menu = (
        '<li><a href="/" class="home">Trang chủ</a></li>'
        + c.menu_items(site, PATHS.listing_path, '<li><a href="{href}" title="{name}">{name}</a></li>')
        + f'<li><a href="{PATHS.videos_path()}">Video</a></li>'
    )
    videos = c.link_items(site.videos[:5], PATHS.video_path)
    body = [
        '<header class="section top-header"><div class="container">',
        f'<a class="logo" href="/" title="{escape(SITE_NAME)}">{escape(SITE_NAME)}</a>',
        f'<span class="time-now">{c.weekday(site.today, capital=True)}, {site.today.day}/{site.today.month}/'
        f"{site.today.year} | {c.HEADER_CLOCK:%H:%M} (GMT+7)</span>",
        f'<nav class="main-nav"><ul class="parent">{menu}</ul></nav>',
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
    href = escape(PATHS.article_href(article))
    title = escape(article.title)
    return (
        f'<article class="item-news"><h3 class="title-news"><a href="{href}" title="{title}">{title}</a></h3>\n'
        f'<p class="description"><a href="{href}">{escape(article.summary)}</a></p>\n'
        f'<span class="time-public">{article.published:%d/%m/%Y %H:%M}</span></article>'
    )


def _home(site: DemoSite) -> Page:
    blocks = [
        '<h2 class="title-box">Tin mới nhất</h2><div class="list-news">',
        *(_item(a) for a in site.articles[:c.HOME_ARTICLES]),
        "</div>",
    ]
    blocks += c.home_categories(
        site, PATHS.listing_path, PATHS.article_href,
        '<div class="box-category"><h2 class="title-box"><a href="{href}">{name}</a></h2><ul>{links}</ul></div>',
    )
    return _shell(site, "Trang chủ", "\n".join(blocks))


def _listing(site: DemoSite, slug: str, page: int) -> Page:
    found = c.category_page(site, slug, page)
    if found is None:
        return _not_found(site)
    category, paged = found
    content = "\n".join([
        f'<h1 class="title-page"><a href="{PATHS.listing_path(slug)}">{escape(category.name)}</a></h1>',
        '<div class="list-news-subfolder">',
        *(_item(a) for a in paged.items),
        "</div>",
        c.pager(paged, lambda n: PATHS.listing_path(slug, n), PAGER),
    ])
    return _shell(site, category.name, content)


def _video_listing(site: DemoSite, page: int) -> Page:
    paged = c.page_slice(site.videos, page, c.VIDEOS_PER_PAGE)
    if paged is None:
        return _not_found(site)
    items = "\n".join(
        f'<article class="item-video"><h3 class="title-news"><a href="{escape(PATHS.video_path(v))}">'
        f"{escape(v.title)}</a></h3></article>"
        for v in paged.items
    )
    content = f'<h1 class="title-page">Video</h1>\n<div class="list-video">\n{items}\n</div>\n' + c.pager(
        paged, PATHS.videos_path, PAGER
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
        f'<li><a href="{PATHS.listing_path(article.category.slug)}" title="{escape(article.category.name)}">'
        f"{escape(article.category.name)}</a></li></ul>",
        f'<h1 class="title-detail">{escape(article.title)}</h1>',
        f'<div class="header-content"><span class="date">{_when(article)}</span> '
        f'<span class="view-count">Lượt đọc: {dotted(article.view_count)}</span></div>',
        f'<p class="description">{escape(article.summary)}</p>',
        f'<article class="fck_detail">\n{c.body_html(site, article, PATHS, _image)}\n</article>',
        byline,
        f'<div class="updated">Cập nhật: {modified:%d/%m/%Y %H:%M}</div>',
        c.related_html(site, article, PATHS, RELATED_ITEM, RELATED),
    ]
    return _shell(site, article.title, "\n".join(line for line in lines if line))


def _video(site: DemoSite, video: DemoVideo) -> Page:
    return _shell(site, video.title, c.video_html(video, VIDEO))


def _not_found(site: DemoSite, status: int = 404) -> Page:
    content = '<h1 class="title-page">Trang không tồn tại</h1><p><a href="/">Về trang chủ</a></p>'
    return _shell(site, "Trang không tồn tại", content, status=status)


LAYOUT = c.layout(
    c.Routes(ROBOTS, PATHS, home=_home, article=_article, video=_video, not_found=_not_found, other=_other),
    name=NAME,
    description="newspaper-like: date under the title with weekday and GMT+7, 'Lượt đọc:', 'Cập nhật:' after the body",
    profile="demo-dated-title", shows_modified=True,
)
