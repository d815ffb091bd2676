"""v6: how each field of an article was found (`profile`, `jsonld`, `meta`, `label`, `heuristic`)."""

from __future__ import annotations

from sqlite_utils import Database


def upgrade(db: Database) -> None:
    db.table("articles").add_column("extraction", str)  # JSON object: field → method
