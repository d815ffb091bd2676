"""Every hit of a broad search, kept in memory for SQL to test rows against (`vn_search_hit`).

A broad search's page walks the sort order's index and keeps the rows that are hits (see
archiver.datasette.table_search). When the term bitmaps know all its hits, testing a row is
a lookup here (about a microsecond) instead of a full-text evaluation per row, or collecting
every hit through the index first.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections import OrderedDict

# Hit sets kept: each is one byte per row of the table (1 MB per million articles).
KEPT = 32
_SETS: OrderedDict[str, bytes] = OrderedDict()
_LOCK = threading.Lock()


def key_for(path: str, table: str, state: bytes, match: str) -> str:
    """The name of the hits of `match` in one state of one index (the same search gets the same name)."""
    digest = hashlib.sha256(b"\0".join([path.encode(), table.encode(), state, match.encode()]))
    return digest.hexdigest()[:24]


def remember(key: str, bits: bytes) -> None:
    with _LOCK:
        _SETS[key] = bits
        _SETS.move_to_end(key)
        while len(_SETS) > KEPT:
            _SETS.popitem(last=False)


def search_hit(key: str, rowid: int) -> int:
    """1 when `rowid` is a hit of the search named `key`; an error when that search is no longer kept."""
    bits = _SETS.get(key)
    if bits is None:
        raise LookupError("these search results are no longer kept: load the page again")
    return 1 if 0 <= rowid < len(bits) and bits[rowid] else 0


def register(conn: sqlite3.Connection) -> None:
    conn.create_function("vn_search_hit", 2, search_hit, deterministic=True)
