from __future__ import annotations

from archiver.generic.dom import parse_html, text_lines
from archiver.generic.heuristics import (
    date_near_title,
    heuristic_body,
    heuristic_category,
    heuristic_title,
    prune_for_body,
)
from archiver.normalize.html import html_blocks
from tests.generic.pages import DISTRACTORS, LONG_TEXT, page


def test_title_from_h1_outside_chrome() -> None:
    root = parse_html(page('<div id="header"><h1>Cổng thông tin</h1></div><h1 class="title">Tin  chính</h1>'))
    assert heuristic_title(root).raw == "Tin chính"


def test_title_from_title_tag_minus_site_name() -> None:
    root = parse_html(page("<p>x</p>", title="Hội nghị tổng kết công tác Mặt trận - UBND xã"))
    assert heuristic_title(root, site_name="UBND xã").raw == "Hội nghị tổng kết công tác Mặt trận"
    assert heuristic_title(root).raw == "Hội nghị tổng kết công tác Mặt trận"


def test_dated_title_with_weekday_and_gmt() -> None:
    root = parse_html(
        page(f"<h1>Tiêu đề</h1><div class='date'>Thứ Ba, 12/03/2024, 08:15 (GMT+7)</div><p>{LONG_TEXT}</p>")
    )
    found = date_near_title(text_lines(root), root)
    assert found is not None and found.value == "2024-03-12T08:15:00+07:00" and found.method == "heuristic"


def test_date_above_the_title() -> None:
    root = parse_html(page(f"<span>12/03/2024</span><h1>Tiêu đề</h1><p>{LONG_TEXT}</p>"))
    found = date_near_title(text_lines(root), root)
    assert found is not None and found.value == "2024-03-12"


def test_no_date_near_the_title_among_distractors() -> None:
    root = parse_html(page(DISTRACTORS))
    assert date_near_title(text_lines(root), root) is None


def test_category_from_breadcrumb() -> None:
    root = parse_html(
        page('<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/tin">Tin hoạt động</a></div>')
    )
    found = heuristic_category(root)
    assert found is not None and found.raw == "Tin hoạt động"


def test_body_without_title_meta_lines_or_related_lists() -> None:
    html = page(
        "<h1>Tiêu đề</h1><div class='meta'>Ngày đăng: 12/03/2024 Lượt xem: 5</div>"
        f"<div class='content'><p>{LONG_TEXT}</p>"
        "<p>Đoạn hai của bài viết, đủ dài để là nội dung chính của trang.</p></div>"
        "<div class='detail-author'>Tác giả: NH</div>"
        "<div class='other-news'><ul><li><a href='/a-12.html'>Tin khác số một</a></li></ul></div>"
    )
    found = heuristic_body(parse_html(html))
    assert found is not None
    blocks = html_blocks(found.raw)
    assert blocks[0] == LONG_TEXT and "Tin khác số một" not in " ".join(blocks)
    assert not any(b.startswith(("Tiêu đề", "Ngày đăng", "Tác giả")) for b in blocks)


def test_pruning_works_on_a_copy() -> None:
    root = parse_html(page("<h1>Tiêu đề</h1><div id='footer'>© 2024</div>"))
    pruned = prune_for_body(root)
    assert pruned.find(".//h1") is None and root.find(".//h1") is not None


def test_unlabelled_view_counter_beside_an_eye_icon() -> None:
    from archiver.generic.heuristics import heuristic_views

    root = parse_html(
        page(
            '<ul class="list-inline"><li><em class="fa fa-eye">&nbsp;</em> 1.239</li>'
            '<li><em class="fa fa-comment-o"></em> 0</li></ul>'
        )
    )
    found = heuristic_views(root)
    assert found is not None and found.value == 1239


def test_a_view_class_holding_words_is_not_a_count() -> None:
    from archiver.generic.heuristics import heuristic_views

    assert heuristic_views(parse_html(page('<div class="view-more">Xem thêm 5 tin</div>'))) is None


def test_trailing_bold_name_is_the_byline_and_leaves_the_body() -> None:
    from archiver.generic.heuristics import trailing_byline

    html = page(
        f"<h1>Tiêu đề</h1><div class='bodytext'><p>{LONG_TEXT}</p><p>Đoạn hai của bài, đủ dài để là nội dung chính.</p>"
        "<p style='text-align: right;'><strong>Ngọc Anh, Phương Thảo</strong></p></div>"
    )
    root = parse_html(html)
    found = trailing_byline(root)
    assert found is not None and found[0].raw == "Ngọc Anh, Phương Thảo"
    body = heuristic_body(root)
    assert body is not None and "Ngọc Anh" not in " ".join(html_blocks(body.raw))


def test_a_last_sentence_is_not_a_byline() -> None:
    from archiver.generic.heuristics import trailing_byline

    html = page(f"<div><p>{LONG_TEXT}</p><p><b>Kết thúc hội nghị, các đại biểu thống nhất.</b></p></div>")
    assert trailing_byline(parse_html(html)) is None


def test_an_author_class_names_the_byline() -> None:
    from archiver.generic.heuristics import trailing_byline

    found = trailing_byline(
        parse_html(page(f"<article><p>{LONG_TEXT}</p></article><p class='author'><b>Trần Minh An</b></p>"))
    )
    assert found is not None and found[0].raw == "Trần Minh An"


def test_lead_paragraph_by_class() -> None:
    from archiver.generic.heuristics import heuristic_summary

    found = heuristic_summary(
        parse_html(page("<h1>T</h1><p class='sapo'>Chiều 22/12, Ủy ban MTTQ xã tổ chức ra mắt tổ công nghệ.</p>"))
    )
    assert found is not None and found.raw.startswith("Chiều 22/12")


def test_figure_captions_stay_in_the_body() -> None:
    html = page(
        f"<h1>T</h1><div class='content'><p>{LONG_TEXT}</p><figure class='image left'><img src='/a.jpg'>"
        f"<figcaption>Trao quà cho hộ nghèo (Ảnh: BT)</figcaption></figure><p>{LONG_TEXT}</p></div>"
    )
    body = heuristic_body(parse_html(html))
    assert body is not None and "Trao quà cho hộ nghèo (Ảnh: BT)" in html_blocks(body.raw)
