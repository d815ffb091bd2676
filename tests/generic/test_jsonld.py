from __future__ import annotations

import json

import pytest

from archiver.generic.dom import parse_html
from archiver.generic.jsonld import author_names, jsonld_fields, view_count
from tests.generic.pages import page


def _page(*objects: object, raw: str | None = None) -> str:
    scripts = "".join(
        f'<script type="application/ld+json">{json.dumps(o, ensure_ascii=False)}</script>' for o in objects
    )
    if raw is not None:
        scripts += f'<script type="application/ld+json">{raw}</script>'
    return page("<p>x</p>", head=scripts)


ARTICLE = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Hội nghị  tổng kết",
    "datePublished": "2024-03-12T08:15:00+07:00",
    "author": [{"@type": "Person", "name": "Minh Đức"}, "Thu Hương"],
    "interactionStatistic": {
        "@type": "InteractionCounter",
        "interactionType": "https://schema.org/ViewAction",
        "userInteractionCount": 1208,
    },
    "description": "Tóm tắt",
    "articleSection": ["Tin hoạt động"],
    "articleBody": "Đoạn một.\n\nĐoạn <hai>.",
}


def test_every_field_of_a_news_article() -> None:
    found = jsonld_fields(parse_html(_page(ARTICLE)))
    assert {name: f.raw for name, f in found.items()} == {
        "title": "Hội nghị tổng kết",
        "published": "2024-03-12T08:15:00+07:00",
        "byline": "Minh Đức, Thu Hương",
        "views": "1208",
        "summary": "Tóm tắt",
        "category": "Tin hoạt động",
        "body_html": "<div><p>Đoạn một.</p><p>Đoạn &lt;hai&gt;.</p></div>",
    }
    assert {f.method for f in found.values()} == {"jsonld"}
    assert found["published"].value == "2024-03-12T08:15:00+07:00"


def test_article_inside_a_graph_after_other_objects() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [{"@type": "WebSite", "name": "Cổng"}, ARTICLE | {"@type": ["Article", "Thing"]}],
    }
    assert jsonld_fields(parse_html(_page(graph)))["title"].raw == "Hội nghị tổng kết"


def test_a_list_of_objects_and_broken_json_beside_it() -> None:
    root = parse_html(_page([{"@type": "BreadcrumbList"}, ARTICLE | {"@type": "BlogPosting"}], raw="{not json"))
    assert jsonld_fields(root)["byline"].raw == "Minh Đức, Thu Hương"


def test_no_article_object_gives_nothing() -> None:
    assert jsonld_fields(parse_html(_page({"@type": "Organization", "name": "UBND"}))) == {}


def test_an_unreadable_date_is_left_to_other_methods() -> None:
    assert "published" not in jsonld_fields(parse_html(_page(ARTICLE | {"datePublished": "sắp tới"})))


@pytest.mark.parametrize(
    ("author", "names"),
    [
        ("Khánh Linh", ["Khánh Linh"]),
        ({"@type": "Person", "name": "Khánh Linh"}, ["Khánh Linh"]),
        ([{"name": "A"}, {"name": ["B", "C"]}], ["A", "B", "C"]),
        ("https://example.gov.vn/tac-gia/a", []),
        (None, []),
    ],
)
def test_author_shapes(author: object, names: list[str]) -> None:
    assert author_names(author) == names


def test_view_count_only_from_view_like_actions() -> None:
    comments = {"interactionType": {"@type": "CommentAction"}, "userInteractionCount": 5}
    reads = {"interactionType": {"@type": "ReadAction"}, "userInteractionCount": "1.208"}
    assert view_count([comments, reads]) == 1208
    assert view_count(comments) is None
