from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import archiver.settings
from archiver.cli import main
from archiver.store import Archive

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


@pytest.fixture
def filled_db(db_path: Path) -> Path:
    archive = Archive(db_path)
    base = {
        "kind": "article",
        "site": "demo",
        "fetched_at": "2024-01-20T10:00:00+07:00",
        "warnings": [],
        "authors": ["NH"],
        "poster": "Quản trị",
    }
    archive.write_batch(
        [
            base
            | {
                "url": "http://p/1",
                "title": '=HYPERLINK("http://x")',
                "published_at": "2023-09-17T21:50:00+07:00",
                "view_count": 5,
            },
            base
            | {
                "url": "http://p/2",
                "title": "Đại hội Đảng bộ",
                "published_at": "2022-01-02T08:00:00+07:00",
                "view_count": 1208,
            },
            base | {"url": "http://q/1", "site": "other", "title": "-5 độ", "published_at": "2021-01-01"},
        ], None)
    archive.close()
    return db_path


def test_report(filled_db: Path) -> None:
    result = CliRunner().invoke(main, ["report", "--db", str(filled_db), "--site", "demo"])
    assert result.exit_code == 0, result.output
    assert "articles:  2" in result.output
    assert "2022-01-02T08:00:00+07:00 … 2023-09-17T21:50:00+07:00" in result.output


def test_archiver_db_environment_variable_is_the_default(filled_db: Path) -> None:
    result = CliRunner().invoke(main, ["report"], env={"ARCHIVER_DB": str(filled_db)})
    assert result.exit_code == 0 and "articles:  3" in result.output


def test_csv_export_has_bom_and_neutralised_formulas(filled_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.csv"
    result = CliRunner().invoke(main, ["export", "--db", str(filled_db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    titles = {r["url"]: r["title"] for r in rows}
    assert titles == {"http://p/1": '\'=HYPERLINK("http://x")', "http://p/2": "Đại hội Đảng bộ", "http://q/1": "'-5 độ"}


def test_csv_without_bom_and_by_site(filled_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.csv"
    CliRunner().invoke(main, ["export", "--db", str(filled_db), "--site", "other", "--no-bom", "--out", str(out)])
    text = out.read_text(encoding="utf-8")
    assert text.startswith("url,") and len(text.splitlines()) == 2


def test_jsonl_keeps_types_and_original_text(filled_db: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--db", str(filled_db), "--format", "jsonl", "--out", "-"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    first = next(r for r in rows if r["url"] == "http://p/1")
    assert first["title"].startswith("=HYPERLINK") and first["view_count"] == 5 and first["authors"] == ["NH"]


def test_serve_without_archive_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0 and "crawl first" in result.output


def test_crawl_with_unknown_profile_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["crawl", "--site", "khong-co", "--db", str(tmp_path / "a.db")])
    assert result.exit_code != 0


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_documented_with_an_example(command: str) -> None:
    assert f"archiver {command}" in README
    assert "Example:" in main.commands[command].help


@pytest.mark.parametrize("setting", sorted(n for n in vars(archiver.settings) if n.startswith("ARCHIVER_")))
def test_every_archiver_setting_is_documented(setting: str) -> None:
    assert setting in README
    source = Path(archiver.settings.__file__).read_text(encoding="utf-8")
    assert re.search(rf"#[^\n]*\n{setting} =", source), f"{setting} needs a comment above it"


@pytest.mark.parametrize(
    ("options", "urls"),
    [
        (["--since", "2022-06-01"], {"http://p/1"}),
        (["--until", "2022-01-02"], {"http://p/2", "http://q/1"}),
        (["--until", "2022-01-02T08:00:00+07:00"], {"http://q/1"}),
        (["--since", "2022-01-01", "--until", "2023-12-31", "--site", "demo"], {"http://p/1", "http://p/2"}),
        (["--search", "Đảng"], {"http://p/2"}),
    ],
)
def test_export_filters(filled_db: Path, options: list[str], urls: set[str]) -> None:
    result = CliRunner().invoke(main, ["export", "--db", str(filled_db), "--format", "jsonl", "--out", "-", *options])
    assert result.exit_code == 0, result.output
    assert {json.loads(line)["url"] for line in result.stdout.splitlines()} == urls
