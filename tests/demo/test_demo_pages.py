"""The demo portal's markup: parsed with the stdlib, it must say exactly what the generator recorded."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser

import pytest

from archiver.demo import DemoSite, build_site, render
from archiver.demo.generator import DemoArticle, dotted

META = re.compile(r"Người đăng: \S.* Ngày đăng: \d\d:\d\d \| \d\d/\d\d Lượt xem: [\d.]+")
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


# ---------------------------------------------------------------- a tiny stdlib DOM


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def clean_text(self) -> str:
        return " ".join(self.text().split())  # str.split() also splits on nbsp

    def iter(self) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [
            n for n in self.iter()
            if (tag is None or n.tag == tag) and (cls is None or cls in n.attrs.get("class", "").split())
        ]

    def find(self, tag: str | None = None, cls: str | None = None) -> Node:
        found = self.find_all(tag, cls)
        assert found, f"no <{tag} class={cls}>"
        return found[0]

    def elements(self) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node)]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"  # well-formed markup
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(body: bytes) -> Node:
    builder = _TreeBuilder()
    builder.feed(body.decode("utf-8"))
    builder.close()
    assert builder.stack == [builder.root]
    return builder.root


def get(site: DemoSite, target: str, status: int = 200) -> Node:
    page = render(site, target)
    assert page.status == status, target
    assert page.content_type == "text/html; charset=utf-8"
    return parse(page.body)


def body_blocks(doc: Node) -> list[str]:
    """Text of every paragraph and image caption of the article body, in order."""
    blocks = []
    for element in doc.find("div", "detail-content").elements():
        if element.tag == "p":
            blocks.append(element.clean_text())
        elif element.tag == "table" and "image" in element.attrs["class"]:
            blocks.append(element.find("td", "image-caption").clean_text())
    return blocks


def content(site: DemoSite, target: str) -> bytes:
    """The page-specific part of a page (the header's rendition link carries the query)."""
    body = render(site, target).body
    return body[body.index(b'<div id="content">'):]


def by_id(doc: Node, element_id: str) -> Node:
    return next(n for n in doc.iter() if n.attrs.get("id") == element_id)


def hrefs(doc: Node) -> list[str]:
    return [a.attrs["href"] for a in doc.find_all("a")]


@pytest.fixture(scope="module")
def site() -> DemoSite:
    return build_site()


@pytest.fixture(scope="module")
def small_site() -> DemoSite:
    return build_site(seed=11, articles=45, videos=15)


# ---------------------------------------------------------------- article pages


def test_article_body_parses_back_to_body_blocks(site: DemoSite) -> None:
    for article in site.articles:
        doc = get(site, article.path)
        assert body_blocks(doc) == list(article.body_blocks), article.path


def test_article_page_fields_match_the_truth(site: DemoSite) -> None:
    for article in site.articles[::7]:
        doc = get(site, article.path)
        assert doc.find("h1", "detail-title").text() == article.title
        category = doc.find("div", "detail-category").find("a")
        assert (category.text(), category.attrs["href"]) == (article.category.name, f"/tin-tuc/{article.category.slug}")
        tables = doc.find("div", "detail-content").find_all("table", "image")
        assert [(t.find("img").attrs["src"], t.find("td", "image-caption").clean_text()) for t in tables] == [
            (image.src, image.caption) for image in article.images
        ]
        authors = doc.find_all("div", "detail-author")
        if article.byline_raw is None:
            assert authors == []
        else:
            assert [a.text() for a in authors] == [f"Tác giả: {article.byline_raw}"]
        assert doc.find("div", "breadcrumb").text() == "Chi tiết tin"


def test_meta_line_format(site: DemoSite) -> None:
    for article in site.articles:
        meta = get(site, article.path).find("div", "detail-meta").text()
        assert META.fullmatch(meta), meta
        assert not re.search(r"\d{4}", meta), meta  # no year; counts >= 1000 are dotted
        assert meta == (
            f"Người đăng: {article.poster} Ngày đăng: {article.published:%H:%M | %d/%m} "
            f"Lượt xem: {dotted(article.view_count)}"
        )


def test_related_blocks_match_the_truth(site: DemoSite) -> None:
    for article in site.articles[::9]:
        other_news = get(site, article.path).find("div", "other-news")
        assert [h.text() for h in other_news.find_all("h3")] == ["Các tin mới:", "Các tin khác:"]
        new_list, other_list = other_news.find_all("ul")
        seen = []
        for kind, ul in (("new", new_list), ("other", other_list)):
            for li in ul.find_all("li"):
                link = li.find("a")
                linked = site.article_by_path(link.attrs["href"])
                assert linked is not None
                assert li.find("span").text() == f"({linked.published:%d/%m/%Y})"
                seen.append((kind, link.attrs["href"], link.text()))
        assert seen == [(r.kind, r.path, r.title) for r in article.related]


def test_body_has_inline_markup_and_nbsp(site: DemoSite) -> None:
    contents = [render(site, a.path).body.decode() for a in site.articles[:120]]
    joined = "".join(contents)
    for marker in ("<b>", "<strong>", "<em>", "&nbsp;", 'target="_blank"'):
        assert marker in joined, marker
    with_links = [c for c in contents if re.search(r"<p[^>]*>[^\n]*<a href=", c)]
    assert len(with_links) > len(contents) // 2


def test_titles_with_quotes_and_ampersands_are_escaped(site: DemoSite) -> None:
    title = 'Hỏi & đáp: "Quỹ <Vì người nghèo>"'
    article = replace(site.articles[0], title=title, byline_raw="A & B", authors=("A & B",))
    tricky = replace(site, articles=(article, *site.articles[1:]))
    page = render(tricky, article.path).body.decode()
    assert "Hỏi &amp; đáp: &quot;Quỹ &lt;Vì người nghèo&gt;&quot;" in page
    doc = parse(page.encode())
    assert doc.find("h1", "detail-title").text() == article.title
    assert doc.find("div", "detail-author").text() == "Tác giả: A & B"


# ---------------------------------------------------------------- listings


def _walk_listing(site: DemoSite, start: str, item_cls: str, link_cls: str) -> list[str]:
    """Follow a.next from `start`; the hrefs of every entry in order."""
    seen: list[str] = []
    target: str | None = start
    while target:
        doc = get(site, target)
        seen += [item.find("a", link_cls).attrs["href"] for item in doc.find_all("div", item_cls)]
        pager = doc.find("div", "pager")
        nexts = pager.find_all("a", "next")
        target = nexts[0].attrs["href"] if nexts else None
    return seen


def test_category_pagination_covers_every_article_once(site: DemoSite) -> None:
    for category in site.categories:
        seen = _walk_listing(site, f"/tin-tuc/{category.slug}", "news-item", "news-title")
        expected = [a.path for a in site.articles if a.category == category]
        assert seen == expected  # each exactly once, newest first


def test_listing_entries_markup(site: DemoSite) -> None:
    category = site.categories[1]
    doc = get(site, f"/tin-tuc/{category.slug}?trang=2")
    assert doc.find("h1", "cat-title").text() == category.name
    items = doc.find("div", "news-list").find_all("div", "news-item")
    assert len(items) == 10
    articles = site.articles_in(category.slug)[10:20]
    for item, article in zip(items, articles, strict=True):
        assert item.find("a", "news-title").text() == article.title
        assert item.find("span", "news-date").text() == f"({article.published:%d/%m/%Y})"
        assert item.find("div", "news-summary").text() == article.summary
        assert item.find("img").attrs["src"]
    pager = doc.find("div", "pager")
    assert pager.find("span", "current").text() == "2"
    assert pager.find("a", "next").attrs["href"] == f"/tin-tuc/{category.slug}?trang=3"


def test_listing_page_one_and_bad_pages(site: DemoSite) -> None:
    slug = site.categories[0].slug
    assert content(site, f"/tin-tuc/{slug}") == content(site, f"/tin-tuc/{slug}?trang=1")
    pages = -(-len(site.articles_in(slug)) // 10)
    last = get(site, f"/tin-tuc/{slug}?trang={pages}")
    assert last.find("div", "pager").find_all("a", "next") == []
    for bad in (pages + 1, 0, "abc", -1):
        assert render(site, f"/tin-tuc/{slug}?trang={bad}").status == 404
    assert render(site, "/tin-tuc/khong-co-chuyen-muc").status == 404


def test_video_listing_and_pages(site: DemoSite) -> None:
    seen = _walk_listing(site, "/video", "video-item", "video-title")
    assert seen == [v.path for v in site.videos]
    assert len(get(site, "/video").find_all("div", "video-item")) == 12
    assert get(site, "/video").find("h1", "cat-title").text() == "Video"
    for video in site.videos[::5]:
        doc = get(site, video.path)
        assert doc.find("div", "video-category").text() == video.category.name
        assert doc.find("h1", "video-title").text() == video.title
        source = doc.find("video").find("source")
        assert (source.attrs["src"], source.attrs["type"]) == (video.media_url, "video/mp4")
    assert render(site, "/video?trang=99").status == 404


def test_home_page(site: DemoSite) -> None:
    doc = get(site, "/")
    titles = doc.find_all("a", "news-title")
    assert [a.text() for a in titles] == [a.title for a in site.articles[:10]]
    tracked = [f"{a.path}?utm_source=trangchu&utm_medium=web" for a in site.articles[:10]]
    assert [a.attrs["href"] for a in titles] == tracked
    assert [s.text() for s in doc.find_all("span", "news-date")] == [
        f"({a.published:%d/%m/%Y})" for a in site.articles[:10]
    ]
    links = hrefs(doc)
    for category in site.categories:
        assert f"/tin-tuc/{category.slug}" in links
    # tracked URLs still serve the article
    assert content(site, titles[0].attrs["href"]) == content(site, site.articles[0].path)


# ---------------------------------------------------------------- the shell


def test_desktop_shell(site: DemoSite) -> None:
    page = render(site, "/tin-tuc/tin-hoat-dong?trang=2").body.decode()
    assert '<html lang="vi">' in page
    doc = parse(page.encode())
    assert doc.find("a", "mobile-link").attrs["href"] == "/m/tin-tuc/tin-hoat-dong?trang=2"
    assert doc.find("div", "header-date").text() == "Thứ bảy, 20/01/2024"
    assert doc.find("div", "slogan").text().startswith("PHÁT HUY Ý CHÍ VÀ SỨC MẠNH ĐẠI ĐOÀN KẾT TOÀN DÂN TỘC")
    menu = hrefs(by_id(doc, "menu"))
    assert menu == ["/", *[f"/tin-tuc/{c.slug}" for c in site.categories], "/video"]
    sidebar = by_id(doc, "sidebar")
    box = sidebar.find("div", "video-box")
    assert [(a.attrs["href"], a.text()) for a in box.find_all("a")] == [(v.path, v.title) for v in site.videos[:5]]
    options = sidebar.find("div", "web-links").find("select").find_all("option")
    assert [(o.attrs["value"], o.text()) for o in options[1:]] == [(u, label) for label, u in site.web_links]
    assert doc.find("form").attrs["action"] == "/tim-kiem"
    assert get(site, "/").find("a", "mobile-link").attrs["href"] == "/m/"


def test_robots_txt(site: DemoSite) -> None:
    page = render(site, "/robots.txt")
    assert (page.status, page.content_type) == (200, "text/plain; charset=utf-8")
    assert page.body.decode().splitlines() == ["User-agent: *", "Disallow: /admin/", "Disallow: /tim-kiem"]


def test_unknown_paths_are_404_html(site: DemoSite) -> None:
    unknown = ("/khong-co", "/tin-tuc/tin-hoat-dong/khong-co-1.html", "/video/1-x.html", "/m/khong-co", "/m/robots.txt")
    for target in unknown:
        doc = get(site, target, status=404)
        assert doc.find("h1", "cat-title").text() == "Không tìm thấy trang"


def test_media_answers_with_the_right_type(site: DemoSite) -> None:
    article = next(a for a in site.articles if a.images)
    image = render(site, article.images[0].src)
    assert (image.status, image.content_type) == (200, "image/jpeg")
    media = render(site, site.videos[0].media_url)
    assert (media.status, media.content_type) == (200, "video/mp4") and media.body


def test_search_page(site: DemoSite) -> None:
    article = site.articles[3]
    doc = get(site, "/tim-kiem?q=" + "+".join(article.title.split()[:4]))
    assert article.path in hrefs(doc)


# ---------------------------------------------------------------- mobile


def _internal(links: list[str]) -> list[str]:
    return [h for h in links if h.startswith("/")]


def test_mobile_pages_exist_and_stay_mobile(site: DemoSite) -> None:
    article, video = site.articles[4], site.videos[2]
    for desktop in ("/", "/tin-tuc/dan-chu-phap-luat?trang=2", article.path, "/video?trang=2", video.path):
        mobile = "/m" + desktop if desktop != "/" else "/m/"
        page = render(site, mobile).body.decode()
        assert '<body class="mobile">' in page
        doc = parse(page.encode())
        assert not [d for d in doc.find_all("div") if d.attrs.get("id") == "sidebar"]
        switch = doc.find("a", "desktop-link")
        assert (switch.text(), switch.attrs["href"]) == ("Phiên bản desktop", desktop)
        others = [h for h in _internal(hrefs(doc)) if h != desktop]
        assert others and all(h.startswith("/m/") for h in others), [h for h in others if not h.startswith("/m/")]
    doc = get(site, "/m" + article.path)
    assert body_blocks(doc) == list(article.body_blocks)
    assert doc.find("h1", "detail-title").text() == article.title


def _crawl(site: DemoSite, start: str) -> dict[str, int]:
    """Status of every internal page reachable from `start` by links."""
    statuses: dict[str, int] = {}
    queue = [start]
    while queue:
        target = queue.pop()
        if target in statuses:
            continue
        page = render(site, target)
        statuses[target] = page.status
        if page.content_type.startswith("text/html"):
            queue += [h for h in _internal(hrefs(parse(page.body))) if h not in statuses]
            doc = parse(page.body)
            queue += [n.attrs["src"] for n in doc.find_all("img") + doc.find_all("source")]
    return statuses


def test_every_link_resolves(small_site: DemoSite) -> None:
    statuses = _crawl(small_site, "/")
    assert {t: s for t, s in statuses.items() if s != 200} == {}
    for article in small_site.articles:
        assert article.path in statuses and "/m" + article.path in statuses
    assert "/admin/login.aspx" in statuses


# ---------------------------------------------------------------- speed


def test_rendering_is_fast(site: DemoSite) -> None:
    started = time.perf_counter()
    for article in site.articles[:100]:
        render(site, article.path)
    assert (time.perf_counter() - started) / 100 < 0.01


def test_build_is_fast() -> None:
    started = time.perf_counter()
    build_site(articles=2000, videos=200)
    assert time.perf_counter() - started < 3.0


def test_tracked_and_absolute_targets(site: DemoSite) -> None:
    article: DemoArticle = site.articles[8]
    assert content(site, f"http://127.0.0.1:8000{article.path}?fbclid=x") == content(site, article.path)
