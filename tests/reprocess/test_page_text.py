"""`page_text`/`repair_page` decode a stored body exactly as the crawl's response did."""

from __future__ import annotations

import codecs

import pytest
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from archiver.charset_middleware import CharsetRepairMiddleware, page_text, repair_page
from archiver.demo.faults import encode_windows_1258

VIET = "<html><head>{meta}</head><body><p>Người đăng: Quản trị — Đại hội</p></body></html>"
CASES = [
    (b"text/html; charset=utf-8", VIET.format(meta="").encode()),
    (b"text/html", VIET.format(meta='<meta charset="utf-8">').encode()),
    (b"text/html", VIET.format(meta="").encode()),  # nothing declared: Scrapy's detection
    (b"", codecs.BOM_UTF8 + VIET.format(meta="").encode()),
    (b"text/html; charset=iso-8859-1", VIET.format(meta="").encode()),  # contradicted header
    (b"text/html; charset=iso-8859-1", "Café crème".encode("latin-1")),
    (b"text/html; charset=windows-1258", encode_windows_1258(VIET.format(meta='<meta charset="windows-1258">'))),
    (b"text/html; charset=utf-8", encode_windows_1258(VIET.format(meta='<meta charset="windows-1258">'))),
    (b"text/html; charset=utf-8", "Vie\u0302\u0323t Nam".encode()),  # NFD in UTF-8
    (b"text/html; charset=x-unknown", b"<p>plain</p>"),
]


@pytest.mark.parametrize(("content_type", "body"), CASES)
def test_page_text_is_what_scrapy_decodes(content_type: bytes, body: bytes) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    assert page_text(content_type, body) == HtmlResponse("http://127.0.0.1/a", headers=headers, body=body).text


@pytest.mark.parametrize(("content_type", "body"), CASES)
def test_repair_page_is_what_the_middleware_hands_the_spider(content_type: bytes, body: bytes) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = HtmlResponse("http://127.0.0.1/a", headers=headers, body=body)
    middleware = CharsetRepairMiddleware(get_crawler())
    assert repair_page(content_type, body).text == middleware.process_response(None, response).text  # type: ignore[arg-type]


def test_windows_1258_comes_out_as_composed_vietnamese() -> None:
    body = encode_windows_1258(VIET.format(meta='<meta charset="windows-1258">'))
    page = repair_page(b"text/html; charset=windows-1258", body)
    assert page.recomposed and "Người đăng: Quản trị" in page.text and page.body.decode("utf-8") == page.text
