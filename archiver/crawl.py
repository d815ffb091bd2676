"""Run the spiders in-process (what `archiver crawl` and `archiver demo` call)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

SPIDERS = ("news", "videos")


def project_settings(db_path: str | Path | None = None, overrides: Mapping[str, Any] | None = None) -> Any:
    """The project's Scrapy settings from any working directory, with the archive path set."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "archiver.settings")
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    if db_path is not None:
        settings.set("ARCHIVER_DB", str(db_path), priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawl(
    site: str,
    base_url: str | None,
    db_path: str | Path | None = None,
    spiders: Iterable[str] = SPIDERS,
    overrides: Mapping[str, Any] | None = None,
    *,
    full: bool = False,
    start_url: str | None = None,
) -> dict[str, str]:
    """Run the spiders side by side in one reactor; returns each spider's finish reason.

    `full` walks every listing page and re-fetches every archived page (the spiders' `full=1`);
    otherwise a run fetches what the archive lacks or holds as due (archiver/frontier.py).
    `start_url` crawls without a profile (generic mode; `site` then only names the records).
    """
    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess(project_settings(db_path, overrides))
    crawlers = {name: process.create_crawler(name) for name in spiders}
    for crawler in crawlers.values():
        kwargs = {"site": site} | ({"base_url": base_url} if base_url else {}) | ({"full": "1"} if full else {})
        kwargs |= {"start_url": start_url} if start_url else {}
        process.crawl(crawler, **kwargs)
    process.start()
    return {name: str(crawler.stats.get_value("finish_reason")) for name, crawler in crawlers.items()}
