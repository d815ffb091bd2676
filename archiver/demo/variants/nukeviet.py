"""`nukeviet`: a NukeViet 4-like portal. No labels anywhere on the article page.

The date is `Thứ hai, 17/09/2023 - 21:50` in a bare span under the title; the view and
comment counters are an eye and a speech-bubble icon followed by a number; the summary
("hometext") is printed above the body; the author is the body's last, right-aligned
bold paragraph, as editors type it.
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

NAME = "nukeviet"
ROBOTS = "User-agent: *\nDisallow: /admin/\nDisallow: /includes/\nDisallow: /seek/\n"
ARTICLES_PER_PAGE = 10
VIDEOS_PER_PAGE = 12
HOME_ARTICLES = 10
SITE_NAME = f"Ủy ban MTTQ Việt Nam tỉnh {vocab.PROVINCE}"
_LISTING = re.compile(r"/news/([a-z0-9-]+)/(?:page-(\d+))?")
_VIDEOS = re.compile(r"/videos/(?:page-(\d+))?")


def article_path(key: c.ArticleKey) -> str:
    return f"/news/{key.category}/{key.slug}-{key.id}.html"


def listing_path(category: str, page: int = 1) -> str:
    return f"/news/{category}/" if page == 1 else f"/news/{category}/page-{page}"


def video_path(video: DemoVideo) -> str:
    return f"/videos/{slugify(video.title)}-{video.id}.html"


def videos_path(page: int = 1) -> str:
    return "/videos/" if page == 1 else f"/videos/page-{page}"


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
    listing = _LISTING.fullmatch(path)
    if listing:
        return _listing(site, listing.group(1), listing.group(2))
    videos = _VIDEOS.fullmatch(path)
    if videos:
        return _video_listing(site, videos.group(1))
    if path in index.articles:
        return _article(site, index.articles[path])
    if path in index.videos:
        return _video(site, index.videos[path])
    return _not_found(site)


# ---------------------------------------------------------------- shell


def _shell(site: DemoSite, title: str, content: str, canonical: str | None = None, status: int = 200) -> Page:
    menu = ['<li><a href="/">Trang nhất</a></li>']
    menu += [f'<li><a href="{listing_path(cat.slug)}">{escape(cat.name)}</a></li>' for cat in site.categories]
    menu.append(f'<li><a href="{videos_path()}">Video</a></li>')
    head = [
        '<meta name="generator" content="NukeViet v4.5">',
        f'<link rel="canonical" href="{escape(canonical)}">' if canonical else "",
    ]
    body = [
        '<div class="body-bg"><div class="wraper">',
        '<header><div class="container"><div id="header" class="row"><div class="logo">'
        f'<a title="{escape(SITE_NAME)}" href="/"><img src="/Uploads/logo.png" alt="{escape(SITE_NAME)}"></a>'
        f'<span class="site_name">{escape(SITE_NAME)}</span></div></div></div></header>',
        f'<nav class="second-nav" id="menusite"><ul class="site-menu">{"".join(menu)}</ul></nav>',
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
    videos = "".join(
        f'<li><a href="{escape(video_path(v))}">{escape(v.title)}</a></li>' for v in site.videos[:5]
    )
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
    href = escape(article_path(c.key_of(article)))
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


def _pagination(page: int, pages: int, path_of: Callable[[int], str]) -> str:
    items = []
    if page > 1:
        items.append(f'<li><a href="{escape(path_of(page - 1))}">«</a></li>')
    for number in c.page_numbers(page, pages):
        if number is None:
            items.append('<li class="disabled"><span>...</span></li>')
        elif number == page:
            items.append(f'<li class="active"><a href="#">{number}</a></li>')
        else:
            items.append(f'<li><a href="{escape(path_of(number))}">{number}</a></li>')
    if page < pages:
        items.append(f'<li><a rel="next" href="{escape(path_of(page + 1))}">»</a></li>')
    return f'<div class="text-center"><ul class="pagination">{"".join(items)}</ul></div>'


def _page_of(raw: str | None) -> int | None:
    """The page of `page-N` (1 when absent); None for page-0 and such."""
    if raw is None:
        return 1
    number = int(raw)
    return number if number >= 2 else None


def _home(site: DemoSite) -> Page:
    newest = "".join(_entry(a) for a in site.articles[:HOME_ARTICLES])
    blocks = [f'<div class="news-home"><h2>Tin mới</h2>\n{newest}</div>']
    for category in site.categories:
        top = site.articles_in(category.slug)[:3]
        links = "".join(f'<li><a href="{escape(article_path(c.key_of(a)))}">{escape(a.title)}</a></li>' for a in top)
        blocks.append(
            '<div class="panel panel-default news-cat"><div class="panel-heading">'
            f'<a href="{listing_path(category.slug)}">{escape(category.name)}</a></div>'
            f'<ul class="related">{links}</ul></div>'
        )
    return _shell(site, "Trang nhất", "\n".join(blocks), canonical="/")


def _listing(site: DemoSite, slug: str, raw_page: str | None) -> Page:
    category = site.category_by_slug(slug)
    if raw_page == "1" and category is not None:
        return c.redirect(listing_path(slug))
    page = _page_of(raw_page)
    articles = site.articles_in(slug)
    pages = c.page_count(len(articles), ARTICLES_PER_PAGE)
    if category is None or page is None or page > pages:
        return _not_found(site)
    shown = articles[(page - 1) * ARTICLES_PER_PAGE: page * ARTICLES_PER_PAGE]
    content = "\n".join([
        f'<div class="page-header"><h1>{escape(category.name)}</h1></div>',
        *(_entry(a) for a in shown),
        _pagination(page, pages, lambda n: listing_path(slug, n)),
    ])
    return _shell(site, category.name, content, canonical=listing_path(slug, page))


def _video_listing(site: DemoSite, raw_page: str | None) -> Page:
    if raw_page == "1":
        return c.redirect(videos_path())
    page = _page_of(raw_page)
    pages = c.page_count(len(site.videos), VIDEOS_PER_PAGE)
    if page is None or page > pages:
        return _not_found(site)
    shown = site.videos[(page - 1) * VIDEOS_PER_PAGE: page * VIDEOS_PER_PAGE]
    items = "\n".join(
        f'<div class="item"><a class="video-title" href="{escape(video_path(v))}">{escape(v.title)}</a></div>'
        for v in shown
    )
    content = (
        f'<div class="page-header"><h1>Video</h1></div>\n<div class="videos-list">\n{items}\n</div>\n'
        + _pagination(page, pages, videos_path)
    )
    return _shell(site, "Video", content, canonical=videos_path(page))


# ---------------------------------------------------------------- detail pages


def _image(image: DemoImage, rng: random.Random) -> str:
    align = rng.choice(("center", "center", "left"))
    return (
        f'<figure class="image {align}"><img alt="" height="333" src="{escape(image.src)}" width="500">'
        f"<figcaption>{escape(image.caption)}</figcaption></figure>"
    )


def _article(site: DemoSite, article: DemoArticle) -> Page:
    path = article_path(c.key_of(article))
    byline = (
        f'<p style="text-align: right;"><strong>{escape(article.byline_raw)}</strong></p>'
        if article.byline_raw is not None else ""
    )
    published = article.published
    lines = [
        '<div class="news_column panel panel-default"><div class="panel-body">',
        '<ul class="breadcrumbs list-none"><li><a href="/"><span>Trang nhất</span></a></li>'
        f'<li><a href="{listing_path(article.category.slug)}"><span>{escape(article.category.name)}</span></a>'
        "</li></ul>",
        f'<h1 class="title margin-bottom-lg">{escape(article.title)}</h1>',
        '<div class="row margin-bottom-lg"><div class="col-md-12">'
        f'<span class="h5">{c.weekday(published.date(), capital=False)}, {published:%d/%m/%Y - %H:%M}</span></div>'
        f'<div class="col-md-12"><ul class="list-inline text-right">{_counter("eye", article.view_count)}'
        f'{_counter("comment-o", 0)}</ul></div></div>',
        f'<div class="clearfix"><div class="hometext m-bottom">{escape(article.summary)}</div></div>',
        '<div id="news-bodyhtml" class="bodytext margin-bottom-lg">',
        c.body_html(site, article, _LINK, _image),
        byline,
        "</div>",
        "</div></div>",
        _others(site, article),
    ]
    return _shell(site, article.title, "\n".join(line for line in lines if line), canonical=path)


def _others(site: DemoSite, article: DemoArticle) -> str:
    def items(kind: str) -> str:
        return "".join(
            f'<li><em class="fa fa-angle-right">&nbsp;</em><a href="{escape(article_path(c.key_of(a)))}" '
            f'title="{escape(a.title)}">{escape(a.title)}</a> <em>({a.published:%d/%m/%Y})</em></li>'
            for a in c.related_articles(site, article, kind)
        )

    return (
        '<div class="news_column panel panel-default"><div class="panel-body other-news">'
        f'<p class="h3"><strong>Những tin mới hơn</strong></p><ul class="related">{items("new")}</ul>'
        f'<p class="h3"><strong>Những tin cũ hơn</strong></p><ul class="related">{items("other")}</ul>'
        "</div></div>"
    )


def _video(site: DemoSite, video: DemoVideo) -> Page:
    content = (
        f'<div class="video-detail"><h1 class="title">{escape(video.title)}</h1>'
        f'<div class="video-cat">{escape(video.category.name)}</div>'
        f'<video controls src="{escape(video.media_url)}"></video></div>'
    )
    return _shell(site, video.title, content, canonical=video_path(video))


def _not_found(site: DemoSite, status: int = 404) -> Page:
    content = (
        '<div class="alert alert-danger"><h1>Lỗi 404</h1><p>Trang bạn yêu cầu không tồn tại.</p>'
        '<p><a href="/">Về trang chủ</a></p></div>'
    )
    return _shell(site, "Lỗi 404", content, status=status)


LAYOUT = Layout(
    name=NAME,
    description="NukeViet-like: /news/<cat>/<slug>-<id>.html, unlabelled date and eye counter, author in the body",
    render=render,
    article_path=article_path,
    listing_path=listing_path,
    video_path=video_path,
    profile="demo-nukeviet",
)
