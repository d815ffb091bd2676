"""Bitmaps of the words most articles contain, so a search for many of them costs a millisecond.

Every word of a search must match. In Vietnamese news most syllables of a headline (*xa*,
*uy ban*, *cong tac*…) occur in most articles, and FTS5 finds the articles holding all of them
by walking each word's list of up to a million entries: 15–40 ms per word with the file
cache warm, seconds when it is cold, for a pasted headline 0.2–3 s before the first hit is
known. Here each such *dense* word (in at least DENSE_SHARE of a sample of the articles) is
read from the index once into a bitmap (bit i: article rowid i holds the word; 125 kB per
million articles) and a search ANDs the bitmaps of its dense words, asking FTS5 only for its
other words, whose lists are short. A "quoted phrase" (or a part such as `(17/07)` that FTS5
reads as a phrase: *17* then *07*) needs word positions, which bitmaps do not have: its words
narrow the candidates like any others, and FTS5 checks the phrase on those candidates alone
when they are few.

Bitmaps describe the index as it was when they were built: they are used only while the
index's state (`index_state`: the schema version and the structure record, which writes to
the index change) is byte for byte the one read, in the same read transaction, when they
were built. Otherwise (a crawl has written
since) the caller searches the index as before until they are rebuilt.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from archiver.normalize.text import fold
from archiver.search import INDEXED_COLUMNS, fts_table

# A word in at least this share of the sampled articles gets a bitmap. Below it a word's list
# is short enough for FTS5 to walk quickly (10% of a million articles: about 3 ms).
DENSE_SHARE = 0.1
# The sample that decides which words are dense: windows of consecutive articles spread over
# the whole archive (a week of storm news must not make *bao* look common everywhere).
SAMPLE_WINDOWS = 20
SAMPLE_ROWS = 100
# Rows read from FTS5 at a time when its hits are filtered through the bitmaps.
CHUNK = 4096
# At most this many candidates get their phrases checked by FTS5 one rowid at a time (35-100 µs
# each at 1M articles, warm to cold); with more, FTS5 evaluates the whole query, which took
# 1.8-2.4 s cold for a pasted headline with a phrase (4,866 candidates were checked in 0.44 s).
PHRASE_CANDIDATES = 5000
# What unicode61 reads as one token in ASCII text: runs of letters and digits (case folded).
_ASCII_TOKEN = re.compile(r"[a-z0-9]+")
# The FTS5 structure record: every write to the index rewrites it.
_STRUCTURE_ROWID = 10


@dataclass(frozen=True)
class TermBitmaps:
    """Bitmaps of the dense words of one table's index, and the index state they describe."""

    table: str
    state: bytes
    size: int  # bits per bitmap: the largest rowid + 1
    bitmaps: dict[str, np.ndarray] = field(repr=False)
    counts: dict[str, int] = field(repr=False)  # articles holding each word
    seconds: float = 0.0

    @property
    def nbytes(self) -> int:
        return sum(bitmap.nbytes for bitmap in self.bitmaps.values())


def index_state(conn: sqlite3.Connection, table: str) -> bytes:
    """What identifies the contents of the index of `table`: the schema version and its structure record.

    Every write to an index changes its structure record, except emptying it ('delete-all'),
    which resets the record: archiver.search.rebuild_index therefore also rewrites a setting
    (FTS5 counts those in the record), and an index dropped and created again changes the
    schema version.
    """
    schema = conn.execute("PRAGMA schema_version").fetchone()[0]
    row = conn.execute(f"SELECT block FROM [{fts_table(table)}_data] WHERE id = ?", [_STRUCTURE_ROWID]).fetchone()
    return schema.to_bytes(8, "big", signed=True) + (bytes(row[0]) if row else b"")


@contextmanager
def read_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One snapshot of the archive for everything inside (a no-op inside a transaction already open)."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")  # nothing was written


def dense_terms(conn: sqlite3.Connection, table: str, share: float = DENSE_SHARE) -> list[str]:
    """Words in at least `share` of a sample of the rows of `table`, most common first."""
    top = conn.execute(f"SELECT max(rowid) FROM [{table}]").fetchone()[0] or 0
    columns = ", ".join(f"[{column}]" for column in INDEXED_COLUMNS[table])
    step = max(1, top // SAMPLE_WINDOWS)
    documents: Counter[str] = Counter()
    sampled = 0
    for start in range(0, top, step):
        rows = conn.execute(
            f"SELECT {columns} FROM [{table}] WHERE rowid > ? ORDER BY rowid LIMIT ?", [start, SAMPLE_ROWS]
        )
        for row in rows:
            sampled += 1
            documents.update(set(_ASCII_TOKEN.findall(fold(" ".join(value for value in row if value)))))
    needed = max(1, share * sampled)
    return [term for term, count in documents.most_common() if count >= needed]


def build(conn: sqlite3.Connection, table: str, terms: Sequence[str]) -> TermBitmaps:
    """Bitmaps of `terms`, read from the index of `table` in one snapshot."""
    started = time.perf_counter()
    index = fts_table(table)
    bitmaps: dict[str, np.ndarray] = {}
    counts: dict[str, int] = {}
    with read_transaction(conn):
        state = index_state(conn, table)
        size = (conn.execute(f"SELECT max(rowid) FROM [{table}]").fetchone()[0] or 0) + 1
        for term in terms:
            # One string from SQLite's C, parsed by numpy's: a million rowids through Python
            # objects would take 0.5 s per word instead of 0.15 s.
            listed = conn.execute(
                f"SELECT group_concat(rowid) FROM [{index}] WHERE [{index}] MATCH ?", [_literal(term)]
            ).fetchone()[0]
            rowids = np.array(listed.split(","), dtype=np.int64) if listed else np.zeros(0, dtype=np.int64)
            rowids = rowids[rowids < size]  # an entry whose row is gone (deleted with triggers off)
            bits = np.zeros(size, dtype=bool)
            bits[rowids] = True
            bitmaps[term] = np.packbits(bits, bitorder="little")
            counts[term] = len(rowids)
    return TermBitmaps(table, state, size, bitmaps, counts, time.perf_counter() - started)


def ascii_tokens(part: str) -> list[str] | None:
    """The index terms of a `match_parts` literal when it is ASCII, else None (only SQLite knows).

    In ASCII text unicode61's tokens are plainly runs of letters and digits, case folded; a
    literal of none (a dash) is ignored by FTS5 in an AND.
    """
    inner = part[1:-1].replace('""', '"') if len(part) >= 2 and part[0] == part[-1] == '"' else part
    return _ASCII_TOKEN.findall(inner.lower()) if inner.isascii() else None


def hits(
    conn: sqlite3.Connection, bitmaps: TermBitmaps, parts: Sequence[str], limit: int, newest: bool = False
) -> list[int] | None:
    """Rowids matching every part (`match_parts`), the first `limit` in rowid order (`newest`: the last).

    None when the bitmaps cannot answer: no part is a dense word, a part is a phrase, or the
    index has changed since they were built. The caller then asks the index as before.
    """
    plan = _plan(bitmaps, parts)
    if plan is None or plan.phrases:
        return None
    with read_transaction(conn):
        bits = _dense_bits(conn, bitmaps, plan.dense)
        if bits is None:
            return None
        if not plan.others:
            found = np.flatnonzero(bits)
            chosen = found[::-1][:limit] if newest else found[:limit]
            return [int(rowid) for rowid in chosen]
        return _filtered(conn, bitmaps.table, " ".join(plan.others), bits, limit, newest)


def match_bits(conn: sqlite3.Connection, bitmaps: TermBitmaps, parts: Sequence[str]) -> bytes | None:
    """Every hit of `parts` as one byte per rowid (1: a hit), or None as for `hits`.

    Phrases are checked among the rows holding every word (PHRASE_CANDIDATES at most, else
    None). Also None when a part other than a dense word is not a single ASCII word (what only
    SQLite can read, an emoji): `hits` then lets the index check the first hits with a real word.
    """
    plan = _plan(bitmaps, parts)
    if plan is None:
        return None
    if not all(len(ascii_tokens(part) or ()) == 1 for part in plan.others):
        return None
    with read_transaction(conn):
        bits = _dense_bits(conn, bitmaps, plan.dense)
        if bits is None:
            return None
        if plan.others:
            found = np.zeros_like(bits)
            found[_filtered(conn, bitmaps.table, " ".join(plan.others), bits, len(bits), False)] = 1
            bits = found
        if plan.phrases:
            candidates = np.flatnonzero(bits)
            if len(candidates) > PHRASE_CANDIDATES:
                return None
            bits = np.zeros_like(bits)
            bits[_phrase_hits(conn, bitmaps.table, " ".join(plan.phrases), candidates)] = 1
        return bits.tobytes()


@dataclass(frozen=True)
class _Plan:
    dense: list[str]  # dense words, rarest first
    others: list[str]  # literals for FTS5, ANDed, hits filtered through the dense words' bitmaps
    phrases: list[str]  # literals of several words, checked among the rows holding every word


def _plan(bitmaps: TermBitmaps, parts: Sequence[str]) -> _Plan | None:
    """How the bitmaps answer `parts`: None when no word of them is dense."""
    dense: list[str] = []
    others: list[str] = []
    phrases: list[str] = []
    certain = False  # whether some other part is a word for certain
    for part in parts:
        tokens = ascii_tokens(part)
        if tokens == []:
            continue
        if tokens is None or len(tokens) == 1 and tokens[0] not in bitmaps.bitmaps:
            others.append(part)  # a rarer word, or what only SQLite reads
            certain = certain or tokens is not None
            continue
        if len(tokens) > 1:
            phrases.append(part)  # and its words must all be there too
        for word in tokens:
            if word in bitmaps.bitmaps:
                dense.append(word)
            else:
                others.append(_literal(word))
                certain = True
    dense = sorted(dict.fromkeys(dense), key=bitmaps.counts.__getitem__)
    others = list(dict.fromkeys(others))
    if not dense:
        return None
    if others and not certain:
        # Parts SQLite may read as no word at all (an emoji) match nothing alone; ANDed
        # with a real word they are ignored, as in the full query.
        others.append(_literal(dense[0]))
    return _Plan(dense, others, phrases)


def _dense_bits(conn: sqlite3.Connection, bitmaps: TermBitmaps, terms: Sequence[str]) -> np.ndarray | None:
    """A byte per rowid, 1 where every one of `terms` is; None when the index changed since the build."""
    if index_state(conn, bitmaps.table) != bitmaps.state:
        return None
    combined = bitmaps.bitmaps[terms[0]].copy()
    for term in terms[1:]:
        np.bitwise_and(combined, bitmaps.bitmaps[term], out=combined)
    return np.unpackbits(combined, bitorder="little")


def _filtered(
    conn: sqlite3.Connection, table: str, match: str, bits: np.ndarray, limit: int, newest: bool
) -> list[int]:
    """The index's hits for `match` whose bit is set, in rowid order, up to `limit`."""
    index = fts_table(table)
    order = "DESC" if newest else "ASC"
    cursor = conn.execute(f"SELECT rowid FROM [{index}] WHERE [{index}] MATCH ? ORDER BY rowid {order}", [match])
    kept: list[int] = []
    try:
        while len(kept) < limit:
            rows = cursor.fetchmany(CHUNK)
            if not rows:
                break
            rowids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
            rowids = rowids[rowids < len(bits)]  # an entry whose row is gone (deleted with triggers off)
            kept.extend(int(rowid) for rowid in rowids[bits[rowids].astype(bool)])
    finally:
        cursor.close()
    return kept[:limit]


def _phrase_hits(conn: sqlite3.Connection, table: str, phrases: str, candidates: np.ndarray) -> list[int]:
    """The candidates (rowids) holding the phrases; FTS5 seeks each candidate in their words' lists."""
    index = fts_table(table)
    sql = f"SELECT rowid FROM [{index}] WHERE [{index}] MATCH ? AND rowid IN (SELECT value FROM json_each(?))"
    return [row[0] for row in conn.execute(sql, [phrases, json.dumps(candidates.tolist())])]


def _literal(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'
