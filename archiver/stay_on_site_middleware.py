"""Nothing outside the spider's allowed domains, and nothing but http(s), is ever downloaded.

Scrapy's OffsiteMiddleware lets through any request with `dont_filter=True`, and retries
set that flag: a start page that answers 503 and then redirects to another host would be
followed there. Scrapy can also fetch `ftp:`, `file:`, `data:` and `s3:` URLs. This
middleware runs first (priority 40, before robots.txt is asked for) on every request,
redirects and retries included, and refuses the rest with IgnoreRequest.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

LOGGER = logging.getLogger(__name__)

ALLOWED_SCHEMES = frozenset({"http", "https"})


def refusal(url: str, allowed_domains: Iterable[str]) -> str | None:
    """Why `url` must not be fetched, or None. An empty `allowed_domains` allows every host.

    >>> refusal("ftp://127.0.0.1/a", ["127.0.0.1"])
    'scheme ftp'
    >>> refusal("http://news.example.gov.vn/a", ["example.gov.vn"]) is None
    True
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        return f"scheme {scheme or '(none)'}"
    host = (parts.hostname or "").lower()
    if not host:
        return "no host"
    domains = [domain.lower().strip(".") for domain in allowed_domains if domain]
    if domains and not any(host == domain or host.endswith("." + domain) for domain in domains):
        return f"offsite host {host}"
    return None


class StayOnSiteMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StayOnSiteMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        spider = self.crawler.spider
        reason = refusal(request.url, getattr(spider, "allowed_domains", None) or ())
        if reason is None:
            return
        kind = "scheme" if reason.startswith("scheme") or reason == "no host" else "offsite"
        self.crawler.stats.inc_value(f"archiver/refused/{kind}")
        LOGGER.info("refused %s: %s", request.url[:200], reason)
        raise IgnoreRequest(f"refused: {reason}")
