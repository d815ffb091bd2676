"""The folded FTS5 indexes: what matches what, and how the triggers keep them current."""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from archiver.search import match_query, rebuild_index
from archiver.store import open_archive
from tests.search.sample import article, build_sample, write_articles


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return open_archive(build_sample(tmp_path / "archive.db"))


def found(db: Database, query: str, table: str = "articles") -> set[str]:
    key = "name" if table == "authors" else "url"
    sql = f"SELECT {key} FROM {table} WHERE rowid IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)"
    return {row[0] for row in db.execute(sql, [match_query(query)])}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dai hoi dang", {"http://p/dai-hoi"}),
        ("Đại hội Đảng", {"http://p/dai-hoi"}),
        ("ĐẠI HỘI ĐẢNG", {"http://p/dai-hoi"}),
        (unicodedata.normalize("NFD", "Đại hội Đảng"), {"http://p/dai-hoi"}),
        ("Đại hội", {"http://p/dai-hoi", "http://p/hoi-nghi"}),  # stored as ĐẠI HỘI and Đại hội
        ("đại hội", {"http://p/dai-hoi", "http://p/hoi-nghi"}),
        ("nong thon moi", {"http://p/nfd"}),  # the article is stored decomposed (NFD)
        ("nông thôn mới", {"http://p/nfd"}),
        ("hoà", {"http://p/hoa", "http://p/hoa-2"}),  # old-style tone placement
        ("hòa", {"http://p/hoa", "http://p/hoa-2"}),  # new-style
        ("thuỷ an", {"http://p/hoa", "http://p/hoa-2"}),
        ("thủy an", {"http://p/hoa", "http://p/hoa-2"}),
        ('"xa hung dao"', {"http://p/dai-hoi"}),  # a phrase
        ('"dao xa hung"', set()),
        ("khong co dau", set()),
    ],
)
def test_folded_search_matches_every_spelling(db: Database, query: str, expected: set[str]) -> None:
    assert found(db, query) == expected


def test_videos_and_authors_are_searched_folded(db: Database) -> None:
    assert found(db, "ban tin mat tran", "videos") == {"http://p/video/1"}
    assert found(db, "thu huong", "authors") == {"Thu Hương"}
    assert found(db, "THU HƯƠNG", "authors") == {"Thu Hương"}


def test_index_follows_upserts_and_deletes(db: Database) -> None:
    write_articles(db, [article("http://p/dai-hoi", "Tổng kết năm", "Báo cáo tổng kết.")])
    assert found(db, "dai hoi dang") == set()
    assert found(db, "tong ket") == {"http://p/dai-hoi"}
    with db.atomic():
        db.execute("DELETE FROM articles WHERE url = ?", ["http://p/dai-hoi"])
    assert found(db, "tong ket") == set()
    assert db.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == db["articles"].count


def test_recrawl_with_unchanged_text_keeps_the_row_and_its_index(db: Database) -> None:
    rowid = db.execute("SELECT rowid FROM articles WHERE url = 'http://p/hoa'").fetchone()[0]
    same = article("http://p/hoa", "Lễ hội Hoà Bình", "Người dân xã Thuỷ An tham gia hoà giải ở cơ sở.", view_count=9)
    write_articles(db, [same])
    assert db.execute("SELECT rowid FROM articles WHERE url = 'http://p/hoa'").fetchone()[0] == rowid
    assert "http://p/hoa" in found(db, "hoa giai")


def test_a_writer_without_vn_fold_is_refused_and_stores_nothing(db: Database, tmp_path: Path) -> None:
    db.close()
    plain = sqlite3.connect(tmp_path / "archive.db")
    with pytest.raises(sqlite3.OperationalError, match="no such function: vn_fold"):
        plain.execute("INSERT INTO articles (url, site, title) VALUES ('http://p/new', 'demo', 'Mới')")
    plain.rollback()
    assert plain.execute("SELECT count(*) FROM articles WHERE url = 'http://p/new'").fetchone()[0] == 0
    # Reading needs no function at all.
    assert plain.execute("SELECT count(*) FROM articles").fetchone()[0] > 0
    plain.close()


def test_rebuild_restores_a_lost_index(db: Database) -> None:
    db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')")
    assert found(db, "dai hoi dang") == set()
    assert rebuild_index(db, "articles") == db["articles"].count
    assert found(db, "dai hoi dang") == {"http://p/dai-hoi"}


def test_ranking_puts_title_matches_first(db: Database) -> None:
    write_articles(db, [article("http://p/body", "Tin vắn", "Bài có nhắc Hưng Đạo trong thân bài, Hưng Đạo.")])
    ranked = [
        row[0]
        for row in db.execute(
            "SELECT a.url FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY articles_fts.rank",
            [match_query("hung dao")],
        )
    ]
    assert ranked[0] == "http://p/dai-hoi" and "http://p/body" in ranked


def test_migration_from_v1_indexes_existing_articles(tmp_path: Path) -> None:
    """An archive created before folding (v1 index and triggers) is re-indexed on open."""
    from archiver.migrations import load_migrations
    from archiver.sqlfunctions import register_functions

    path = tmp_path / "v1.db"
    old = Database(path)
    register_functions(old)
    load_migrations()[0](old)
    old.execute("PRAGMA user_version = 1")
    old.execute("INSERT INTO articles (url, site, title, body_text) VALUES ('http://p/1', 'demo', 'Đại hội Đảng', '')")
    old.close()
    db = open_archive(path)
    assert found(db, "dai hoi dang") == {"http://p/1"}
    triggers = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert not triggers & {"articles_ai", "articles_ad", "articles_au"}


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_typed_query_is_a_valid_match_expression(text: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize='unicode61 remove_diacritics 2')")
    conn.execute("INSERT INTO t VALUES ('dai hoi dang')")
    conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", [match_query(text)]).fetchone()


def test_match_query_quotes_operators_and_folds() -> None:
    assert match_query("Đại OR hội") == '"dai" "or" "hoi"'
    assert match_query('nông "thôn mới') == '"nong" "thon moi"'
    assert match_query("title:x*") == '"title:x*"'
    assert match_query("   ") == '""'
