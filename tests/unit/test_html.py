from __future__ import annotations

from archiver.normalize.html import collapse_whitespace, html_blocks, html_text


def test_inline_markup_stays_inside_its_sentence() -> None:
    html = '<p>Ủy ban <a href="/x">MTTQ</a> tỉnh <b>phát động</b>&nbsp;cuộc <em>vận động</em>.</p>'
    assert html_blocks(html) == ["Ủy ban MTTQ tỉnh phát động cuộc vận động."]


def test_blocks_in_document_order_with_captions() -> None:
    html = (
        "<div><p>Một</p><table class='image'><tr><td><img src='a.jpg'></td></tr>"
        "<tr><td class='image-caption'>Ảnh: Hội nghị</td></tr></table><p>Hai<br>ba</p></div>"
    )
    assert html_blocks(html) == ["Một", "Ảnh: Hội nghị", "Hai ba"]


def test_scripts_styles_and_comments_are_not_text() -> None:
    html = "<p>A<script>alert(1)</script>B<!-- ghi chú --></p><style>p{}</style><p>C</p>"
    assert html_blocks(html) == ["AB", "C"]


def test_empty_and_missing_input() -> None:
    assert html_blocks("") == []
    assert html_blocks("   ") == []
    assert html_text("<p> </p><p>x</p>") == "x"


def test_malformed_html_does_not_lose_text() -> None:
    assert html_blocks("<p>Một <b>hai<p>ba</i> bốn") == ["Một hai", "ba bốn"]


def test_collapse_whitespace() -> None:
    assert collapse_whitespace("\u00a0 a \n\t b  ") == "a b"
