"""Loopback servers and commands for end-to-end tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def scrapy_crawl(spider: str, base_url: str, db_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """The real `scrapy crawl` command, run from the project root as a user would."""
    command = [sys.executable, "-m", "scrapy", "crawl", spider, "-a", "site=demo", "-a", f"base_url={base_url}", *extra]
    env = os.environ | {"ARCHIVER_DB": str(db_path)}
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)


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
