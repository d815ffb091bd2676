"""Dates that must never become the publication date, alone on a page or beside a real one."""

from __future__ import annotations

import pytest

from archiver.generic.combine import extract_generic
from archiver.generic.distractors import refusal
from tests.generic.pages import DISTRACTORS, LONG_TEXT, page


def test_a_page_of_distractors_has_no_publication_date() -> None:
    assert "published" not in extract_generic(page(DISTRACTORS), with_body=False)


def test_the_real_date_wins_over_every_distractor() -> None:
    body = DISTRACTORS.replace(
        "<h1>Hội nghị tổng kết công tác Mặt trận</h1>", "<h1>Hội nghị</h1><div>Ngày đăng: 21:50 | 17/09</div>"
    )
    found = extract_generic(page(body), with_body=False)["published"]
    assert (found.raw, found.method) == ("21:50 | 17/09", "label")


@pytest.mark.parametrize(
    "text",
    [
        "© 2015 – 2024 Ủy ban MTTQ tỉnh",
        "Giấy phép số 12/GP-TTĐT ngày 05/01/2015",
        "Bản quyền thuộc UBND tỉnh, 2024",
        "Copyright 2024",
        "CM 01.12.23",
        "BT 09.09.23",
    ],
)
def test_licence_copyright_and_video_titles_are_refused(text: str) -> None:
    assert refusal(text) is not None


@pytest.mark.parametrize(
    "text", ["Thứ Ba, 12/03/2024, 08:15 (GMT+7)", "Ngày đăng: 21:50 | 17/09", "Cập nhật 12/03/2024"]
)
def test_ordinary_date_lines_are_not_refused(text: str) -> None:
    assert refusal(text) is None


@pytest.mark.parametrize(
    "distractor",
    [
        '<div class="header-date">Thứ bảy, 20/01/2024</div>',
        '<div id="footer">© 2016 Bản quyền thuộc Ủy ban MTTQ. Cập nhật: 05/01/2015</div>',
        '<ul class="video-list"><li>CM 01.12.23</li></ul>',
        '<div class="tin-lien-quan related"><p>Hội nghị (12/03/2023)</p></div>',
        '<div id="comments"><p>Ngày: 14/03/2024</p></div>',
    ],
)
def test_a_distractor_right_under_the_title_is_still_refused(distractor: str) -> None:
    body = f"<h1>Tiêu đề bài</h1>{distractor}<div class='content'><p>{LONG_TEXT}</p></div>"
    assert "published" not in extract_generic(page(body), with_body=False)
