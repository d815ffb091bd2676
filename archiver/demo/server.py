"""Loopback HTTP server for the demo portal.

`DemoServer` runs in a daemon thread for tests and end-to-end crawls; `serve_forever`
runs in the foreground for `archiver demo`. Only loopback addresses are accepted: the
demo portal must never be reachable from another machine.
"""

from __future__ import annotations

import ipaddress
import socket
import socketserver
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from archiver.demo.generator import DemoSite
from archiver.demo.pages import HTML, Page, render

# Idle keep-alive connections are closed after this many seconds, so threads do not pile up.
IDLE_TIMEOUT = 30.0
# How often the serving loop checks for stop(); short so tests do not wait on shutdown.
POLL_INTERVAL = 0.05


def require_loopback(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """The address of `host`, which must be a literal loopback address (127.0.0.0/8 or ::1)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(f"demo server host must be a loopback IP address, got {host!r}") from None
    if not address.is_loopback:
        raise ValueError(f"demo server refuses non-loopback host {host!r}")
    return address


class _Handler(BaseHTTPRequestHandler):
    """Answers GET and HEAD from `render`; everything else gets the stdlib's 501."""

    protocol_version = "HTTP/1.1"  # keep-alive: crawlers reuse connections
    server_version = "VnArchiveDemo/1.0"
    timeout = IDLE_TIMEOUT
    disable_nagle_algorithm = True  # headers and body go out as two writes; do not delay the second
    server: _DemoHTTPServer

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Silenced: a crawl makes thousands of requests; `requested` records them instead."""

    def _answer(self, send_body: bool) -> None:
        demo = self.server.demo
        demo._record(self.path)
        try:
            page = render(demo.site, self.path)
        except Exception:  # a bug in the demo must answer 500, not drop the connection
            page = Page(500, HTML, b"<!DOCTYPE html><html lang=\"vi\"><body>500</body></html>")
        self.send_response(page.status)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        for name, value in page.headers:
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(page.body)


class _DemoHTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that knows its DemoServer and never does a DNS look-up."""

    daemon_threads = True  # a stuck client never keeps the process alive
    request_queue_size = 128  # the default backlog of 5 drops connects of a concurrent crawl (1 s SYN retry)
    demo: DemoServer

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), a reverse DNS query; the name is not needed.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)


class _DemoHTTPServer6(_DemoHTTPServer):
    address_family = socket.AF_INET6


class DemoServer:
    """The demo portal on a loopback port, served from a daemon thread.

    >>> with DemoServer(build_site()) as server:   # doctest: +SKIP
    ...     urllib.request.urlopen(server.base_url + "/robots.txt")
    """

    def __init__(self, site: DemoSite, host: str = "127.0.0.1", port: int = 0) -> None:
        address = require_loopback(host)
        self.site = site
        self.requested: list[str] = []
        self._lock = threading.Lock()
        server_class = _DemoHTTPServer6 if address.version == 6 else _DemoHTTPServer
        # Binding now (not in start) makes base_url, with the port the OS chose, known at once.
        self._httpd = server_class((host, port), _Handler)
        self._httpd.demo = self
        self._thread: threading.Thread | None = None
        bound_port = self._httpd.server_address[1]
        shown_host = f"[{host}]" if address.version == 6 else host
        self.base_url = f"http://{shown_host}:{bound_port}"

    def _record(self, target: str) -> None:
        """Remember a request target (handler threads call this concurrently)."""
        with self._lock:
            self.requested.append(target)

    def start(self) -> DemoServer:
        """Serve in a daemon thread; returns self so `DemoServer(site).start()` reads well."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, args=(POLL_INTERVAL,), name="demo-portal", daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port (idempotent)."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()

    def serve_foreground(self) -> None:
        """Serve in the calling thread until Ctrl-C, then release the port."""
        try:
            self._httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            self._httpd.server_close()

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def serve_forever(
    site: DemoSite,
    host: str = "127.0.0.1",
    port: int = 0,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve `site` in the foreground until Ctrl-C; `on_ready(base_url)` runs once listening."""
    server = DemoServer(site, host, port)
    if on_ready is not None:
        on_ready(server.base_url)
    server.serve_foreground()
