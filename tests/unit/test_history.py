"""Versions and takedowns in the store."""

from __future__ import annotations

from archiver.store import Archive


def article(**fields: object) -> dict:
    return {
        "kind": "article",
        "url": "http://p/a.html",
        "site": "demo",
        "title": "Hội nghị sơ kết",
        "body_text": "Một hai ba",
        "body_html": "<div><p>Một hai ba</p></div>",
        "byline_raw": "Tác giả: NH",
        "authors": ["NH"],
        "fetched_at": "2024-01-20T10:00:00+07:00",
        "capture_id": "<urn:uuid:1>",
        "warnings": [],
    } | fields


def versions(archive: Archive) -> list[dict]:
    return list(archive.db.query("SELECT version, title, body_text, byline_raw FROM article_versions ORDER BY id"))


def test_unchanged_article_adds_no_version(archive: Archive) -> None:
    archive.write_batch([article()], None)
    events = archive.write_batch([article(fetched_at="2024-01-21T10:00:00+07:00", capture_id="<urn:uuid:2>")], None)
    assert versions(archive) == [] and events["versions"] == 0


def test_markup_churn_or_a_better_extractor_is_not_an_edit(archive: Archive) -> None:
    archive.write_batch([article()], None)
    archive.write_batch([article(body_html="<div><p>Một <b>hai</b> ba</p></div>")], None)
    archive.write_batch([article(body_html="<div><p>Một <b>hai</b> ba</p></div>", body_text="Một hai ba.")], None)
    assert len(versions(archive)) == 0 or versions(archive)[0]["body_text"] == "Một hai ba"
    assert len(versions(archive)) == 0, "text changed only where the HTML did not"


def test_each_edit_keeps_the_state_before_it(archive: Archive) -> None:
    archive.write_batch([article()], None)
    archive.write_batch(
        [
            article(
                title="Hội nghị sơ kết (cập nhật)", fetched_at="2024-01-21T10:00:00+07:00", capture_id="<urn:uuid:2>"
            )
        ],
        None,
    )
    archive.write_batch(
        [
            article(
                title="Hội nghị sơ kết (cập nhật)",
                byline_raw="Tác giả: NH - Thanh Tâm",
                authors=["NH", "Thanh Tâm"],
                fetched_at="2024-01-22T10:00:00+07:00",
                capture_id="<urn:uuid:3>",
            )
        ],
        None,
    )
    assert [(v["version"], v["title"], v["byline_raw"]) for v in versions(archive)] == [
        (1, "Hội nghị sơ kết", "Tác giả: NH"),
        (2, "Hội nghị sơ kết (cập nhật)", "Tác giả: NH"),
    ]
    row = next(archive.db.query("SELECT * FROM article_versions WHERE version = 2"))
    assert (row["valid_from"], row["replaced_at"]) == ("2024-01-21T10:00:00+07:00", "2024-01-22T10:00:00+07:00")
    assert (row["capture_before"], row["capture_after"]) == ("<urn:uuid:2>", "<urn:uuid:3>")
    current = next(archive.db.query("SELECT version, version_since, byline_raw FROM articles"))
    assert current == {
        "version": 3,
        "version_since": "2024-01-22T10:00:00+07:00",
        "byline_raw": "Tác giả: NH - Thanh Tâm",
    }


def gone(at: str, reason: str = "HTTP 404") -> dict:
    return {"kind": "gone", "url": "http://p/a.html", "site": "demo", "fetched_at": at, "reason": reason}


def test_gone_keeps_the_data_and_a_return_clears_the_mark(archive: Archive) -> None:
    archive.write_batch([article()], None)
    assert archive.write_batch([gone("2024-01-21T10:00:00+07:00")], None)["gone"] == 1
    assert archive.write_batch([gone("2024-01-22T10:00:00+07:00", "HTTP 410")], None)["gone"] == 0
    row = next(archive.db.query("SELECT gone_at, gone_reason, title FROM articles"))
    assert row == {"gone_at": "2024-01-21T10:00:00+07:00", "gone_reason": "HTTP 404", "title": "Hội nghị sơ kết"}
    assert archive.write_batch([article(fetched_at="2024-01-23T10:00:00+07:00")], None)["returned"] == 1
    row = next(archive.db.query("SELECT gone_at, returned_at FROM articles"))
    assert row == {"gone_at": None, "returned_at": "2024-01-23T10:00:00+07:00"}
    events = [(r["event"], r["at"]) for r in archive.db.query("SELECT event, at FROM article_events ORDER BY id")]
    assert events == [("gone", "2024-01-21T10:00:00+07:00"), ("returned", "2024-01-23T10:00:00+07:00")]


def test_a_page_never_archived_cannot_be_marked_gone(archive: Archive) -> None:
    assert archive.write_batch([gone("2024-01-21T10:00:00+07:00")], None) == {"gone_unknown": 1}
    assert archive.db["articles"].count == 0
