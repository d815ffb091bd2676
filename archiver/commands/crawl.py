"""`scrapy crawl` that exits with EXIT_COVERAGE when the run broke a coverage minimum.

Scrapy's own command sets an exit status only when start-up fails; a scheduler running
`scrapy crawl` must also see a site redesign (title, date or body selectors that no
longer match) as a failure.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from archiver.run_report import COVERAGE_BREACHES_STAT, EXIT_COVERAGE


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1 or self.crawler_process is None:
            super().run(args, opts)  # Scrapy's usage errors
            return
        # Kept here: the process forgets its crawlers once they finish.
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
        elif getattr(crawler, "stats", None) and crawler.stats.get_value(COVERAGE_BREACHES_STAT):
            self.exitcode = EXIT_COVERAGE
