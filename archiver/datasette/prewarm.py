"""Recount the busiest pages in the background after the archive changes.

The query cache (archiver.datasette.query_cache) makes a page fast from its second visit
until the next commit. The articles table page with its facets is the page every visit
starts from, and its facets are passes over a million index entries, so it is asked for
(at start, and once the archive has been quiet for a moment after a change) before a visitor
has to wait for it, and so are the pages of its largest sites. Their queries' results are
pinned in the cache, and asking for the HTML pages also compiles Datasette's templates, which
the first visitor would otherwise wait for.
Then the term bitmaps of the searched tables are rebuilt if their index changed
(archiver.datasette.bitmap_keeper).
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any
from urllib.parse import urlencode

from datasette.utils.asgi import Response

from archiver.datasette import bitmap_keeper
from archiver.datasette.query_cache import PINNING, DataVersion
from archiver.term_bitmaps import index_state

LOGGER = logging.getLogger(__name__)
# Seconds between looks at the archive's data version; a change is acted on once the version
# has stayed put for one more interval (a crawl commits in bursts).
INTERVAL = 2.0

ASGIApp = Callable[[MutableMapping[str, Any], Any, Any], Awaitable[None]]
# Datasette instances whose pages are kept warm. Datasette builds a second app for its
# in-process client (which the warming itself uses), so the loops belong to the Datasette,
# not to an app: one app each doubled the work.
_WARMING: weakref.WeakSet[Any] = weakref.WeakSet()
# Database → its data version (as read by its loop) when pages were last warmed, bitmaps refreshed.
WARMED: weakref.WeakKeyDictionary[Any, tuple[DataVersion, int]] = weakref.WeakKeyDictionary()


# Pages of one value of a column (`table?column` in the prewarm setting): the most common values.
VALUE_PAGES = 30


async def keep_warm(
    datasette: Any,
    database: Any,
    tables: Sequence[str],
    interval: float = INTERVAL,
    bitmap_tables: Sequence[str] = (),
) -> None:
    """Forever: at start and after each change, fetch the tables' pages so their slow queries are
    cached, then refresh the term bitmaps of `bitmap_tables`.

    An entry `table?column` stands for the pages of `table` filtered to each of the VALUE_PAGES
    most common values of `column` (`articles?site`: each site's page, whose facets count a
    fifth of a million articles: 0.3-0.5 s the first time at 1M).
    """
    pages = [entry.partition("?")[::2] for entry in tables]
    pages = [(table, column) for table, column in pages if await database.table_exists(table)]
    version = DataVersion(database.path)
    warmed: int | None = None
    seen = version.current()
    while pages or bitmap_tables:
        now = version.current()
        if now == seen and now != warmed:
            pinning = PINNING.set(True)
            try:
                paths = []
                for table, column in pages:
                    try:
                        paths += await _paths(datasette, database, table, column)
                    except Exception:  # the loop must live on: it also refreshes the bitmaps
                        LOGGER.exception("listing the pages of %s to prewarm failed", table)
                for path in paths:
                    try:
                        await datasette.client.get(path)
                    except Exception:  # a page that fails here fails for its visitor too, who sees why
                        LOGGER.exception("prewarming %s failed", path)
            finally:
                PINNING.reset(pinning)
            await bitmap_keeper.refresh(database, bitmap_tables)
            warmed = now
            WARMED[database] = (version, now)
        seen = now  # a version still moving is acted on once it settles
        await asyncio.sleep(interval)


async def _paths(datasette: Any, database: Any, table: str, column: str) -> list[str]:
    """The page of `table`, or (with a column) its pages of the most common values of `column`."""
    path = datasette.urls.table(database.name, table)
    if not column:
        return [path]
    sql = (
        f"SELECT [{column}] FROM [{table}] WHERE [{column}] IS NOT NULL "
        f"GROUP BY [{column}] ORDER BY count(*) DESC LIMIT {VALUE_PAGES}"
    )
    values = (await database.execute(sql)).rows
    return [f"{path}?{urlencode({column: value[0]})}" for value in values]


class Prewarming:
    """ASGI middleware that starts `keep_warm` in the server's event loop on its first event.

    Datasette runs its startup hooks in a loop of their own that ends before serving, so the
    background task is started here, where it can live as long as the server.
    """

    def __init__(
        self, app: ASGIApp, datasette: Any, tables: Sequence[str], bitmap_tables: Sequence[str] = ()
    ) -> None:
        self.app = app
        self.datasette = datasette
        self.tables = list(tables)
        self.bitmap_tables = list(bitmap_tables)
        self.tasks: list[asyncio.Task[None]] = []

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if (self.tables or self.bitmap_tables) and self.datasette not in _WARMING:
            _WARMING.add(self.datasette)
            for database in self.datasette.databases.values():
                if not database.is_memory:
                    warming = keep_warm(self.datasette, database, self.tables, bitmap_tables=self.bitmap_tables)
                    self.tasks.append(asyncio.get_running_loop().create_task(warming))
        await self.app(scope, receive, send)


async def warmup_status(datasette: Any) -> Response:
    """Per database: whether the warm-up has caught up with the latest change, and its term bitmaps."""
    report: dict[str, Any] = {}
    for name, database in datasette.databases.items():
        if database.is_memory:
            continue
        warmed = WARMED.get(database)
        bitmaps = {}
        for table, kept in bitmap_keeper.kept(database).items():
            state = await database.execute_fn(lambda conn, table=table: index_state(conn, table))
            bitmaps[table] = {
                "words": len(kept.bitmaps),
                "megabytes": round(kept.nbytes / 1e6, 1),
                "build_seconds": round(kept.seconds, 1),
                "current": state == kept.state,
            }
        report[name] = {"warm": bool(warmed and warmed[0].current() == warmed[1]), "term_bitmaps": bitmaps}
    return Response.json(report)
