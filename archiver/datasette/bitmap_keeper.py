"""The term bitmaps (archiver.term_bitmaps) of each served database, rebuilt after the index changes.

Building them reads every dense word's list once: about 100 s for a million articles on one
core, done in a thread of its own so visitors are served meanwhile (searches then walk the
index as before). The prewarm loop (archiver.datasette.prewarm) calls `refresh` at start
and whenever the archive has settled after a change; a rebuild happens only when the
index itself changed (a re-crawl that updates only view counts leaves it alone).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
import weakref
from collections.abc import Sequence
from typing import Any

from archiver.search import fts_table
from archiver.term_bitmaps import TermBitmaps, build, dense_terms, index_state

LOGGER = logging.getLogger(__name__)

# Datasette database → table → its bitmaps; dropped with the database.
_KEPT: weakref.WeakKeyDictionary[Any, dict[str, TermBitmaps]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def current(database: Any, table: str) -> TermBitmaps | None:
    """The bitmaps last built for `table` (the caller checks they still describe the index)."""
    with _LOCK:
        return _KEPT.get(database, {}).get(table)


def kept(database: Any) -> dict[str, TermBitmaps]:
    """Every table's bitmaps of `database`."""
    with _LOCK:
        return dict(_KEPT.get(database, {}))


async def refresh(database: Any, tables: Sequence[str]) -> None:
    """Rebuild the bitmaps of those `tables` whose index changed since their last build."""
    for table in tables:
        try:
            bitmaps = await asyncio.to_thread(_rebuilt, database.path, table, current(database, table))
        except Exception:  # searches still work without them, only slower
            LOGGER.exception("building the term bitmaps of %s failed", table)
            continue
        if bitmaps is not None:
            with _LOCK:
                _KEPT.setdefault(database, {})[table] = bitmaps


def _rebuilt(path: str, table: str, old: TermBitmaps | None) -> TermBitmaps | None:
    """New bitmaps of `table`, or None when `old` still describes its index (or it has none)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        index = fts_table(table)
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [f"{index}_data"]).fetchone():
            return None
        if old is not None and old.state == index_state(conn, table):
            return None
        bitmaps = build(conn, table, dense_terms(conn, table))
        LOGGER.info(
            "term bitmaps of %s: %d words, %.1f MB, built in %.1f s",
            table,
            len(bitmaps.bitmaps),
            bitmaps.nbytes / 1e6,
            bitmaps.seconds,
        )
        return bitmaps
    finally:
        conn.close()
