"""Diacritic-insensitive full-text search: folded FTS5 indexes, folded queries, highlighted snippets.

SQLite's `unicode61` tokenizer strips tone marks but keeps đ apart from d, and splits text
stored decomposed (NFD) at every combining mark. So the archive indexes `fold(text)`
(`Đại hội Đảng` → `dai hoi dang`) and folds every query the same way before it reaches
`MATCH`. The indexes are contentless FTS5 tables kept in step by triggers that call the SQL
function `vn_fold` (migration m0003); they hold only the index, never a second copy of
the text, so snippets are cut from the stored text by `snippet` below.
"""

from __future__ import annotations

import re

from sqlite_utils import Database

from archiver.normalize.text import fold

# Table → the columns its `<table>_fts` index folds. Must match the newest migration that
# (re)creates the indexes; `rebuild_index` relies on it.
INDEXED_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("title", "summary", "body_text"),
    "videos": ("title", "category"),
    "authors": ("name",),
}
# FTS5's default automerge (segments merged per level), written again by rebuild_index.
FTS5_AUTOMERGE = 4
# Snippet highlight markers: plain text in JSON and CSV, turned into <mark> by the
# Datasette plugin after HTML escaping. Chosen because Vietnamese news text never uses them.
HIGHLIGHT_OPEN = "【"
HIGHLIGHT_CLOSE = "】"
ELLIPSIS = "…"
# A word for highlighting: letters, digits and the combining marks of decomposed text.
_WORD = re.compile(r"(?:\w|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])+")
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")
# Words already folded by `snippet` (a plain dict: a lookup per word is the hot path).
_FOLDED_WORDS: dict[str, str] = {}
_FOLDED_WORDS_MAX = 100_000
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# What a user types: "a quoted phrase" or a bare run of non-space characters.
_QUERY_PART = re.compile(r'"([^"]*)"|([^\s"]+)')


def fts_table(table: str) -> str:
    """Name of the folded index of `table`."""
    return f"{table}_fts"


def match_query(text: str | None) -> str:
    """The FTS5 `MATCH` expression for a query as typed: folded, every word a literal.

    Words are ANDed; a "quoted phrase" stays a phrase; FTS5 operators typed by the user
    (OR, NOT, NEAR, *, column:) are searched as plain words, so no input is a syntax error.
    An empty query gives `""`, which matches nothing.

    >>> match_query('Đại hội "Đảng bộ"')
    '"dai" "hoi" "dang bo"'
    """
    return " ".join(match_parts(text)) or '""'


def match_parts(text: str | None) -> list[str]:
    """The literals `match_query` ANDs, each a `MATCH` expression of its own, each once.

    A word typed twice would be looked up twice (headlines repeat syllables: *cong*, *ban*).
    A part the tokenizer reads as no word at all (a dash) is kept: ANDed, FTS5 ignores it.

    >>> match_parts('Đại hội "Đảng bộ" Đại')
    ['"dai"', '"hoi"', '"dang bo"']
    """
    folded = _CONTROL.sub(" ", fold(text or ""))  # FTS5 reads a NUL as the end of the query
    if folded.count('"') % 2:
        folded += '"'
    parts = [match.group(1) if match.group(1) is not None else match.group(2) for match in _QUERY_PART.finditer(folded)]
    return list(dict.fromkeys('"' + part.replace('"', '""') + '"' for part in parts if part.strip()))


def query_terms(text: str | None) -> frozenset[str]:
    """The folded words of a query, as the index compares them."""
    return frozenset(match.group(0) for match in _WORD.finditer(fold(text or "")))


def snippet(
    text: str | None,
    query: str | None,
    words: int = 32,
    open_mark: str = HIGHLIGHT_OPEN,
    close_mark: str = HIGHLIGHT_CLOSE,
    ellipsis: str = ELLIPSIS,
) -> str | None:
    """About `words` words of `text` around the densest cluster of query matches, matches marked.

    Matching folds both sides, so `dai hoi` marks `Đại hội` whether the text is NFC or NFD.
    The text comes back as stored (diacritics intact), whitespace runs collapsed to one
    space; without a match, the opening words.

    >>> snippet("Hội nghị tổng kết công tác Mặt trận năm 2023.", "mat tran", words=4)
    '…tác 【Mặt】 【trận】 năm…'
    """
    if text is None:
        return None
    terms = query_terms(query)
    # [separator, word, separator, word, …, separator], split in C: a ranked page cuts a
    # hundred bodies of ~700 words each, and per-word Python objects cost more than the query.
    pieces = _WORD_SPLIT.split(text)
    found = pieces[1::2]
    if not found:
        return " ".join(text.split())
    known = _FOLDED_WORDS
    matches = [(i, folded) for i, word in enumerate(found) if (folded := known.get(word) or _fold_word(word)) in terms]
    size = max(1, words)
    first = _best_window(matches, len(found), size)
    last = min(len(found), first + size) - 1
    out: list[str] = []
    matched = {i for i, _ in matches}
    for i in range(first, last + 1):
        if i > first:
            out.append(pieces[2 * i])  # the separator before word i
        out.append(f"{open_mark}{found[i]}{close_mark}" if i in matched else found[i])
    if last == len(found) - 1:  # up to the end of the text (keeps its full stop)
        out.append(pieces[-1])
    body = " ".join("".join(out).split())
    return (ellipsis if first > 0 else "") + body + (ellipsis if last < len(found) - 1 else "")


def _fold_word(word: str) -> str:
    """`fold` of one word, remembered: news text repeats a few thousand syllables."""
    if len(_FOLDED_WORDS) >= _FOLDED_WORDS_MAX:
        _FOLDED_WORDS.clear()
    folded = _FOLDED_WORDS[word] = fold(word)
    return folded


def _best_window(matches: list[tuple[int, str]], count: int, size: int) -> int:
    """Index of the first word of the window with the most distinct terms, then the most matches.

    `matches` are (word index, term) in text order, `count` the words in the text. Only
    windows ending on a match can score best, so only those are scored.
    """
    best, best_score = 0, (0, 0)
    counts: dict[str, int] = {}
    low = 0
    for high, (end, term) in enumerate(matches):
        counts[term] = counts.get(term, 0) + 1
        while matches[low][0] < end - size + 1:
            leaving = matches[low][1]
            counts[leaving] -= 1
            if not counts[leaving]:
                del counts[leaving]
            low += 1
        score = (len(counts), high - low + 1)
        if score > best_score:
            best, best_score = max(0, end - size + 1), score
    inside = [i for i, _ in matches if best <= i < best + size]
    if not inside:
        return 0
    # Centre the window on its matches rather than ending it at the last one.
    centred = (inside[0] + inside[-1] + 1 - size) // 2
    return max(0, min(centred, count - size))


def rebuild_index(db: Database, table: str) -> int:
    """Re-fold every row of `table` into its index; returns the rows indexed.

    The triggers keep the index current; rebuild after `fold` changes, after bulk writes
    made with the triggers dropped, or after a VACUUM renumbered the rows (SQLite may do so
    for tables without an INTEGER PRIMARY KEY). Needs `vn_fold` on the connection.
    """
    columns = INDEXED_COLUMNS[table]
    index = fts_table(table)
    folded = ", ".join(f"vn_fold({column})" for column in columns)
    with db.atomic():
        db.execute(f"INSERT INTO {index}({index}) VALUES ('delete-all')")
        cursor = db.execute(f"INSERT INTO {index}(rowid, {', '.join(columns)}) SELECT rowid, {folded} FROM {table}")
        # 'delete-all' resets the structure record; a setting written moves its cookie, so
        # term bitmaps of the old contents are never taken for current (archiver.term_bitmaps).
        db.execute(f"INSERT INTO {index}({index}, rank) VALUES ('automerge', {FTS5_AUTOMERGE})")
    return int(cursor.rowcount)


def optimize_index(db: Database, table: str) -> None:
    """Merge the index of `table` into one segment.

    Every committed batch adds a segment and FTS5's automerge keeps a few dozen; a query for
    many common words must then look each up in every segment. Measured on 1,000,000 articles:
    long headline queries fell from 1.2–1.9 s to 0.19–0.39 s the first time they were searched
    (single very common words gain little); the merge itself took 54 s, so it runs after large
    additions, not after every crawl.
    """
    index = fts_table(table)
    with db.atomic():
        db.execute(f"INSERT INTO {index}({index}) VALUES ('optimize')")


def index_segments(db: Database, table: str) -> int:
    """How many segments the index of `table` holds (1 after `optimize_index`)."""
    return int(db.execute(f"SELECT COUNT(DISTINCT segid) FROM {fts_table(table)}_idx").fetchone()[0])
