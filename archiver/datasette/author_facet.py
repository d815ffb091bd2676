"""Facet articles by author from the `article_authors` table instead of the JSON `authors` column.

Datasette's array facet unpacks the JSON of every matching row and de-duplicates whole rows
(bodies included): about a second per 20,000 articles. The archive already keeps who wrote
what in `article_authors` (indexed by role and author), so counting there is a pass over an
index. Selecting an author filters with Datasette's `_through` (article_authors.author_id),
which uses the same index. One site's page (`?site=…` and nothing else) reads the counts
that triggers keep per site in `site_author_counts` (joining a site's 200,000 articles took
0.4-1.2 s, past the facet time limit). Configured in metadata.yaml as `- author: authors`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import path_with_added_args, path_with_removed_args

from archiver.datasette.stable_order import facets_of_every_page

_WHERE = re.compile(r"\bwhere\b", re.IGNORECASE)
# The rows of one site's page, as Datasette writes them for `?site=…` alone.
_ONE_SITE = re.compile(r'^select .+ from articles where "site" = :(?P<param>p\d+) $', re.DOTALL)


class AuthorFacet(Facet):  # type: ignore[misc]
    """Articles per author (role "author" in article_authors)."""

    type = "author"

    async def suggest(self) -> list[Any]:
        return []

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        results: list[dict[str, Any]] = []
        timed_out: list[str] = []
        if self.table != "articles":
            return results, timed_out
        size = self.get_facet_size()
        sql = await self._sql(size)
        for config in self.get_configs():
            name = config["config"].get("column") or config["config"]["simple"]
            try:
                rows = (
                    await self.ds.execute(
                        self.database,
                        sql,
                        self.params,
                        truncate=False,
                        custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                    )
                ).rows
            except QueryInterrupted:
                timed_out.append(name)
                continue
            results.append(
                {
                    "name": name,
                    "type": self.type,
                    "hideable": config["source"] != "metadata",
                    "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet_author": name})),
                    "results": [self._value(row) for row in rows[:size]],
                    "truncated": len(rows) > size,
                }
            )
        return results, timed_out

    async def _sql(self, size: int) -> str:
        """Counts per author: kept per site, or driven from the matching articles when the page is filtered.

        Every page counts what the first counts (archiver.datasette.stable_order), so the
        condition placing a following page is no filter here.
        """
        matching = facets_of_every_page(self.sql)
        one_site = _ONE_SITE.match(matching)
        if one_site and await self.ds.get_database(self.database).table_exists("site_author_counts"):
            return (
                "SELECT c.author_id AS id, authors.name AS value, c.articles AS count FROM site_author_counts c "
                f"JOIN authors ON authors.id = c.author_id WHERE c.site = :{one_site['param']} "
                f"ORDER BY count DESC, value LIMIT {size + 1}"
            )
        if not _WHERE.search(matching):  # the whole table: one pass over the (role, author_id) index
            source = "article_authors aa"
        else:  # CROSS JOIN keeps SQLite from scanning all of article_authors first
            source = f"(SELECT url FROM ({matching})) AS matching CROSS JOIN article_authors aa"
            source += " ON aa.article_url = matching.url"
        return (
            f"SELECT aa.author_id AS id, authors.name AS value, count(*) AS count FROM {source} "
            "JOIN authors ON authors.id = aa.author_id WHERE aa.role = 'author' "
            f"GROUP BY aa.author_id ORDER BY count DESC, value LIMIT {size + 1}"
        )

    def _value(self, row: Any) -> dict[str, Any]:
        through = json.dumps({"table": "article_authors", "column": "author_id", "value": str(row["id"])})
        selected = ("_through", through) in self.get_querystring_pairs()
        change = path_with_removed_args if selected else path_with_added_args
        return {
            "value": row["value"],
            "label": row["value"],
            "count": row["count"],
            "toggle_url": self.ds.absolute_url(self.request, change(self.request, {"_through": through})),
            "selected": selected,
        }
