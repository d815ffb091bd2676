"""Term bitmaps (archiver.term_bitmaps): the same hits as the index, and never used once it changed."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from archiver import term_bitmaps
from archiver.search import match_parts, match_query, rebuild_index
from archiver.store import open_archive
from archiver.term_bitmaps import TermBitmaps, ascii_tokens, build, dense_terms, hits, index_state, match_bits
from tests.search.sample import DENSE_WORDS, article, build_dense_archive, write_articles


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_dense_archive(tmp_path_factory.mktemp("bitmaps") / "archive.db")


@pytest.fixture()
def conn(archive: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(f"file:{archive}?mode=ro", uri=True)
    yield connection
    connection.close()


@pytest.fixture()
def bitmaps(conn: sqlite3.Connection) -> TermBitmaps:
    return build(conn, "articles", dense_terms(conn, "articles"))


def index_hits(conn: sqlite3.Connection, text: str, limit: int, newest: bool = False) -> list[int]:
    order = "DESC" if newest else "ASC"
    sql = f"SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid {order} LIMIT ?"
    return [row[0] for row in conn.execute(sql, [match_query(text), limit])]


def test_dense_words_are_those_in_a_tenth_of_the_sampled_rows(conn: sqlite3.Connection) -> None:
    dense = dense_terms(conn, "articles")
    assert {"xa", "uy", "ban", "dai", "bieu"} <= set(dense)  # folded: đại → dai
    assert {"thon", "bao", "lu", "ocop", "ruou"}.isdisjoint(dense)
    assert dense.index("xa") < dense.index("dai")  # most common first


@pytest.mark.parametrize(
    "text",
    [
        "xa",  # one dense word
        "uy ban nhan dan",  # dense words only
        "xã ủy ban công tác mặt trận",
        "dai bieu bao",  # dense words and a rare one
        "ocop ruou xa",
        "thon lu",
        '"uy ban" xa',  # a phrase is left to the index
        '"ban uy" xa',  # in no article in that order… or in a few
        "xa - ban",  # a dash is no word
        "xa 🎉 ban",  # nor, to SQLite, an emoji
        "🎉 xa",
        "xa,",  # punctuation around a word
        "khong co",  # words in no article
    ],
)
@pytest.mark.parametrize("newest", [False, True])
def test_hits_are_the_index_hits(conn: sqlite3.Connection, bitmaps: TermBitmaps, text: str, newest: bool) -> None:
    for limit in (1, 7, 1000):
        found = hits(conn, bitmaps, match_parts(text), limit, newest)
        if text in ("thon lu", "khong co") or '"' in text:  # no dense word, or a phrase: the bitmaps decline
            assert found is None
        else:
            assert found == index_hits(conn, text, limit, newest), (text, limit)


def test_random_queries_agree_with_the_index(conn: sqlite3.Connection, bitmaps: TermBitmaps) -> None:
    rng = random.Random(11)
    vocabulary = [*DENSE_WORDS, "khong", "-", "2023"]
    answered = 0
    for _ in range(200):
        text = " ".join(rng.sample(vocabulary, rng.randint(1, 8)))
        limit = rng.choice((1, 5, 50, 5000))
        newest = rng.random() < 0.5
        found = hits(conn, bitmaps, match_parts(text), limit, newest)
        if found is not None:
            answered += 1
            assert found == index_hits(conn, text, limit, newest), (text, limit, newest)
    assert answered > 150


def test_bitmaps_are_not_used_once_the_index_changed(archive: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    with sqlite3.connect(archive) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    reader = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    bitmaps = build(reader, "articles", ["xa", "ban"])
    assert hits(reader, bitmaps, match_parts("xa ban"), 5) is not None
    db = open_archive(copy)
    with db.atomic():  # a re-crawl that only updates view counts leaves the index alone
        db.execute("UPDATE articles SET view_count = 7")
    assert index_state(reader, "articles") == bitmaps.state
    assert hits(reader, bitmaps, match_parts("xa ban"), 5) is not None
    write_articles(db, [article("http://p/new", "Tin mới", "xã ban")])  # a new article: the index changed
    assert hits(reader, bitmaps, match_parts("xa ban"), 5000, newest=True) is None
    assert index_hits(reader, "xa ban", 1, newest=True) == [db.execute("SELECT max(rowid) FROM articles").fetchone()[0]]
    db.close()
    reader.close()


def test_an_edited_article_is_a_change_too(archive: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    with sqlite3.connect(archive) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    reader = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    bitmaps = build(reader, "articles", ["xa"])
    db = open_archive(copy)
    with db.atomic():
        db.execute("UPDATE articles SET body_text = 'bão lũ' WHERE url = 'http://p/10'")
    assert hits(reader, bitmaps, match_parts("xa"), 5000) is None
    db.close()
    reader.close()


@pytest.mark.parametrize(
    ("part", "tokens"),
    [
        ('"xa"', ["xa"]),
        ('"uy ban"', ["uy", "ban"]),
        ('"-"', []),
        ('"vien,"', ["vien"]),
        ('"🎉"', None),
        ('"a""b"', ["a", "b"]),
    ],
)
def test_ascii_tokens_are_what_unicode61_reads(conn: sqlite3.Connection, part: str, tokens: list[str] | None) -> None:
    assert ascii_tokens(part) == tokens
    if tokens is not None:  # SQLite's own tokenizer agrees
        tokenizer = "tokenize='unicode61 remove_diacritics 2'"
        conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.t USING fts5(x, {tokenizer})")
        conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.v USING fts5vocab(temp, t, instance)")
        conn.execute("DELETE FROM temp.t")
        conn.execute("INSERT INTO temp.t(x) VALUES (?)", [part[1:-1].replace('""', '"')])
        assert [row[0] for row in conn.execute("SELECT term FROM temp.v ORDER BY offset")] == tokens


def test_rebuilding_the_index_is_a_change_even_with_the_same_contents(archive: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    with sqlite3.connect(archive) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    db = open_archive(copy)
    rebuild_index(db, "articles")
    reader = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    bitmaps = build(reader, "articles", ["xa"])
    rebuild_index(db, "articles")  # 'delete-all' resets FTS5's structure record
    assert hits(reader, bitmaps, match_parts("xa"), 5) is None
    db.close()
    reader.close()


def bit_hits(conn: sqlite3.Connection, bitmaps: TermBitmaps, text: str) -> list[int] | None:
    every = match_bits(conn, bitmaps, match_parts(text))
    return None if every is None else [rowid for rowid, bit in enumerate(every) if bit]


@pytest.mark.parametrize(
    "text",
    [
        "dai bieu bao",
        '"uy ban" xa',  # a phrase of dense words
        '"ban uy" xa',
        '"uy ban nhan" ocop',  # and a rare word
        '"xa thon"',  # a dense word and a rare one
        "tin (12)",  # one word in brackets
        '"tin 12"',  # the title "Tin 12" only
        "tin 1-2",  # FTS5 reads a hyphenated part as a phrase: 1 then 2
        '"xa-uy-ban" "dan cong"',
        '"khong co" xa',  # a phrase in no article
    ],
)
def test_every_hit_phrases_included(conn: sqlite3.Connection, bitmaps: TermBitmaps, text: str) -> None:
    assert bit_hits(conn, bitmaps, text) == index_hits(conn, text, 10_000), text


def test_random_phrases_agree_with_the_index(conn: sqlite3.Connection, bitmaps: TermBitmaps) -> None:
    rng = random.Random(12)
    vocabulary = [*DENSE_WORDS, "tin", "1", "12"]
    answered = 0
    for _ in range(150):
        phrase = '"' + " ".join(rng.sample(vocabulary, rng.randint(2, 3))) + '"'
        text = " ".join([phrase, *rng.sample(vocabulary, rng.randint(0, 3))])
        found = bit_hits(conn, bitmaps, text)
        if found is not None:  # None: not one dense word
            answered += 1
            assert found == index_hits(conn, text, 10_000), text
    assert answered > 120


def test_a_phrase_with_too_many_candidates_is_left_to_the_index(
    conn: sqlite3.Connection, bitmaps: TermBitmaps, monkeypatch: pytest.MonkeyPatch
) -> None:
    candidates = len(index_hits(conn, "uy ban xa", 10_000))
    monkeypatch.setattr(term_bitmaps, "PHRASE_CANDIDATES", candidates - 1)
    assert bit_hits(conn, bitmaps, '"uy ban" xa') is None
    monkeypatch.setattr(term_bitmaps, "PHRASE_CANDIDATES", candidates)
    assert bit_hits(conn, bitmaps, '"uy ban" xa') == index_hits(conn, '"uy ban" xa', 10_000)


def test_every_hit_or_none(conn: sqlite3.Connection, bitmaps: TermBitmaps) -> None:
    assert match_bits(conn, bitmaps, match_parts("xa 🎉")) is None  # only SQLite can read the emoji
    assert match_bits(conn, bitmaps, match_parts("thon lu")) is None  # no dense word
