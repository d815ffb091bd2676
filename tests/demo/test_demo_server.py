"""The loopback server: serves render(), records every request, refuses other hosts."""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from archiver.demo import DemoServer, DemoSite, build_site, render

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site() -> DemoSite:
    return build_site(articles=40, videos=6)


def fetch(url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_serves_pages_and_records_requests(site: DemoSite) -> None:
    article = site.articles[2]
    with DemoServer(site) as server:
        assert server.base_url.startswith("http://127.0.0.1:") and not server.base_url.endswith("/")
        status, headers, body = fetch(server.base_url + article.path)
        assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
        assert body == render(site, article.path).body
        assert int(headers["Content-Length"]) == len(body)
        status, headers, body = fetch(server.base_url + "/robots.txt")
        assert status == 200 and body.startswith(b"User-agent: *")
        status, _, body = fetch(server.base_url + "/khong-co?x=1")
        assert status == 404 and "Không tìm thấy trang" in body.decode()
        assert server.requested == [article.path, "/robots.txt", "/khong-co?x=1"]


def test_head_answers_headers_only(site: DemoSite) -> None:
    with DemoServer(site) as server:
        status, headers, body = fetch(server.base_url + "/", method="HEAD")
        assert status == 200 and body == b""
        assert int(headers["Content-Length"]) == len(render(site, "/").body)
        assert server.requested == ["/"]


def test_concurrent_requests_are_all_recorded(site: DemoSite) -> None:
    targets = [a.path for a in site.articles] + ["/m" + a.path for a in site.articles]
    with DemoServer(site) as server, ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda t: fetch(server.base_url + t)[0], targets))
        assert statuses == [200] * len(targets)
        assert sorted(server.requested) == sorted(targets)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "10.0.0.1", "::", "localhost", "example.com"])
def test_non_loopback_hosts_are_refused(site: DemoSite, host: str) -> None:
    with pytest.raises(ValueError):
        DemoServer(site, host=host)


def test_stop_releases_the_port(site: DemoSite) -> None:
    server = DemoServer(site).start()
    url = server.base_url + "/robots.txt"
    assert fetch(url)[0] == 200
    server.stop()
    server.stop()  # idempotent
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=2)


def test_serve_forever_prints_only_through_on_ready() -> None:
    code = (
        "from archiver.demo import build_site, serve_forever\n"
        "serve_forever(build_site(articles=5, videos=2), on_ready=lambda url: print(url, flush=True))\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:")
        assert fetch(base_url + "/")[0] == 200
        assert fetch(base_url + "/khong-co")[0] == 404
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 0
    assert stdout == "" and stderr == ""  # no per-request log, no traceback on Ctrl-C
