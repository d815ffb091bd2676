"""Raw item fields → normalised record, in particular where a missing year comes from."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from archiver.normalize.records import normalize_article, normalize_video, resolve_published
from archiver.validate import field_warnings

VN = timezone(timedelta(hours=7))
CAPTURED = datetime(2024, 1, 20, 10, 0, tzinfo=VN)


@pytest.mark.parametrize(
    ("raw", "listing", "at", "source"),
    [
        ("21:50 | 17/09", "(17/09/2023)", "2023-09-17T21:50:00+07:00", "listing"),
        # New Year's Eve article captured in January: the listing knows the year, the page does not.
        ("23:30 | 31/12", "(31/12/2022)", "2022-12-31T23:30:00+07:00", "listing"),
        ("00:05 | 01/01", "(01/01/2024)", "2024-01-01T00:05:00+07:00", "listing"),
        # No listing: the latest year that does not put the date after the capture.
        ("21:50 | 17/09", None, "2023-09-17T21:50:00+07:00", "capture"),
        ("08:00 | 19/01", None, "2024-01-19T08:00:00+07:00", "capture"),
        # A listing that disagrees on the day is not trusted for the year.
        ("21:50 | 17/09", "(18/10/2021)", "2023-09-17T21:50:00+07:00", "capture"),
        # A page that prints the year needs no inference.
        ("21:50 | 17/09/2019", "(17/09/2023)", "2019-09-17T21:50:00+07:00", "page"),
        # No date on the page: the listing date, at day precision.
        (None, "(17/09/2023)", "2023-09-17", "listing"),
    ],
)
def test_resolve_published(raw: str | None, listing: str | None, at: str, source: str) -> None:
    published = resolve_published(raw, listing, CAPTURED)
    assert (published.at, published.year_source) == (at, source)


def test_capture_inference_and_listing_fallback_say_so() -> None:
    assert resolve_published("21:50 | 17/09", None, CAPTURED).warning
    assert resolve_published(None, "(17/09/2023)", CAPTURED).warning
    assert resolve_published("21:50 | 17/09", "(17/09/2023)", CAPTURED).warning is None


def test_unreadable_date_is_none_never_a_guess() -> None:
    assert resolve_published("Lượt xem: 639", None, CAPTURED).at is None
    assert resolve_published(None, None, CAPTURED).at is None


RAW_ARTICLE = {
    "url": "http://p/a.html",
    "site": "demo",
    "fetched_at": CAPTURED.isoformat(),
    "category_raw": "Tham gia xây dựng nông thôn mới",
    "title_raw": "Sơ kết 3 năm\u200b thực hiện",
    "summary_raw": "Tóm tắt",
    "listing_date_raw": "(17/09/2023)",
    "published_raw": "21:50 | 17/09",
    "poster_raw": "Quản trị",
    "views_raw": "1.208",
    "byline_raw": "Tác giả: MINH ĐỨC - THU HƯƠNG",
    "body_html": "<div><p>Một <b>hai</b></p><p><a href='x'>ba</a> bốn</p></div>",
    "images": [{"src": "http://p/1.jpg", "caption": " Ảnh\u00a01 "}],
    "related": [{"url": "http://p/b.html", "title": "B", "kind": "new", "date_raw": "(01/01/2024)"}],
}


def test_normalize_article() -> None:
    record = normalize_article(RAW_ARTICLE)
    assert record["title"] == "Sơ kết 3 năm thực hiện"
    assert record["published_at"] == "2023-09-17T21:50:00+07:00"
    assert (record["published_precision"], record["published_year"], record["published_month"]) == (
        "minute",
        2023,
        "2023-09",
    )
    assert record["authors"] == ["Minh Đức", "Thu Hương"]
    assert record["poster"] == "Quản trị"
    assert record["view_count"] == 1208
    assert record["body_text"] == "Một hai\n\nba bốn"
    assert record["word_count"] == 4
    assert record["images"] == [{"src": "http://p/1.jpg", "caption": "Ảnh 1"}]
    assert record["warnings"] == []
    assert field_warnings(record) == []


def test_normalisation_is_repeatable() -> None:
    assert normalize_article(RAW_ARTICLE) == normalize_article(dict(RAW_ARTICLE))


def test_missing_and_unparsable_fields_become_warnings_not_drops() -> None:
    record = normalize_article(
        RAW_ARTICLE | {"title_raw": None, "views_raw": "nhiều", "published_raw": "sắp tới", "listing_date_raw": None}
    )
    warnings = field_warnings(record)
    assert "title: missing" in warnings
    assert any(w.startswith("view_count: cannot parse") for w in warnings)
    assert any(w.startswith("published_at: cannot parse") for w in warnings)


def test_normalize_video_dates_from_title() -> None:
    record = normalize_video(
        {
            "url": "http://p/v/1.html",
            "site": "demo",
            "fetched_at": CAPTURED.isoformat(),
            "title_raw": "CM 01.12.23",
            "media_url": "http://p/v.mp4",
            "category_raw": "Chuyên mục",
        }
    )
    assert (record["title"], record["recorded_on"], record["recorded_on_source"]) == (
        "CM 01.12.23",
        "2023-12-01",
        "title",
    )


def test_video_title_without_a_date() -> None:
    record = normalize_video(
        {"url": "http://p/v/2.html", "site": "demo", "fetched_at": CAPTURED.isoformat(), "title_raw": "Phóng sự"}
    )
    assert record["recorded_on"] is None
    assert "recorded_on: missing" in field_warnings(record)
