from __future__ import annotations

import json

from sqlite_utils import Database

from archiver.report import summarize
from archiver.store import SCHEMA_VERSION, Archive, schema_version


def article(url: str = "http://p/a.html", **fields: object) -> dict:
    record = {
        "kind": "article",
        "url": url,
        "site": "demo",
        "title": "Đại hội đại biểu",
        "authors": ["NH"],
        "poster": "Quản trị",
        "view_count": 639,
        "published_at": "2023-09-17T21:50:00+07:00",
        "images": [{"src": "http://p/1.jpg", "caption": "Ảnh"}],
        "fetched_at": "2024-01-20T10:00:00+07:00",
        "warnings": [],
    }
    record.update(fields)
    return record


def test_new_archive_is_migrated_and_in_wal_mode(archive: Archive) -> None:
    assert schema_version(archive.db) == SCHEMA_VERSION
    assert archive.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    for table in ("articles", "videos", "authors", "article_authors", "images", "view_snapshots", "crawl_runs"):
        assert archive.db[table].exists()


def test_reopening_does_not_migrate_again(db_path) -> None:
    Archive(db_path).close()
    again = Archive(db_path)
    assert schema_version(again.db) == SCHEMA_VERSION
    again.close()


def test_second_observation_updates_and_adds_a_view_snapshot(archive: Archive) -> None:
    run = archive.start_run("news", "demo", "http://p/")
    archive.write_batch([article()], run)
    archive.write_batch([article(view_count=700, fetched_at="2024-01-21T10:00:00+07:00")], run)
    rows = list(archive.db.query("SELECT * FROM articles"))
    assert len(rows) == 1
    assert rows[0]["view_count"] == 700
    assert rows[0]["first_seen_at"] == "2024-01-20T10:00:00+07:00"
    assert rows[0]["last_seen_at"] == "2024-01-21T10:00:00+07:00"
    snapshots = [r["view_count"] for r in archive.db.query("SELECT view_count FROM view_snapshots ORDER BY id")]
    assert snapshots == [639, 700]
    assert archive.db.execute("SELECT count(*) FROM images").fetchone()[0] == 1
    assert archive.db.execute("SELECT count(*) FROM article_authors").fetchone()[0] == 2


def test_authors_with_roles_are_shared_between_articles(archive: Archive) -> None:
    archive.write_batch([article("http://p/1"), article("http://p/2", authors=["NH", "Thu Hương"])], None)
    names = {r["name"] for r in archive.db.query("SELECT name FROM authors")}
    assert names == {"NH", "Thu Hương", "Quản trị"}
    roles = list(archive.db.query("SELECT role, count(*) AS n FROM article_authors GROUP BY role ORDER BY role"))
    assert roles == [{"role": "author", "n": 3}, {"role": "poster", "n": 2}]


def test_json_columns_round_trip(archive: Archive) -> None:
    archive.write_batch([article(related=[{"url": "http://p/b", "title": "B", "kind": "new"}])], None)
    row = next(archive.db.query("SELECT authors, related FROM articles"))
    assert json.loads(row["authors"]) == ["NH"]
    assert json.loads(row["related"])[0]["title"] == "B"


def test_full_text_search_follows_updates(archive: Archive) -> None:
    archive.write_batch([article(title="Hội nghị sơ kết")], None)
    archive.write_batch([article(title="Tổng kết năm")], None)

    def hits(query: str) -> int:
        return archive.db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", [query]).fetchone()[0]

    assert hits("tổng") == 1
    assert hits("sơ") == 0


def test_runs_left_running_are_marked_interrupted(archive: Archive) -> None:
    first = archive.start_run("news", "demo", "http://p/")
    second = archive.start_run("news", "demo", "http://p/")
    archive.finish_run(second, status="finished", reason="finished", counts={"items": 3}, stats={"x": 1})
    status = dict(archive.db.execute("SELECT id, status FROM crawl_runs").fetchall())
    assert status == {first: "interrupted", second: "finished"}


def test_delete_site_keeps_other_sites(archive: Archive) -> None:
    archive.write_batch([article("http://p/1"), article("http://q/1", site="other", authors=["Lan"])], None)
    assert archive.delete_site("demo") == []
    db: Database = archive.db
    assert [r["site"] for r in db.query("SELECT site FROM articles")] == ["other"]
    assert {r["name"] for r in db.query("SELECT name FROM authors")} == {"Lan", "Quản trị"}


def test_summary_counts(archive: Archive) -> None:
    archive.write_batch([article("http://p/1"), article("http://p/2", warnings=["title: missing"])], None)
    summary = summarize(archive.db, "demo")
    assert summary["articles"] == 2
    assert summary["authors"] == 1
    assert summary["records_with_warnings"] == 1
    assert summary["first_published"] == "2023-09-17T21:50:00+07:00"


def test_concurrent_first_opens_create_the_schema_once(db_path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def open_and_close(_: int) -> int:
        archive = Archive(db_path)
        version = schema_version(archive.db)
        archive.close()
        return version

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(open_and_close, range(4))) == [SCHEMA_VERSION] * 4


def test_archive_newer_than_the_code_is_refused(db_path) -> None:
    import pytest

    Archive(db_path).close()
    db = Database(db_path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(RuntimeError, match="newer than this code"):
        Archive(db_path)
