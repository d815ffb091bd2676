"""`archiver export`: CSV for Excel (BOM, formulas neutralised), JSONL with types, folded search, constant memory."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from archiver.cli import main
from archiver.export import ExportFilter, article_rows, write_csv, write_jsonl
from archiver.store import open_archive
from tests.search.sample import article, build_sample, write_articles

FORMULAS = ["=SUM(A1:A9)", "+84 912", "-5 độ", "@cmd", "\tTab", "\rCR"]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    extra = [
        article(f"http://p/f{i}", title, published_at=f"2021-05-0{i + 1}T08:00:00+07:00")
        for i, title in enumerate(FORMULAS)
    ]
    return build_sample(tmp_path / "archive.db", extra)


def export(db_path: Path, *options: str) -> str:
    result = CliRunner().invoke(main, ["export", "--db", str(db_path), "--out", "-", *options])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_csv_has_a_bom_unless_asked_not_to(db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.csv"
    CliRunner().invoke(main, ["export", "--db", str(db_path), "--out", str(out)])
    assert out.read_bytes().startswith(b"\xef\xbb\xbfurl,")
    CliRunner().invoke(main, ["export", "--db", str(db_path), "--no-bom", "--out", str(out)])
    assert out.read_bytes().startswith(b"url,")


@pytest.mark.parametrize("title", FORMULAS)
def test_formula_cells_are_neutralised_in_csv_only(db_path: Path, title: str) -> None:
    rows = {r["url"]: r for r in csv.DictReader(io.StringIO(export(db_path).lstrip("\ufeff")))}
    exported = next(r["title"] for r in rows.values() if r["title"].lstrip("'") == title)
    assert exported == "'" + title
    stored = {row["title"] for row in Database(db_path).query("SELECT title FROM articles")}
    assert title in stored
    jsonl = [json.loads(line) for line in export(db_path, "--format", "jsonl").splitlines()]
    assert title in {row["title"] for row in jsonl}


def test_jsonl_keeps_numbers_nulls_and_arrays(db_path: Path) -> None:
    rows = {r["url"]: r for r in map(json.loads, export(db_path, "--format", "jsonl").splitlines())}
    row = rows["http://p/hoa-2"]
    assert row["view_count"] == 2500 and row["authors"] == ["Thu Hương", "NH"] and row["summary"] is None
    assert row["word_count"] == 10


@pytest.mark.parametrize("query", ["dai hoi dang", "Đại hội Đảng", "ĐẠI HỘI ĐẢNG"])
def test_search_filter_folds_like_the_search_box(db_path: Path, query: str) -> None:
    urls = {json.loads(line)["url"] for line in export(db_path, "--format", "jsonl", "--search", query).splitlines()}
    assert urls == {"http://p/dai-hoi"}


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--until", "2021-05"], {f"http://p/f{i}" for i in range(len(FORMULAS))}),  # a month prefix
        (["--since", "2023-11-20", "--until", "2023-12-01"], {"http://p/hoa", "http://p/hoa-2"}),  # whole days
        (["--until", "2023-12-01T07:30:00+07:00"], None),  # a datetime bound is exclusive
        (["--category", "Dân chủ - Pháp luật", "--site", "other"], {"http://p/hoi-nghi"}),
    ],
)
def test_date_and_field_filters(db_path: Path, options: list[str], expected: set[str] | None) -> None:
    urls = {json.loads(line)["url"] for line in export(db_path, "--format", "jsonl", *options).splitlines()}
    if expected is None:
        assert "http://p/hoa-2" not in urls and "http://p/hoa" in urls
    else:
        assert urls == expected


class _Sink:
    """A file that keeps nothing."""

    def write(self, text: str) -> int:
        return len(text)


def _peak_bytes(db: Database, writer: str) -> int:
    tracemalloc.start()
    try:
        rows = article_rows(db, ExportFilter())
        count = write_csv(rows, _Sink()) if writer == "csv" else write_jsonl(rows, _Sink())  # type: ignore[arg-type]
        assert count == db["articles"].count
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("writer", ["csv", "jsonl"])
def test_memory_does_not_grow_with_the_number_of_rows(tmp_path: Path, writer: str) -> None:
    body = "Nội dung bài viết dài. " * 150
    db = open_archive(tmp_path / "big.db")
    write_articles(db, [article(f"http://p/{i}", f"Bài {i}", body) for i in range(300)])
    small = _peak_bytes(db, writer)
    write_articles(db, [article(f"http://p/{i}", f"Bài {i}", body) for i in range(300, 3000)])
    large = _peak_bytes(db, writer)
    # Ten times the rows (about 10 MB of text) must not need ten times the memory.
    assert large < small * 2 + 200_000, (small, large)
