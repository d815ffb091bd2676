"""Scrapy settings for vn-archive, plus every ARCHIVER_* setting with its default.

Defaults are polite, for real public-sector servers; a site profile may relax them
(the demo profile does, because the demo portal runs on loopback).
"""

from __future__ import annotations

import os

BOT_NAME = "vn-archive"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# --- ARCHIVER_* settings (each: default, then why) ---------------------------------
# SQLite archive file; the environment variable wins so every entry point agrees.
ARCHIVER_DB = os.environ.get("ARCHIVER_DB", "data/archive.db")
# Rows written per transaction: large enough to be fast, small enough that a kill loses little.
ARCHIVER_BATCH_SIZE = 100
# Seconds after which a partly filled batch is committed anyway.
ARCHIVER_BATCH_SECONDS = 5.0
# Who to contact about the crawler; goes into the User-Agent.
ARCHIVER_CONTACT = os.environ.get("ARCHIVER_CONTACT", "https://example.invalid/vn-archive")
# Upper bound on listing pages followed per listing, against endless pagination.
ARCHIVER_MAX_LISTING_PAGES = 2000
# Write every HTTP exchange to WARC, so any page can be shown or re-extracted later.
ARCHIVER_CAPTURE = True
# Folder for WARC files; empty means `warc/` beside the archive file.
ARCHIVER_WARC_DIR = os.environ.get("ARCHIVER_WARC_DIR", "")
# A WARC file is closed and a new one started past this size.
ARCHIVER_WARC_MAX_BYTES = 256 * 1024 * 1024

# --- Politeness towards real portals ---------------------------------------------------
USER_AGENT = f"vn-archive/0.1 (+{ARCHIVER_CONTACT})"
ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 1.0
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 3
# Pages above this are refused rather than parsed (portal pages are far smaller).
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# Only web pages; media (videos, images) are recorded by URL, never downloaded.
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# Capture sits next to the downloader: it sees raw bodies, redirects and error pages.
DOWNLOADER_MIDDLEWARES = {
    "archiver.warc_middleware.WarcCaptureMiddleware": 950,
}

# --- Pipelines: Normalise -> Validate -> Store ---------------------------------------
ITEM_PIPELINES = {
    "archiver.pipelines.NormalizeFieldsPipeline": 100,
    "archiver.pipelines.ValidateRecordPipeline": 200,
    "archiver.pipelines.StoreRecordPipeline": 300,
}

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
