"""Run the `archiver` CLI with site profiles read from another folder (a test-only redesign profile).

Usage: python run_with_profile_dir.py PROFILE_DIR archiver-args...
       python run_with_profile_dir.py PROFILE_DIR scrapy crawl-args...
"""

from __future__ import annotations

import sys
from pathlib import Path

import archiver.profiles

if __name__ == "__main__":
    archiver.profiles.PROFILE_DIR = Path(sys.argv[1])
    if sys.argv[2] == "scrapy":
        from scrapy.cmdline import execute

        execute(sys.argv[2:])
    from archiver.cli import main

    main(sys.argv[2:])
