"""`nukeviet`: a NukeViet 4-like portal. No labels anywhere on the article page.

The date is `Thứ hai, 17/09/2023 - 21:50` in a bare span under the title; the view and
comment counters are an eye and a speech-bubble icon followed by a number; the summary
("hometext") is printed above the body; the author is the body's last, right-aligned
bold paragraph, as editors type it.
"""

from __future__ import annotations

import random
import re
from html import escape

from archiver.demo import vocabulary as vocab
from archiver.demo.generator import DemoArticle, DemoImage, DemoSite, DemoVideo, dotted
from archiver.demo.pages import Page
from archiver.demo.variants import common as c

NAME = "nukeviet"
ROBOTS = "User-agent: *\nDisallow: /admin/\nDisallow: /includes/\nDisallow: /seek/\n"
SITE_NAME = f"Ủy ban MTTQ Việt Nam tỉnh {vocab.PROVINCE}"
_LISTING = re.compile(r"/news/([a-z0-9-]+)/(?:page-(\d+))?")
_VIDEOS = re.compile(r"/videos/(?:page-(\d+))?")


PATHS = c.Paths(
    article="/news/{category}/{slug}-{id}.html",
    listing="/news/{category}/",
    listing_page="/news/{category}/page-{page}",
    video="/videos/{slug}-{id}.html",
    videos="/videos/",
    videos_page="/videos/page-{page}",
)


RELATED_ITEM = (
    '<li><em class="fa fa-angle-right">&nbsp;</em><a href="{href}" title="{title}">{title}</a> <em>({date})</em></li>'
)
RELATED = (
    '<div class="news_column panel panel-default"><div class="panel-body other-news">'
    '<p class="h3"><strong>Những tin mới hơn</strong></p><ul class="related">{new}</ul>'
    '<p class="h3"><strong>Những tin cũ hơn</strong></p><ul class="related">{other}</ul>'
    "</div></div>"
)
VIDEO = (
    '<div class="video-detail"><h1 class="title">{title}</h1><div class="video-cat">{category}</div>'
    '<video controls src="{src}"></video></div>'
)
PAGER = c.PagerMarkup(
    previous='<li><a href="{href}">«</a></li>',
    gap='<li class="disabled"><span>...</span></li>',
    current='<li class="active"><a href="#">{n}</a></li>',
    number='<li><a href="{href}">{n}</a></li>',
    next='<li><a rel="next" href="{href}">»</a></li>',
    wrapper='<div class="text-center"><ul class="pagination">{items}</ul></div>',
    separator="",
)


def _other(site: DemoSite, path: str, query: dict[str, list[str]]) -> Page | None:
    """`/news/<cat>/[page-N]` and `/videos/[page-N]`."""
    listing = _LISTING.fullmatch(path)
    if listing:
        return _listing(site, listing.group(1), listing.group(2))
    videos = _VIDEOS.fullmatch(path)
    if videos:
        return _video_listing(site, videos.group(1))
    return None


# ---------------------------------------------------------------- shell


def _shell(site: DemoSite, title: str, content: str, canonical: str | None = None, status: int = 200) -> Page:
    menu = (
        '<li><a href="/">Trang nhất</a></li>'
        + c.menu_items(site, PATHS.listing_path, '<li><a href="{href}">{name}</a></li>')
        + f'<li><a href="{PATHS.videos_path()}">Video</a></li>'
    )
    head = [
        '<meta name="generator" content="NukeViet v4.5">',
        f'<link rel="canonical" href="{escape(canonical)}">' if canonical else "",
    ]
    body = [
        '<div class="body-bg"><div class="wraper">',
        '<header><div class="container"><div id="header" class="row"><div class="logo">'
        f'<a title="{escape(SITE_NAME)}" href="/"><img src="/Uploads/logo.png" alt="{escape(SITE_NAME)}"></a>'
        f'<span class="site_name">{escape(SITE_NAME)}</span></div></div></div></header>',
        f'<nav class="second-nav" id="menusite"><ul class="site-menu">{menu}</ul></nav>',
        '<section><div class="container" id="body">',
        '<nav class="third-nav"><div class="current-time"><em class="fa fa-clock-o">&nbsp;</em> '
        f"{c.weekday(site.today, capital=False)}, {site.today:%d/%m/%Y} | {c.HEADER_CLOCK:%H:%M}</div></nav>",
        f'<div class="row"><div class="col-md-18">\n{content}\n</div>',
        _sidebar(site),
        "</div></div></section>",
        '<footer id="footer"><div class="container"><div class="copyright">'
        f"{c.copyright_years(site)} {escape(SITE_NAME)}. {escape(c.LICENCE)}.</div>"
        '<div class="powered">Powered by NukeViet</div></div></footer>',
        "</div></div>",
    ]
    return c.document(f"{title} - {SITE_NAME}", head, body, status)


def _sidebar(site: DemoSite) -> str:
    videos = c.link_items(site.videos[:5], PATHS.video_path)
    return (
        '<div class="col-md-6"><div class="panel panel-default"><div class="panel-heading">Video mới</div>'
        f'<div class="panel-body"><ul class="list-none">{videos}</ul></div></div></div>'
    )


def _stamp(article: DemoArticle) -> str:
    """`17/09/2023 21:50`: listings and related links."""
    return f"{article.published:%d/%m/%Y %H:%M}"


def _counter(icon: str, value: int) -> str:
    return f'<li><em class="fa fa-{icon}">&nbsp;</em> {dotted(value)}</li>'


# ---------------------------------------------------------------- listings


def _entry(article: DemoArticle) -> str:
    href = escape(PATHS.article_href(article))
    title = escape(article.title)
    thumb = escape(article.images[0].src if article.images else "/Uploads/no_image.gif")
    return (
        '<div class="news_column"><div class="panel panel-default clearfix"><div class="panel-body">\n'
        f'<a href="{href}" title="{title}"><img alt="" src="{thumb}" class="img-thumbnail pull-left imghome"></a>\n'
        f'<h3><a href="{href}" title="{title}">{title}</a></h3>\n'
        '<div class="text-muted"><ul class="list-unstyled list-inline">'
        f'<li><em class="fa fa-clock-o">&nbsp;</em> {_stamp(article)}</li>'
        f'{_counter("eye", article.view_count)}</ul></div>\n'
        f"<p>{escape(article.summary)}</p>\n"
        "</div></div></div>"
    )


def _page_of(raw: str | None) -> int | None:
    """The page of `page-N` (1 when absent); None for page-0 and such."""
    if raw is None:
        return 1
    number = int(raw)
    return number if number >= 2 else None


def _home(site: DemoSite) -> Page:
    newest = "".join(_entry(a) for a in site.articles[:c.HOME_ARTICLES])
    blocks = [f'<div class="news-home"><h2>Tin mới</h2>\n{newest}</div>']
    blocks += c.home_categories(
        site, PATHS.listing_path, PATHS.article_href,
        '<div class="panel panel-default news-cat"><div class="panel-heading"><a href="{href}">{name}</a></div>'
        '<ul class="related">{links}</ul></div>',
    )
    return _shell(site, "Trang nhất", "\n".join(blocks), canonical="/")


def _listing(site: DemoSite, slug: str, raw_page: str | None) -> Page:
    category = site.category_by_slug(slug)
    if raw_page == "1" and category is not None:
        return c.redirect(PATHS.listing_path(slug))
    found = c.category_page(site, slug, _page_of(raw_page))
    if found is None:
        return _not_found(site)
    category, paged = found
    content = "\n".join([
        f'<div class="page-header"><h1>{escape(category.name)}</h1></div>',
        *(_entry(a) for a in paged.items),
        c.pager(paged, lambda n: PATHS.listing_path(slug, n), PAGER),
    ])
    return _shell(site, category.name, content, canonical=PATHS.listing_path(slug, paged.page))


def _video_listing(site: DemoSite, raw_page: str | None) -> Page:
    if raw_page == "1":
        return c.redirect(PATHS.videos_path())
    paged = c.page_slice(site.videos, _page_of(raw_page), c.VIDEOS_PER_PAGE)
    if paged is None:
        return _not_found(site)
    items = "\n".join(
        f'<div class="item"><a class="video-title" href="{escape(PATHS.video_path(v))}">{escape(v.title)}</a></div>'
        for v in paged.items
    )
    content = (
        f'<div class="page-header"><h1>Video</h1></div>\n<div class="videos-list">\n{items}\n</div>\n'
        + c.pager(paged, PATHS.videos_path, PAGER)
    )
    return _shell(site, "Video", content, canonical=PATHS.videos_path(paged.page))


# ---------------------------------------------------------------- detail pages


def _image(image: DemoImage, rng: random.Random) -> str:
    align = rng.choice(("center", "center", "left"))
    return (
        f'<figure class="image {align}"><img alt="" height="333" src="{escape(image.src)}" width="500">'
        f"<figcaption>{escape(image.caption)}</figcaption></figure>"
    )


def _article(site: DemoSite, article: DemoArticle) -> Page:
    path = PATHS.article_href(article)
    byline = (
        f'<p style="text-align: right;"><strong>{escape(article.byline_raw)}</strong></p>'
        if article.byline_raw is not None else ""
    )
    published = article.published
    lines = [
        '<div class="news_column panel panel-default"><div class="panel-body">',
        '<ul class="breadcrumbs list-none"><li><a href="/"><span>Trang nhất</span></a></li>'
        f'<li><a href="{PATHS.listing_path(article.category.slug)}"><span>{escape(article.category.name)}</span></a>'
        "</li></ul>",
        f'<h1 class="title margin-bottom-lg">{escape(article.title)}</h1>',
        '<div class="row margin-bottom-lg"><div class="col-md-12">'
        f'<span class="h5">{c.weekday(published.date(), capital=False)}, {published:%d/%m/%Y - %H:%M}</span></div>'
        f'<div class="col-md-12"><ul class="list-inline text-right">{_counter("eye", article.view_count)}'
        f'{_counter("comment-o", 0)}</ul></div></div>',
        f'<div class="clearfix"><div class="hometext m-bottom">{escape(article.summary)}</div></div>',
        '<div id="news-bodyhtml" class="bodytext margin-bottom-lg">',
        c.body_html(site, article, PATHS, _image),
        byline,
        "</div>",
        "</div></div>",
        c.related_html(site, article, PATHS, RELATED_ITEM, RELATED),
    ]
    return _shell(site, article.title, "\n".join(line for line in lines if line), canonical=path)


def _video(site: DemoSite, video: DemoVideo) -> Page:
    return _shell(site, video.title, c.video_html(video, VIDEO), canonical=PATHS.video_path(video))


def _not_found(site: DemoSite, status: int = 404) -> Page:
    content = (
        '<div class="alert alert-danger"><h1>Lỗi 404</h1><p>Trang bạn yêu cầu không tồn tại.</p>'
        '<p><a href="/">Về trang chủ</a></p></div>'
    )
    return _shell(site, "Lỗi 404", content, status=status)


LAYOUT = c.layout(
    c.Routes(ROBOTS, PATHS, home=_home, article=_article, video=_video, not_found=_not_found, other=_other),
    name=NAME,
    description="NukeViet-like: /news/<cat>/<slug>-<id>.html, unlabelled date and eye counter, author in the body",
    profile="demo-nukeviet",
)
