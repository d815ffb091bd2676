"""The news spider on saved demo pages: raw fields as printed, requests it makes."""

from __future__ import annotations

import pytest
import scrapy

from archiver.extract import ListingEntry
from archiver.items import ArticleItem
from spiders.news import NewsSpider
from tests.spiders.conftest import BASE, TRUTH, make_spider, saved_page

SPIDER = make_spider(NewsSpider)
ARTICLE: ArticleItem = next(SPIDER.parse_article(saved_page("article")))
TRUTH_ARTICLE = TRUTH["article"]


def test_url_is_canonical() -> None:
    assert ARTICLE.url == TRUTH_ARTICLE["canonical"]
    assert ARTICLE.site == "demo"


def test_title_and_category() -> None:
    assert ARTICLE.title_raw == TRUTH_ARTICLE["title"]
    assert ARTICLE.category_raw == TRUTH_ARTICLE["category"]


def test_meta_line_is_split_on_its_labels() -> None:
    assert ARTICLE.meta_raw.startswith("Người đăng: ")
    assert ARTICLE.poster_raw == TRUTH_ARTICLE["poster"]
    assert ARTICLE.published_raw.count("|") == 1 and len(ARTICLE.published_raw) == len("21:50 | 17/09")
    assert ARTICLE.views_raw.replace(".", "") == str(TRUTH_ARTICLE["view_count"])


def test_byline_is_kept_raw() -> None:
    assert ARTICLE.byline_raw == "Tác giả: " + TRUTH_ARTICLE["byline_raw"]


def test_body_html_is_the_article_container_only() -> None:
    assert ARTICLE.body_html.startswith('<div class="detail-content"')
    for outside in ("detail-meta", "Tác giả:", "Các tin mới", "LIÊN KẾT WEB", "Tên Video"):
        assert outside not in ARTICLE.body_html


def test_images_with_absolute_urls_and_captions() -> None:
    assert [[im["src"], im["caption"]] for im in ARTICLE.images] == TRUTH_ARTICLE["images"]


def test_related_links() -> None:
    assert [[r["kind"], r["url"], r["title"]] for r in ARTICLE.related] == TRUTH_ARTICLE["related"]
    assert all(r["date_raw"].startswith("(") for r in ARTICLE.related)


def test_article_without_author_line() -> None:
    item = next(SPIDER.parse_article(saved_page("article-no-author")))
    assert item.byline_raw is None
    assert item.title_raw == TRUTH["article-no-author"]["title"]


def test_mobile_page_folds_to_the_same_record() -> None:
    mobile = next(SPIDER.parse_article(saved_page("article-mobile")))
    assert mobile.url == ARTICLE.url
    assert (mobile.title_raw, mobile.published_raw, mobile.byline_raw) == (
        ARTICLE.title_raw,
        ARTICLE.published_raw,
        ARTICLE.byline_raw,
    )


def test_listing_hint_travels_in_cb_kwargs() -> None:
    hint = ListingEntry(url=ARTICLE.url, title="t", date_raw="(17/09/2023)", summary="Tóm tắt")
    item = next(SPIDER.parse_article(saved_page("article"), hint=hint))
    assert (item.listing_date_raw, item.listing_date_source, item.summary_raw) == ("(17/09/2023)", "listing", "Tóm tắt")


LISTING_REQUESTS = list(SPIDER.parse_listing(saved_page("listing"), page_number=2))


def test_listing_requests_every_entry_then_the_next_page() -> None:
    articles = [r for r in LISTING_REQUESTS if r.callback == SPIDER.parse_article]
    pages = [r for r in LISTING_REQUESTS if r.callback == SPIDER.parse_listing]
    assert len(articles) == 10
    assert len(pages) == 1 and pages[0].url.endswith("trang=3")
    assert pages[0].cb_kwargs == {"page_number": 3, "known_pages": 0}


@pytest.mark.parametrize("request_", [r for r in LISTING_REQUESTS if r.callback == SPIDER.parse_article])
def test_every_entry_request_carries_a_dated_hint(request_: scrapy.Request) -> None:
    hint = request_.cb_kwargs["hint"]
    assert hint.title and hint.summary
    assert hint.date_raw and hint.date_raw[1:-1].count("/") == 2
    assert request_.url.startswith(BASE + "/tin-tuc/")


def test_last_listing_page_has_no_next_request() -> None:
    requests = list(SPIDER.parse_listing(saved_page("listing-last")))
    assert requests and all(r.callback == SPIDER.parse_article for r in requests)


def test_listing_page_bound_stops_pagination() -> None:
    bounded = make_spider(NewsSpider, ARCHIVER_MAX_LISTING_PAGES=2)
    requests = list(bounded.parse_listing(saved_page("listing"), page_number=2))
    assert not [r for r in requests if r.callback == bounded.parse_listing]
    assert bounded.crawler.stats.get_value("archiver/listing/page_bound_hit") == 1


def test_home_page_leads_to_category_listings_without_tracking_params() -> None:
    requests = list(SPIDER.parse_start(saved_page("home")))
    assert requests and all(r.callback == SPIDER.parse_listing for r in requests)
    assert {r.url for r in requests} >= {BASE + "/tin-tuc/tham-gia-xay-dung-nong-thon-moi"}
    assert not [r for r in requests if "utm_" in r.url or "/m/" in r.url]


def test_seed_page_raw_fields() -> None:
    url = (
        BASE
        + "/tin-tuc/tham-gia-xay-dung-nong-thon-moi"
        + "/so-ket-3-nam-2021-2023-thuc-hien-chuong-trinh-nong-thon-moi-512.html"
    )
    item = next(SPIDER.parse_article(saved_page("seed-article.html", url)))
    assert item.title_raw == "Sơ kết 3 năm (2021-2023) thực hiện Chương trình nông thôn mới"
    assert (item.poster_raw, item.published_raw, item.views_raw) == ("Quản trị", "21:50 | 17/09", "639")
    assert item.byline_raw == "Tác giả: NH"
    assert item.images == [
        {"src": BASE + "/Uploads/images/2023/09/vuon-xanh.jpg", "caption": 'Mô hình "Vườn xanh- Nhà đẹp- Ngõ đẹp"'}
    ]


def test_profile_settings_reach_the_crawler() -> None:
    assert SPIDER.crawler.settings.getfloat("DOWNLOAD_DELAY") == 0
    assert SPIDER.crawler.settings.getbool("ROBOTSTXT_OBEY") is True
    assert SPIDER.allowed_domains == ["127.0.0.1"]


def test_non_http_base_url_is_refused() -> None:
    with pytest.raises(ValueError, match="http"):
        NewsSpider(site="demo", base_url="file:///etc/passwd")


def test_a_pdf_behind_an_article_link_is_skipped_and_counted() -> None:
    from scrapy.http import Response

    spider = make_spider(NewsSpider)
    pdf = Response(url=BASE + "/Uploads/van-ban.pdf", body=b"%PDF-1.4", headers={"Content-Type": "application/pdf"})
    assert list(spider.parse_article(pdf)) == []
    assert list(spider.parse_listing(pdf)) == []
    assert spider.crawler.stats.get_value("archiver/skipped/not_a_page") == 2
