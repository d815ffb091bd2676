"""Raw captures: every HTTP exchange written to gzipped WARC files with warcio.

One gzip member per record, so a file cut short by a crash stays readable up to its last
whole record. Each run writes new files (never appends to an old, possibly broken one)
and rotates them by size. Captures are addressed by their WARC-Record-ID; `read_capture`
finds one again from (file, offset, length) and checks its digests.
"""

from __future__ import annotations

import io
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

VIETNAM_TZ = timezone(timedelta(hours=7))
# warcio's own gzip writer always uses level 9; records are compressed here instead, one gzip
# member each. Level 3 is about 1.5x faster than 9 for a few percent more bytes on portal pages.
GZIP_LEVEL = 3
# Twisted hands us bodies already de-chunked, so a stored chunked header would lie about the payload.
DROPPED_RESPONSE_HEADERS = frozenset({"transfer-encoding"})


@dataclass(frozen=True)
class Exchange:
    """One HTTP request and the response to it, as the crawler saw them."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    request_body: bytes
    status: int
    reason: str
    protocol: str
    response_headers: list[tuple[str, str]]
    body: bytes
    ip_address: str | None
    fetched_at: datetime


@dataclass(frozen=True)
class CaptureRef:
    """Where a response record lives: `warc_file` is relative to the archive's folder."""

    id: str
    url: str
    warc_file: str
    offset: int
    length: int
    status: int
    content_type: str | None
    payload_digest: str | None
    fetched_at: str


class WarcCapture:
    """Appends exchanges to `<prefix>-<time>-<pid>-<n>.warc.gz` files under `directory`."""

    def __init__(self, directory: Path, root: Path, prefix: str, max_bytes: int, software: str) -> None:
        self.directory = directory
        self.root = root
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.software = software
        self.started = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        self.sequence = 0
        self.file: io.BufferedWriter | None = None
        self.path: Path | None = None
        self.writer: WARCWriter | None = None

    def _open_next(self) -> WARCWriter:
        self.close()
        self.directory.mkdir(parents=True, exist_ok=True)
        while True:
            self.sequence += 1
            name = f"{self.prefix}-{self.started}-{os.getpid()}-{self.sequence:05d}.warc.gz"
            self.path = self.directory / name
            try:
                # "x": a name is never reused, so a broken file from an earlier run is never appended to.
                self.file = open(self.path, "xb")  # noqa: SIM115 - kept open across records
                break
            except FileExistsError:
                continue
        self.writer = WARCWriter(io.BytesIO(), gzip=False, warc_version="1.1")
        info = {
            "software": self.software,
            "format": "WARC File Format 1.1",
            "description": "HTTP headers as parsed by Scrapy; bodies as received (content-encoding kept), "
            "de-chunked, so Transfer-Encoding is omitted.",
        }
        self._append(self.writer, self.writer.create_warcinfo_record(name, info))
        return self.writer

    def _append(self, writer: WARCWriter, record: ArcWarcRecord) -> tuple[int, int]:
        """Write one record as its own gzip member; returns its (offset, length) in the file."""
        assert self.file is not None
        buffer = io.BytesIO()
        writer.out = buffer
        writer.write_record(record)
        compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
        member = compressor.compress(buffer.getvalue()) + compressor.flush()
        offset = self.file.tell()
        self.file.write(member)
        return offset, len(member)

    def write(self, exchange: Exchange) -> CaptureRef:
        """Write the response record, then the request record that points to it."""
        writer = self.writer
        if writer is None or self.file is None or self.file.tell() >= self.max_bytes:
            writer = self._open_next()
        assert self.file is not None and self.path is not None
        warc_date = exchange.fetched_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        headers = [(k, v) for k, v in exchange.response_headers if k.lower() not in DROPPED_RESPONSE_HEADERS]
        response = writer.create_warc_record(
            exchange.url,
            "response",
            payload=io.BytesIO(exchange.body),
            length=len(exchange.body),
            http_headers=StatusAndHeaders(
                f"{exchange.status} {exchange.reason}".strip(), headers, protocol=exchange.protocol
            ),
            warc_headers_dict={"WARC-Date": warc_date}
            | ({"WARC-IP-Address": exchange.ip_address} if exchange.ip_address else {}),
        )
        offset, length = self._append(writer, response)
        record_id = response.rec_headers.get_header("WARC-Record-ID")
        request = writer.create_warc_record(
            exchange.url,
            "request",
            payload=io.BytesIO(exchange.request_body),
            length=len(exchange.request_body),
            http_headers=StatusAndHeaders(
                f"{exchange.method} {_request_target(exchange.url)}",
                exchange.request_headers,
                protocol=exchange.protocol,
                is_http_request=True,
            ),
            warc_headers_dict={"WARC-Date": warc_date, "WARC-Concurrent-To": record_id},
        )
        self._append(writer, request)
        self.file.flush()
        content_type = next((v for k, v in headers if k.lower() == "content-type"), None)
        return CaptureRef(
            id=record_id,
            url=exchange.url,
            warc_file=str(self.path.relative_to(self.root)),
            offset=offset,
            length=length,
            status=exchange.status,
            content_type=content_type,
            payload_digest=response.rec_headers.get_header("WARC-Payload-Digest"),
            fetched_at=exchange.fetched_at.astimezone(VIETNAM_TZ).isoformat(timespec="seconds"),
        )

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
        self.file = None
        self.writer = None


def _request_target(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


class CaptureError(Exception):
    """A capture cannot be read back, or its digests do not match what was written."""


@dataclass(frozen=True)
class StoredResponse:
    """A response record read back: status, headers, and the body with content-encoding undone."""

    record_id: str
    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    warc_date: str
    digest_problems: tuple[str, ...]
    # True only when the digests were checked and matched; None when the record ended too early to check.
    verified: bool | None


def read_capture(path: Path, offset: int, length: int, *, verify: bool = True) -> StoredResponse:
    """The response record at `offset`; with `verify`, a digest mismatch raises CaptureError."""
    with open(path, "rb") as handle:
        handle.seek(offset)
        member = handle.read(length)
    try:
        iterator = ArchiveIterator(io.BytesIO(member), check_digests=True)
        record = next(iter(iterator))
        if record.rec_type != "response" or not record.rec_headers.get_header("WARC-Target-URI"):
            raise ValueError(f"not a whole response record (type {record.rec_type!r})")
        stored = _stored(record)
    except (ArchiveLoadFailed, StopIteration, OSError, EOFError, ValueError) as exc:
        raise CaptureError(f"{path.name}@{offset}: unreadable record ({exc})") from exc
    if verify and stored.digest_problems:
        raise CaptureError(f"{path.name}@{offset}: {'; '.join(stored.digest_problems)}")
    if verify and stored.verified is not True:
        raise CaptureError(f"{path.name}@{offset}: unreadable record (incomplete, its digests cannot be checked)")
    return stored


def iter_responses(path: Path) -> Iterator[tuple[int, StoredResponse]]:
    """(offset, response) for each whole response record; stops quietly at a truncated tail."""
    with open(path, "rb") as handle:
        iterator = ArchiveIterator(handle, check_digests=True)
        try:
            for record in iterator:
                if record.rec_type == "response":
                    stored = _stored(record)
                    if stored.verified is not True:
                        return  # cut short: the last whole record has been yielded
                    yield iterator.get_record_offset(), stored
        except (ArchiveLoadFailed, OSError, EOFError, ValueError):
            return  # a crash cut the last record short: everything before it was yielded


def _stored(record: ArcWarcRecord) -> StoredResponse:
    body = record.content_stream().read()  # reading to the end also completes the digest check
    checker = record.digest_checker
    http = record.http_headers
    return StoredResponse(
        record_id=record.rec_headers.get_header("WARC-Record-ID"),
        url=record.rec_headers.get_header("WARC-Target-URI"),
        status=int(http.get_statuscode()) if http else 0,
        headers=[(k, v) for k, v in (http.headers if http else []) if k.lower() != "content-encoding"],
        body=body,
        warc_date=record.rec_headers.get_header("WARC-Date"),
        digest_problems=tuple(checker.problems) if checker else (),
        verified=checker.passed if checker else None,
    )
