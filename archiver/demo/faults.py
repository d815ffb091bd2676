"""Named fault switches for the demo portal: hostile and broken-server behaviour on demand.

`archiver demo-site --faults retry-503,gzip-bomb` (or `DemoServer(site, faults=...)`) turns
them on; all are off by default. Each fault hits a small, deterministic set of targets
(an article chosen by its index in `site.articles`, a listing page, the start page), so a
test knows in advance which URLs must succeed after retries and which must end up in
`crawl_errors`.

*Transient* faults fail the first `TRANSIENT_FAILURES` requests of a target, then answer
normally: a crawler that retries (honouring `Retry-After`) archives the page. *Persistent*
faults fail every time. `plan.decide(target)` returns what the server should do; the
socket-level actions (reset, truncation, slowness, endless bodies) are carried out by
`archiver.demo.server`, everything else is a ready `Page`.
"""

from __future__ import annotations

import threading
import unicodedata
import zlib
from dataclasses import dataclass
from email.utils import formatdate
from functools import lru_cache
from html import escape
from ipaddress import ip_address
from time import time
from urllib.parse import urlsplit

from archiver.demo.generator import DemoSite
from archiver.demo.pages import HTML, Page, render

# What each fault does; the CLI lists these names in `demo-site --help`.
FAULTS: dict[str, str] = {
    "retry-503": "an article answers 503 with Retry-After: 1 (seconds) twice, then 200",
    "retry-429": "an article answers 429 with Retry-After as an HTTP date twice, then 200",
    "error-500": "an article answers 500 every time",
    "slow": "an article answers only after SLOW_SECONDS (longer than the crawler's timeout)",
    "reset": "an article's connection is reset (TCP RST) every time",
    "truncate": "an article's body stops halfway through its Content-Length every time",
    "wrong-charset": "an article in UTF-8 is served as charset=iso-8859-1",
    "windows-1258": "an article is encoded in windows-1258 (decomposed tones), declared as such",
    "gzip-bomb": "an article is a gzip body expanding to 256 MiB",
    "huge-page": "an article is a 100 MB body without Content-Length",
    "pagination-trap": "an extra listing whose 'next' link never ends (?trang=N+1 forever)",
    "calendar-trap": "an extra listing of days whose 'next' goes back a day forever, with over-long links",
    "offsite-redirect": "an extra listing (linked from the menu) and an article redirect to another loopback host",
    "offsite-start": "the start page answers 503 once, then redirects to another loopback host",
    "bad-schemes": "a listing links to ftp:, mailto:, javascript:, data: and file: URLs",
}
# Which article (index into site.articles) each article-level fault hits: one each, no overlap.
ARTICLE_TARGETS: dict[str, int] = {
    "retry-503": 1,
    "retry-429": 2,
    "error-500": 3,
    "slow": 4,
    "reset": 5,
    "truncate": 6,
    "wrong-charset": 7,
    "windows-1258": 8,
    "gzip-bomb": 9,
    "huge-page": 10,
    "offsite-redirect": 11,
}
# Requests a transient fault fails before it lets one through.
TRANSIENT_FAILURES = 2
# Default slowness: longer than the crawler's default DOWNLOAD_TIMEOUT (30 s).
SLOW_SECONDS = 35.0
# The gzip bomb's decompressed size, and the huge page's size.
BOMB_BYTES = 256 * 1024 * 1024
HUGE_BYTES = 100 * 1000 * 1000
PAGINATION_TRAP = "/tin-tuc/bay-phan-trang"
MOVED_LISTING = "/tin-tuc/chuyen-trang"
CALENDAR_TRAP = "/tin-tuc/lich-su-kien"
TRAP_START_DATE = "2024-01-20"
# Links of the calendar trap that are longer than any sane URL (Scrapy's URLLENGTH_LIMIT is 2083).
LONG_LINK_LENGTH = 3000
BAD_SCHEME_LINKS = (
    "ftp://{host}/tai-lieu/bao-cao.doc",
    "mailto:vanphong@example.invalid",
    "javascript:void(0)",
    "data:text/html,<h1>x</h1>",
    "file:///etc/passwd",
)
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def parse_fault_names(text: str) -> frozenset[str]:
    """`"retry-503,slow"` → the names; ValueError naming the valid ones for an unknown name."""
    names = frozenset(part.strip() for part in text.split(",") if part.strip())
    unknown = sorted(names - FAULTS.keys())
    if unknown:
        raise ValueError(f"unknown fault(s) {', '.join(unknown)}; choose from: {', '.join(FAULTS)}")
    return names


def other_host_for(host: str) -> str:
    """A different loopback address, so a redirect there is offsite for a crawler of `host`."""
    address = ip_address(host)
    if address.version == 6:
        return "127.0.0.2"
    return "127.0.0.3" if str(address) == "127.0.0.2" else "127.0.0.2"


@dataclass(frozen=True)
class Action:
    """What the server does instead of (or with) a normal page.

    kind: "page" (send `page`), "reset", "truncate" (send half of `page`), "slow" (wait, then
    send `page`), "stream" (send `size` bytes of HTML without Content-Length, then close).
    """

    kind: str
    page: Page | None = None
    size: int = 0


class FaultPlan:
    """The faults switched on for one served site, with the per-target request counts."""

    def __init__(
        self,
        site: DemoSite,
        names: frozenset[str] | set[str] | tuple[str, ...],
        other_base_url: str,
        own_host: str = "127.0.0.1",
    ) -> None:
        self.site = site
        self.own_host = own_host
        self.names = frozenset(names)
        unknown = self.names - FAULTS.keys()
        if unknown:
            raise ValueError(f"unknown fault(s) {sorted(unknown)}; choose from: {', '.join(FAULTS)}")
        host = urlsplit(other_base_url).hostname or ""
        if not ip_address(host).is_loopback:
            raise ValueError(f"the offsite redirect target must be a loopback address, got {other_base_url!r}")
        self.other_base_url = other_base_url.rstrip("/")
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()
        self._article_faults = {
            site.articles[index].path: name
            for name, index in ARTICLE_TARGETS.items()
            if name in self.names and index < len(site.articles)
        }

    def article_path(self, fault: str) -> str | None:
        """The article path `fault` hits on this site (None when the site is too small)."""
        index = ARTICLE_TARGETS[fault]
        return self.site.articles[index].path if index < len(self.site.articles) else None

    def _count(self, key: str) -> int:
        """How many times `key` was asked before, this time included (thread-safe)."""
        with self._lock:
            self._counts[key] = self._counts.get(key, 0) + 1
            return self._counts[key]

    def decide(self, target: str) -> Action | None:
        """The fault action for a request target, or None to serve the normal page."""
        if not self.names:
            return None
        parts = urlsplit(target)
        path = parts.path or "/"
        if path == "/" and "offsite-start" in self.names:
            if self._count("offsite-start") <= 1:
                return Action("page", _status_page(503, (("Retry-After", "1"),)))
            return Action("page", _redirect(302, self.other_base_url + "/"))
        if path == MOVED_LISTING and "offsite-redirect" in self.names:
            return Action("page", _redirect(302, self.other_base_url + target))
        if path == PAGINATION_TRAP and "pagination-trap" in self.names:
            return Action("page", pagination_trap_page(parts.query))
        if path == CALENDAR_TRAP and "calendar-trap" in self.names:
            return Action("page", calendar_trap_page(parts.query))
        fault = self._article_faults.get(path)
        if fault is not None:
            return self._article_action(fault, target)
        return self._decorate(target)

    def _article_action(self, fault: str, target: str) -> Action:
        if fault in ("retry-503", "retry-429") and self._count(target) > TRANSIENT_FAILURES:
            return Action("page", render(self.site, target))
        if fault == "retry-503":
            return Action("page", _status_page(503, (("Retry-After", "1"),)))
        if fault == "retry-429":
            # An HTTP date one second ahead, rounded up so the wait is at least a second.
            return Action("page", _status_page(429, (("Retry-After", formatdate(int(time()) + 2, usegmt=True)),)))
        if fault == "error-500":
            return Action("page", _status_page(500))
        if fault == "reset":
            return Action("reset")
        if fault == "truncate":
            return Action("truncate", render(self.site, target))
        if fault == "slow":
            return Action("slow", render(self.site, target))
        if fault == "wrong-charset":
            page = render(self.site, target)
            return Action("page", Page(page.status, "text/html; charset=iso-8859-1", page.body, page.headers))
        if fault == "windows-1258":
            return Action("page", windows_1258_page(render(self.site, target)))
        if fault == "gzip-bomb":
            return Action("page", Page(200, HTML, gzip_bomb(), (("Content-Encoding", "gzip"),)))
        if fault == "huge-page":
            return Action("stream", size=HUGE_BYTES)
        # offsite-redirect: an article moved to another host (the news spider handles 3xx itself).
        return Action("page", _redirect(301, self.other_base_url + target))

    def _decorate(self, target: str) -> Action | None:
        """Normal pages with extra links: trap listings in the menu, bad schemes in a listing."""
        extra_menu = []
        if "offsite-redirect" in self.names:
            extra_menu.append(f'<li><a href="{MOVED_LISTING}">Chuyên trang</a></li>')
        if "pagination-trap" in self.names:
            extra_menu.append(f'<li><a href="{PAGINATION_TRAP}">Tin cũ</a></li>')
        if "calendar-trap" in self.names:
            extra_menu.append(f'<li><a href="{CALENDAR_TRAP}?ngay={TRAP_START_DATE}">Lịch sự kiện</a></li>')
        bad_links = "bad-schemes" in self.names and target == f"/tin-tuc/{self.site.categories[0].slug}"
        if not extra_menu and not bad_links:
            return None
        page = render(self.site, target)
        if not page.content_type.startswith("text/html"):
            return None
        body = page.body
        if extra_menu:
            menu = b'<div id="menu">MENU <ul>'
            body = body.replace(menu, menu + "".join(extra_menu).encode(), 1)
        if bad_links:
            # ftp: on the site's own host: a host check alone would let it through.
            items = "".join(_entry(link.format(host=self.own_host), "Liên kết lạ") for link in BAD_SCHEME_LINKS)
            body = body.replace(b'<div class="news-list">', b'<div class="news-list">' + items.encode(), 1)
        return Action("page", Page(page.status, page.content_type, body, page.headers))


def _entry(href: str, title: str) -> str:
    return f'<div class="news-item"><a class="news-title" href="{escape(href)}">{escape(title)}</a></div>'


def _status_page(status: int, headers: tuple[tuple[str, str], ...] = ()) -> Page:
    body = f'<!DOCTYPE html><html lang="vi"><body><h1>{status}</h1></body></html>'.encode()
    return Page(status, HTML, body, headers)


def _redirect(status: int, location: str) -> Page:
    return Page(status, HTML, b"", (("Location", location),))


def _trap_page(title: str, entries: str, next_href: str) -> Page:
    body = (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"></head><body>'
        f'<h1 class="cat-title">{escape(title)}</h1><div class="news-list">{entries}</div>'
        f'<div class="pager"><a class="next" href="{escape(next_href)}">Trang sau</a></div></body></html>'
    )
    return Page(200, HTML, body.encode())


def pagination_trap_page(query: str) -> Page:
    """Page N of a listing that never ends: no entries, always a next page."""
    value = query.partition("trang=")[2].split("&")[0]
    page = int(value) if value.isdigit() else 1
    return _trap_page(f"Tin cũ - trang {page}", "", f"{PAGINATION_TRAP}?trang={page + 1}")


def calendar_trap_page(query: str) -> Page:
    """A day of an endless event calendar: 'next' is the day before, forever; one link is over-long."""
    from datetime import date, timedelta

    value = query.partition("ngay=")[2].split("&")[0]
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = date.fromisoformat(TRAP_START_DATE)
    long_link = f"{CALENDAR_TRAP}/chi-tiet?ngay={day.isoformat()}&ma=" + "x" * LONG_LINK_LENGTH
    entry = _entry(long_link, f"Sự kiện ngày {day:%d/%m/%Y}")
    return _trap_page(f"Lịch ngày {day:%d/%m/%Y}", entry, f"{CALENDAR_TRAP}?ngay={day - timedelta(days=1)}")


def encode_windows_1258(text: str) -> bytes:
    """`text` in windows-1258: letters it lacks are written as a base letter plus combining tone."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(mark for mark in decomposed if mark in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in _TONE_MARKS))
        out += (base + tones).encode("cp1258", errors="xmlcharrefreplace")
    return bytes(out)


def windows_1258_page(page: Page) -> Page:
    """The same page re-encoded in windows-1258, with the header and the meta tag saying so."""
    text = page.body.decode("utf-8").replace('<meta charset="utf-8">', '<meta charset="windows-1258">', 1)
    return Page(page.status, "text/html; charset=windows-1258", encode_windows_1258(text), page.headers)


@lru_cache(maxsize=1)
def gzip_bomb() -> bytes:
    """A small gzip member (about 250 KB) that inflates to BOMB_BYTES of HTML-ish zeros."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunks = [compressor.compress(b"<!DOCTYPE html><html><body>")]
    block = bytes(1024 * 1024)
    chunks += [compressor.compress(block) for _ in range(BOMB_BYTES // len(block))]
    chunks.append(compressor.flush())
    return b"".join(chunks)
