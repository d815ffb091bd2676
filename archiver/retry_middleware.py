"""Retries that wait: `Retry-After` for 429/503, exponential backoff with jitter otherwise.

Scrapy's own RetryMiddleware re-queues a failed request at once and ignores `Retry-After`,
so a portal that asks for a pause gets hammered. This subclass decides *whether* to retry
exactly as Scrapy does (RETRY_TIMES, RETRY_HTTP_CODES, RETRY_EXCEPTIONS, `dont_retry`) and
then waits before handing the retry back. The wait is `scrapy.utils.asyncio.sleep` inside
an async `process_response`/`process_exception` (Scrapy ≥ 2.13 awaits them): the reactor
keeps serving other requests meanwhile. Wired in place of Scrapy's at priority 550.
"""

from __future__ import annotations

import logging
import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.utils.asyncio import sleep
from scrapy.utils.response import response_status_message

LOGGER = logging.getLogger(__name__)

# Statuses whose Retry-After header is honoured (RFC 9110 §10.2.3: 503 and 429 carry it).
RETRY_AFTER_STATUSES = frozenset({429, 503})


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds asked for by a Retry-After value (delay-seconds or HTTP date); None if unreadable.

    >>> retry_after_seconds("2")
    2.0
    >>> retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", datetime(2015, 10, 21, 7, 27, 30, tzinfo=timezone.utc))
    30.0
    """
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_seconds(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """`base * 2**(attempt-1)`, times a jitter in [0.5, 1.5) so parallel retries spread out, capped."""
    if base <= 0:
        return 0.0
    return min(cap, base * 2 ** max(0, attempt - 1) * (0.5 + rng.random()))


def retry_delay(
    status: int | None, retry_after: str | None, attempt: int, base: float, cap: float, rng: random.Random
) -> float:
    """The wait before retry number `attempt`: the server's Retry-After when it gave one, else backoff."""
    if status in RETRY_AFTER_STATUSES:
        asked = retry_after_seconds(retry_after)
        if asked is not None:
            return min(cap, asked)
    return backoff_seconds(attempt, base, cap, rng)


class PatientRetryMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware, but each retry waits (Retry-After or backoff) without blocking."""

    backoff_base: float
    max_delay: float
    rng: random.Random

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PatientRetryMiddleware:
        middleware = super().from_crawler(crawler)
        middleware.backoff_base = crawler.settings.getfloat("ARCHIVER_RETRY_BACKOFF")
        middleware.max_delay = crawler.settings.getfloat("ARCHIVER_RETRY_MAX_DELAY")
        middleware.rng = random.Random()
        return middleware

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        header = response.headers.get("Retry-After")
        retry_after = header.decode("latin-1") if header else None
        await self._wait(retry, response.status, retry_after)
        return retry

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:  # type: ignore[override]
        if request.meta.get("dont_retry", False) or not isinstance(exception, self.exceptions_to_retry):
            return None
        retry = self._retry(request, exception)
        if retry is None:
            return None
        await self._wait(retry, None, None)
        return retry

    async def _wait(self, retry: Request, status: int | None, retry_after: str | None) -> None:
        attempt = int(retry.meta.get("retry_times", 1))
        delay = retry_delay(status, retry_after, attempt, self.backoff_base, self.max_delay, self.rng)
        if delay <= 0:
            return
        LOGGER.debug("waiting %.2f s before retry %d of %s", delay, attempt, retry.url)
        self.crawler.stats.inc_value("archiver/retry/waits")
        self.crawler.stats.inc_value("archiver/retry/waited_ms", int(delay * 1000))
        await sleep(delay)
