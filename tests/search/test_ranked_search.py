"""The ranked `search` canned query: BM25 over every match, or over the newest 5,000 of a common word's."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import yaml

from archiver.serve import METADATA_TEMPLATE
from archiver.sqlfunctions import register_on_connection
from archiver.store import open_archive
from tests.search.sample import article, write_articles

RANKED_AMONG = 5000


def ranked(path: Path, query: str) -> list[str]:
    metadata = yaml.safe_load(METADATA_TEMPLATE.read_text(encoding="utf-8"))
    sql = metadata["databases"]["archive"]["queries"]["search"]["sql"]
    conn = sqlite3.connect(path)
    register_on_connection(conn)
    try:
        return [row[0] for row in conn.execute(sql, {"q": query})]
    finally:
        conn.close()


def test_the_best_match_comes_first_when_few_articles_match(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    db = open_archive(path)
    write_articles(db, [article("http://p/best", "Đê điều Đê điều", "Đê điều.")])
    write_articles(db, [article(f"http://p/{i}", f"Tin số {i}", f"Tuyến đê số {i}, chuyện khác.") for i in range(30)])
    db.close()
    urls = ranked(path, "de")
    assert urls[0] == "http://p/best" and len(urls) == 31


def test_a_common_word_is_ranked_among_its_newest_matches(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    db = open_archive(path)
    old = [article(f"http://p/old/{i}", "Xã xã xã", "Xã xã xã.") for i in range(10)]
    new = [article(f"http://p/new/{i}", f"Tin số {i}", f"Tin của xã, số {i}.") for i in range(RANKED_AMONG)]
    write_articles(db, old)
    write_articles(db, new)
    db.close()
    urls = ranked(path, "xa")
    assert len(urls) == 100 and all(url.startswith("http://p/new/") for url in urls)
    # The old ones rank best once they are among the newest matches again.
    db = open_archive(path)
    write_articles(db, [article(f"http://p/new/{i}", f"Tin số {i}", "Đã chuyển.") for i in range(20)])
    db.close()
    assert set(ranked(path, "xa")[:10]) == {f"http://p/old/{i}" for i in range(10)}


def scored(path: Path, query: str) -> dict[str, float]:
    """url → score of the canned query's results."""
    metadata = yaml.safe_load(METADATA_TEMPLATE.read_text(encoding="utf-8"))
    sql = metadata["databases"]["archive"]["queries"]["search"]["sql"]
    conn = sqlite3.connect(path)
    register_on_connection(conn)
    try:
        return {row[0]: row[-1] for row in conn.execute(sql, {"q": query})}
    finally:
        conn.close()


def bm25_of(path: Path, expression: str) -> dict[str, float]:
    """url → FTS5's own BM25 score (negated, as the canned query shows it) for a MATCH expression."""
    conn = sqlite3.connect(path)
    try:
        sql = (
            "SELECT a.url, -articles_fts.rank FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ?"
        )
        return dict(conn.execute(sql, [expression]).fetchall())
    finally:
        conn.close()


def common_and_rare(tmp_path: Path) -> Path:
    """Every article mentions a xã; five also a hòa (some in the title), two mention a hòa but no xã."""
    path = tmp_path / "archive.db"
    db = open_archive(path)
    both = [article(f"http://p/hoa/{i}", "Hòa " * i + f"tin {i}", f"Tin của xã, hòa số {i}.") for i in range(5)]
    common = [article(f"http://p/xa/{i}", f"Tin số {i}", f"Tin của xã, số {i}.") for i in range(25)]
    without = [article(f"http://p/only/{i}", f"Hòa {i}", "Hòa bình.") for i in range(2)]
    write_articles(db, both + common + without)
    db.close()
    return path


def test_a_word_most_articles_hold_must_match_but_is_not_scored(tmp_path: Path) -> None:
    path = common_and_rare(tmp_path)
    scores = scored(path, "xa hoa")
    assert set(scores) == {f"http://p/hoa/{i}" for i in range(5)}  # both words, never hòa alone
    rare_only = bm25_of(path, '"hoa"')
    assert all(scores[url] == rare_only[url] for url in scores)
    both = bm25_of(path, '"xa" "hoa"')  # xã's weight in the full score is next to nothing
    assert all(abs(scores[url] - both[url]) < 1e-5 for url in scores)
    assert list(scores)[0] == "http://p/hoa/4"  # hòa five times in the title


def test_when_every_word_is_that_common_all_are_scored(tmp_path: Path) -> None:
    path = common_and_rare(tmp_path)
    scores = scored(path, "tin xa")
    assert scores == {url: score for url, score in bm25_of(path, '"tin" "xa"').items() if url in scores}
    assert len(scores) == 30


def test_a_dash_or_an_emoji_in_the_query_changes_nothing(tmp_path: Path) -> None:
    path = common_and_rare(tmp_path)
    for words in ("xa hoa", "tin xa"):  # a rare word, and only common ones (the dash alone was scored)
        expected = scored(path, words)
        assert expected
        for query in (words.replace(" ", " - "), f"{words} 😀", f"– {words.replace(' ', ': ')} …"):
            assert scored(path, query) == expected, query


def test_a_word_common_only_among_the_newest_articles_is_still_scored(tmp_path: Path) -> None:
    """A storm week: bão in 80% of the newest 2,000 articles, a third of the archive: it keeps its BM25 weight."""
    path = tmp_path / "archive.db"
    db = open_archive(path)
    write_articles(db, [article(f"http://p/old/{i}", f"Tin thời sự {i}", f"Nội dung số {i}.") for i in range(3000)])
    storm = [
        article(f"http://p/new/{i}", f"Bão số {i}" if i % 5 else f"Tin khác {i}", f"Tin bão {i}." if i % 5 else "Khác.")
        for i in range(2000)
    ]
    storm[10] = article("http://p/A", "Bão bão bão bão lũ", "Bão bão lũ.")
    storm[20] = article("http://p/B", "Lũ lũ về", "Bão, lũ lũ.")
    write_articles(db, storm)
    db.close()
    scores = scored(path, "bao lu")
    full = bm25_of(path, '"bao" "lu"')
    assert set(scores) == {"http://p/A", "http://p/B"}
    assert all(abs(scores[url] - full[url]) < 1e-9 for url in scores)
