from __future__ import annotations

from archiver.generic.dom import in_chrome, parse_html, text_lines
from tests.generic.pages import page


def test_lines_follow_blocks_and_keep_inline_text_together() -> None:
    root = parse_html(page("<div><p>Một <b>hai</b> <a href='/x'>ba</a></p><p>bốn</p></div>"))
    assert [line.text for line in text_lines(root)] == ["Một hai ba", "bốn"]


def test_scripts_styles_and_selects_are_not_text() -> None:
    root = parse_html(
        page("<p>a</p><script>var d='01/01/2024'</script><style>p{}</style><select><option>x</option></select>")
    )
    assert [line.text for line in text_lines(root)] == ["a"]


def test_chrome_by_tag_class_and_id_but_not_article_parts() -> None:
    root = parse_html(
        page(
            '<header><p id="a">x</p></header><div id="footer"><p id="b">y</p></div>'
            '<div class="tin-khac other-news"><p id="c">z</p></div>'
            '<div class="detail-header"><p id="d">w</p></div><div class="content"><p id="e">v</p></div>'
        )
    )
    flags = {e.get("id"): in_chrome(e) for e in root.iter("p")}
    assert flags == {"a": True, "b": True, "c": True, "d": False, "e": False}


def test_a_line_is_chrome_only_when_all_of_it_is() -> None:
    root = parse_html(
        page('<div id="header"><span>25/11/2024</span></div><div><span class="clock">x</span> nội dung</div>')
    )
    lines = {line.text: line.chrome for line in text_lines(root)}
    assert lines == {"25/11/2024": True, "x nội dung": False}


def test_an_empty_page_parses() -> None:
    assert text_lines(parse_html("")) == []


def test_a_main_column_named_like_a_sidebar_holding_the_title_is_not_chrome() -> None:
    root = parse_html(
        page('<div class="sidebar-1"><h1>Tiêu đề</h1><p id="a">x</p></div><div class="sidebar-2"><p id="b">y</p></div>')
    )
    assert {e.get("id"): in_chrome(e) for e in root.iter("p")} == {"a": False, "b": True}


def test_an_article_header_is_not_page_chrome_but_a_page_header_is() -> None:
    root = parse_html(page('<header><p id="a">x</p></header><article><header><p id="b">y</p></header></article>'))
    assert {e.get("id"): in_chrome(e) for e in root.iter("p")} == {"a": True, "b": False}


def test_aspnet_form_wrapping_the_page_is_not_chrome() -> None:
    root = parse_html(page('<form id="form1"><div class="content"><p id="a">x</p></div></form>'))
    assert not in_chrome(root.find(".//p"))


def test_margin_and_float_classes_are_not_chrome() -> None:
    root = parse_html(page('<h1 class="title margin-bottom-lg">T</h1><figure class="image left"><p>c</p></figure>'))
    assert not in_chrome(root.find(".//h1")) and not in_chrome(root.find(".//figure"))
