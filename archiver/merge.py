"""Merge archives crawled on several machines into one: `archiver merge A.db B.db --into C.db`.

Every input is read, never written: an input with an older schema is migrated in a
temporary copy. Rows are matched on natural keys, never on ids, so merging the same input
twice changes nothing and the order of inputs does not matter:

- crawl runs by (spider, site, started_at, base_url); their ids are re-keyed, and every
  `run_id` of the input is translated;
- articles and videos by URL: the most recently fetched row wins, first and last seen times
  span both; an article's earlier states from either side are rebuilt into one version chain;
- authors by name, captures by WARC record id, view snapshots by (url, time, count), events
  by (url, event, time), crawl errors by (site, url);
- the WARC files captures point at are copied beside the output under the same relative path.

Each chunk of input rows is written in one transaction; tables are iterated, never loaded.
"""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from archiver.store import SCHEMA_VERSION, open_archive

LOGGER = logging.getLogger(__name__)
# Input rows written per transaction: large enough to be fast, small enough to bound memory.
CHUNK_ROWS = 500
RUN_IDENTITY = ("spider", "site", "started_at", "base_url")
# Tables this module merges; any other table in an input is reported, not silently dropped.
MERGED_TABLES = frozenset(
    {
        "crawl_runs",
        "authors",
        "captures",
        "articles",
        "article_versions",
        "article_authors",
        "images",
        "videos",
        "view_snapshots",
        "article_events",
        "crawl_errors",
    }
)
# SQLite's own tables, and those triggers keep in step: the search indexes' shadow tables and
# the per-site author counts.
INTERNAL_PREFIXES = ("sqlite_", "articles_fts", "videos_fts", "authors_fts", "site_author_counts")
# Columns a merge computes from both sides rather than taking from the newest row.
DERIVED_COLUMNS = frozenset({"first_seen_at", "last_seen_at", "version", "version_since"})


class MergeError(Exception):
    """An input that cannot be merged (not an archive, newer schema, the output itself)."""


@dataclass
class MergeReport:
    """What a merge did: rows added or changed per table, WARC files copied, warnings."""

    added: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    warc_copied: int = 0
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        tables = sorted(set(self.added) | set(self.updated))
        out = [f"{t}: {self.added[t]} added, {self.updated[t]} updated" for t in tables]
        out.append(f"WARC files copied: {self.warc_copied}")
        out += [f"warning: {w}" for w in self.warnings]
        return out


@dataclass(frozen=True)
class State:
    """One state of an article's text, as a version row or a current row records it."""

    valid_from: str
    title: str | None
    body_text: str | None
    byline_raw: str | None
    authors: str | None
    first_capture: str | None
    last_capture: str | None

    def same_text(self, other: State) -> bool:
        """Same version: title, body and byline as printed (article_versions keeps no body_html)."""
        return (self.title, self.body_text, self.byline_raw) == (other.title, other.body_text, other.byline_raw)


def merge_archives(inputs: Sequence[Path], into: Path, *, chunk_rows: int = CHUNK_ROWS) -> MergeReport:
    """Merge every input archive into `into` (created if missing); inputs are never modified."""
    report = MergeReport()
    into = Path(into)
    for path in inputs:
        if not Path(path).is_file():
            raise MergeError(f"{path}: no such archive")
        if into.exists() and Path(path).resolve() == into.resolve():
            raise MergeError(f"{path} is the output archive itself")
    target = open_archive(into)
    try:
        for path in inputs:
            with _ReadableInput(Path(path)) as source:
                _merge_one(source, Path(path), target, into, report, chunk_rows)
    finally:
        target.close()
    return report


class _ReadableInput:
    """The input opened read-only, or a migrated temporary copy when its schema is older."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp: tempfile.TemporaryDirectory[str] | None = None
        self.conn: sqlite3.Connection | None = None

    def __enter__(self) -> sqlite3.Connection:
        conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise MergeError(f"{self.path}: not a vn-archive archive ({exc})") from exc
        if version == 0 or not _tables(conn) >= {"articles", "crawl_runs"}:
            conn.close()
            raise MergeError(f"{self.path}: not a vn-archive archive")
        if version > SCHEMA_VERSION:
            conn.close()
            raise MergeError(
                f"{self.path}: schema v{version} is newer than this code (v{SCHEMA_VERSION}); upgrade vn-archive first"
            )
        if version < SCHEMA_VERSION:
            LOGGER.info("%s: schema v%d, migrating a temporary copy to v%d", self.path, version, SCHEMA_VERSION)
            self.tmp = tempfile.TemporaryDirectory(prefix="archiver-merge-")
            copy = Path(self.tmp.name) / "input.db"
            with sqlite3.connect(copy) as out:
                conn.backup(out)
            out.close()
            conn.close()
            open_archive(copy).close()
            conn = sqlite3.connect(copy)
        conn.row_factory = sqlite3.Row
        self.conn = conn
        return conn

    def __exit__(self, *exc_info: object) -> None:
        if self.conn is not None:
            self.conn.close()
        if self.tmp is not None:
            self.tmp.cleanup()


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _merge_one(
    source: sqlite3.Connection, path: Path, target: Database, into: Path, report: MergeReport, chunk_rows: int
) -> None:
    tables = _tables(source)
    for table in sorted(tables - MERGED_TABLES):
        if not table.startswith(INTERNAL_PREFIXES):
            report.warnings.append(f"{path}: table {table} is not merged")
    merger = _Merger(source, target, report, chunk_rows)
    merger.runs()
    merger.captures()
    merger.articles()
    merger.videos()
    merger.view_snapshots()
    merger.article_events()
    if "crawl_errors" in tables and "crawl_errors" in target.table_names():
        merger.crawl_errors()
    _copy_warc_files(source, path.parent, into.parent, report)


class _Merger:
    """One input merged into the target, table by table."""

    def __init__(self, source: sqlite3.Connection, target: Database, report: MergeReport, chunk_rows: int) -> None:
        self.source = source
        self.target = target
        self.report = report
        self.chunk_rows = chunk_rows
        self.run_ids: dict[int, int] = {}

    def _transacted(self, sql: str) -> Iterator[sqlite3.Row]:
        """Every row of `sql` in the input, read a chunk at a time; what the caller writes for a
        chunk is one transaction (bounded memory, few commits)."""
        cursor = self.source.execute(sql)
        while rows := cursor.fetchmany(self.chunk_rows):
            with self.target.atomic():
                yield from rows

    def _shared(self, table: str) -> list[str]:
        target_columns = set(self.target[table].columns_dict)
        return [c for c in _columns(self.source, table) if c in target_columns]

    def _run(self, run_id: int | None) -> int | None:
        return None if run_id is None else self.run_ids.get(run_id)

    def _insert(self, table: str, row: dict[str, Any], *, ignore: bool = False) -> None:
        names = list(row)
        verb = "INSERT OR IGNORE" if ignore else "INSERT"
        self.target.execute(
            f"{verb} INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
            [row[n] for n in names],
        )

    def _update(self, table: str, keys: dict[str, Any], values: dict[str, Any]) -> None:
        assignments = ", ".join(f"{c} = ?" for c in values)
        where = " AND ".join(f"{c} = ?" for c in keys)
        self.target.execute(f"UPDATE {table} SET {assignments} WHERE {where}", [*values.values(), *keys.values()])

    def runs(self) -> None:
        columns = [c for c in self._shared("crawl_runs") if c != "id"]
        for row in self._transacted("SELECT * FROM crawl_runs ORDER BY id"):
            self.run_ids[row["id"]] = self._merge_run({c: row[c] for c in columns})

    def _merge_run(self, row: dict[str, Any]) -> int:
        where = " AND ".join(f"{c} IS ?" for c in RUN_IDENTITY)
        found = self.target.execute(
            f"SELECT id, finished_at FROM crawl_runs WHERE {where}", [row[c] for c in RUN_IDENTITY]
        ).fetchone()
        if found is None:
            self._insert("crawl_runs", row)
            self.report.added["crawl_runs"] += 1
            return int(self.target.execute("SELECT last_insert_rowid()").fetchone()[0])
        if found[1] is None and row.get("finished_at") is not None:  # merged while it was still running
            self._update("crawl_runs", {"id": found[0]}, {c: v for c, v in row.items() if c not in RUN_IDENTITY})
            self.report.updated["crawl_runs"] += 1
        return int(found[0])

    def captures(self) -> None:
        columns = self._shared("captures")
        for row in self._transacted("SELECT * FROM captures ORDER BY rowid"):
            values = {c: row[c] for c in columns} | {"run_id": self._run(row["run_id"])}
            before = self.target.conn.total_changes
            self._insert("captures", values, ignore=True)
            self.report.added["captures"] += self.target.conn.total_changes - before

    def articles(self) -> None:
        columns = self._shared("articles")
        for row in self._transacted("SELECT * FROM articles ORDER BY url"):
            self._merge_article({c: row[c] for c in columns})

    def _merge_article(self, incoming: dict[str, Any]) -> None:
        url = incoming["url"]
        cursor = self.target.execute("SELECT * FROM articles WHERE url = ?", [url])
        found = cursor.fetchone()
        existing = None if found is None else dict(zip([d[0] for d in cursor.description], found, strict=True))
        theirs = [dict(r) for r in self.source.execute("SELECT * FROM article_versions WHERE article_url = ?", [url])]
        ours = list(self.target.query("SELECT * FROM article_versions WHERE article_url = ?", [url]))
        newest = incoming if existing is None or _newer(incoming, existing) else existing
        rows = [incoming] if existing is None else [incoming, existing]
        states = [s for r, versions in ((incoming, theirs), (existing, ours)) if r for s in _states(r, versions)]
        current = _current_state(newest, theirs if newest is incoming else ours)
        chain = history_chain(states, current, newest["fetched_at"])
        merged = dict(newest)
        merged |= _seen_span(rows)
        merged["version"], merged["version_since"] = len(chain), chain[-1].valid_from
        if existing is None:
            self._insert("articles", merged)
            self.report.added["articles"] += 1
        elif merged != existing:
            self._update("articles", {"url": url}, {c: v for c, v in merged.items() if existing.get(c) != v})
            self.report.updated["articles"] += 1
        self._write_versions(url, version_rows(url, chain), ours)
        if newest is incoming:
            self._copy_people(url)

    def _write_versions(self, url: str, wanted: list[dict[str, Any]], stored: list[dict[str, Any]]) -> None:
        if [_without_id(r) for r in stored] == wanted:
            return
        self.target.execute("DELETE FROM article_versions WHERE article_url = ?", [url])
        for row in wanted:
            self._insert("article_versions", row)
        self.report.updated["article_versions"] += 1

    def _copy_people(self, url: str) -> None:
        """Images and authors as the winning (newest) input has them; authors re-keyed by name."""
        images = [dict(r) for r in self.source.execute("SELECT * FROM images WHERE article_url = ?", [url])]
        stored_images = list(self.target.query("SELECT * FROM images WHERE article_url = ? ORDER BY position", [url]))
        if sorted(images, key=lambda r: r["position"]) != stored_images:
            self.target.execute("DELETE FROM images WHERE article_url = ?", [url])
            for image in images:
                self._insert("images", image)
        people = [
            (r["name"], r["role"], r["position"])
            for r in self.source.execute(
                "SELECT a.name, aa.role, aa.position FROM article_authors aa JOIN authors a ON a.id = aa.author_id "
                "WHERE aa.article_url = ?",
                [url],
            )
        ]
        stored_people = self.target.execute(
            "SELECT a.name, aa.role, aa.position FROM article_authors aa JOIN authors a ON a.id = aa.author_id "
            "WHERE aa.article_url = ?",
            [url],
        ).fetchall()
        if sorted(people) == sorted(tuple(p) for p in stored_people):
            return
        self.target.execute("DELETE FROM article_authors WHERE article_url = ?", [url])
        for name, role, position in people:
            self.target.execute("INSERT OR IGNORE INTO authors (name) VALUES (?)", [name])
            author_id = self.target.execute("SELECT id FROM authors WHERE name = ?", [name]).fetchone()[0]
            self.target.execute(
                "INSERT OR IGNORE INTO article_authors (article_url, author_id, role, position) VALUES (?, ?, ?, ?)",
                [url, author_id, role, position],
            )
        self.report.updated["article_authors"] += 1

    def videos(self) -> None:
        columns = self._shared("videos")
        for row in self._transacted("SELECT * FROM videos ORDER BY url"):
            self._merge_video({c: row[c] for c in columns})

    def _merge_video(self, incoming: dict[str, Any]) -> None:
        cursor = self.target.execute("SELECT * FROM videos WHERE url = ?", [incoming["url"]])
        found = cursor.fetchone()
        if found is None:
            self._insert("videos", incoming)
            self.report.added["videos"] += 1
            return
        existing = dict(zip([d[0] for d in cursor.description], found, strict=True))
        merged = dict(incoming if _newer(incoming, existing) else existing)
        merged |= _seen_span([incoming, existing])
        changed = {c: v for c, v in merged.items() if existing.get(c) != v}
        if changed:
            self._update("videos", {"url": incoming["url"]}, changed)
            self.report.updated["videos"] += 1

    def view_snapshots(self) -> None:
        self._append_new("view_snapshots", ("article_url", "observed_at", "view_count"))

    def article_events(self) -> None:
        self._append_new("article_events", ("article_url", "event", "at"))

    def _append_new(self, table: str, key: Sequence[str]) -> None:
        """Rows whose natural key the target lacks, with their run re-keyed; ids are the target's."""
        columns = [c for c in self._shared(table) if c != "id"]
        where = " AND ".join(f"{c} IS ?" for c in key)
        for row in self._transacted(f"SELECT * FROM {table} ORDER BY id"):
            if self.target.execute(f"SELECT 1 FROM {table} WHERE {where}", [row[c] for c in key]).fetchone():
                continue
            values = {c: row[c] for c in columns}
            if "run_id" in values:
                values["run_id"] = self._run(values["run_id"])
            self._insert(table, values)
            self.report.added[table] += 1

    def crawl_errors(self) -> None:
        columns = self._shared("crawl_errors")
        for row in self._transacted("SELECT * FROM crawl_errors ORDER BY site, url"):
            self._merge_crawl_error({c: row[c] for c in columns} | {"run_id": self._run(row["run_id"])})

    def _merge_crawl_error(self, incoming: dict[str, Any]) -> None:
        cursor = self.target.execute(
            "SELECT * FROM crawl_errors WHERE site = ? AND url = ?", [incoming["site"], incoming["url"]]
        )
        found = cursor.fetchone()
        if found is None:
            self._insert("crawl_errors", incoming)
            self.report.added["crawl_errors"] += 1
            return
        existing = dict(zip([d[0] for d in cursor.description], found, strict=True))
        latest = max((incoming, existing), key=_error_order)
        merged = dict(latest)
        merged["first_failed_at"] = min(
            (r["first_failed_at"] for r in (incoming, existing) if r["first_failed_at"]), default=None, key=_instant
        )
        merged["attempts"] = max(incoming["attempts"] or 0, existing["attempts"] or 0)
        changed = {c: v for c, v in merged.items() if existing.get(c) != v}
        if changed:
            self._update("crawl_errors", {"site": incoming["site"], "url": incoming["url"]}, changed)
            self.report.updated["crawl_errors"] += 1


def _error_order(row: dict[str, Any]) -> tuple[Any, ...]:
    """Which side of a crawl error is more recent: the later failure, then the later resolution."""
    return (_instant(row.get("last_failed_at")), _instant(row.get("resolved_at")), json.dumps(row, sort_keys=True))


def _seen_span(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """First seen: the earliest of either side; last seen: the latest."""
    first = [r["first_seen_at"] for r in rows if r.get("first_seen_at")]
    last = [r["last_seen_at"] for r in rows if r.get("last_seen_at")]
    return {
        "first_seen_at": min(first, key=_instant, default=None),
        "last_seen_at": max(last, key=_instant, default=None),
    }


def _without_id(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "id"}


def _instant(value: str | None) -> tuple[int, str]:
    """A sort key for ISO 8601 times with differing offsets; unreadable or missing values sort first."""
    if not value:
        return (0, "")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return (1, value)
    if parsed.tzinfo is None:
        return (2, parsed.isoformat())
    return (2, parsed.astimezone(UTC).isoformat())


def _newer(incoming: dict[str, Any], existing: dict[str, Any]) -> bool:
    """Does the incoming row replace the stored one? The later fetch wins; a tie is broken by content
    (not by the columns a merge derives), so the order of inputs does not matter."""
    a, b = _instant(incoming.get("fetched_at")), _instant(existing.get("fetched_at"))
    if a != b:
        return a > b
    return _content(incoming) > _content(existing)


def _content(row: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in row.items() if k not in DERIVED_COLUMNS}, sort_keys=True, default=str)


def _states(row: dict[str, Any], versions: list[dict[str, Any]]) -> list[State]:
    """The earlier states one archive holds for an article (its version rows) and its current one."""
    by_number = {v["version"]: v for v in versions}
    states = [
        State(
            valid_from=v["valid_from"],
            title=v["title"],
            body_text=v["body_text"],
            byline_raw=v["byline_raw"],
            authors=v["authors"],
            first_capture=by_number[v["version"] - 1]["capture_after"] if v["version"] - 1 in by_number else None,
            last_capture=v["capture_before"],
        )
        for v in versions
    ]
    return [*states, _current_state(row, versions)]


def _current_state(row: dict[str, Any], versions: list[dict[str, Any]]) -> State:
    previous = max(versions, key=lambda v: v["version"], default=None)
    return State(
        valid_from=row["version_since"] or row["first_seen_at"] or row["fetched_at"],
        title=row["title"],
        body_text=row["body_text"],
        byline_raw=row["byline_raw"],
        authors=row["authors"],
        first_capture=previous["capture_after"] if previous else None,
        last_capture=row["capture_id"],
    )


def history_chain(states: Sequence[State], current: State, seen_at: str) -> list[State]:
    """One article's successive states, oldest first, ending with `current` (the newest row's).

    States from every archive are ordered by when they began; neighbours with the same text
    are one state. If another archive saw a different text after `current` began, the text of
    `current` came back later: it ends the chain again from `seen_at`, the newest fetch.
    """
    others = sorted((s for s in states if s != current), key=_state_order)
    earlier = [s for s in others if _state_order(s) <= _state_order(current)]
    chain: list[State] = []
    for state in [*earlier, current, *others[len(earlier) :]]:
        _append_state(chain, state)
    if not chain[-1].same_text(current):
        _append_state(chain, replace(current, valid_from=seen_at))
    return chain


def _state_order(state: State) -> tuple[Any, ...]:
    return (_instant(state.valid_from), state.title or "", state.body_text or "", state.byline_raw or "")


def _append_state(chain: list[State], state: State) -> None:
    if chain and chain[-1].same_text(state):
        last = chain.pop()
        state = State(
            last.valid_from,
            state.title,
            state.body_text,
            state.byline_raw,
            state.authors,
            last.first_capture or state.first_capture,
            state.last_capture or last.last_capture,
        )
    chain.append(state)


def version_rows(url: str, chain: Sequence[State]) -> list[dict[str, Any]]:
    """article_versions rows for every state but the last: when it began, when it was replaced."""
    return [
        {
            "article_url": url,
            "version": number,
            "title": state.title,
            "body_text": state.body_text,
            "byline_raw": state.byline_raw,
            "authors": state.authors,
            "valid_from": state.valid_from,
            "replaced_at": following.valid_from,
            "capture_before": state.last_capture,
            "capture_after": following.first_capture or following.last_capture,
        }
        for number, (state, following) in enumerate(zip(chain, chain[1:], strict=False), start=1)
    ]


def _copy_warc_files(source: sqlite3.Connection, source_root: Path, target_root: Path, report: MergeReport) -> None:
    """Copy each WARC file the input's captures name to the same relative path beside the output."""
    for (name,) in source.execute("SELECT DISTINCT warc_file FROM captures WHERE warc_file IS NOT NULL ORDER BY 1"):
        relative = Path(name)
        if relative.is_absolute() or ".." in relative.parts:
            report.warnings.append(f"{name}: WARC path outside the archive folder, not copied")
            continue
        src, dst = source_root / relative, target_root / relative
        if src.resolve() == dst.resolve():
            continue
        if not src.is_file():
            report.warnings.append(f"{src}: WARC file missing; its captures are indexed but cannot be read")
            continue
        if dst.is_file():
            if dst.stat().st_size != src.stat().st_size and not _replace_if_prefix(src, dst, report):
                report.warnings.append(f"{dst}: differs in size from {src}; the output's file is kept")
            continue
        _copy_verified(src, dst, report)


def _copy_verified(src: Path, dst: Path, report: MergeReport) -> bool:
    dst.parent.mkdir(parents=True, exist_ok=True)
    partial = dst.with_name(dst.name + ".partial")
    size = src.stat().st_size
    shutil.copyfile(src, partial)
    if partial.stat().st_size < size:
        partial.unlink()
        report.warnings.append(f"{src}: copy came out short; not copied")
        return False
    partial.replace(dst)
    report.warc_copied += 1
    return True


def _replace_if_prefix(src: Path, dst: Path, report: MergeReport) -> bool:
    """A file copied while its crawl was still writing it is replaced by the longer, complete one."""
    if dst.stat().st_size > src.stat().st_size:
        return False
    with src.open("rb") as longer, dst.open("rb") as shorter:
        while block := shorter.read(1 << 20):
            if longer.read(len(block)) != block:
                return False
    return _copy_verified(src, dst, report)
