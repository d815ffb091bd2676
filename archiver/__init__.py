"""vn-archive: scraper and archive for Vietnamese public-sector news portals."""
