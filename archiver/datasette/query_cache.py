"""Results of slow read queries, kept until the archive changes.

On a million articles a faceted table page spends most of its time counting (each facet is a
pass over an index of a million entries), and the same pages are asked for again and again
while the archive changes only when a crawl commits. So Datasette's `execute` is wrapped:
a query that took at least `min_ms` and returned a small result is kept, keyed by its SQL and
parameters, and served again until the archive's data changes.

Results of the queries behind prewarmed pages (archiver.datasette.prewarm) are *pinned*,
however quick they were: the least-recently-used rule never evicts them, so a burst of
searches cannot push out the counts every visit starts from (measured on a million articles:
nineteen searches evicted them and the next table page took 1.0 s instead of 0.2 s), and the
page's rows are not read again from a file cache the searches have emptied.

Change is detected with SQLite's `PRAGMA data_version` on a connection of the cache's own,
which only ever runs that pragma: its value moves exactly when another connection (a crawl)
has committed. A result is stored under the value read before its query started and served
only while the value is unchanged, so no result is served once a commit has happened since
its query began.
"""

from __future__ import annotations

import contextvars
import re
import sqlite3
import threading
import time
from collections import OrderedDict
from typing import Any

# SQL whose result may differ between two runs on the same data.
_VOLATILE = re.compile(r"random|'now'|current_(?:date|time|timestamp)|changes\s*\(|last_insert_rowid", re.I)
# Results larger than this many cells are not kept (a page of article bodies is served fresh).
MAX_CELLS = 20_000
# Set while a prewarmed page is fetched: the queries it runs are kept pinned.
PINNING: contextvars.ContextVar[bool] = contextvars.ContextVar("vn_archive_pinning", default=False)
# Time limit of a pinned query that has one of its own (a facet; Datasette still stops any
# query at sql_time_limit_ms). Prewarming runs in the background and may take its time: a
# facet that timed out there would not be kept, and every visitor would wait for it again (a
# cold file cache made facets of a million rows exceed their 400 ms).
PINNED_TIME_LIMIT_MS = 60_000


class DataVersion:
    """Moves whenever another connection commits to the archive file."""

    def __init__(self, path: str) -> None:
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()

    def current(self) -> int:
        with self._lock:  # a read of the WAL index: microseconds, fine on the event loop
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])


class QueryCache:
    """Wraps one Datasette database's `execute`; see the module docstring."""

    def __init__(self, database: Any, entries: int = 128, min_ms: float = 15.0) -> None:
        self.database = database
        self.entries = entries
        self.min_ms = min_ms
        self.version = DataVersion(database.path)
        self.hits = self.misses = 0
        self._results: OrderedDict[tuple[Any, ...], tuple[int, Any]] = OrderedDict()
        # Only the prewarmed pages' queries, a few dozen: replaced when re-warmed, never evicted.
        self._pinned: dict[tuple[Any, ...], tuple[int, Any]] = {}
        self._lock = threading.Lock()
        self._execute = database.execute

    def __len__(self) -> int:
        return len(self._results) + len(self._pinned)

    def install(self) -> None:
        """Route the database's queries through the cache."""
        self.database.execute = self.execute

    async def execute(self, sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        if self.entries <= 0 or _VOLATILE.search(sql):
            return await self._execute(sql, params, *args, **kwargs)
        generation = self.version.current()
        key = (sql, _frozen(params), args, tuple(sorted(kwargs.items())))
        with self._lock:
            pinned = self._pinned.get(key)
            if pinned and pinned[0] == generation:
                self.hits += 1
                return pinned[1]
            kept = self._results.get(key)
            if kept and kept[0] == generation:
                self._results.move_to_end(key)
                self.hits += 1
                return kept[1]
        pinning = PINNING.get()
        if pinning and kwargs.get("custom_time_limit"):
            kwargs = {**kwargs, "custom_time_limit": max(kwargs["custom_time_limit"], PINNED_TIME_LIMIT_MS)}
        started = time.perf_counter()
        results = await self._execute(sql, params, *args, **kwargs)
        self.misses += 1
        if (pinning or (time.perf_counter() - started) * 1000 >= self.min_ms) and _small(results):
            with self._lock:
                if pinning:
                    stale = [k for k, (kept_at, _) in self._pinned.items() if kept_at != generation]
                    for old in stale:
                        del self._pinned[old]
                    self._pinned[key] = (generation, results)
                    self._results.pop(key, None)
                    return results
                self._results[key] = (generation, results)
                self._results.move_to_end(key)
                while len(self._results) > self.entries:
                    self._results.popitem(last=False)
        return results


def _frozen(params: Any) -> Any:
    if isinstance(params, dict):
        return tuple(sorted((str(k), repr(v)) for k, v in params.items()))
    if isinstance(params, (list, tuple)):
        return tuple(repr(v) for v in params)
    return repr(params)


def _small(results: Any) -> bool:
    rows = getattr(results, "rows", None)
    if rows is None:
        return False
    width = len(rows[0]) if rows else 0
    return len(rows) * max(width, 1) <= MAX_CELLS
