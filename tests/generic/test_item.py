"""Generic items through the normaliser and the store, and the profile path's own extraction marks."""

from __future__ import annotations

import json
from pathlib import Path

from parsel import Selector

from archiver.extract import article_item
from archiver.generic.discover import ArticleLink
from archiver.generic.dom import parse_html
from archiver.generic.item import generic_article_item
from archiver.normalize.records import normalize_article
from archiver.profiles import load_profile
from archiver.store import Archive
from tests.generic.pages import LONG_TEXT, page

FIXTURES = Path(__file__).parents[1] / "fixtures"
SEED_URL = "http://mttq.example.gov.vn/tin-tuc/tham-gia-xay-dung-nong-thon-moi/so-ket-3-nam-512.html"


def _seed_item(hint: ArticleLink | None = None, fetched_at: str = "2023-09-20T10:00:00+07:00"):
    root = parse_html((FIXTURES / "seed-article.html").read_text(encoding="utf-8"))
    return generic_article_item(root, SEED_URL, "mttq", hint=hint, fetched_at=fetched_at, capture_id=None)


def test_seed_page_without_a_profile_year_from_capture() -> None:
    record = normalize_article(vars(_seed_item()))
    assert record["title"] == "Sơ kết 3 năm (2021-2023) thực hiện Chương trình nông thôn mới"
    assert (record["published_at"], record["published_year_source"]) == ("2023-09-17T21:50:00+07:00", "capture")
    assert record["published_raw"] == "21:50 | 17/09"
    assert (record["view_count"], record["poster"], record["authors"]) == (639, "Quản trị", ["NH"])
    assert record["byline_raw"] == "Tác giả: NH"
    assert record["body_text"].startswith("Nhằm đánh giá") and "Lượt xem" not in record["body_text"]
    assert record["extraction"] == {
        "title": "heuristic",
        "published": "label",
        "poster": "label",
        "byline": "label",
        "views": "label",
        "category": "heuristic",
        "body_html": "heuristic",
    }


def test_seed_page_year_from_a_dated_listing_entry() -> None:
    hint = ArticleLink(SEED_URL, "Sơ kết", "(17/09/2022)", "Tóm tắt từ danh mục")
    record = normalize_article(vars(_seed_item(hint, fetched_at="2024-01-01T00:00:00+07:00")))
    assert (record["published_at"], record["published_year_source"]) == ("2022-09-17T21:50:00+07:00", "listing")
    assert record["summary"] == "Tóm tắt từ danh mục" and record["extraction"]["summary"] == "listing"


def test_a_page_with_nothing_recognisable_is_kept_with_warnings_not_dropped() -> None:
    root = parse_html(page(""))
    record = normalize_article(
        vars(
            generic_article_item(
                root, "http://x.vn/a-1.html", "x", hint=None, fetched_at="2024-01-01T00:00:00+07:00", capture_id=None
            )
        )
    )
    assert record["url"] == "http://x.vn/a-1.html" and record["published_at"] is None


def test_profile_items_say_profile_for_the_fields_they_fill() -> None:
    html = (FIXTURES / "demo" / "article-no-author.html").read_text(encoding="utf-8")
    item = article_item(
        Selector(html),
        "http://127.0.0.1:8070/a.html",
        load_profile("demo"),
        hint=None,
        fetched_at="2024-01-20T10:00:00+07:00",
        capture_id=None,
    )
    assert item.extraction == {
        name: "profile" for name in ("title", "published", "poster", "views", "category", "body_html")
    }


def test_extraction_is_stored_as_json(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "archive.db")
    try:
        body = f"<h1>Tiêu đề</h1><div>Ngày đăng: 12/03/2024</div><div class='content'><p>{LONG_TEXT}</p></div>"
        item = generic_article_item(
            parse_html(page(body)),
            "http://x.vn/a-1.html",
            "x",
            hint=None,
            fetched_at="2024-03-13T00:00:00+07:00",
            capture_id=None,
        )
        archive.write_batch([normalize_article(vars(item))], None)
        row = next(archive.db.query("SELECT extraction FROM articles"))
    finally:
        archive.close()
    assert json.loads(row["extraction"]) == {"title": "heuristic", "published": "label", "body_html": "heuristic"}
