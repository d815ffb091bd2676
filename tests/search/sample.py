"""A small archive written the way the store writes (upsert by URL) and Datasette servers on it.

Shared by tests/search, tests/export and tests/browser. Rows hold the cases the issue names:
đ/Đ, upper case, text stored decomposed (NFD), `hoà`/`hòa` and `thuỷ`/`thủy` spellings, and an
article whose title and body carry script payloads.
"""

from __future__ import annotations

import json
import random
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from sqlite_utils import Database

from archiver.serve import datasette_command, write_metadata
from archiver.store import open_archive
from tests.e2e.helpers import REPO, free_port, wait_for_http

ARTICLE_COLUMNS = (
    "url",
    "site",
    "category",
    "title",
    "summary",
    "published_at",
    "published_year",
    "published_month",
    "poster",
    "authors",
    "byline_raw",
    "view_count",
    "body_text",
    "body_html",
    "word_count",
    "warnings",
    "fetched_at",
    "first_seen_at",
    "last_seen_at",
)
# Same shape as the store's: an article keeps its row (and rowid) when seen again.
UPSERT = (
    f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) VALUES ({', '.join(':' + c for c in ARTICLE_COLUMNS)}) "
    "ON CONFLICT(url) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in ARTICLE_COLUMNS if c not in ("url", "first_seen_at"))
)
XSS_TITLE = 'Tin <script>window.__xss = "title"</script> <img src=x onerror="window.__xss = \'img\'">'
XSS_BODY = (
    '<script>window.__xss = "body"</script> Bấm <a href="javascript:window.__xss=\'link\'">vào đây</a> '
    "<img src=x onerror=\"window.__xss = 'onerror'\"> javascript:window.__xss=1"
)


def article(url: str, title: str, body: str = "", **fields: Any) -> dict[str, Any]:
    """An article record with every column the sample writes."""
    published = fields.pop("published_at", "2023-09-17T21:50:00+07:00")
    authors = fields.pop("authors", ["NH"])
    record = {
        "url": url,
        "site": "demo",
        "category": "Tin hoạt động",
        "title": title,
        "summary": None,
        "published_at": published,
        "published_year": int(published[:4]),
        "published_month": published[:7],
        "poster": "Quản trị",
        "authors": json.dumps(authors, ensure_ascii=False),
        "byline_raw": None,
        "view_count": 100,
        "body_text": body,
        "body_html": f"<div>{body}</div>",
        "word_count": len(body.split()),
        "warnings": "[]",
        "fetched_at": "2024-01-20T10:00:00+07:00",
        "first_seen_at": "2024-01-20T10:00:00+07:00",
        "last_seen_at": "2024-01-20T10:00:00+07:00",
    }
    record.update(fields)
    return record


SAMPLE_ARTICLES: tuple[dict[str, Any], ...] = (
    article("http://p/dai-hoi", "Đại hội Đảng bộ xã Hưng Đạo", "Đại hội đại biểu Đảng bộ xã lần thứ IX thành công."),
    article(
        "http://p/hoi-nghi",
        "Hội nghị sơ kết",
        "ĐẠI HỘI THI ĐUA yêu nước được tổ chức trang trọng.",
        category="Dân chủ - Pháp luật",
        site="other",
        published_at="2022-03-02T08:00:00+07:00",
    ),
    article(
        "http://p/nfd",
        unicodedata.normalize("NFD", "Xây dựng nông thôn mới kiểu mẫu"),
        unicodedata.normalize("NFD", "Huyện Đông Lâm có 12 xã đạt chuẩn nông thôn mới."),
        category="Tham gia xây dựng nông thôn mới",
        published_at="2023-10-05T09:00:00+07:00",
    ),
    article(
        "http://p/hoa",
        "Lễ hội Hoà Bình",
        "Người dân xã Thuỷ An tham gia hoà giải ở cơ sở.",
        published_at="2023-11-20T07:30:00+07:00",
        authors=["Thu Hương"],
    ),
    article(
        "http://p/hoa-2",
        "Gương sáng xã Hòa Bình",
        "Xã Thủy An đạt chuẩn; hòa giải viên được khen.",
        published_at="2023-12-01T07:30:00+07:00",
        authors=["Thu Hương", "NH"],
        view_count=2500,
    ),
    article(
        "http://p/xss",
        XSS_TITLE,
        f"Nội dung thử nghiệm an toàn. {XSS_BODY}",
        body_html=f'<div class="detail-content"><p>{XSS_BODY}</p></div>',
        published_at="2023-12-05T10:00:00+07:00",
    ),
)
SAMPLE_VIDEOS: tuple[dict[str, Any], ...] = (
    {
        "url": "http://p/video/1",
        "site": "demo",
        "title": "Bản tin Mặt trận Đoàn kết",
        "category": "Bản tin Mặt trận",
        "recorded_on": "2023-12-01",
    },
    {
        "url": "http://p/video/2",
        "site": "demo",
        "title": "CM 01.12.23",
        "category": "Chuyên mục Mặt trận",
        "recorded_on": "2023-12-01",
    },
)
# An article's view counter as it grew between crawls (for the views-over-time chart).
VIEW_HISTORY: tuple[tuple[str, int], ...] = (
    ("2023-12-02T08:00:00+07:00", 40),
    ("2023-12-09T08:00:00+07:00", 900),
    ("2023-12-16T08:00:00+07:00", 1700),
    ("2024-01-20T10:00:00+07:00", 2500),
)


def write_articles(db: Database, records: Sequence[Mapping[str, Any]]) -> None:
    """Upsert articles, their authors and a view snapshot, as the store does."""
    with db.atomic():
        for record in records:
            db.execute(UPSERT, dict(record))
            for position, name in enumerate(json.loads(record["authors"])):
                db.execute("INSERT OR IGNORE INTO authors (name) VALUES (?)", [name])
                author_id = db.execute("SELECT id FROM authors WHERE name = ?", [name]).fetchone()[0]
                db.execute(
                    "INSERT OR IGNORE INTO article_authors (article_url, author_id, role, position) "
                    "VALUES (?, ?, 'author', ?)",
                    [record["url"], author_id, position],
                )


def build_sample(path: Path, extra: Sequence[Mapping[str, Any]] = ()) -> Path:
    """The sample archive (migrated schema, folded indexes) at `path`."""
    db = open_archive(path)
    write_articles(db, [*SAMPLE_ARTICLES, *extra])
    with db.atomic():
        for video in SAMPLE_VIDEOS:
            db.execute(
                "INSERT INTO videos (url, site, title, category, recorded_on) "
                "VALUES (:url, :site, :title, :category, :recorded_on)",
                video,
            )
        for observed_at, views in VIEW_HISTORY:
            db.execute(
                "INSERT INTO view_snapshots (article_url, observed_at, view_count) VALUES (?, ?, ?)",
                ["http://p/hoa-2", observed_at, views],
            )
    db.close()
    return path


# Syllables with how likely an article holds each: a few in nearly all, some in many, a tail in
# few, as in Vietnamese news (build_dense_archive).
DENSE_WORDS = {
    "xã": 0.97, "ủy": 0.95, "ban": 0.9, "nhân": 0.85, "dân": 0.8, "công": 0.7, "tác": 0.6,
    "mặt": 0.5, "trận": 0.45, "hội": 0.4, "nghị": 0.3, "đại": 0.25, "biểu": 0.2,
    "thôn": 0.05, "bão": 0.03, "lũ": 0.02, "ocop": 0.01, "rượu": 0.005,
}  # fmt: skip


def build_dense_archive(path: Path, articles: int = 600, seed: int = 5) -> Path:
    """An archive of `articles` bodies drawn from DENSE_WORDS, three rows deleted (rowid gaps)."""
    rng = random.Random(seed)
    records = []
    for i in range(articles):
        words = [word for word, share in DENSE_WORDS.items() if rng.random() < share]
        rng.shuffle(words)
        # Distinct dates: results in date order are in one order only.
        published = f"{2000 + i // 300:04d}-{1 + i // 25 % 12:02d}-{1 + i % 25:02d}"
        records.append(article(f"http://p/{i}", f"Tin {i}", " ".join(words) or "tin", published_at=published))
    db = open_archive(path)
    write_articles(db, records)
    with db.atomic():
        db.execute("DELETE FROM articles WHERE url IN ('http://p/3', 'http://p/77', 'http://p/400')")
    db.close()
    return path


@contextmanager
def datasette_server(db_path: Path, plugin: Mapping[str, object] | None = None, **settings: object) -> Iterator[str]:
    """`archiver serve`'s Datasette (metadata, plugins, settings) on a free loopback port; yields its root URL.

    `plugin` overrides the archive plugin's settings (metadata `plugins: vn-archive:`).
    """
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        metadata_path = write_metadata(db_path, Path(folder))
        if plugin:
            metadata = yaml.safe_load(metadata_path.read_text(encoding="utf-8"))
            metadata["plugins"]["vn-archive"].update(plugin)
            metadata_path.write_text(yaml.safe_dump(metadata, allow_unicode=True), encoding="utf-8")
        command = datasette_command(db_path, metadata_path, "127.0.0.1", port, settings)
        with open(Path(folder) / "datasette.log", "wb") as log:
            server = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
        root = f"http://127.0.0.1:{port}"
        try:
            wait_for_http(root + "/-/versions.json")
            yield root
        finally:
            server.terminate()
            server.wait(timeout=10)
