"""The demo portal's fault switches, seen from a plain HTTP client: one test per fault."""

from __future__ import annotations

import http.client
import socket
import unicodedata
import urllib.error
import urllib.request
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from archiver.cli import main
from archiver.demo import DemoServer, DemoSite, build_site, render
from archiver.demo.faults import (
    BAD_SCHEME_LINKS,
    BOMB_BYTES,
    CALENDAR_TRAP,
    FAULTS,
    MOVED_LISTING,
    PAGINATION_TRAP,
    TRANSIENT_FAILURES,
    FaultPlan,
    encode_windows_1258,
    parse_fault_names,
)


@pytest.fixture(scope="module")
def site() -> DemoSite:
    return build_site(articles=30, videos=4)


def fetch(url: str, timeout: float = 5) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch_no_redirect(url: str) -> tuple[int, dict[str, str]]:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=5) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def article_path(site: DemoSite, fault: str) -> str:
    path = FaultPlan(site, {fault}, "http://127.0.0.2").article_path(fault)
    assert path is not None
    return path


def fetch_fault(site: DemoSite, fault: str) -> tuple[int, dict[str, str], bytes]:
    """The article page `fault` acts on, fetched from a portal with that fault on."""
    with DemoServer(site, faults=[fault]) as server:
        return fetch(server.base_url + article_path(site, fault))


@contextmanager
def raw_get(
    site: DemoSite, fault: str, timeout: float = 5, headers: dict[str, str] | None = None
) -> Iterator[http.client.HTTPConnection]:
    """A bare HTTP GET of the article page `fault` acts on (portal with that fault on): the connection
    with the request sent, for the test to read the answer as far as the fault lets it."""
    with DemoServer(site, faults=[fault]) as server:
        parts = urlsplit(server.base_url)
        connection = http.client.HTTPConnection(str(parts.hostname), parts.port, timeout=timeout)
        connection.request("GET", article_path(site, fault), headers=headers or {})
        try:
            yield connection
        finally:
            connection.close()


def test_faults_are_off_by_default(site: DemoSite) -> None:
    with DemoServer(site) as server:
        for fault in ("error-500", "reset", "gzip-bomb"):
            path = article_path(site, fault)
            status, _, body = fetch(server.base_url + path)
            assert status == 200 and body == render(site, path).body


@pytest.mark.parametrize("fault,status", [("retry-503", 503), ("retry-429", 429)])
def test_transient_faults_ask_to_wait_then_answer(site: DemoSite, fault: str, status: int) -> None:
    path = article_path(site, fault)
    with DemoServer(site, faults=[fault]) as server:
        answers = [fetch(server.base_url + path) for _ in range(TRANSIENT_FAILURES + 1)]
    for code, headers, _ in answers[:TRANSIENT_FAILURES]:
        assert code == status and headers["Retry-After"]
    assert answers[-1][0] == 200 and answers[-1][2] == render(site, path).body
    if fault == "retry-503":
        assert answers[0][1]["Retry-After"] == "1"
    else:
        assert answers[0][1]["Retry-After"].endswith(" GMT")  # an HTTP date


def test_error_500_is_persistent(site: DemoSite) -> None:
    path = article_path(site, "error-500")
    with DemoServer(site, faults=["error-500"]) as server:
        assert [fetch(server.base_url + path)[0] for _ in range(4)] == [500] * 4
        assert fetch(server.base_url + site.articles[0].path)[0] == 200  # the others are untouched


def test_slow_answers_after_the_client_gave_up(site: DemoSite) -> None:
    path = article_path(site, "slow")
    with DemoServer(site, faults=["slow"], slow_seconds=2.0) as server:
        with pytest.raises((TimeoutError, urllib.error.URLError)):
            fetch(server.base_url + path, timeout=0.3)
        assert fetch(server.base_url + path, timeout=5)[0] == 200


def test_reset_resets_the_connection(site: DemoSite) -> None:
    with raw_get(site, "reset") as connection:
        with pytest.raises((ConnectionResetError, http.client.RemoteDisconnected)) as raised:
            connection.getresponse()
    assert isinstance(raised.value, ConnectionResetError)  # an RST, not a polite close


def test_truncate_stops_halfway(site: DemoSite) -> None:
    path = article_path(site, "truncate")
    full = render(site, path).body
    with raw_get(site, "truncate") as connection:
        response = connection.getresponse()
        assert int(response.headers["Content-Length"]) == len(full)
        with pytest.raises(http.client.IncompleteRead) as raised:
            response.read()
    assert raised.value.partial == full[: len(full) // 2]


def test_wrong_charset_header_on_a_utf8_body(site: DemoSite) -> None:
    status, headers, body = fetch_fault(site, "wrong-charset")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=iso-8859-1"
    assert body == render(site, article_path(site, "wrong-charset")).body and b'<meta charset="utf-8">' in body


def test_windows_1258_page_decodes_back_to_the_article(site: DemoSite) -> None:
    status, headers, body = fetch_fault(site, "windows-1258")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=windows-1258"
    text = body.decode("cp1258")
    assert "\u0301" in text or "\u0300" in text  # tones as combining marks, as real cp1258 text has
    original = render(site, article_path(site, "windows-1258")).body.decode()
    original = original.replace('<meta charset="utf-8">', '<meta charset="windows-1258">')
    assert unicodedata.normalize("NFC", text) == original


def test_encode_windows_1258_keeps_vietnamese() -> None:
    for text in ("Đại hội Đảng bộ tỉnh", "Mặt trận Tổ quốc Việt Nam", "ưởng ợ ỹ Ỵ"):
        assert unicodedata.normalize("NFC", encode_windows_1258(text).decode("cp1258")) == text


def test_gzip_bomb_is_small_on_the_wire_and_huge_inflated(site: DemoSite) -> None:
    with raw_get(site, "gzip-bomb", timeout=30, headers={"Accept-Encoding": "gzip"}) as connection:
        response = connection.getresponse()
        body = response.read()
    assert response.headers["Content-Encoding"] == "gzip"
    assert len(body) < 1_000_000
    inflater = zlib.decompressobj(31)
    inflated = len(inflater.decompress(body, 64 * 1024 * 1024))
    assert inflated == 64 * 1024 * 1024
    assert inflater.unconsumed_tail  # more is waiting: stopped by the cap, not by the end
    assert BOMB_BYTES >= 256 * 1024 * 1024


def test_huge_page_streams_without_length(site: DemoSite) -> None:
    with raw_get(site, "huge-page") as connection:
        response = connection.getresponse()
        assert response.status == 200 and response.headers["Content-Length"] is None
        first = response.read(5_000_000)
    assert len(first) == 5_000_000  # far beyond any real page, and still going


def test_pagination_trap_never_ends(site: DemoSite) -> None:
    with DemoServer(site, faults=["pagination-trap"]) as server:
        home = fetch(server.base_url + "/")[2].decode()
        assert f'href="{PAGINATION_TRAP}"' in home  # linked from the menu the spider reads
        for page in (1, 50, 5000):
            body = fetch(f"{server.base_url}{PAGINATION_TRAP}?trang={page}")[2].decode()
            assert f'class="next" href="{PAGINATION_TRAP}?trang={page + 1}"' in body


def test_calendar_trap_goes_back_forever_with_long_links(site: DemoSite) -> None:
    with DemoServer(site, faults=["calendar-trap"]) as server:
        home = fetch(server.base_url + "/")[2].decode()
        assert f'href="{CALENDAR_TRAP}?ngay=2024-01-20"' in home
        body = fetch(f"{server.base_url}{CALENDAR_TRAP}?ngay=1900-01-01")[2].decode()
    assert f'class="next" href="{CALENDAR_TRAP}?ngay=1899-12-31"' in body
    assert "x" * 3000 in body


def test_offsite_redirects_go_to_another_loopback_host(site: DemoSite) -> None:
    path = article_path(site, "offsite-redirect")
    with DemoServer(site, faults=["offsite-redirect"]) as server:
        home = fetch(server.base_url + "/")[2].decode()
        listing = fetch_no_redirect(server.base_url + MOVED_LISTING)
        article = fetch_no_redirect(server.base_url + path)
    port = urlsplit(server.base_url).port
    assert f'href="{MOVED_LISTING}"' in home
    assert listing[0] == 302 and listing[1]["Location"] == f"http://127.0.0.2:{port}{MOVED_LISTING}"
    assert article[0] == 301 and article[1]["Location"] == f"http://127.0.0.2:{port}{path}"


def test_offsite_start_asks_to_wait_then_redirects(site: DemoSite) -> None:
    with DemoServer(site, faults=["offsite-start"], other_base_url="http://127.0.0.9:81") as server:
        first = fetch_no_redirect(server.base_url + "/")
        second = fetch_no_redirect(server.base_url + "/")
    assert first[0] == 503 and first[1]["Retry-After"] == "1"
    assert second[0] == 302 and second[1]["Location"] == "http://127.0.0.9:81/"


def test_offsite_target_must_be_loopback(site: DemoSite) -> None:
    with pytest.raises(ValueError):
        DemoServer(site, faults=["offsite-start"], other_base_url="http://93.184.216.34/")


def test_bad_scheme_links_in_a_listing(site: DemoSite) -> None:
    listing = f"/tin-tuc/{site.categories[0].slug}"
    with DemoServer(site, faults=["bad-schemes"]) as server:
        body = fetch(server.base_url + listing)[2].decode()
        other = fetch(server.base_url + f"/tin-tuc/{site.categories[1].slug}")[2].decode()
    for link in BAD_SCHEME_LINKS:
        scheme = link.split(":", 1)[0]
        assert f'href="{scheme}:' in body and f'href="{scheme}:' not in other
    assert 'href="ftp://127.0.0.1/' in body  # same host as the site: only the scheme tells


def test_other_loopback_addresses_can_be_served(site: DemoSite) -> None:
    with DemoServer(site, host="127.0.0.2") as server:
        assert server.base_url.startswith("http://127.0.0.2:")
        assert fetch(server.base_url + "/robots.txt")[0] == 200
    with socket.socket() as sock:  # and nothing else is listening there now
        sock.settimeout(1)
        assert sock.connect_ex(("127.0.0.2", int(urlsplit(server.base_url).port or 0))) != 0


def test_fault_names() -> None:
    assert parse_fault_names(" retry-503, slow ,") == {"retry-503", "slow"}
    assert parse_fault_names("") == frozenset()
    with pytest.raises(ValueError, match="choose from: retry-503"):
        parse_fault_names("slow,nope")


def test_demo_site_lists_and_checks_fault_names() -> None:
    runner = CliRunner()
    help_text = " ".join(runner.invoke(main, ["demo-site", "--help"], terminal_width=400).output.split())
    for name in FAULTS:
        assert name in help_text
    assert "Example: archiver demo-site" in help_text and "--faults" in help_text
    result = runner.invoke(main, ["demo-site", "--faults", "retry-503,bogus"])
    assert result.exit_code == 2 and "unknown fault(s) bogus" in result.output
