"""v3: search that folds Vietnamese (`dai hoi dang` finds `Đại hội Đảng`), and indexes for research queries.

The v1 index (`articles_fts`, external content, sqlite-utils triggers) tokenised the stored
text: `unicode61` strips tone marks but never maps đ to d, and splits decomposed (NFD) text
at its combining marks. It is replaced by contentless FTS5 indexes of `vn_fold(column)` for
articles, videos and authors, kept in step by triggers. Contentless: the index only, no
second copy of the text. The rowids are those of the indexed tables, which the store's
`INSERT … ON CONFLICT DO UPDATE` never changes.

The triggers call `vn_fold`: every connection that writes these tables needs it registered
(archiver.sqlfunctions), or SQLite refuses the write. A 'delete' in a contentless index must
repeat the folded values that were indexed, which `vn_fold(old.column)` does as long as
`fold` is unchanged; if `fold` ever changes, a later migration must rebuild the indexes
(archiver.search.rebuild_index).
"""

from __future__ import annotations

from sqlite_utils import Database

# Spelled out here, not imported: what a migration creates never changes under an archive.
_INDEXES: dict[str, tuple[str, ...]] = {
    "articles": ("title", "summary", "body_text"),
    "videos": ("title", "category"),
    "authors": ("name",),
}
# bm25 column weights: a word in the title counts ten times one in the body.
_RANK = {"articles": "bm25(10.0, 4.0, 1.0)", "videos": "bm25(4.0, 1.0)"}
_RESEARCH_INDEXES = (
    # facet by month; articles per month per site (covering)
    "CREATE INDEX IF NOT EXISTS idx_articles_published_month_site ON articles (published_month, site)",
    # most viewed
    "CREATE INDEX IF NOT EXISTS idx_articles_view_count ON articles (view_count)",
    # one site's articles newest first; facets within one site (covering)
    "CREATE INDEX IF NOT EXISTS idx_articles_site_published_at ON articles (site, published_at)",
    "CREATE INDEX IF NOT EXISTS idx_articles_site_category ON articles (site, category)",
    "CREATE INDEX IF NOT EXISTS idx_articles_site_published_year ON articles (site, published_year)",
    "CREATE INDEX IF NOT EXISTS idx_articles_site_published_month ON articles (site, published_month)",
    # facet by author within one site: the site's URLs without reading the articles
    "CREATE INDEX IF NOT EXISTS idx_articles_site_url ON articles (site, url)",
    # facet by author, counted in article_authors (covering)
    "CREATE INDEX IF NOT EXISTS idx_article_authors_role_author_id ON article_authors (role, author_id)",
    # fastest-growing views: the latest observations
    "CREATE INDEX IF NOT EXISTS idx_view_snapshots_observed_at ON view_snapshots (observed_at)",
)


def upgrade(db: Database) -> None:
    for trigger in ("articles_ai", "articles_ad", "articles_au"):
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    db.execute("DROP TABLE IF EXISTS articles_fts")
    for table, columns in _INDEXES.items():
        _create_folded_index(db, table, columns)
    for sql in _RESEARCH_INDEXES:
        db.execute(sql)


def _create_folded_index(db: Database, table: str, columns: tuple[str, ...]) -> None:
    index = f"{table}_fts"
    names = ", ".join(columns)
    new = ", ".join(f"vn_fold(new.{c})" for c in columns)
    old = ", ".join(f"vn_fold(old.{c})" for c in columns)
    changed = " OR ".join(["old.rowid IS NOT new.rowid", *(f"old.{c} IS NOT new.{c}" for c in columns)])
    db.execute(
        f"CREATE VIRTUAL TABLE {index} USING fts5({names}, content='', tokenize='unicode61 remove_diacritics 2')"
    )
    if table in _RANK:
        db.execute(f"INSERT INTO {index}({index}, rank) VALUES ('rank', '{_RANK[table]}')")
    db.execute(
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {index}(rowid, {names}) VALUES (new.rowid, {new}); END"
    )
    db.execute(
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {index}({index}, rowid, {names}) VALUES ('delete', old.rowid, {old}); END"
    )
    # Re-crawls rewrite every column; only a changed text (or rowid) is re-indexed.
    db.execute(
        f"CREATE TRIGGER {index}_update AFTER UPDATE ON {table} WHEN {changed} BEGIN "
        f"INSERT INTO {index}({index}, rowid, {names}) VALUES ('delete', old.rowid, {old}); "
        f"INSERT INTO {index}(rowid, {names}) VALUES (new.rowid, {new}); END"
    )
    folded = ", ".join(f"vn_fold({c})" for c in columns)
    db.execute(f"INSERT INTO {index}(rowid, {names}) SELECT rowid, {folded} FROM {table}")
