"""The combined reading: method priority, the seed page, the saved demo pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archiver.generic.combine import combine, extract_generic, extract_wanted, findings_by_method
from archiver.generic.dom import parse_html
from archiver.generic.fields import Found
from archiver.normalize.html import html_blocks
from tests.generic.pages import LONG_TEXT, page

FIXTURES = Path(__file__).parents[1] / "fixtures"
TRUTH = json.loads((FIXTURES / "demo" / "truth.json").read_text(encoding="utf-8"))


def test_priority_is_jsonld_then_meta_then_label_then_heuristic() -> None:
    by_method = {
        "heuristic": {"title": Found("h", "h", "heuristic"), "views": Found(1, "1", "heuristic")},
        "label": {"title": Found("l", "l", "label"), "views": Found(2, "2", "label")},
        "meta": {"title": Found("m", "m", "meta")},
        "jsonld": {"summary": Found("j", "j", "jsonld")},
    }
    combined = combine(by_method)
    assert {name: f.method for name, f in combined.items()} == {"title": "meta", "views": "label", "summary": "jsonld"}


def test_each_method_fills_what_the_better_ones_left() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Tiêu đề JSON-LD"}</script>'
        '<meta property="article:published_time" content="2024-03-12T08:15:00+07:00">'
    )
    body = (
        f"<h1>Tiêu đề h1</h1><div>Ngày đăng: 01/01/2020 Lượt xem: 77</div><div class='content'><p>{LONG_TEXT}</p></div>"
    )
    found = extract_generic(page(body, head=head))
    assert {name: (f.raw, f.method) for name, f in found.items() if name != "body_html"} == {
        "title": ("Tiêu đề JSON-LD", "jsonld"),
        "published": ("2024-03-12T08:15:00+07:00", "meta"),
        "views": ("77", "label"),
    }
    assert found["body_html"].method == "heuristic" and html_blocks(found["body_html"].raw) == [LONG_TEXT]


def test_the_seed_page() -> None:
    found = extract_generic((FIXTURES / "seed-article.html").read_text(encoding="utf-8"))
    assert {name: f.raw for name, f in found.items() if name != "body_html"} == {
        "title": "Sơ kết 3 năm (2021-2023) thực hiện Chương trình nông thôn mới",
        "published": "21:50 | 17/09",
        "poster": "Quản trị",
        "byline": "Tác giả: NH",
        "views": "639",
        "category": "Tham gia xây dựng nông thôn mới",
    }
    assert found["published"].value == "--09-17T21:50:00+07:00"  # no year on the page: none invented
    blocks = html_blocks(found["body_html"].raw)
    assert blocks[0].startswith("Nhằm đánh giá kết quả 3 năm") and blocks[-1].endswith("chủ trì.")
    assert not [b for b in blocks if "CM 01.12.23" in b or "Tác giả" in b or "Các tin" in b]


@pytest.mark.parametrize("name", ["article", "article-no-author", "article-mobile"])
def test_saved_demo_articles_match_the_truth(name: str) -> None:
    truth = TRUTH[name]
    found = extract_generic((FIXTURES / "demo" / f"{name}.html").read_text(encoding="utf-8"), truth["url"])
    assert found["title"].raw == truth["title"]
    assert found["category"].raw == truth["category"]
    assert found["poster"].raw == truth["poster"]
    assert found["views"].value == truth["view_count"]
    assert found["published"].value == "-" + truth["published"][4:]  # the page prints no year: none is invented
    assert (found["byline"].value if "byline" in found else None) == truth["byline_raw"]
    assert "\n\n".join(html_blocks(found["body_html"].raw)) == truth["body_text"]


def test_the_date_under_the_title_beats_a_later_updated_line() -> None:
    body = (
        "<h1>Tiêu đề</h1><div class='header-content'><span>Thứ Hai, 25/12/2023, 14:07 (GMT+7)</span></div>"
        f"<div class='content'><p>{LONG_TEXT}</p></div><div class='updated'>Cập nhật: 28/12/2023 07:13</div>"
    )
    found = extract_generic(page(body), with_body=False)["published"]
    assert (found.value, found.method) == ("2023-12-25T14:07:00+07:00", "heuristic")


def test_an_updated_line_dates_a_page_that_prints_no_other_date() -> None:
    body = f"<h1>Tiêu đề</h1><div class='content'><p>{LONG_TEXT}</p></div><div>Cập nhật: 28/12/2023 07:13</div>"
    found = extract_generic(page(body), with_body=False)["published"]
    assert (found.raw, found.method) == ("28/12/2023 07:13", "label")


def test_wanted_fields_only_and_the_same_readings_as_a_full_pass() -> None:
    body = (
        "<h1>Tiêu đề h1</h1><div>Ngày đăng: 01/01/2020</div><div>Tác giả: Minh Đức</div>"
        f"<div class='content'><p>{LONG_TEXT}</p></div>"
    )
    html = page(body)
    full = extract_generic(html)
    only = extract_wanted(parse_html(html), None, ["byline", "published"])
    assert set(only) == {"byline", "published"}
    assert {name: (f.raw, f.method) for name, f in only.items()} == {
        name: (full[name].raw, full[name].method) for name in ("byline", "published")
    }


def test_wanted_byline_without_any_byline_label_skips_the_lines() -> None:
    root = parse_html(page(f"<h1>Tiêu đề</h1><div>Lượt xem: 12</div><div class='content'><p>{LONG_TEXT}</p></div>"))
    by_method = findings_by_method(root, None, with_body=False, wanted=["byline"])
    assert by_method["label"] == {} and "byline" not in by_method["heuristic"]
    assert findings_by_method(root, None, with_body=False, wanted=["views"])["label"]["views"].value == 12
