"""Recount the busiest pages in the background after the archive changes.

The query cache (archiver.datasette.query_cache) makes a page fast from its second visit
until the next commit. The articles table page with its facets is the page every visit
starts from, and its facets are passes over a million index entries, so it is asked for
(at start, and once the archive has been quiet for a moment after a change) before a visitor
has to wait for it. Its queries' results are pinned in the cache, and asking for the HTML
page also compiles Datasette's templates, which the first visitor would otherwise wait for.
Then the term bitmaps of the searched tables are rebuilt if their index changed
(archiver.datasette.bitmap_keeper).
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any

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


async def keep_warm(
    datasette: Any,
    database: Any,
    tables: Sequence[str],
    interval: float = INTERVAL,
    bitmap_tables: Sequence[str] = (),
) -> None:
    """Forever: at start and after each change, fetch the tables' pages so their slow queries are
    cached, then refresh the term bitmaps of `bitmap_tables`."""
    paths = [datasette.urls.table(database.name, table) for table in tables if await database.table_exists(table)]
    version = DataVersion(database.path)
    warmed: int | None = None
    seen = version.current()
    while paths or bitmap_tables:
        now = version.current()
        if now == seen and now != warmed:
            pinning = PINNING.set(True)
            try:
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
