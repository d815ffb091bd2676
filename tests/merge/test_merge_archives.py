"""`archiver merge` on two real crawls of the demo portal (day 1 on node A, day 2 on node B)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from archiver.capture import read_capture
from archiver.cli import main
from archiver.demo.generator import DemoArticle
from archiver.merge import merge_archives
from archiver.search import match_query
from tests.merge.canonical import canonical_dump
from tests.merge.conftest import Crawled
from tests.unit.test_site_author_counts import joined, kept

pytestmark = pytest.mark.e2e


def content(article: DemoArticle) -> tuple[str, str, str | None]:
    return (article.title, article.body_text, f"Tác giả: {article.byline_raw}" if article.byline_raw else None)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def merged(crawled: Crawled, tmp_path_factory: pytest.TempPathFactory) -> Path:
    into = tmp_path_factory.mktemp("merged") / "archive.db"
    report = merge_archives([crawled.a, crawled.b], into)
    assert report.warnings == []
    return into


def test_every_article_of_both_nodes_is_there_once_in_its_latest_state(crawled: Crawled, merged: Path) -> None:
    latest = {crawled.base + a.path: a for a in crawled.day1.articles}
    latest |= {crawled.base + a.path: a for a in crawled.day2.articles}
    rows = {r["url"]: r for r in Database(merged).query("SELECT url, title, body_text, byline_raw FROM articles")}
    assert set(rows) == set(latest)
    for url, article in latest.items():
        assert (rows[url]["title"], rows[url]["body_text"], rows[url]["byline_raw"]) == content(article)


def test_edits_seen_across_nodes_become_versions(crawled: Crawled, merged: Path) -> None:
    first = {crawled.base + a.path: content(a) for a in crawled.day1.articles}
    second = {crawled.base + a.path: content(a) for a in crawled.day2.articles}
    expected = {url: [first[url]] for url in first.keys() & second.keys() if first[url] != second[url]}
    assert expected, "day 2 of the demo portal edits articles"
    db = Database(merged)
    stored: dict[str, list[tuple]] = {}
    for row in db.query("SELECT * FROM article_versions ORDER BY article_url, version"):
        stored.setdefault(row["article_url"], []).append((row["title"], row["body_text"], row["byline_raw"]))
    assert stored == expected
    versions = dict(db.execute("SELECT url, version FROM articles WHERE version > 1").fetchall())
    assert versions == {url: 2 for url in expected}


def test_view_history_and_runs_of_both_nodes_are_kept(crawled: Crawled, merged: Path) -> None:
    db, a, b = Database(merged), Database(crawled.a), Database(crawled.b)
    for table in ("crawl_runs", "view_snapshots", "captures"):
        assert db[table].count == a[table].count + b[table].count, table
    assert db["videos"].count == len({v.path for v in (*crawled.day1.videos, *crawled.day2.videos)})
    orphans = db.execute(
        "SELECT count(*) FROM captures WHERE run_id IS NULL OR run_id NOT IN (SELECT id FROM crawl_runs)"
    ).fetchone()[0]
    assert orphans == 0


def test_authors_are_rekeyed_by_name(crawled: Crawled, merged: Path) -> None:
    db = Database(merged)
    names = {r["name"] for r in db["authors"].rows}
    assert names == {r["name"] for r in Database(crawled.a)["authors"].rows} | {
        r["name"] for r in Database(crawled.b)["authors"].rows
    }
    for source in (crawled.b,):
        pairs = set(
            Database(source).execute(
                "SELECT aa.article_url, a.name, aa.role FROM article_authors aa JOIN authors a ON a.id = aa.author_id"
            ).fetchall()
        )
        merged_pairs = set(
            db.execute(
                "SELECT aa.article_url, a.name, aa.role FROM article_authors aa JOIN authors a ON a.id = aa.author_id"
            ).fetchall()
        )
        assert pairs <= merged_pairs
    # the per-site author counts follow the merged rows (triggers)
    assert kept(db) == joined(db) and kept(db)


def test_warc_files_are_copied_and_captures_readable(crawled: Crawled, merged: Path) -> None:
    db = Database(merged)
    files = [r[0] for r in db.execute("SELECT DISTINCT warc_file FROM captures")]
    assert files
    for name in files:
        assert (merged.parent / name).is_file(), name
    row = next(db.query("SELECT c.* FROM articles a JOIN captures c ON c.id = a.capture_id LIMIT 1"))
    stored = read_capture(merged.parent / row["warc_file"], row["offset"], row["length"])
    assert stored.status == 200


def test_search_finds_articles_from_either_node(crawled: Crawled, merged: Path) -> None:
    db = Database(merged)
    only_a = [a for a in crawled.day1.articles if a.path not in {b.path for b in crawled.day2.articles}]
    only_b = [b for b in crawled.day2.articles if b.path not in {a.path for a in crawled.day1.articles}]
    assert only_b, "day 2 adds articles"
    for article in [*only_a[:1], only_b[0]]:
        hits = [
            r[0]
            for r in db.execute(
                "SELECT a.url FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
                "WHERE articles_fts MATCH ?",
                [match_query(f'"{article.title}"')],
            )
        ]
        assert crawled.base + article.path in hits


def test_merging_again_changes_nothing(crawled: Crawled, tmp_path: Path) -> None:
    into = tmp_path / "archive.db"
    merge_archives([crawled.a, crawled.b], into)
    before = canonical_dump(Database(into))
    ids = list(Database(into).execute("SELECT id FROM article_versions ORDER BY id"))
    report = merge_archives([crawled.a, crawled.b, crawled.a], into)
    assert sum(report.added.values()) == sum(report.updated.values()) == 0, report.lines()
    assert report.warc_copied == 0
    assert canonical_dump(Database(into)) == before
    assert list(Database(into).execute("SELECT id FROM article_versions ORDER BY id")) == ids


def test_the_order_of_inputs_does_not_matter(crawled: Crawled, merged: Path, tmp_path: Path) -> None:
    reversed_into = tmp_path / "archive.db"
    merge_archives([crawled.b, crawled.a], reversed_into)
    assert canonical_dump(Database(reversed_into)) == canonical_dump(Database(merged))


def test_inputs_are_never_modified(crawled: Crawled, tmp_path: Path) -> None:
    before = {p: digest(p) for p in (crawled.a, crawled.b)}
    merge_archives([crawled.a, crawled.b], tmp_path / "archive.db")
    assert {p: digest(p) for p in (crawled.a, crawled.b)} == before


def test_cli_merges_and_reports(crawled: Crawled, tmp_path: Path) -> None:
    into = tmp_path / "c" / "archive.db"
    result = CliRunner().invoke(main, ["merge", str(crawled.a), str(crawled.b), "--into", str(into)])
    assert result.exit_code == 0, result.output
    assert "articles:" in result.output
    assert Database(into)["articles"].count > 0


@pytest.mark.parametrize("node", ["a", "b", "history"])
def test_one_archive_merged_into_an_empty_one_is_reproduced_exactly(
    crawled: Crawled, tmp_path: Path, node: str
) -> None:
    source = getattr(crawled, node)
    into = tmp_path / "archive.db"
    merge_archives([source], into)
    assert canonical_dump(Database(into)) == canonical_dump(Database(source))


def test_an_earlier_node_extends_a_history_back_in_time(crawled: Crawled, tmp_path: Path) -> None:
    """Node A saw day 1 before the history node did: the merged chain is the history node's, its first
    states starting when A saw them; takedowns and returns are kept as they were."""
    history, a = Database(crawled.history), Database(crawled.a)
    assert {e["event"] for e in history["article_events"].rows} >= {"gone", "returned"}
    assert history["article_versions"].count > 0
    into = tmp_path / "archive.db"
    merge_archives([crawled.history, crawled.a], into)
    merged = Database(into)
    first_seen = dict(a.execute("SELECT url, version_since FROM articles").fetchall())
    expected = []
    for row in history.query("SELECT * FROM article_versions ORDER BY article_url, version"):
        earlier = {"valid_from": first_seen[row["article_url"]]} if row["version"] == 1 else {}
        expected.append({k: v for k, v in row.items() if k != "id"} | earlier)
    stored = [
        {k: v for k, v in row.items() if k != "id"}
        for row in merged.query("SELECT * FROM article_versions ORDER BY article_url, version")
    ]
    assert stored == expected
    assert canonical_dump(merged)["article_events"] == canonical_dump(history)["article_events"]
    assert merged["view_snapshots"].count == history["view_snapshots"].count + a["view_snapshots"].count
