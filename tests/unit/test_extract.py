from __future__ import annotations

from urllib.parse import urljoin

import pytest
from parsel import Selector

from archiver.extract import (
    Node,
    absolute,
    article_item,
    first_text,
    first_texts,
    listing_entries,
    next_page_url,
    split_labelled,
)
from archiver.items import ArticleItem
from archiver.profiles import SiteProfile, load_profile, profile_from_dict

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


# ---------------------------------------------------------------- per-field keys and generic fallback

ARTICLE = """<html><head><title>Hội nghị tổng kết - Cổng TTĐT</title>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Hội nghị tổng kết",
 "datePublished": "2023-09-17T21:50:00+07:00",
 "interactionStatistic": {"interactionType": "https://schema.org/ReadAction", "userInteractionCount": 1208}}
</script></head><body>
<h1 class="t">Hội nghị tổng kết</h1>
<div class="meta"><span class="d">Thứ hai, 17/09/2023 - 21:50</span> <span class="v">1.208 lượt xem</span></div>
<div class="b"><p>Đoạn một của bài viết.</p><p>Đoạn hai <a href="/x">có liên kết</a>.</p><img src="/a.jpg">
<p style="text-align: right;"><strong>Thu Vân</strong></p></div>
</body></html>"""
URL = "http://127.0.0.1:8000/tin-tuc/a-1.html"


def _profile(**article: object) -> SiteProfile:
    listing = {"start_paths": ["/"], "entry": "li", "entry_link": "a::attr(href)", "entry_title": "a::text"}
    return profile_from_dict(
        {"name": "t", "title": "t", "base_url": "http://127.0.0.1:8000/", "news": listing, "videos": listing,
         "article": article, "video": {"title": "h1", "media": "video::attr(src)"}}
    )


def _item(profile: SiteProfile, html: str = ARTICLE) -> ArticleItem:
    return article_item(Selector(text=html), URL, profile, hint=None, fetched_at="2024-01-20T10:00:00+07:00",
                        capture_id=None)


def test_published_and_views_selectors_with_and_without_a_regex() -> None:
    item = _item(_profile(title="h1.t", body="div.b", published="span.d", views="span.v",
                          views_regex=r"([\d.]+)\s*lượt xem"))
    assert (item.published_raw, item.views_raw) == ("Thứ hai, 17/09/2023 - 21:50", "1.208")
    assert item.extraction["published"] == item.extraction["views"] == "profile"


def test_a_regex_without_a_selector_reads_the_meta_line() -> None:
    item = _item(_profile(title="h1.t", body="div.b", meta="div.meta", views_regex=r"([\d.]+) lượt xem",
                          published_regex=r"\d\d/\d\d/\d{4} - \d\d:\d\d"))
    assert (item.published_raw, item.views_raw) == ("17/09/2023 - 21:50", "1.208")


def test_body_exclude_removes_elements_from_the_body_only() -> None:
    rules = dict(title="h1.t", body="div.b", byline="div.b > p[style*='right'] strong", image="img")
    kept = _item(_profile(**rules))
    cut = _item(_profile(**rules, body_exclude="p[style*='right']"))
    assert "Thu Vân" in (kept.body_html or "") and "Thu Vân" not in (cut.body_html or "")
    assert cut.byline_raw == "Thu Vân"  # read from the page, which the exclusion leaves alone
    assert "có liên kết" in (cut.body_html or "") and [i["src"] for i in cut.images] == ["http://127.0.0.1:8000/a.jpg"]


def test_fields_without_a_selector_fall_back_to_generic_extraction() -> None:
    item = _item(_profile(title="h1.t", body="div.b"))
    assert item.title_raw == "Hội nghị tổng kết" and item.extraction["title"] == "profile"
    assert item.published_raw == "2023-09-17T21:50:00+07:00" and item.extraction["published"] == "jsonld"
    assert item.views_raw == "1208" and item.extraction["views"] == "jsonld"


def test_a_selector_that_matches_nothing_falls_back_too() -> None:
    item = _item(_profile(title="h1.nowhere", body="div.nowhere", views="span.nowhere"))
    assert item.extraction["title"] == "jsonld" and item.title_raw == "Hội nghị tổng kết"
    assert item.extraction["views"] == "jsonld"
    assert item.extraction["body_html"] == "heuristic" and "Đoạn một" in (item.body_html or "")


def test_a_profile_with_no_article_selectors_is_generic_mode() -> None:
    item = _item(_profile())
    assert {item.extraction[name] for name in ("title", "published", "views")} == {"jsonld"}
    assert item.extraction["body_html"] == "heuristic"


def test_every_field_found_by_the_profile_means_no_generic_work(monkeypatch: pytest.MonkeyPatch) -> None:
    import archiver.generic.combine as combine

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("generic extraction ran although the profile found every field")

    monkeypatch.setattr(combine, "extract_wanted", refuse)
    html = ARTICLE.replace('<div class="meta">', '<div class="meta">Người đăng: Quản trị <a class="c">Tin</a>')
    profile = _profile(title="h1.t", body="div.b", published="span.d", views="span.v", category="a.c",
                       byline="p[style*='right'] strong", meta="div.meta", meta_labels={"poster": "Người đăng:"})
    item = _item(profile, html)
    assert set(item.extraction.values()) == {"profile"}
    with pytest.raises(AssertionError, match="generic extraction ran"):
        _item(_profile(title="h1.t", body="div.b"))


def test_generic_fallback_never_changes_the_page() -> None:
    page = Selector(text=ARTICLE)
    before = page.get()
    article_item(page, URL, _profile(), hint=None, fetched_at="2024-01-20T10:00:00+07:00", capture_id=None)
    assert page.get() == before


def test_a_variant_profile_without_views_gets_them_from_the_eye_counter() -> None:
    from dataclasses import replace

    from archiver.demo import build_site, render
    from archiver.demo.truth import article_truth

    site = build_site(seed=4, articles=6, videos=1, variant="nukeviet")
    profile = load_profile("demo-nukeviet")
    profile = replace(profile, article=replace(profile.article, views=None))
    for path, truth in article_truth(site).items():
        item = _item(profile, render(site, path).body.decode("utf-8"))
        assert (item.views_raw, item.extraction["views"]) == (f"{truth.view_count:,}".replace(",", "."), "heuristic")


# ---------------------------------------------------------------- the fallback's "does any label appear" test


def _mentions_by_definition(text: str, fields: list[str]) -> bool:
    from archiver.generic.labels import LABELS

    lowered = " ".join(text.split()).lower()
    labels = [label.lower() for field in fields for label in LABELS.get(field, ())]
    return any(f"{label}:" in lowered or f"{label} :" in lowered for label in labels)


@pytest.mark.parametrize(
    "text",
    ["Tác giả: Thu Vân", "TÁC   GIẢ\n\t:Thu Vân", "Tác\n" + " " * 200 + "giả  : x", "Bài\xa0và\u2003ảnh: NH",
     "Xem thêm: Tin khác 21:50", "Nguồn tin", "Từ nguồn Quỹ vì người nghèo", "nguồn tin:x", "NguồnTin:",
     ":Tác giả", "İ tác giả :", "PV: Hà" + " :" * 40, "x" * 500 + " Nguồn :", " " * 300 + ":", "", "Phóng viên",
     "Người đăng: admin Ngày đăng: 06:02 | 18/12 Lượt xem: 688", "Số lượt xem :12", "Đăng bởi:\n\nAn"],
)
def test_mentions_labels_agrees_with_its_definition(text: str) -> None:
    from archiver.generic.labels import LABELS, mentions_labels

    for fields in (["byline"], ["views"], ["poster"], ["byline", "poster"], list(LABELS), ["unknown"], []):
        assert mentions_labels(text, fields) == _mentions_by_definition(text, fields), (text, fields)


def test_byline_heuristics_read_only_the_elements_that_can_match() -> None:
    # body_container and trailing_byline ask libxml2 for their candidates; the loops they replaced
    # visited every element, so the same page must give the same answers as those loops.
    from archiver.generic.dom import in_chrome, parse_html
    from archiver.generic.heuristics import AUTHOR_WORDS, body_container, trailing_byline

    html = """<html><body><div class="sidebar"><p>a</p><p>b</p><p>c</p><p>d</p></div>
    <td><p>x</p><!-- c --><p>y</p></td><section><div><p>1</p><p>2</p><p>3</p></div><p>s</p></section>
    <span id="TacGia-box">Lê Văn An</span><div class="Author"><p>not a name: 12</p></div>
    <div class="nav"><span class="author">Chrome Name</span></div></body></html>"""
    root = parse_html(html)
    best, most = None, 0
    for element in root.iter("div", "article", "section", "td"):
        count = sum(1 for child in element if child.tag == "p")
        if count > most and not in_chrome(element):
            best, most = element, count
    assert body_container(root) is best and best is not None and best.getparent().tag == "section"
    marked = [e for e in root.iter("p", "div", "span") if any(w in f"{e.get('class') or ''} {e.get('id') or ''}".lower()
                                                               for w in AUTHOR_WORDS)]  # fmt: skip
    assert [e.text_content() for e in marked][:1] == ["Lê Văn An"]
    found = trailing_byline(root)
    assert found is not None and found[0].raw == "Lê Văn An"
