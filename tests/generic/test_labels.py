from __future__ import annotations

import pytest

from archiver.generic.dom import parse_html, text_lines
from archiver.generic.labels import label_fields, labelled_values, mentions_labels
from tests.generic.pages import page


def _fields(body: str) -> dict[str, str]:
    return {name: f.raw for name, f in label_fields(text_lines(parse_html(page(body)))).items()}


def test_the_seed_meta_line_splits_on_its_labels() -> None:
    values = labelled_values("Người đăng: Quản trị Ngày đăng: 21:50 | 17/09 Lượt xem: 639")
    assert [(field, value) for field, _, value, _ in values] == [
        ("poster", "Quản trị"),
        ("published", "21:50 | 17/09"),
        ("views", "639"),
    ]


def test_labels_anywhere_in_the_visible_text() -> None:
    body = (
        "<h1>Tiêu đề</h1><table><tr><td>Ngày xuất bản: 12/03/2024 08:15</td></tr></table>"
        "<p>Nội dung bài viết.</p><p><i>Phóng viên: Minh Đức</i></p><div>Lượt đọc: 1.208</div>"
    )
    assert _fields(body) == {"published": "12/03/2024 08:15", "byline": "Phóng viên: Minh Đức", "views": "1.208"}


def test_the_most_specific_date_label_wins() -> None:
    body = "<div>Cập nhật: 14/03/2024 09:00</div><div>Ngày đăng: 12/03/2024 08:15</div>"
    assert _fields(body)["published"] == "12/03/2024 08:15"


@pytest.mark.parametrize(
    "body",
    [
        '<div id="header">Ngày đăng: 25/11/2024</div>',
        '<div class="footer">Cập nhật: 25/11/2024</div>',
        '<div class="comment">Ngày: 14/03/2024</div>',
        "<div>Giấy phép số 12/GP-TTĐT, Ngày: 05/01/2015</div>",
    ],
)
def test_labelled_dates_in_chrome_or_licence_lines_are_refused(body: str) -> None:
    assert "published" not in _fields(body)


def test_a_label_needs_its_colon_and_a_word_boundary() -> None:
    body = "<p>Huy động nguồn lực từ ngân sách. Thời gian tới sẽ triển khai.</p>"
    assert _fields(body) == {}


def test_an_unreadable_count_is_not_a_view_count() -> None:
    assert "views" not in _fields("<div>Lượt xem: nhiều</div>")


def test_an_updated_line_is_a_date_of_its_own() -> None:
    found = label_fields(text_lines(parse_html(page("<div>Cập nhật: 28/12/2023 07:13</div>"))))
    assert "published" not in found and found["modified"].raw == "28/12/2023 07:13"


def test_mentions_labels_is_a_cheap_superset_test() -> None:
    text = "Nhân dânTác giả : Minh Đức Lượt xem: 12"  # blocks run together in a page's whole text
    assert mentions_labels(text, ["byline"]) and mentions_labels(text, ["views"])
    assert not mentions_labels(text, ["poster"])
    assert not mentions_labels("Từ nguồn Quỹ vì người nghèo", ["byline"])  # a label word, but no colon
