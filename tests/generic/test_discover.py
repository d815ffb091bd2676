from __future__ import annotations

from pathlib import Path

import pytest

from archiver.generic.discover import (
    article_links,
    feed_links,
    is_article_url,
    page_kind,
    pagination_links,
    read_feed,
    robots_sitemaps,
    section_links,
)
from archiver.generic.dom import parse_html
from tests.generic.pages import LONG_TEXT, page

DEMO = Path(__file__).parents[1] / "fixtures" / "demo"
BASE = "http://127.0.0.1:8070"
ARTICLE_URL = BASE + "/tin-tuc/tin-hoat-dong/uy-ban-mttq-xa-phu-my-ra-mat-to-cong-nghe-so-cong-dong-o-thon-3-1785.html"


def _demo(name: str):
    return parse_html((DEMO / f"{name}.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("name", "url", "kind"),
    [
        ("home", BASE + "/", "listing"),
        ("listing", BASE + "/tin-tuc/tin-hoat-dong?trang=2", "listing"),
        ("listing-last", BASE + "/tin-tuc/tin-hoat-dong?trang=11", "listing"),
        ("article", ARTICLE_URL, "article"),
        ("article-no-author", ARTICLE_URL, "article"),
    ],
)
def test_demo_page_kinds(name: str, url: str, kind: str) -> None:
    assert page_kind(_demo(name), url) == kind


def test_og_type_or_jsonld_makes_an_article_even_when_short() -> None:
    assert (
        page_kind(parse_html(page("<p>x</p>", head='<meta property="og:type" content="article">')), BASE + "/")
        == "article"
    )


def test_listing_entries_carry_title_date_and_summary_and_skip_chrome() -> None:
    links = article_links(_demo("listing"), BASE + "/tin-tuc/tin-hoat-dong?trang=2")
    assert len(links) == 10
    first = links[0]
    assert (
        first.url
        == BASE
        + "/tin-tuc/tin-hoat-dong/uy-ban-mttq-xa-phu-my-ra-mat-to-cong-nghe-so-cong-dong-o-thon-dong-yen-1740.html"
    )
    assert first.title == "Ủy ban MTTQ xã Phú Mỹ ra mắt Tổ công nghệ số cộng đồng ở thôn Đông Yên"
    assert first.date_raw == "(29/11/2023)"
    assert first.summary is not None and first.summary.startswith("Chiều 28/11")
    assert not [link for link in links if "/video/" in link.url or "/m/" in link.url]


def test_tracking_parameters_and_mobile_paths_fold_away() -> None:
    links = article_links(_demo("home"), BASE + "/")
    assert links and not [link for link in links if "utm_" in link.url]


def test_other_hosts_are_never_followed() -> None:
    root = parse_html(
        page('<div class="list"><a href="https://other.gov.vn/tin-tuc/a/b-123.html">Tin ở nơi khác, rất dài</a></div>')
    )
    assert article_links(root, BASE + "/") == []
    assert section_links(root, BASE + "/") == []


def test_pagination_forms() -> None:
    body = (
        '<div class="pager"><a href="?page=2">2</a><a rel="next" href="/tin/p/x">Sau nữa</a>'
        '<a href="/tin-tuc/trang-3">3</a><a href="/khac">Trang sau</a><a href="/tin-tuc/page-4">4</a></div>'
    )
    root = parse_html(page(body, head='<link rel="next" href="/tin-tuc?page=2">'))
    assert pagination_links(root, BASE + "/tin-tuc") == [
        BASE + "/tin-tuc?page=2",
        BASE + "/tin/p/x",
        BASE + "/tin-tuc/trang-3",
        BASE + "/khac",
        BASE + "/tin-tuc/page-4",
    ]


def test_demo_pager_follows_its_pages_not_itself() -> None:
    pages = pagination_links(_demo("listing"), BASE + "/tin-tuc/tin-hoat-dong?trang=2")
    assert BASE + "/tin-tuc/tin-hoat-dong?trang=3" in pages
    assert BASE + "/tin-tuc/tin-hoat-dong?trang=2" not in pages


def test_sections_from_the_menu() -> None:
    sections = section_links(_demo("home"), BASE + "/")
    assert BASE + "/tin-tuc/tin-hoat-dong" in sections
    assert not [s for s in sections if "/admin" in s or "/tim-kiem" in s or s.endswith(".jpg")]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/tin-tuc/cat/bai-viet-1785.html", True),
        ("/tin-tuc/cat/bai-viet", True),
        ("/tin-tuc/cat", False),
        ("/news.aspx?id=123", True),
        ("/gioi-thieu", False),
    ],
)
def test_article_url_patterns(url: str, expected: bool) -> None:
    assert is_article_url(BASE + url) is expected


def test_feeds_announced_by_the_page() -> None:
    head = (
        '<link rel="alternate" type="application/rss+xml" href="/rss/tin-tuc.rss">'
        '<link rel="alternate" type="application/rss+xml" href="https://other.vn/rss">'
    )
    assert feed_links(parse_html(page("", head=head)), BASE + "/") == [BASE + "/rss/tin-tuc.rss"]


def test_sitemap_lines_of_robots() -> None:
    robots = "User-agent: *\nDisallow: /admin/\nSitemap: /sitemap.xml\nsitemap: https://other.vn/s.xml\n"
    assert robots_sitemaps(robots, BASE + "/robots.txt") == [BASE + "/sitemap.xml"]


def test_sitemap_index_sitemap_rss_and_atom() -> None:
    index = b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>http://127.0.0.1:8070/s1.xml</loc></sitemap></sitemapindex>'
    urlset = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://127.0.0.1:8070/a-1.html</loc>'
        b"<lastmod>2024-01-01</lastmod></url><url><loc>https://x.vn/b</loc></url></urlset>"
    )
    rss = (
        b"<rss><channel><item><title>Tin A</title><link>http://127.0.0.1:8070/a-2.html</link>"
        b"<pubDate>Sun, 14 Jan 2024 08:00:00 +0700</pubDate></item></channel></rss>"
    )
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>B</title><link href="/b-3.html"/>'
        b"<published>2024-01-14T08:00:00+07:00</published></entry></feed>"
    )
    assert [(e.url, e.is_index) for e in read_feed(index, BASE + "/sitemap.xml")] == [(BASE + "/s1.xml", True)]
    assert [(e.url, e.date_raw) for e in read_feed(urlset, BASE + "/s1.xml")] == [(BASE + "/a-1.html", None)]
    assert [(e.url, e.title, e.date_raw) for e in read_feed(rss, BASE + "/rss")] == [
        (BASE + "/a-2.html", "Tin A", "Sun, 14 Jan 2024 08:00:00 +0700")
    ]
    assert [(e.url, e.date_raw) for e in read_feed(atom, BASE + "/atom")] == [
        (BASE + "/b-3.html", "2024-01-14T08:00:00+07:00")
    ]


def test_garbage_feed_gives_nothing() -> None:
    assert read_feed(b"\x00not xml", BASE + "/") == []


def test_an_article_page_with_a_long_body_is_not_a_listing() -> None:
    body = f"<h1>Tiêu đề</h1><div class='content'><p>{LONG_TEXT}</p></div>"
    assert page_kind(parse_html(page(body)), BASE + "/gioi-thieu") == "article"


def test_a_long_page_reached_through_a_menu_needs_strong_evidence() -> None:
    body = f"<h1>Giới thiệu</h1><div class='content'><p>{LONG_TEXT}</p></div>"
    root = parse_html(page(body))
    assert page_kind(root, BASE + "/gioi-thieu", linked_as_article=False) == "listing"
    assert page_kind(root, BASE + "/tin-tuc/cat/gioi-thieu-12.html", linked_as_article=False) == "article"


@pytest.mark.parametrize(
    "path", ["/tin-hoat-dong/trang-10.htm", "/tin-tuc/page-12.html", "/tin-tuc?page=12", "/tin-tuc/p/3"]
)
def test_listing_pages_are_not_article_urls(path: str) -> None:
    assert not is_article_url(BASE + path)


def test_the_last_listing_page_with_one_entry_is_a_listing() -> None:
    body = (
        "<div class='sidebar-1'><h1 class='title-page'><a href='/tin-hoat-dong.htm'>Tin hoạt động</a></h1>"
        "<article class='item-news'><h3><a href='/hoi-thi-d1115.htm'>Hội thi tìm hiểu lịch sử Mặt trận</a></h3>"
        f"<p class='description'>{LONG_TEXT}</p><span class='time-public'>21/12/2021 15:25</span></article></div>"
    )
    url = BASE + "/tin-hoat-dong/trang-10.htm"
    root = parse_html(page(body))
    assert page_kind(root, url, linked_as_article=False) == "listing"
    assert [link.url for link in article_links(root, url)] == [BASE + "/hoi-thi-d1115.htm"]
