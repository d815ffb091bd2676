"""Loopback HTTP server for the demo portal.

`DemoServer` runs in a daemon thread for tests and end-to-end crawls; `serve_forever`
runs in the foreground for `archiver demo`. Only loopback addresses are accepted: the
demo portal must never be reachable from another machine.
"""

from __future__ import annotations

import ipaddress
import socket
import socketserver
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from archiver.demo.faults import SLOW_SECONDS, Action, FaultPlan, other_host_for
from archiver.demo.generator import DemoSite
from archiver.demo.pages import HTML, Page, render

# Idle keep-alive connections are closed after this many seconds, so threads do not pile up.
IDLE_TIMEOUT = 30.0
# How often the serving loop checks for stop(); short so tests do not wait on shutdown.
POLL_INTERVAL = 0.05
# The endless-body fault writes this much at a time (the crawler aborts long before the end).
STREAM_CHUNK = 64 * 1024


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
        action = demo.fault_plan.decide(self.path) if demo.fault_plan is not None else None
        if action is not None and action.kind != "page":
            self._misbehave(action, send_body)
            return
        try:
            page = action.page if action is not None and action.page is not None else render(demo.site, self.path)
        except Exception:  # a bug in the demo must answer 500, not drop the connection
            page = Page(500, HTML, b"<!DOCTYPE html><html lang=\"vi\"><body>500</body></html>")
        self._send(page, send_body)

    def _send(self, page: Page, send_body: bool, body_bytes: int | None = None) -> None:
        self.send_response(page.status)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        for name, value in page.headers:
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(page.body if body_bytes is None else page.body[:body_bytes])

    def _misbehave(self, action: Action, send_body: bool) -> None:
        """The socket-level faults; a client that gives up mid-way is expected, not an error."""
        self.close_connection = True
        try:
            if action.kind == "reset":
                # Linger 0: close() sends RST instead of FIN; shutdown_request must not send FIN first.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.server.reset_sockets.add(id(self.connection))
            elif action.kind == "truncate" and action.page is not None:
                self._send(action.page, send_body, body_bytes=len(action.page.body) // 2)
            elif action.kind == "slow" and action.page is not None:
                if not self.server.demo.stopping.wait(self.server.demo.slow_seconds):
                    self._send(action.page, send_body)
            elif action.kind == "stream":
                self._stream(action.size, send_body)
        except OSError:
            pass

    def _stream(self, size: int, send_body: bool) -> None:
        """`size` bytes of HTML with no Content-Length: the body ends when the connection closes."""
        self.send_response(200)
        self.send_header("Content-Type", HTML)
        self.send_header("Connection", "close")
        self.end_headers()
        if not send_body:
            return
        chunk = b"<p>" + b"a" * (STREAM_CHUNK - 7) + b"</p>\n"
        sent = 0
        while sent < size and not self.server.demo.stopping.is_set():
            self.wfile.write(chunk)
            sent += len(chunk)


class _DemoHTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that knows its DemoServer and never does a DNS look-up."""

    daemon_threads = True  # a stuck client never keeps the process alive
    request_queue_size = 128  # the default backlog of 5 drops connects of a concurrent crawl (1 s SYN retry)
    demo: DemoServer
    reset_sockets: set[int]

    def handle_error(self, request: socket.socket | tuple[bytes, socket.socket], client_address: object) -> None:  # type: ignore[override]
        """A client that hangs up mid-answer (the faults provoke it) is not worth a traceback."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    def shutdown_request(self, request: socket.socket) -> None:  # type: ignore[override]
        if id(request) in self.reset_sockets:
            self.reset_sockets.discard(id(request))
            request.close()  # no shutdown(SHUT_WR): that would send FIN before the RST
            return
        super().shutdown_request(request)

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

    def __init__(
        self,
        site: DemoSite,
        host: str = "127.0.0.1",
        port: int = 0,
        faults: Iterable[str] = (),
        other_base_url: str | None = None,
        slow_seconds: float = SLOW_SECONDS,
    ) -> None:
        """`faults`: names from `archiver.demo.faults.FAULTS` (none by default).

        `other_base_url` is where the offsite faults redirect (default: another 127.0.0.x
        address on the same port); `slow_seconds` is how long the `slow` fault waits.
        """
        address = require_loopback(host)
        self.site = site
        self.requested: list[str] = []
        # (time.monotonic(), target) of every request, to check how long a client waited between two.
        self.request_log: list[tuple[float, str]] = []
        self.slow_seconds = slow_seconds
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        server_class = _DemoHTTPServer6 if address.version == 6 else _DemoHTTPServer
        # Binding now (not in start) makes base_url, with the port the OS chose, known at once.
        self._httpd = server_class((host, port), _Handler)
        self._httpd.demo = self
        self._httpd.reset_sockets = set()
        self._thread: threading.Thread | None = None
        bound_port = self._httpd.server_address[1]
        shown_host = f"[{host}]" if address.version == 6 else host
        self.base_url = f"http://{shown_host}:{bound_port}"
        self.other_base_url = other_base_url or f"http://{other_host_for(host)}:{bound_port}"
        self.fault_plan: FaultPlan | None = None
        self.set_faults(faults)

    def set_faults(self, faults: Iterable[str]) -> None:
        """Switch faults on or off while serving (a test crawls with faults, then without)."""
        names = frozenset(faults)
        own_host = str(self._httpd.server_address[0])
        self.fault_plan = FaultPlan(self.site, names, self.other_base_url, own_host) if names else None

    def _record(self, target: str) -> None:
        """Remember a request target (handler threads call this concurrently)."""
        with self._lock:
            self.requested.append(target)
            self.request_log.append((time.monotonic(), target))

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
        self.stopping.set()  # slow and endless answers give up at once
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
    faults: Iterable[str] = (),
) -> None:
    """Serve `site` in the foreground until Ctrl-C; `on_ready(base_url)` runs once listening."""
    server = DemoServer(site, host, port, faults=faults)
    if on_ready is not None:
        on_ready(server.base_url)
    server.serve_foreground()
