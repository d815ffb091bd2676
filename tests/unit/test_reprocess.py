"""`reprocess` on a small archive built by hand from demo pages: no crawl, no network."""

from __future__ import annotations

import gzip
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from archiver.capture import Exchange, WarcCapture
from archiver.demo.generator import build_site
from archiver.demo.pages import render
from archiver.extract import article_item, listing_entries
from archiver.normalize.records import normalize_article
from archiver.profiles import load_profile
from archiver.reprocess import reprocess
from archiver.store import Archive

BASE = "http://127.0.0.1:8070"


@pytest.fixture
def small_archive(tmp_path: Path) -> Path:
    """A listing page and its ten articles, captured to WARC and archived as the pipelines would."""
    site, profile = build_site(articles=30, videos=2), load_profile("demo")
    db_path = tmp_path / "archive.db"
    archive = Archive(db_path)
    run = archive.start_run("news", "demo", BASE)
    capture = WarcCapture(tmp_path / "warc", tmp_path, "demo-news", 10**9, "test")
    listing_path = f"/tin-tuc/{site.articles[0].category.slug}"

    def fetch(path: str):
        page = render(site, path)
        when = datetime(2024, 1, 20, 3, 0, tzinfo=UTC)
        ref = capture.write(
            Exchange(
                BASE + path,
                "GET",
                [],
                b"",
                200,
                "OK",
                "HTTP/1.1",
                [("Content-Type", page.content_type)],
                page.body,
                None,
                when,
            )
        )
        return ref, HtmlResponse(url=BASE + path, body=page.body, headers={"Content-Type": page.content_type})

    listing_ref, listing = fetch(listing_path)
    captures = [(listing_ref, "parse_listing")]
    records = []
    for entry in listing_entries(listing.selector, listing.url, profile.news):
        ref, response = fetch(entry.url[len(BASE) :])
        captures.append((ref, "parse_article"))
        item = article_item(
            response.selector, response.url, profile, hint=entry, fetched_at=ref.fetched_at, capture_id=ref.id
        )
        records.append(normalize_article(asdict(item)))
    capture.close()
    archive.write_batch(records, run, captures)
    archive.close()
    return db_path


def test_reprocessing_an_unchanged_archive_changes_nothing(small_archive: Path) -> None:
    report = reprocess(small_archive)
    assert (report.articles, report.changed_records, report.untrusted) == (10, 0, [])


def test_reprocess_restores_what_the_captures_say_and_counts_it(small_archive: Path) -> None:
    archive = Archive(small_archive)
    url = next(archive.db.query("SELECT url FROM articles LIMIT 1"))["url"]
    archive.db.execute("UPDATE articles SET title = 'sai', published_at = NULL WHERE url = ?", [url])
    archive.db.execute("DELETE FROM images WHERE article_url = ?", [url])
    archive.db.conn.commit()
    original_images = archive.db.execute("SELECT count(*) FROM images").fetchone()[0]
    archive.close()
    dry = reprocess(small_archive, dry_run=True)
    assert dry.changed_records == 1
    report = reprocess(small_archive)
    assert report.changed_records == 1 and {"title", "published_at"} <= set(report.changed_fields)
    archive = Archive(small_archive)
    row = next(archive.db.query("SELECT title, published_year_source, version FROM articles WHERE url = ?", [url]))
    assert row["title"] != "sai" and row["published_year_source"] == "listing"
    assert row["version"] == 1 and archive.db["article_versions"].count == 0, "a correction is not an edit"
    assert archive.db.execute("SELECT count(*) FROM images").fetchone()[0] >= original_images
    assert reprocess(small_archive).changed_records == 0


def test_a_tampered_capture_is_reported_and_its_record_left_alone(small_archive: Path) -> None:
    archive = Archive(small_archive)
    row = next(
        archive.db.query(
            "SELECT a.url, a.title, c.warc_file, c.offset, c.length "
            "FROM articles a JOIN captures c ON c.id = a.capture_id LIMIT 1"
        )
    )
    archive.close()
    path = small_archive.parent / row["warc_file"]
    data = path.read_bytes()
    member = gzip.decompress(data[row["offset"] : row["offset"] + row["length"]])
    # Same length, one letter changed: the record still parses, only its digests can tell.
    tampered = gzip.compress(member.replace(b"detail-title", b"detail-titlf", 1))
    path.write_bytes(data[: row["offset"]] + tampered + data[row["offset"] + row["length"] :])
    archive = Archive(small_archive)
    archive.db.execute(
        "UPDATE captures SET length = ? WHERE offset = ? AND warc_file = ?",
        [len(tampered), row["offset"], row["warc_file"]],
    )
    archive.db.execute(
        "UPDATE captures SET offset = offset + ? WHERE warc_file = ? AND offset > ?",
        [len(tampered) - row["length"], row["warc_file"], row["offset"]],
    )
    archive.db.conn.commit()
    archive.close()
    report = reprocess(small_archive)
    assert len(report.untrusted) == 1 and row["url"] in report.untrusted[0] and "digest" in report.untrusted[0]
    archive = Archive(small_archive)
    assert next(archive.db.query("SELECT title FROM articles WHERE url = ?", [row["url"]]))["title"] == row["title"]


def test_reading_in_small_batches_reprocesses_every_record(small_archive: Path, monkeypatch) -> None:
    monkeypatch.setattr("archiver.reprocess.BATCH", 3)
    report = reprocess(small_archive)
    assert (report.articles, report.changed_records, report.untrusted) == (10, 0, [])


def test_images_in_another_order_are_a_change(small_archive: Path) -> None:
    archive = Archive(small_archive)
    url = next(
        archive.db.query("SELECT article_url FROM images GROUP BY article_url HAVING count(DISTINCT src) > 1 LIMIT 1")
    )["article_url"]
    archive.db.execute("UPDATE images SET position = -1 - position WHERE article_url = ?", [url])
    archive.db.conn.commit()
    archive.close()
    report = reprocess(small_archive)
    assert (report.changed_records, dict(report.changed_fields)) == (1, {"images": 1})
    assert reprocess(small_archive).changed_records == 0
