"""Datasette CSV that is either complete or visibly incomplete.

Datasette 0.65 streams a table's CSV page by page. When it stops early (the `max_csv_mb`
cap, a page interrupted by the SQL time limit) it writes the error text where the next row
would go and still ends the response normally, status 200. A query's CSV holds at most
`max_returned_rows` rows and says nothing when there were more. This ASGI middleware:

* makes a table's CSV hold every row matching its filters: without `_stream` (Datasette's
  own "CSV" link) the request is streamed in pages of `max_returned_rows`, in primary-key
  order: each page is then a seek in the primary key, where a sort by another column would
  test its index entry by entry from the top (archiver.datasette.stable_order), page after
  page of a bulk download;
* watches the body. Datasette writes one CSV row per chunk and every row ends with a line
  break; its error text does not. When the stream stopped early, or a query's CSV was cut
  at `max_returned_rows`, the client gets a last line starting `#INCOMPLETE` and the
  connection is closed before the chunked body is complete, so curl, browsers and HTTP
  libraries report a failed download rather than a short file that looks whole.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette.utils import tilde_decode

LOGGER = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

INCOMPLETE = "#INCOMPLETE"
# /database.csv?sql=… (a query) or /database/name.csv (a table, view or canned query).
_CSV_PATH = re.compile(r"^/(?P<database>[^/]+?)(?:/(?P<name>[^/]+?))?\.csv$")


class CsvGuard:
    """ASGI middleware around Datasette; see the module docstring."""

    def __init__(self, app: ASGIApp, datasette: Any) -> None:
        self.app = app
        self.datasette = datasette

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = _CSV_PATH.match(scope.get("path", "")) if scope["type"] == "http" else None
        target = await self._target(match, scope) if match and scope.get("method") == "GET" else None
        if target is None or match is None:
            await self.app(scope, receive, send)
            return
        args = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        if target == "table":
            scope = await self._streamed(scope, args, match)
        watcher = _Watcher(send, header=dict(args).get("_header") != "off")
        await self.app(scope, receive, watcher.send)
        if watcher.final is None:  # not a CSV body we watch (an error page, a debug trace)
            return
        reason = watcher.stopped
        if reason is None and target == "query" and watcher.rows >= self._max_rows():
            reason = await self._query_cut(scope)
        if reason is None:
            await send(watcher.final)
            return
        LOGGER.warning("CSV %s incomplete after %d rows: %s", scope["path"], watcher.rows, reason)
        note = f"{INCOMPLETE}: this CSV stopped after {watcher.rows} rows: {reason}. Nothing after this line."
        await send({"type": "http.response.body", "body": _csv_line(note), "more_body": True})
        # Returning without the final body message makes the server close the connection
        # mid-body: the download fails visibly instead of looking complete.

    async def _target(self, match: re.Match[str], scope: Scope) -> str | None:
        """'table' (tables and views), 'query' (SQL or canned query) or None (not ours to watch)."""
        try:
            database = self.datasette.get_database(route=tilde_decode(match["database"]))
        except KeyError:
            return None
        if match["name"] is None:
            return "query" if b"sql=" in scope.get("query_string", b"") else None
        name = tilde_decode(match["name"])
        if await self.datasette.get_canned_query(database.name, name, None):
            return "query"
        if await database.table_exists(name) or name in await database.view_names():
            return "table"
        return None

    async def _streamed(self, scope: Scope, args: list[tuple[str, str]], match: re.Match[str]) -> Scope:
        """The request asking for every row once: streamed, by primary key, in the largest pages."""
        keys = {key for key, _ in args}
        if "_next" in keys or not self.datasette.setting("allow_csv_stream"):
            return scope  # an explicit page was asked for
        database = self.datasette.get_database(route=tilde_decode(match["database"]))
        keys_of_table = await database.primary_keys(tilde_decode(match["name"]))
        args = [(key, value) for key, value in args if key not in ("_sort", "_sort_desc", "_stream")]
        if len(keys_of_table) == 1:
            args.append(("_sort", keys_of_table[0]))  # overrides the table's default sort too
        args.append(("_stream", "on"))
        if "_size" not in keys:
            args.append(("_size", "max"))
        return dict(scope, query_string=urlencode(args).encode("latin-1"))

    def _max_rows(self) -> int:
        return int(self.datasette.setting("max_returned_rows"))

    async def _query_cut(self, scope: Scope) -> str | None:
        """Why a query CSV with max_returned_rows rows is incomplete, or None when it is whole."""
        path = scope["path"][: -len(".csv")] + ".json"
        query = scope.get("query_string", b"").decode("latin-1")
        cookies = [value.decode("latin-1") for key, value in scope.get("headers", []) if key == b"cookie"]
        response = await self.datasette.client.get(
            f"{path}?{query}", headers={"cookie": cookies[0]} if cookies else None
        )
        limit = self._max_rows()
        if response.status_code != 200:
            return f"it has {limit} rows, the most Datasette returns, and the check for more failed"
        if response.json().get("truncated"):
            return f"the query returns more than {limit} rows, the most Datasette returns (max_returned_rows)"
        return None


class _Watcher:
    """Forwards a CSV response, counting rows, holding back its final message and any error text."""

    def __init__(self, send: Send, header: bool) -> None:
        self._send = send
        self._skip = 1 if header else 0  # the header line is not a row
        self._passthrough = False
        self.rows = 0
        self.stopped: str | None = None
        self.final: Message | None = None

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = dict(message.get("headers") or [])
            content_type = headers.get(b"content-type", b"").decode("latin-1")
            self._passthrough = message.get("status") != 200 or not content_type.startswith(("text/plain", "text/csv"))
            await self._send(message)
            return
        if self._passthrough or message["type"] != "http.response.body":
            await self._send(message)
            return
        if not message.get("more_body", False):
            self.final = message
            if message.get("body"):
                await self._send(dict(message, body=message["body"], more_body=True))
                self.final = dict(message, body=b"")
            return
        chunk = message.get("body", b"")
        if not chunk or self.stopped is not None:
            return
        if not chunk.endswith(b"\n"):
            self.stopped = chunk.decode("utf-8", "replace").strip() or "Datasette stopped the stream"
            return
        if self._skip:
            self._skip -= 1
        else:
            self.rows += 1
        await self._send(message)


def _csv_line(text: str) -> bytes:
    """One CSV line holding `text` in its first cell."""
    return ('"' + text.replace('"', '""') + '"\r\n').encode("utf-8")
