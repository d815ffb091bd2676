"""SQL functions registered on every archive connection (the crawler's and Datasette's)."""

from __future__ import annotations

from sqlite_utils import Database

from archiver.normalize.text import fold


def register_functions(db: Database) -> None:
    """`vn_fold(text)`: casefolded, diacritics removed, đ/Đ → d — what search compares."""
    db.register_function(fold, name="vn_fold", deterministic=True, replace=True)
