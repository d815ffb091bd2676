from __future__ import annotations

from urllib.parse import urljoin

import pytest
from parsel import Selector

from archiver.extract import Node, absolute, first_text, first_texts, listing_entries, next_page_url, split_labelled
from archiver.profiles import load_profile

LABELS = load_profile("demo").article.meta_labels


def test_split_labelled_seed_meta_line() -> None:
    line = "Người đăng: Quản trị Ngày đăng: 21:50 | 17/09 Lượt xem: 639"
    assert split_labelled(line, LABELS) == {"poster": "Quản trị", "published": "21:50 | 17/09", "views": "639"}


def test_split_labelled_any_order_and_missing_labels() -> None:
    line = "Lượt xem: 1.208  Ngày đăng: 08:05 | 01/01"
    assert split_labelled(line, LABELS) == {"views": "1.208", "published": "08:05 | 01/01"}


def test_split_labelled_empty_value_is_absent() -> None:
    assert split_labelled("Người đăng:  Ngày đăng: 10:00 | 02/03", LABELS) == {"published": "10:00 | 02/03"}


def test_first_text_is_none_when_nothing_matches() -> None:
    page = Selector(text="<div class='a'>x</div>")
    assert first_text(page, "div.b") is None
    assert first_text(page, "div.b::attr(href)") is None
    assert first_text(page, None) is None


def test_first_text_joins_nested_text() -> None:
    page = Selector(text="<h1 class='t'> Sơ kết <b>3 năm</b>\n thực hiện </h1>")
    assert first_text(page, "h1.t") == "Sơ kết 3 năm thực hiện"


@pytest.mark.parametrize(
    "href",
    ["/tin-tuc/a-1.html", "/m/tin?trang=2", "tin-tuc/a.html", "../a.html", "/a/../b.html", "//cdn.example/x.jpg",
     "https://other.example/x", "?trang=3", "#top", "/./a"],
)
def test_absolute_agrees_with_urljoin(href: str) -> None:
    base = "http://127.0.0.1:8070/tin-tuc/tham-gia/bai-1.html?trang=2"
    assert absolute(base, href) == urljoin(base, href)


PAGE = Selector(
    text="<div class='news-item a'><a class='t' href=' /tin-tuc/a-1.html '>Sơ  kết <b>3 năm</b></a>"
    "<span class='d'>21:50 | 17/09</span><img src='a.jpg'><video src='v.mp4'></video></div>"
    "<div class='news-item'><a class='t'>no link</a><span class='d'>x\ue000y</span></div>"
)
QUERIES = [
    None,
    "a.t::attr(href)",
    "a.t::text",
    "a.t",
    "span.d::text",
    "span.d",
    "div.missing",
    "img::attr(src)",
    "video source::attr(src), video::attr(src)",
    "b",
    "div.news-item",
    "a::attr(title)",
]


@pytest.mark.parametrize("node", [PAGE, *PAGE.root.xpath("//div"), *PAGE.root.xpath("//a")])
def test_first_texts_is_first_text_of_each_query(node: Node) -> None:
    for width in (1, 2, 3, 5):
        for start in range(len(QUERIES)):
            queries = [QUERIES[(start + i) % len(QUERIES)] for i in range(width)]
            assert first_texts(node, *queries) == [first_text(node, q) for q in queries], queries


def test_first_text_reads_elements_text_and_attributes() -> None:
    assert first_text(PAGE, "a.t") == "Sơ kết 3 năm"
    assert first_text(PAGE, "a.t::attr(href)") == "/tin-tuc/a-1.html"
    assert first_text(PAGE, "video source::attr(src), video::attr(src)") == "v.mp4"
    assert first_texts(PAGE.root.xpath("//div")[1], "span.d::text", "a.t") == ["x\ue000y", "no link"]


def test_listing_skips_links_that_are_not_web_pages() -> None:
    rules = load_profile("demo").news
    items = "".join(
        f'<div class="news-item"><a class="news-title" href="{href}">x</a></div>'
        for href in ("mailto:toa-soan@example.vn", "javascript:void(0)", "tel:0123", "/tin-tuc/a-1.html", " ")
    )
    pager = '<div class="pager"><a class="next" href="javascript:;">»</a></div>'
    page = Selector(text=f'<div class="news-list">{items}</div>{pager}')
    entries = listing_entries(page, "http://127.0.0.1:8000/tin-tuc/", rules)
    assert [entry.url for entry in entries] == ["http://127.0.0.1:8000/tin-tuc/a-1.html"]
    assert next_page_url(page, "http://127.0.0.1:8000/tin-tuc/", rules) is None
