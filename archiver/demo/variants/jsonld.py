"""`jsonld`: a modern news portal with structured data, a sitemap and RSS feeds.

Article pages carry a JSON-LD `NewsArticle` (headline, datePublished/dateModified with
`+07:00`, author `Person` list, publisher, and for most articles an `interactionStatistic`
view count), Open Graph and `article:*` meta tags, and visible markup built from `<article>`,
`<time datetime>` and a "1.208 lượt xem" counter whose label follows the number. Listings are
`/chuyen-muc/<cat>?page=N`; `/sitemap.xml` lists every article and `/rss/<cat>.rss` a category.
Sitemap and feed links are root-relative: the renderer does not know the host it is served on.
"""

from __future__ import annotations

import json
import random
import re
from datetime import datetime
from email.utils import format_datetime
from html import escape
from typing import Any

from archiver.demo import vocabulary as vocab
from archiver.demo.generator import DemoArticle, DemoImage, DemoSite, DemoVideo, dotted
from archiver.demo.pages import Page
from archiver.demo.variants import common as c

NAME = "jsonld"
ROBOTS = "User-agent: *\nDisallow: /admin/\nDisallow: /tim-kiem\nSitemap: /sitemap.xml\n"
FEED_ITEMS = 30
SITE_NAME = f"Mặt trận Tổ quốc tỉnh {vocab.PROVINCE}"
XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
_LISTING = re.compile(r"/chuyen-muc/([a-z0-9-]+)")
_FEED = re.compile(r"/rss/([a-z0-9-]+)\.rss")


PATHS = c.Paths(
    article="/{category}/{slug}-post{id}.html",
    listing="/chuyen-muc/{category}",
    listing_page="/chuyen-muc/{category}?page={page}",
    video="/video/{slug}-v{id}.html",
    videos="/video",
    videos_page="/video?page={page}",
)


def shows_view_statistic(article: DemoArticle) -> bool:
    """Whether the JSON-LD carries the view count: most articles, not all, as on real portals."""
    return article.id % 3 != 0


RELATED_ITEM = '<li><a href="{href}">{title}</a> <time datetime="{iso}">{date}</time></li>'
RELATED = (
    '<section class="related"><h2>Tin mới</h2><ul class="related__list">{new}</ul>'
    '<h2>Cùng chuyên mục</h2><ul class="related__list">{other}</ul></section>'
)
VIDEO = (
    '<article class="video"><h1 class="video__title">{title}</h1><p class="video__section">{category}</p>'
    '<video controls preload="none"><source src="{src}" type="video/mp4"></video></article>'
)
PAGER = c.PagerMarkup(
    gap='<span class="pagination__gap">…</span>',
    current='<span class="pagination__item is-active">{n}</span>',
    number='<a class="pagination__item" href="{href}">{n}</a>',
    next='<a class="pagination__next" rel="next" href="{href}">Xem tiếp</a>',
    wrapper='<nav class="pagination">{items}</nav>',
)


def _other(site: DemoSite, path: str, query: dict[str, list[str]]) -> Page | None:
    """The sitemap, category feeds, and the `?page=N` listings."""
    page = _page_of(query)
    if path == "/sitemap.xml":
        return _sitemap(site)
    feed = _FEED.fullmatch(path)
    if feed:
        return _feed(site, feed.group(1))
    listing = _LISTING.fullmatch(path)
    if listing:
        return _listing(site, listing.group(1), page)
    if path == "/video":
        return _video_listing(site, page)
    return None


def _page_of(query: dict[str, list[str]]) -> int | None:
    values = query.get("page")
    if not values:
        return 1
    return int(values[-1]) if values[-1].isdigit() and int(values[-1]) >= 1 else None


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _json_ld(data: dict[str, Any]) -> str:
    # "</" would end the script element early.
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'


# ---------------------------------------------------------------- shell


def _shell(site: DemoSite, title: str, content: str, head: list[str] | None = None, status: int = 200) -> Page:
    menu = (
        '<li class="nav__item"><a href="/">Trang chủ</a></li>'
        + c.menu_items(site, PATHS.listing_path, '<li class="nav__item"><a href="{href}">{name}</a></li>')
        + f'<li class="nav__item"><a href="{PATHS.videos_path()}">Video</a></li>'
    )
    feeds = " ".join(
        f'<a href="/rss/{cat.slug}.rss">{escape(cat.name)}</a>' for cat in site.categories
    )
    body = [
        '<header class="site-header">',
        '<div class="topbar"><span class="topbar__date">'
        f"{c.weekday(site.today, capital=True)}, ngày {site.today:%d/%m/%Y} {c.HEADER_CLOCK:%H:%M}</span>"
        f'<span class="topbar__weather">{vocab.PROVINCE} 24°C</span></div>',
        f'<a class="site-logo" href="/">{escape(SITE_NAME)}</a>',
        f'<nav class="nav"><ul class="nav__list">{menu}</ul></nav>',
        "</header>",
        f'<main class="main">\n{content}\n</main>',
        _aside(site),
        '<footer class="site-footer">',
        f"<p>{c.copyright_years(site)} Cổng thông tin điện tử {escape(SITE_NAME)}.</p>",
        f"<p>{escape(c.LICENCE)}.</p>",
        f'<p class="site-footer__rss">RSS: {feeds} · <a href="/sitemap.xml">Sitemap</a></p>',
        "</footer>",
    ]
    return c.document(f"{title} | {SITE_NAME}", head or [], body, status)


def _aside(site: DemoSite) -> str:
    videos = c.link_items(site.videos[:5], PATHS.video_path)
    return f'<aside class="sidebar"><section class="box-video"><h2>Video</h2><ul>{videos}</ul></section></aside>'


# ---------------------------------------------------------------- listings


def _story(article: DemoArticle) -> str:
    href = escape(PATHS.article_href(article))
    thumb = escape(article.images[0].src if article.images else "/Uploads/images/default.png")
    return (
        f'<article class="story"><a class="story__thumb" href="{href}"><img src="{thumb}" alt="" loading="lazy"></a>\n'
        f'<h3 class="story__title"><a href="{href}">{escape(article.title)}</a></h3>\n'
        f'<time class="story__time" datetime="{_iso(article.published)}">{article.published:%d/%m/%Y}</time>\n'
        f'<p class="story__sapo">{escape(article.summary)}</p></article>'
    )


def _home(site: DemoSite) -> Page:
    sections = [
        '<section class="latest"><h2 class="section__title">Tin mới nhất</h2><div class="story-list">',
        *(_story(a) for a in site.articles[:c.HOME_ARTICLES]),
        "</div></section>",
    ]
    sections += c.home_categories(
        site, PATHS.listing_path, PATHS.article_href,
        '<section class="home-cat"><h2 class="section__title"><a href="{href}">{name}</a></h2>'
        "<ul>{links}</ul></section>",
    )
    return _shell(site, "Trang chủ", "\n".join(sections))


def _listing(site: DemoSite, slug: str, page: int | None) -> Page:
    found = c.category_page(site, slug, page)
    if found is None:
        return _not_found(site)
    category, paged = found
    content = "\n".join([
        f'<section class="category"><h1 class="category__title">{escape(category.name)}</h1>',
        '<div class="story-list">',
        *(_story(a) for a in paged.items),
        "</div>",
        c.pager(paged, lambda n: PATHS.listing_path(slug, n), PAGER),
        "</section>",
    ])
    head = [f'<link rel="alternate" type="application/rss+xml" href="/rss/{slug}.rss">']
    return _shell(site, category.name, content, head)


def _video_listing(site: DemoSite, page: int | None) -> Page:
    paged = c.page_slice(site.videos, page, c.VIDEOS_PER_PAGE)
    if paged is None:
        return _not_found(site)
    items = "\n".join(
        f'<article class="video-card"><h3 class="video-card__title"><a href="{escape(PATHS.video_path(v))}">'
        f"{escape(v.title)}</a></h3></article>"
        for v in paged.items
    )
    content = (
        f'<section class="videos"><h1 class="category__title">Video</h1>\n{items}\n'
        f"{c.pager(paged, PATHS.videos_path, PAGER)}</section>"
    )
    return _shell(site, "Video", content)


def _sitemap(site: DemoSite) -> Page:
    urls = "\n".join(
        f"<url><loc>{escape(PATHS.article_href(a))}</loc>"
        f"<lastmod>{_iso(c.modified_at(site, a))}</lastmod></url>"
        for a in site.articles
    )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}\n</urlset>\n'
    )
    return Page(200, XML, body.encode())


def _feed(site: DemoSite, slug: str) -> Page:
    category = site.category_by_slug(slug)
    if category is None:
        return _not_found(site)
    items = "\n".join(
        f"<item><title>{escape(a.title)}</title><link>{escape(PATHS.article_href(a))}</link>"
        f"<description>{escape(a.summary)}</description><pubDate>{format_datetime(a.published)}</pubDate>"
        f'<guid isPermaLink="false">post{a.id}</guid></item>'
        for a in site.articles_in(slug)[:FEED_ITEMS]
    )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(category.name)} - {escape(SITE_NAME)}</title><link>{PATHS.listing_path(slug)}</link>"
        f"<description>{escape(category.name)}</description><language>vi</language>\n{items}\n</channel></rss>\n"
    )
    return Page(200, RSS, body.encode())


# ---------------------------------------------------------------- detail pages


def news_article_ld(site: DemoSite, article: DemoArticle) -> dict[str, Any]:
    """The JSON-LD object of an article page."""
    path = PATHS.article_href(article)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": path},
        "headline": article.title,
        "description": article.summary,
        "image": [image.src for image in article.images],
        "datePublished": _iso(article.published),
        "dateModified": _iso(c.modified_at(site, article)),
        "articleSection": article.category.name,
        "publisher": {"@type": "Organization", "name": SITE_NAME,
                      "logo": {"@type": "ImageObject", "url": "/Uploads/logo.png"}},
    }
    if article.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in article.authors]
    if shows_view_statistic(article):
        data["interactionStatistic"] = {
            "@type": "InteractionCounter",
            "interactionType": "https://schema.org/ReadAction",
            "userInteractionCount": article.view_count,
        }
    return data


def _article_head(site: DemoSite, article: DemoArticle, path: str) -> list[str]:
    image = article.images[0].src if article.images else "/Uploads/logo.png"
    breadcrumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Trang chủ", "item": "/"},
            {"@type": "ListItem", "position": 2, "name": article.category.name,
             "item": PATHS.listing_path(article.category.slug)},
        ],
    }
    return [
        f'<meta name="description" content="{escape(article.summary)}">',
        f'<link rel="canonical" href="{escape(path)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:site_name" content="{escape(SITE_NAME)}">',
        f'<meta property="og:title" content="{escape(article.title)}">',
        f'<meta property="og:description" content="{escape(article.summary)}">',
        f'<meta property="og:url" content="{escape(path)}">',
        f'<meta property="og:image" content="{escape(image)}">',
        f'<meta property="article:published_time" content="{_iso(article.published)}">',
        f'<meta property="article:modified_time" content="{_iso(c.modified_at(site, article))}">',
        f'<meta property="article:section" content="{escape(article.category.name)}">',
        _json_ld(news_article_ld(site, article)),
        _json_ld(breadcrumbs),
    ]


def _image(image: DemoImage, rng: random.Random) -> str:
    width = rng.choice((640, 800, 1024))
    return (
        f'<figure class="article__image"><img src="{escape(image.src)}" alt="" width="{width}" loading="lazy">'
        f"<figcaption>{escape(image.caption)}</figcaption></figure>"
    )


def _article(site: DemoSite, article: DemoArticle) -> Page:
    path = PATHS.article_href(article)
    author = (
        f'<p class="article__author">{escape(article.byline_raw)}</p>' if article.byline_raw is not None else ""
    )
    lines = [
        '<nav class="breadcrumb" aria-label="breadcrumb"><ol><li><a href="/">Trang chủ</a></li>'
        f'<li><a href="{PATHS.listing_path(article.category.slug)}">{escape(article.category.name)}</a></li>'
        "</ol></nav>",
        '<article class="article">',
        '<header class="article__header">',
        f'<h1 class="article__title">{escape(article.title)}</h1>',
        f'<div class="article__meta"><time class="article__time" datetime="{_iso(article.published)}">'
        f"{article.published:%d/%m/%Y %H:%M}</time> "
        f'<span class="article__views">{dotted(article.view_count)} lượt xem</span></div>',
        "</header>",
        f'<p class="article__sapo">{escape(article.summary)}</p>',
        f'<div class="article__body">\n{c.body_html(site, article, PATHS, _image)}\n</div>',
        f'<footer class="article__footer">{author}</footer>' if author else "",
        "</article>",
        c.related_html(site, article, PATHS, RELATED_ITEM, RELATED),
    ]
    content = "\n".join(line for line in lines if line)
    return _shell(site, article.title, content, _article_head(site, article, path))


def _video(site: DemoSite, video: DemoVideo) -> Page:
    return _shell(site, video.title, c.video_html(video, VIDEO))


def _not_found(site: DemoSite, status: int = 404) -> Page:
    content = '<section class="error"><h1>Không tìm thấy nội dung</h1><p><a href="/">Về trang chủ</a></p></section>'
    return _shell(site, "Không tìm thấy", content, status=status)


LAYOUT = c.layout(
    c.Routes(ROBOTS, PATHS, home=_home, article=_article, video=_video, not_found=_not_found, other=_other),
    name=NAME,
    description="modern portal: JSON-LD NewsArticle, og:/article: meta, <time datetime>, sitemap.xml and RSS",
    profile="demo-jsonld", shows_modified=True,
)
