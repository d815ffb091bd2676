"""Correct a `Content-Type: charset=` that contradicts the page, before anything decodes it.

Scrapy (w3lib) trusts the HTTP header over the page's `<meta charset>`: a UTF-8 page served
as `charset=iso-8859-1` becomes mojibake (`Viá»‡t Nam`) in every stored field. Two cases
are certain enough to fix: a header naming a Latin-1-family charset on a body that is
valid UTF-8 with multi-byte sequences, and a header naming UTF-8 on a body that is not UTF-8
while the page itself declares another charset.

Text that decodes to decomposed Unicode (windows-1258 writes tones as combining marks, some
editors save NFD) is then re-encoded as NFC UTF-8, so selectors and labels written in NFC
(`Người đăng:`) match it. The WARC keeps the body and headers as received; only what the
spider parses changes. Runs after decompression (priority 585).
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from dataclasses import dataclass

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from w3lib.encoding import html_body_declared_encoding, html_to_unicode, http_content_type_encoding, read_bom

LOGGER = logging.getLogger(__name__)

_LATIN_FAMILY = frozenset({"latin_1", "iso8859_1", "cp1252", "ascii", "iso8859_15"})
_HEADER_CHARSET = re.compile(rb"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
# The page's own declaration is in its head; no need to scan a whole body for it.
_META_SCAN_BYTES = 4096


def codec_name(label: bytes | str | None) -> str | None:
    """Python's codec name for a charset label, or None when Python does not know it."""
    if not label:
        return None
    text = label.decode("ascii", "replace") if isinstance(label, bytes) else label
    try:
        return codecs.lookup(text.strip()).name.replace("-", "_")
    except LookupError:
        return None


def _decodes(body: bytes, codec: str) -> bool:
    try:
        body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def corrected_charset(content_type: bytes, body: bytes) -> str | None:
    """The charset to use instead of the header's, or None when the header is believable.

    >>> corrected_charset(b"text/html; charset=iso-8859-1", "Việt".encode())
    'utf-8'
    >>> corrected_charset(b"text/html; charset=utf-8", "Việt".encode()) is None
    True
    """
    match = _HEADER_CHARSET.search(content_type)
    declared = codec_name(match.group(1)) if match else None
    if declared is None or body.isascii():
        return None
    if declared in _LATIN_FAMILY and _decodes(body, "utf-8"):
        return "utf-8"
    if declared == "utf_8" and not _decodes(body, "utf-8"):
        meta = _META_CHARSET.search(body[:_META_SCAN_BYTES])
        page_codec = codec_name(meta.group(1)) if meta else None
        if page_codec and page_codec != "utf_8" and _decodes(body, page_codec):
            return meta.group(1).decode("ascii") if meta else None
    return None


@dataclass(frozen=True)
class RepairedPage:
    """What the spider parses: `text`, and the `body`/`encoding` a response must carry to decode to it."""

    text: str
    body: bytes
    # The charset to decode `body` with instead of what its headers say; None when they are right.
    encoding: str | None
    # The charset that replaced a contradicted header, None when the header was believed.
    header_corrected: str | None
    recomposed: bool


def page_text(content_type: bytes, body: bytes, encoding: str | None = None) -> str:
    """`body` decoded exactly as a Scrapy TextResponse with this Content-Type (and `encoding`) decodes it.

    Same order as TextResponse: an explicit encoding, a BOM, the header, the page's own declaration;
    a page that declares nothing goes through TextResponse itself (its detection needs the response).
    """
    declared = (
        encoding
        or read_bom(body)[0]
        or http_content_type_encoding(content_type.decode("latin-1"))
        or html_body_declared_encoding(body)
    )
    if declared is None:
        headers = {"Content-Type": content_type} if content_type else {}
        return TextResponse(url="http://undeclared.invalid/", headers=headers, body=body).text
    return html_to_unicode(f"charset={declared}", body)[1]


def repair_page(content_type: bytes, body: bytes) -> RepairedPage:
    """The page as the crawl parses it: header charset corrected, decomposed text recomposed to NFC.

    Pure: the crawl (CharsetRepairMiddleware) and `archiver reprocess` both read pages through it,
    so a page re-read from WARC is parsed exactly as it was when fetched.
    """
    charset = corrected_charset(content_type, body)
    text = page_text(content_type, body, charset)
    if body.isascii() or unicodedata.is_normalized("NFC", text):
        return RepairedPage(text, body, charset, charset, recomposed=False)
    recomposed = unicodedata.normalize("NFC", text).encode("utf-8")
    return RepairedPage(page_text(content_type, recomposed, "utf-8"), recomposed, "utf-8", charset, recomposed=True)


class CharsetRepairMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CharsetRepairMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse):
            return response
        content_type = response.headers.get("Content-Type") or b""
        page = repair_page(content_type, response.body)
        if page.header_corrected is not None:
            LOGGER.warning(
                "%s: header %r contradicts the page; decoding as %s", response.url, content_type, page.header_corrected
            )
            self.crawler.stats.inc_value("archiver/charset/header_corrected")
        if page.recomposed:
            self.crawler.stats.inc_value("archiver/charset/recomposed")
        if page.encoding is None:
            return response
        return _with_charset(response, content_type, page.encoding, page.body)


def _with_charset(response: TextResponse, content_type: bytes, charset: str, body: bytes) -> TextResponse:
    """The response with `body`, decoded as `charset` (the header says so too)."""
    headers = response.headers.copy()
    mime = content_type.split(b";", 1)[0].strip() or b"text/html"
    headers["Content-Type"] = mime + b"; charset=" + charset.encode("ascii")
    return response.replace(headers=headers, body=body, encoding=charset)
