"""Merge inputs built row by row: older and newer schemas, WARC files, events, crawl errors."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from archiver.cli import main
from archiver.merge import MergeError, merge_archives
from archiver.sqlfunctions import register_functions
from archiver.store import MIGRATIONS, SCHEMA_VERSION, open_archive, schema_version
from tests.merge.canonical import canonical_dump

URL = "http://portal.example/tin-tuc/bai-1.html"


def add_run(db: Database, started_at: str, site: str = "demo") -> int:
    cursor = db.execute(
        "INSERT INTO crawl_runs (spider, site, base_url, started_at, finished_at, status) "
        "VALUES ('news', ?, 'http://portal.example/', ?, ?, 'finished')",
        [site, started_at, started_at],
    )
    return int(cursor.lastrowid)


def add_article(db: Database, url: str, title: str, fetched_at: str, **extra: object) -> None:
    row = {
        "url": url,
        "site": "demo",
        "title": title,
        "body_text": f"body of {title}",
        "body_html": f"<p>body of {title}</p>",
        "fetched_at": fetched_at,
        "first_seen_at": fetched_at,
        "last_seen_at": fetched_at,
        "version": 1,
        "version_since": fetched_at,
    } | extra
    db["articles"].insert(row)


def test_an_older_schema_is_migrated_in_a_copy_and_the_input_left_alone(tmp_path: Path) -> None:
    old = tmp_path / "old" / "archive.db"
    old.parent.mkdir()
    db = Database(old)
    register_functions(db)
    for upgrade in MIGRATIONS[:2]:
        upgrade(db)
    db.execute("PRAGMA user_version = 2")
    add_article(db, URL, "Hội nghị", "2024-01-02T08:00:00+07:00")
    db.conn.commit()
    db.close()
    before = hashlib.sha256(old.read_bytes()).hexdigest()

    report = merge_archives([old], tmp_path / "archive.db")

    assert report.added["articles"] == 1
    assert hashlib.sha256(old.read_bytes()).hexdigest() == before
    assert schema_version(Database(old)) == 2
    merged = Database(tmp_path / "archive.db")
    assert [r["title"] for r in merged["articles"].rows] == ["Hội nghị"]
    hits = merged.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'hoi nghi'").fetchone()[0]
    assert hits == 1


def test_a_newer_schema_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    open_archive(newer).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(MergeError, match="newer than this code"):
        merge_archives([newer], tmp_path / "archive.db")
    result = CliRunner().invoke(main, ["merge", str(newer), "--into", str(tmp_path / "archive.db")])
    assert result.exit_code == 1
    assert "newer than this code" in result.output


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100])
def test_a_file_that_is_not_an_archive_is_refused(tmp_path: Path, content: bytes) -> None:
    other = tmp_path / "other.db"
    other.write_bytes(content)
    with pytest.raises(MergeError, match="not a vn-archive archive"):
        merge_archives([other], tmp_path / "archive.db")


def test_the_output_cannot_be_an_input(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    open_archive(path).close()
    with pytest.raises(MergeError, match="output archive itself"):
        merge_archives([path], path)


def with_capture(folder: Path, warc_name: str, data: bytes | None, run_started: str) -> Path:
    path = folder / "archive.db"
    db = open_archive(path)
    run = add_run(db, run_started)
    db["captures"].insert(
        {"id": f"<urn:uuid:{run_started}>", "url": URL, "warc_file": warc_name, "offset": 0, "length": 3,
         "status": 200, "fetched_at": run_started, "run_id": run}
    )
    db.close()
    if data is not None:
        (folder / warc_name).parent.mkdir(parents=True, exist_ok=True)
        (folder / warc_name).write_bytes(data)
    return path


def test_warc_files_are_copied_once_beside_the_output(tmp_path: Path) -> None:
    source = with_capture(tmp_path / "a", "warc/demo-news-1.warc.gz", b"0123456789", "2024-01-01T00:00:00+07:00")
    into = tmp_path / "c" / "archive.db"
    assert merge_archives([source], into).warc_copied == 1
    assert (into.parent / "warc/demo-news-1.warc.gz").read_bytes() == b"0123456789"
    again = merge_archives([source], into)
    assert again.warc_copied == 0 and again.warnings == []


def test_a_missing_warc_file_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    source = with_capture(tmp_path / "a", "warc/gone.warc.gz", None, "2024-01-01T00:00:00+07:00")
    report = merge_archives([source], tmp_path / "c" / "archive.db")
    assert any("gone.warc.gz" in w and "missing" in w for w in report.warnings)
    assert Database(tmp_path / "c" / "archive.db")["captures"].count == 1


def test_a_different_warc_file_at_the_destination_is_kept_and_reported(tmp_path: Path) -> None:
    source = with_capture(tmp_path / "a", "warc/x.warc.gz", b"from node a", "2024-01-01T00:00:00+07:00")
    into = tmp_path / "c" / "archive.db"
    (into.parent / "warc").mkdir(parents=True)
    (into.parent / "warc/x.warc.gz").write_bytes(b"other")
    report = merge_archives([source], into)
    assert any("differs in size" in w for w in report.warnings)
    assert (into.parent / "warc/x.warc.gz").read_bytes() == b"other"


def test_a_warc_file_copied_while_still_growing_is_completed(tmp_path: Path) -> None:
    source = with_capture(tmp_path / "a", "warc/x.warc.gz", b"record 1;", "2024-01-01T00:00:00+07:00")
    into = tmp_path / "c" / "archive.db"
    merge_archives([source], into)
    (tmp_path / "a/warc/x.warc.gz").write_bytes(b"record 1;record 2;")
    report = merge_archives([source], into)
    assert report.warnings == []
    assert (into.parent / "warc/x.warc.gz").read_bytes() == b"record 1;record 2;"


def node(folder: Path, started: str, title: str, *, gone: bool = False) -> Path:
    path = folder / "archive.db"
    db = open_archive(path)
    run = add_run(db, started)
    add_article(db, URL, title, started, view_count=10, gone_at=started if gone else None)
    db["view_snapshots"].insert({"article_url": URL, "observed_at": started, "view_count": 10, "run_id": run})
    if gone:
        event = {"article_url": URL, "event": "gone", "at": started, "reason": "404", "run_id": run}
        db["article_events"].insert(event)
    db["crawl_errors"].insert(
        {"url": URL + "?p=2", "site": "demo", "spider": "news", "kind": "listing", "reason": "HTTP 503",
         "status": 503, "attempts": 1, "first_failed_at": started, "last_failed_at": started, "run_id": run}
    )
    db.close()
    return path


def test_three_nodes_merge_alike_in_any_order_and_keep_events_and_errors(tmp_path: Path) -> None:
    nodes = [
        node(tmp_path / "n1", "2024-01-01T08:00:00+07:00", "Tiêu đề một"),
        node(tmp_path / "n2", "2024-01-02T08:00:00+07:00", "Tiêu đề hai", gone=True),
        node(tmp_path / "n3", "2024-01-03T08:00:00+07:00", "Tiêu đề một"),
    ]
    dumps = []
    for order in ([0, 1, 2], [2, 1, 0], [1, 2, 0]):
        into = tmp_path / f"out-{''.join(map(str, order))}" / "archive.db"
        merge_archives([nodes[i] for i in order], into)
        dumps.append(canonical_dump(Database(into)))
    assert dumps[0] == dumps[1] == dumps[2]
    db = Database(tmp_path / "out-012" / "archive.db")
    article = next(db["articles"].rows)
    assert (article["title"], article["version"], article["first_seen_at"]) == (
        "Tiêu đề một",
        3,
        "2024-01-01T08:00:00+07:00",
    )
    assert [(v["title"], v["valid_from"], v["replaced_at"]) for v in db.query(
        "SELECT * FROM article_versions ORDER BY version"
    )] == [
        ("Tiêu đề một", "2024-01-01T08:00:00+07:00", "2024-01-02T08:00:00+07:00"),
        ("Tiêu đề hai", "2024-01-02T08:00:00+07:00", "2024-01-03T08:00:00+07:00"),
    ]
    assert db["view_snapshots"].count == 3
    assert [(e["event"], e["reason"]) for e in db["article_events"].rows] == [("gone", "404")]
    error = next(db["crawl_errors"].rows)
    assert (error["first_failed_at"], error["last_failed_at"]) == (
        "2024-01-01T08:00:00+07:00",
        "2024-01-03T08:00:00+07:00",
    )
