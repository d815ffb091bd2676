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
