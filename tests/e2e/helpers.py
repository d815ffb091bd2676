"""Loopback servers and commands for end-to-end tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from archiver.demo.generator import DemoSite
from archiver.demo.server import DemoServer

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def demo_crawl_command(spider: str, base_url: str) -> list[str]:
    """`scrapy crawl SPIDER` on the demo profile at `base_url`, as a user types it."""
    return [sys.executable, "-m", "scrapy", "crawl", spider, "-a", "site=demo", "-a", f"base_url={base_url}"]


def archive_env(db_path: Path) -> dict[str, str]:
    """The environment of a crawl that archives into `db_path`."""
    return os.environ | {"ARCHIVER_DB": str(db_path)}


def run_archiving(command: list[str], db_path: Path) -> subprocess.CompletedProcess[str]:
    """`command` run from the project root, archiving into `db_path`; output captured."""
    return subprocess.run(command, cwd=REPO, env=archive_env(db_path), capture_output=True, text=True, timeout=600)


def scrapy_crawl(spider: str, base_url: str, db_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """The real `scrapy crawl` command, run from the project root as a user would."""
    return run_archiving([*demo_crawl_command(spider, base_url), *extra], db_path)


def assert_clean_run(run: subprocess.CompletedProcess[str]) -> None:
    """The crawl exited 0, Scrapy says it finished, and nothing was logged at ERROR."""
    assert run.returncode == 0, run.stderr[-3000:]
    assert "'finish_reason': 'finished'" in run.stderr
    assert "ERROR" not in run.stderr, run.stderr[-3000:]


def crawl_on_loopback(site: DemoSite, db_path: Path, crawl: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    """Serve `site` on 127.0.0.1 and run `crawl(base_url)`: its results, with `db_path`, `base` and
    `requested` (every target the portal was asked for)."""
    with DemoServer(site) as portal:
        found = crawl(portal.base_url)
        requested = list(portal.requested)
    return {"db_path": db_path, "base": portal.base_url, "requested": requested, **found}


def wait_for_http(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()
