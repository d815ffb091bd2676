"""Scrapy settings for vn-archive, plus every ARCHIVER_* setting with its default.

Defaults are polite, for real public-sector servers; a site profile may relax them
(the demo profile does, because the demo portal runs on loopback).
"""

from __future__ import annotations

import os

BOT_NAME = "vn-archive"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
# Our `scrapy crawl` adds an exit status for a run whose field coverage fell below the minimums.
COMMANDS_MODULE = "archiver.commands"

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
# Generic mode (no profile): articles requested per run, against a site with no end of links.
ARCHIVER_GENERIC_MAX_ARTICLES = 5000
# Generic mode: how many section links deep from the start page listings are looked for.
ARCHIVER_GENERIC_MAX_DEPTH = 2
# An incremental walk stops a listing after this many pages in a row whose entries were all archived
# before the last complete walk (2, not 1: a pinned or re-dated article can sit among new ones); 0: never stop.
ARCHIVER_KNOWN_PAGES_TO_STOP = 2
# When archived articles are fetched again (views, edits, takedowns): AGE:INTERVAL rules, first match wins;
# 1h is every run for crawls a few hours apart, yet a rerun after a kill does not refetch what it just got.
ARCHIVER_REFRESH_POLICY = "7d:1h,60d:7d,*:30d"
# Write every HTTP exchange to WARC, so any page can be shown or re-extracted later.
ARCHIVER_CAPTURE = True
# Folder for WARC files; empty means `warc/` beside the archive file.
ARCHIVER_WARC_DIR = os.environ.get("ARCHIVER_WARC_DIR", "")
# A WARC file is closed and a new one started past this size.
ARCHIVER_WARC_MAX_BYTES = 256 * 1024 * 1024
# Record URLs that still fail after retries in `crawl_errors` (and resolve them when they recover).
ARCHIVER_CRAWL_ERRORS = True
# Request the open `crawl_errors` of the site again at the start of the next run.
ARCHIVER_RETRY_FAILED = True
# First backoff wait (seconds) before retrying a failure without Retry-After; doubles per attempt, jittered.
ARCHIVER_RETRY_BACKOFF = 2.0
# No single retry waits longer than this, whatever Retry-After asks (a crawl must not stall for hours).
ARCHIVER_RETRY_MAX_DELAY = 120.0
# Minimum share of a run's records with each field (`field` or `kind/field`); below it the run
# report flags the field and `archiver crawl` exits 3: the signature of a site redesign.
ARCHIVER_MIN_COVERAGE = {"title": 0.9, "published_at": 0.9, "body_text": 0.8}
# Coverage is only judged for a kind with at least this many records: a handful proves nothing.
ARCHIVER_MIN_ITEMS_FOR_COVERAGE = 20
# A run that adds at least this many articles merges the search index into one segment
# afterwards (segments slow first-time searches for many words; 0 never merges).
ARCHIVER_SEARCH_OPTIMIZE_AFTER = 5000
# Seconds between progress lines in the log (pages/s, queued, items, errors); 0 turns them off.
ARCHIVER_PROGRESS_INTERVAL = 10.0
# Redraw a one-line progress display on stderr when it is a terminal (never in logs or pipes).
ARCHIVER_PROGRESS_BAR = True

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

# --- Bounds against bombs and traps (the rest of the crawl goes on) --------------------
# A body cut short (Content-Length not reached) is a failure, not a page.
DOWNLOAD_FAIL_ON_DATALOSS = True
# Longer links are dropped: calendar and session traps grow URLs without end.
URLLENGTH_LIMIT = 2083
# Listing walks are ARCHIVER_MAX_LISTING_PAGES deep at most; this only catches what escapes that bound.
DEPTH_LIMIT = 2100
# Only http(s): no handler for ftp, file, data or s3 links found in pages.
DOWNLOAD_HANDLERS = {"ftp": None, "file": None, "data": None, "s3": None}

# Capture sits next to the downloader: it sees raw bodies, redirects and error pages.
# The others: stay on the allowed hosts (even for retries and redirects), retry with waits,
# fix contradicted charsets, report refused gzip bombs, record what still fails.
DOWNLOADER_MIDDLEWARES = {
    "archiver.stay_on_site_middleware.StayOnSiteMiddleware": 40,
    "archiver.crawl_errors_middleware.CrawlErrorsMiddleware": 540,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "archiver.retry_middleware.PatientRetryMiddleware": 550,
    "archiver.charset_middleware.CharsetRepairMiddleware": 585,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "archiver.decompression_middleware.ReportingHttpCompressionMiddleware": 590,
    "archiver.warc_middleware.WarcCaptureMiddleware": 950,
}
SPIDER_MIDDLEWARES = {
    "archiver.retry_failed_middleware.RetryFailedMiddleware": 30,
}

# --- Pipelines: Normalise -> Validate -> Store ---------------------------------------
ITEM_PIPELINES = {
    "archiver.pipelines.NormalizeFieldsPipeline": 100,
    "archiver.pipelines.ValidateRecordPipeline": 200,
    "archiver.pipelines.StoreRecordPipeline": 300,
}

# Progress lines every ARCHIVER_PROGRESS_INTERVAL seconds, and a terminal progress display.
EXTENSIONS = {
    "archiver.progress.ProgressReporter": 600,
}

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
