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

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse

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
        charset = corrected_charset(content_type, response.body)
        if charset is not None:
            LOGGER.warning("%s: header %r contradicts the page; decoding as %s", response.url, content_type, charset)
            self.crawler.stats.inc_value("archiver/charset/header_corrected")
            response = _with_charset(response, content_type, charset, response.body)
        if response.body.isascii():
            return response
        text = response.text
        if unicodedata.is_normalized("NFC", text):
            return response
        self.crawler.stats.inc_value("archiver/charset/recomposed")
        recomposed = unicodedata.normalize("NFC", text).encode("utf-8")
        return _with_charset(response, content_type, "utf-8", recomposed)


def _with_charset(response: TextResponse, content_type: bytes, charset: str, body: bytes) -> TextResponse:
    """The response with `body`, decoded as `charset` (the header says so too)."""
    headers = response.headers.copy()
    mime = content_type.split(b";", 1)[0].strip() or b"text/html"
    headers["Content-Type"] = mime + b"; charset=" + charset.encode("ascii")
    return response.replace(headers=headers, body=body, encoding=charset)
