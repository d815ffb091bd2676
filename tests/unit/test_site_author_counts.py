"""site_author_counts (migration 7): always what article_authors joined to articles counts."""

from __future__ import annotations

import random
from pathlib import Path

from sqlite_utils import Database

from archiver.store import Archive, open_archive
from tests.unit.test_store import article

JOINED = (
    "SELECT a.site, aa.author_id, count(*) FROM article_authors aa JOIN articles a ON a.url = aa.article_url "
    "WHERE aa.role = 'author' GROUP BY 1, 2 ORDER BY 1, 2"
)


def kept(db: Database) -> list[tuple]:
    return [tuple(row) for row in db.execute("SELECT site, author_id, articles FROM site_author_counts ORDER BY 1, 2")]


def joined(db: Database) -> list[tuple]:
    return [tuple(row) for row in db.execute(JOINED)]


def test_counts_follow_every_write(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "archive.db")
    rng = random.Random(3)
    names = ["NH", "Thu Hương", "Minh Anh", "PV"]
    urls = [f"http://p/{i}" for i in range(40)]
    for step in range(12):  # crawls writing new articles and re-crawls changing their bylines
        batch = [
            article(url, site=rng.choice("ab"), authors=rng.sample(names, rng.randint(0, 3)), poster=rng.choice(names))
            for url in rng.sample(urls, 15)
        ]
        archive.write_batch(batch, None)
        assert kept(archive.db) == joined(archive.db), step
    with archive.db.atomic():
        archive.db.execute("UPDATE articles SET site = 'c' WHERE url IN ('http://p/1', 'http://p/2', 'http://p/3')")
    assert kept(archive.db) == joined(archive.db)
    with archive.db.atomic():
        archive.db.execute("UPDATE OR IGNORE article_authors SET role = 'poster' WHERE rowid % 3 = 0")
        archive.db.execute("UPDATE OR IGNORE article_authors SET role = 'author' WHERE rowid % 5 = 0")
    assert kept(archive.db) == joined(archive.db)
    archive.delete_site("a")
    assert kept(archive.db) == joined(archive.db) and all(site != "a" for site, _, _ in kept(archive.db))
    assert all(count > 0 for _, _, count in kept(archive.db))
    archive.close()


def test_an_archive_from_before_gets_its_counts(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    archive = Archive(path)
    records = [article(f"http://p/{i}", site="ab"[i % 2], authors=["NH", f"A{i % 3}"]) for i in range(9)]
    archive.write_batch(records, None)
    expected = joined(archive.db)
    archive.close()
    old = Database(path)  # as version 6 left it
    old.execute("DROP TABLE site_author_counts")
    for trigger in ("insert", "delete", "update", "site"):
        old.execute(f"DROP TRIGGER site_author_counts_{trigger}")
    old.execute("PRAGMA user_version = 6")
    old.close()
    db = open_archive(path)
    assert kept(db) == expected and len(expected) == 8
    db.close()
