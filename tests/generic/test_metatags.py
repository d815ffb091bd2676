from __future__ import annotations

from archiver.generic.dom import parse_html
from archiver.generic.metatags import is_article_type, meta_fields
from tests.generic.pages import page


def _fields(head: str) -> dict[str, str]:
    return {name: f.raw for name, f in meta_fields(parse_html(page("<p>x</p>", head=head))).items()}


def test_open_graph_and_article_tags() -> None:
    head = (
        '<meta property="og:title" content="Hội nghị tổng kết">'
        '<meta property="article:published_time" content="2024-03-12T08:15:00+07:00">'
        '<meta property="og:description" content="Tóm tắt">'
        '<meta property="article:section" content="Tin hoạt động">'
        '<meta name="author" content="Khánh Linh">'
    )
    assert _fields(head) == {
        "title": "Hội nghị tổng kết",
        "published": "2024-03-12T08:15:00+07:00",
        "summary": "Tóm tắt",
        "category": "Tin hoạt động",
        "byline": "Khánh Linh",
    }


def test_dublin_core_and_citation_dates() -> None:
    assert _fields('<meta name="DC.date.issued" content="2024-03-12">')["published"] == "2024-03-12"
    assert _fields('<meta name="citation_publication_date" content="12/03/2024">')["published"] == "12/03/2024"


def test_a_meta_author_naming_the_site_is_not_a_byline() -> None:
    head = '<meta property="og:site_name" content="UBND tỉnh"><meta name="author" content="UBND tỉnh">'
    assert "byline" not in _fields(head)
    assert "byline" not in _fields('<meta name="author" content="Cổng thông tin điện tử tỉnh Vĩnh Hòa">')
    assert "byline" not in _fields('<meta property="article:author" content="https://facebook.com/x">')


def test_unparsable_meta_date_is_skipped_for_the_next_name() -> None:
    head = '<meta property="article:published_time" content="n/a"><meta name="pubdate" content="2024-03-12">'
    assert _fields(head)["published"] == "2024-03-12"


def test_og_type() -> None:
    assert is_article_type(parse_html(page("", head='<meta property="og:type" content="article">')))
    assert not is_article_type(parse_html(page("", head='<meta property="og:type" content="website">')))
