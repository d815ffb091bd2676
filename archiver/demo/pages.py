"""HTML (and robots, media) of the demo portal: `render(site, target)` → `Page`.

Pure functions of the site and the request target; no I/O. The inline markup of article
bodies (links, bold, `&nbsp;`...) is drawn from `random.Random` seeded with the site seed
and the article id, so it is stable and never changes the text the generator recorded.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from html import escape
from urllib.parse import parse_qs, unquote, urlsplit

from archiver.demo import vocabulary as vocab
from archiver.demo.generator import DemoArticle, DemoImage, DemoSite, DemoVideo, GonePage, dotted, fold_ascii
from archiver.demo.variants import DEFAULT_VARIANT, layout

HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
ARTICLES_PER_PAGE = 10
VIDEOS_PER_PAGE = 12
HOME_ARTICLES = 10
SIDEBAR_VIDEOS = 5
SEARCH_RESULTS = 20
PAGER_RADIUS = 4
TRACKING_QUERY = "utm_source=trangchu&utm_medium=web"
NO_IMAGE = "/Uploads/images/no-image.jpg"
MOBILE_PREFIX = "/m"
ROBOTS_TXT = "User-agent: *\nDisallow: /admin/\nDisallow: /tim-kiem\n"
WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
# A few bytes with the right magic number per media type: enough for a HEAD or a sniffing client.
MEDIA: dict[str, tuple[str, bytes]] = {
    ".jpg": ("image/jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".gif": ("image/gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
    ".mp4": ("video/mp4", b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"),
}
_LISTING = re.compile(r"/tin-tuc/([a-z0-9-]+)")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Page:
    """One HTTP answer: status, content type, body and any extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class _View:
    """Which rendition is asked for (desktop or /m mobile) and the desktop path + query."""

    mobile: bool
    path: str
    query: str

    def link(self, href: str) -> str:
        """An internal path as this rendition links to it (mobile pages stay under /m)."""
        if self.mobile and href.startswith("/"):
            return MOBILE_PREFIX + href
        return href

    def other_rendition(self) -> str:
        """Same page in the other rendition (path + query)."""
        path = self.path if self.mobile else MOBILE_PREFIX + self.path
        return f"{path}?{self.query}" if self.query else path


# ---------------------------------------------------------------- entry point


def render(site: DemoSite, target: str) -> Page:
    """The answer to a GET of `target` (path plus optional query, or an absolute URL)."""
    if site.variant != DEFAULT_VARIANT:  # this module renders the default layout; the others live in variants/
        return layout(site.variant).render(site, target)
    parts = urlsplit(target)
    path = unquote(parts.path) or "/"
    if path == "/robots.txt":
        return Page(200, TEXT, ROBOTS_TXT.encode())
    if path.startswith("/Uploads/"):
        return _media(path)
    mobile = path == MOBILE_PREFIX or path.startswith(MOBILE_PREFIX + "/")
    desktop_path = (path[len(MOBILE_PREFIX):] or "/") if mobile else path
    view = _View(mobile, desktop_path, parts.query)
    if mobile and desktop_path.startswith(("/admin/", "/Uploads/", "/robots.txt")):
        return _not_found(site, view)
    return _route(site, view)


def _route(site: DemoSite, view: _View) -> Page:
    """Dispatch on the desktop path."""
    path = view.path
    gone = site.gone_page(path)
    if gone is not None:
        return _gone(site, view, gone)
    if path == "/":
        return _home(site, view)
    if path == "/video":
        return _video_listing(site, view)
    if path == "/tim-kiem":
        return _search(site, view)
    if path == "/admin/login.aspx":
        return _login()
    listing = _LISTING.fullmatch(path)
    if listing:
        return _article_listing(site, view, listing.group(1))
    article = site.article_by_path(path)
    if article is not None:
        return _article(site, view, article)
    video = site.video_by_path(path)
    if video is not None:
        return _video(site, view, video)
    return _not_found(site, view)


def _gone(site: DemoSite, view: _View, gone: GonePage) -> Page:
    """A taken-down article: not found, or sent to another page as portals do after a clean-up."""
    if gone.location is None:
        return _not_found(site, view) if gone.status == 404 else replace(_not_found(site, view), status=gone.status)
    location = (MOBILE_PREFIX + gone.location) if view.mobile else gone.location
    return Page(gone.status, TEXT, b"", headers=(("Location", location),))


# ---------------------------------------------------------------- shell


def _html_page(site: DemoSite, view: _View, title: str, content: str, status: int = 200) -> Page:
    """A full HTML document: the shared header, the content, the sidebar (desktop) and footer."""
    return document(
        f"{title} - Ủy ban MTTQ Việt Nam tỉnh {vocab.PROVINCE}",
        ['<meta name="viewport" content="width=device-width, initial-scale=1">' if view.mobile else ""],
        [
            _header(site, view),
            f'<div id="content">\n{content}\n</div>',
            "" if view.mobile else _sidebar(site),
            _footer(view),
        ],
        status,
        body_tag='<body class="mobile">' if view.mobile else "<body>",
    )


def document(title: str, head: list[str], body: list[str], status: int = 200, body_tag: str = "<body>") -> Page:
    """A UTF-8 HTML5 document from head and body lines (empty lines dropped); every layout's pages."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="vi">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(title)}</title>",
        *head,
        "</head>",
        body_tag,
        *body,
        "</body>",
        "</html>",
    ]
    return Page(status, HTML, "\n".join(p for p in parts if p).encode())


def _header(site: DemoSite, view: _View) -> str:
    """Rendition switch, date, slogan, menu and search box."""
    switch_class, switch_label = (
        ("desktop-link", "Phiên bản desktop") if view.mobile else ("mobile-link", "Phiên bản mobile")
    )
    menu = [f'<li><a href="{view.link("/")}">Trang chủ</a></li>']
    menu += [f'<li><a href="{view.link("/tin-tuc/" + c.slug)}">{escape(c.name)}</a></li>' for c in site.categories]
    menu.append(f'<li><a href="{view.link("/video")}">Video</a></li>')
    return "\n".join([
        '<div id="header">',
        f'<a class="{switch_class}" href="{escape(view.other_rendition())}">{switch_label}</a> '
        '<span class="mode">Mode: </span>',
        f'<div class="header-date">{_long_date(site.today)}</div>',
        f'<div class="slogan">{escape(vocab.SLOGAN)}</div>',
        f'<div id="menu">MENU <ul>{"".join(menu)}</ul></div>',
        '<form action="/tim-kiem" method="get"><input name="q" type="text" placeholder="Tìm kiếm"></form>',
        "</div>",
    ])


def _sidebar(site: DemoSite) -> str:
    """Newest videos and the external-links select (desktop only)."""
    videos = "".join(
        f'<li><a href="{escape(v.path)}">{escape(v.title)}</a></li>' for v in site.videos[:SIDEBAR_VIDEOS]
    )
    options = "".join(f'<option value="{escape(url)}">{escape(label)}</option>' for label, url in site.web_links)
    return "\n".join([
        '<div id="sidebar">',
        f'<div class="video-box"><h3>Tên Video</h3><ul>{videos}</ul></div>',
        '<div class="web-links"><h3>LIÊN KẾT WEB</h3>'
        '<select onchange="if (this.value) window.open(this.value);">'
        f'<option value="">-- Liên kết web --</option>{options}</select></div>',
        "</div>",
    ])


def _footer(view: _View) -> str:
    """Copyright line; the admin link is desktop only (it is not a page of the mobile site)."""
    admin = "" if view.mobile else ' <a href="/admin/login.aspx">Quản trị</a>'
    return (
        f'<div id="footer">© 2016 Bản quyền thuộc Ủy ban MTTQ Việt Nam tỉnh {vocab.PROVINCE}. '
        f"Chịu trách nhiệm nội dung: Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh.{admin}</div>"
    )


def _long_date(day: date) -> str:
    """`Thứ bảy, 20/01/2024`."""
    return f"{WEEKDAYS[day.weekday()]}, {day:%d/%m/%Y}"


def _full_date(article: DemoArticle) -> str:
    """`(17/09/2023)`: how listings and related links date an article."""
    return f"({article.published:%d/%m/%Y})"


# ---------------------------------------------------------------- listings


def _page_number(view: _View) -> int | None:
    """The `trang` parameter (1 when absent); None when it is not a positive integer."""
    values = parse_qs(view.query).get("trang")
    if not values:
        return 1
    value = values[-1]
    return int(value) if value.isdigit() and int(value) >= 1 else None


def _news_item(article: DemoArticle, href: str) -> str:
    """One listing entry."""
    thumb = article.images[0].src if article.images else NO_IMAGE
    link = escape(href)
    return (
        f'<div class="news-item"><a href="{link}"><img src="{escape(thumb)}" alt=""></a>\n'
        f'<a class="news-title" href="{link}">{escape(article.title)}</a> '
        f'<span class="news-date">{_full_date(article)}</span>\n'
        f'<div class="news-summary">{escape(article.summary)}</div></div>'
    )


def _news_list(articles: Iterable[DemoArticle], view: _View, query: str = "") -> str:
    """A `news-list` block; `query` is appended to every entry link (home-page tracking)."""
    suffix = f"?{query}" if query else ""
    items = "\n".join(_news_item(a, view.link(a.path) + suffix) for a in articles)
    return f'<div class="news-list">\n{items}\n</div>'


def _pager(base: str, page: int, pages: int, view: _View) -> str:
    """Numbers around the current page, first and last, and `a.next` unless on the last page."""
    shown = sorted({1, pages, *range(max(1, page - PAGER_RADIUS), min(pages, page + PAGER_RADIUS) + 1)})
    parts: list[str] = []
    previous = 0
    for number in shown:
        if number > previous + 1:
            parts.append('<span class="dots">...</span>')
        if number == page:
            parts.append(f'<span class="current">{number}</span>')
        else:
            parts.append(f'<a href="{escape(view.link(f"{base}?trang={number}"))}">{number}</a>')
        previous = number
    if page < pages:
        parts.append(f'<a class="next" href="{escape(view.link(f"{base}?trang={page + 1}"))}">Trang sau</a>')
    return f'<div class="pager">{" ".join(parts)}</div>'


def _paginate(items: Sequence[object], view: _View, per_page: int) -> tuple[int, int] | None:
    """(page, page count) for the request, or None when the page does not exist."""
    page = _page_number(view)
    pages = max(1, math.ceil(len(items) / per_page))
    if page is None or page > pages:
        return None
    return page, pages


def _home(site: DemoSite, view: _View) -> Page:
    """Newest articles (links carry tracking parameters) and every category."""
    categories = "".join(
        f'<li><a href="{view.link("/tin-tuc/" + c.slug)}">{escape(c.name)}</a></li>' for c in site.categories
    )
    content = "\n".join([
        '<div class="home-news"><h2 class="home-title">Tin mới nhất</h2>',
        _news_list(site.articles[:HOME_ARTICLES], view, TRACKING_QUERY),
        "</div>",
        f'<div class="home-categories"><h2>Chuyên mục</h2><ul>{categories}</ul></div>',
    ])
    return _html_page(site, view, "Trang chủ", content)


def _article_listing(site: DemoSite, view: _View, slug: str) -> Page:
    """`/tin-tuc/{slug}?trang=N`: 10 entries a page, newest first."""
    category = site.category_by_slug(slug)
    articles = site.articles_in(slug)
    paging = _paginate(articles, view, ARTICLES_PER_PAGE) if category else None
    if category is None or paging is None:
        return _not_found(site, view)
    page, pages = paging
    shown = articles[(page - 1) * ARTICLES_PER_PAGE: page * ARTICLES_PER_PAGE]
    content = "\n".join([
        f'<h1 class="cat-title">{escape(category.name)}</h1>',
        _news_list(shown, view),
        _pager(f"/tin-tuc/{slug}", page, pages, view),
    ])
    return _html_page(site, view, category.name, content)


def _video_listing(site: DemoSite, view: _View) -> Page:
    """`/video?trang=N`: 12 videos a page, newest first."""
    paging = _paginate(site.videos, view, VIDEOS_PER_PAGE)
    if paging is None:
        return _not_found(site, view)
    page, pages = paging
    shown = site.videos[(page - 1) * VIDEOS_PER_PAGE: page * VIDEOS_PER_PAGE]
    items = "\n".join(
        f'<div class="video-item"><a class="video-title" href="{escape(view.link(v.path))}">{escape(v.title)}</a></div>'
        for v in shown
    )
    content = "\n".join([
        '<h1 class="cat-title">Video</h1>',
        f'<div class="video-list">\n{items}\n</div>',
        _pager("/video", page, pages, view),
    ])
    return _html_page(site, view, "Video", content)


def _search(site: DemoSite, view: _View) -> Page:
    """`/tim-kiem?q=`: titles containing the words, diacritics folded (disallowed by robots.txt)."""
    query = " ".join(parse_qs(view.query).get("q", [""])[-1].split())
    needle = fold_ascii(query).lower()
    found = [a for a in site.articles if needle and needle in fold_ascii(a.title).lower()][:SEARCH_RESULTS]
    content = "\n".join([
        '<h1 class="cat-title">Kết quả tìm kiếm</h1>',
        f'<div class="search-query">Từ khóa: {escape(query)} ({len(found)} kết quả)</div>',
        _news_list(found, view),
    ])
    return _html_page(site, view, "Tìm kiếm", content)


# ---------------------------------------------------------------- detail pages


def _article(site: DemoSite, view: _View, article: DemoArticle) -> Page:
    """An article page: category, title, the one-line meta, body, author, related links."""
    meta = (
        f"Người đăng: {article.poster} Ngày đăng: {article.published:%H:%M | %d/%m} "
        f"Lượt xem: {dotted(article.view_count)}"
    )
    author = (
        f'<div class="detail-author">Tác giả: {escape(article.byline_raw)}</div>'
        if article.byline_raw is not None else ""
    )
    lines = [
        '<div class="breadcrumb">Chi tiết tin</div>',
        '<div class="detail">',
        f'<div class="detail-category"><a href="{view.link("/tin-tuc/" + article.category.slug)}">'
        f"{escape(article.category.name)}</a></div>",
        f'<h1 class="detail-title">{escape(article.title)}</h1>',
        f'<div class="detail-meta">{escape(meta)}</div>',
        f'<div class="detail-content">\n{_body_html(site, article, view)}\n</div>',
        author,
        '<div class="detail-back"><a href="javascript:history.back()">[Trở về]</a></div>',
        _other_news(site, article, view),
        "</div>",
    ]
    return _html_page(site, view, article.title, "\n".join(line for line in lines if line))


def _other_news(site: DemoSite, article: DemoArticle, view: _View) -> str:
    """The "Các tin mới:" and "Các tin khác:" blocks, each link dated (dd/mm/yyyy)."""

    def items(kind: str) -> str:
        out = []
        for link in article.related:
            if link.kind != kind:
                continue
            linked = site.article_by_path(link.path)
            when = _full_date(linked) if linked else ""
            href = escape(view.link(link.path))
            out.append(f'<li><a href="{href}">{escape(link.title)}</a> <span>{when}</span></li>')
        return "".join(out)

    return (
        f'<div class="other-news"><h3>Các tin mới:</h3><ul>{items("new")}</ul>\n'
        f'<h3>Các tin khác:</h3><ul>{items("other")}</ul></div>'
    )


def _video(site: DemoSite, view: _View, video: DemoVideo) -> Page:
    """A video page: category, title, the player."""
    content = "\n".join([
        '<div class="video-detail">',
        f'<div class="video-category">{escape(video.category.name)}</div>',
        f'<h1 class="video-title">{escape(video.title)}</h1>',
        f'<video controls><source src="{escape(video.media_url)}" type="video/mp4"></video>',
        "</div>",
    ])
    return _html_page(site, view, video.title, content)


# ---------------------------------------------------------------- article body markup


def _body_html(site: DemoSite, article: DemoArticle, view: _View) -> str:
    return blocks_html(article, random.Random(f"{site.seed}:body:{article.id}"), view, _image_html)


def blocks_html(
    article: DemoArticle, rng: random.Random, view: _View, image_html: Callable[[DemoImage, random.Random], str]
) -> str:
    """Body blocks as CMS-style HTML; image captions are recognised in order among the blocks.

    Shared with the other layouts (archiver/demo/variants), which pass their own picture markup.
    """
    targets = [link.path for link in article.related] or ["/tin-tuc/" + article.category.slug]
    pending = list(article.images)
    out = []
    for index, block in enumerate(article.body_blocks):
        if pending and block == pending[0].caption:
            out.append(image_html(pending.pop(0), rng))
        else:
            out.append(_paragraph_html(block, index == 0, rng, targets, view))
    return "\n".join(out)


def _image_html(image: DemoImage, rng: random.Random) -> str:
    """A picture table as rich-text editors emit it; some captions are italic."""
    caption = escape(image.caption)
    if rng.random() < 0.4:
        caption = f"<em>{caption}</em>"
    return (
        '<table class="image" align="center" border="0" cellpadding="1" cellspacing="1"><tbody>\n'
        f'<tr><td><img alt="" src="{escape(image.src)}" style="width: 500px; height: 333px;"></td></tr>\n'
        f'<tr><td class="image-caption">{caption}</td></tr>\n'
        "</tbody></table>"
    )


def _paragraph_html(text: str, first: bool, rng: random.Random, targets: list[str], view: _View) -> str:
    """One `<p>`: a bold lead paragraph sometimes, else inline links and emphasis."""
    opening = '<p style="text-align: justify;">' if rng.random() < 0.4 else "<p>"
    if first and rng.random() < 0.3:
        inner = f"<strong>{escape(text)}</strong>"
    else:
        inner = _inline_html(text, rng, targets, view)
    if rng.random() < 0.15:
        inner = f'<span style="font-size: 14px;">{inner}</span>'
    indent = "&nbsp;" if rng.random() < 0.1 else ""
    return f"{opening}{indent}{inner}</p>"


_Span = tuple[int, int, str, str]  # start, end, tag, href ("" for emphasis)
# Clause boundaries: punctuation followed by a space or the end (so "1.500" and "5,4" stay
# whole), and quotes or brackets anywhere. Clauses make natural anchors for links and bold.
_BOUNDARY = re.compile(r'[,.;:!?](?=\s|$)|["()]')


def _inline_html(text: str, rng: random.Random, targets: list[str], view: _View) -> str:
    """`text` with at most one link and one emphasis; the characters are left untouched."""
    clauses = _clauses(text)
    spans: list[_Span] = []
    if rng.random() < 0.45:
        link = _link_span(text, clauses, rng, targets)
        spans += [link] if link else []
    if clauses and rng.random() < 0.35:
        # Editors mostly bold figures; prefer a clause holding a number.
        numeric = [c for c in clauses if any(ch.isdigit() for ch in text[c[0]:c[1]])]
        start, end = rng.choice(numeric or clauses)
        if all(end <= s or start >= e for s, e, _, _ in spans):
            spans.append((start, end, rng.choice(("b", "strong", "em")), ""))
    return _spans_to_html(text, sorted(spans), rng, view)


def _clauses(text: str) -> list[tuple[int, int]]:
    """Offsets of clauses of 2 to 8 words (without their surrounding spaces)."""
    cuts = [0, *(i for m in _BOUNDARY.finditer(text) for i in (m.start(), m.end())), len(text)]
    found = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=True):
        chunk = text[start:end]
        start += len(chunk) - len(chunk.lstrip())
        end -= len(chunk) - len(chunk.rstrip())
        if 2 <= len(text[start:end].split()) <= 8:
            found.append((start, end))
    return found


def _link_span(text: str, clauses: list[tuple[int, int]], rng: random.Random, targets: list[str]) -> _Span | None:
    """A link on a known phrase, or else on a short clause; unnamed targets are related articles."""
    found = [(text.find(phrase), phrase, href) for phrase, href in vocab.LINK_PHRASES if phrase in text]
    if found:
        start, phrase, href = rng.choice(found)
        return start, start + len(phrase), "a", href or rng.choice(targets)
    if not clauses:
        return None
    start, end = rng.choice(clauses)
    return start, end, "a", rng.choice(targets)


def _spans_to_html(text: str, spans: list[_Span], rng: random.Random, view: _View) -> str:
    """Escape the text between spans (sometimes with an `&nbsp;`) and wrap each span in its tag."""
    out = []
    position = 0
    for start, end, tag, href in spans:
        out.append(_gap_html(text[position:start], rng))
        inner = escape(text[start:end])
        if tag == "a":
            external = ' target="_blank"' if href.startswith("http") else ""
            out.append(f'<a href="{escape(view.link(href))}"{external}>{inner}</a>')
        else:
            out.append(f"<{tag}>{inner}</{tag}>")
        position = end
    out.append(_gap_html(text[position:], rng))
    return "".join(out)


def _gap_html(text: str, rng: random.Random) -> str:
    """Escaped text; now and then one space becomes `&nbsp;` (it still reads as one space)."""
    html = escape(text)
    spaces = [m.start() for m in re.finditer(" ", html)]
    if spaces and rng.random() < 0.1:
        at = rng.choice(spaces)
        html = html[:at] + rng.choice(("&nbsp;", "&nbsp; ", " &nbsp;")) + html[at + 1:]
    return html


# ---------------------------------------------------------------- other answers


def _media(path: str) -> Page:
    """Pictures and videos under /Uploads/: a few bytes of the right type (never crawled)."""
    for suffix, (content_type, body) in MEDIA.items():
        if path.lower().endswith(suffix):
            return Page(200, content_type, body, (("Cache-Control", "max-age=86400"),))
    return Page(404, TEXT, b"Not Found\n")


def _login() -> Page:
    """The CMS login form (robots.txt disallows /admin/; a polite crawler never sees this)."""
    body = (
        '<!DOCTYPE html>\n<html lang="vi">\n<head><meta charset="utf-8"><title>Đăng nhập quản trị</title></head>\n'
        '<body><form class="login" method="post" action="/admin/login.aspx">'
        '<input name="user"><input name="password" type="password"><button>Đăng nhập</button></form></body>\n</html>'
    )
    return Page(200, HTML, body.encode())


def _not_found(site: DemoSite, view: _View) -> Page:
    """The 404 page, in the shell of the rendition asked for."""
    content = (
        '<h1 class="cat-title">Không tìm thấy trang</h1>\n'
        "<p>Trang bạn yêu cầu không tồn tại hoặc đã bị gỡ bỏ.</p>\n"
        f'<p><a href="{view.link("/")}">Về trang chủ</a></p>'
    )
    return _html_page(site, view, "Không tìm thấy trang", content, status=404)
