"""Raw captures: every HTTP exchange written to gzipped WARC files with warcio.

One gzip member per record, so a file cut short by a crash stays readable up to its last
whole record. Each run writes new files (never appends to an old, possibly broken one)
and rotates them by size. Captures are addressed by their WARC-Record-ID; `read_capture`
(or a `CaptureReader`, for many) finds one again from (file, offset, length) and checks its
block and payload digests: our own whole records without warcio's stream stack, anything
else through warcio itself.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord, ArcWarcRecordLoader
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser, StatusAndHeadersParserException
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
        return _read_response(handle, path.name, offset, length, verify=verify)


class CaptureReader:
    """Reads response records under `root`, keeping the last WARC file open between reads.

    `reprocess` reads thousands of records in file order: one handle per file instead of one
    open() per record. Use it as a context manager so the last handle is closed.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._name: str | None = None
        self._handle: io.BufferedReader | None = None

    def read(self, warc_file: str, offset: int, length: int, *, verify: bool = True) -> StoredResponse:
        """Like `read_capture(root / warc_file, offset, length)`."""
        if self._handle is None or warc_file != self._name:
            self.close()
            self._handle = open(self.root / warc_file, "rb")  # noqa: SIM115 - kept across reads
            self._name = warc_file
        return _read_response(self._handle, Path(warc_file).name, offset, length, verify=verify)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
        self._handle = None
        self._name = None

    def __enter__(self) -> CaptureReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _read_response(handle: io.BufferedReader, name: str, offset: int, length: int, *, verify: bool) -> StoredResponse:
    """The response record in the `length` bytes at `offset` of an open WARC file."""
    handle.seek(offset)
    member = handle.read(length)
    # Almost every record is one of ours, whole and untouched: `_whole_response` checks both digests
    # without warcio's stream stack. Anything else (cut short, tampered, an unusual shape) goes
    # through warcio, which reports it exactly as it always has.
    stored = _whole_response(member)
    return stored if stored is not None else _read_with_warcio(member, name, offset, verify=verify)


def _read_with_warcio(member: bytes, name: str, offset: int, *, verify: bool) -> StoredResponse:
    """The response record in `member` as warcio reads it, every problem raised as a CaptureError."""
    try:
        iterator = ArchiveIterator(io.BytesIO(member), check_digests=True)
        record = next(iter(iterator))
        if record.rec_type != "response" or not record.rec_headers.get_header("WARC-Target-URI"):
            raise ValueError(f"not a whole response record (type {record.rec_type!r})")
        stored = _stored(record)
    except (ArchiveLoadFailed, StopIteration, OSError, EOFError, ValueError) as exc:
        raise CaptureError(f"{name}@{offset}: unreadable record ({exc})") from exc
    if verify and stored.digest_problems:
        raise CaptureError(f"{name}@{offset}: {'; '.join(stored.digest_problems)}")
    if verify and stored.verified is not True:
        raise CaptureError(f"{name}@{offset}: unreadable record (incomplete, its digests cannot be checked)")
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
    return _response(
        record.rec_headers,
        record.http_headers,
        body,
        digest_problems=tuple(checker.problems) if checker else (),
        verified=checker.passed if checker else None,
    )


def _response(
    rec_headers: StatusAndHeaders,
    http: StatusAndHeaders | None,
    body: bytes,
    *,
    digest_problems: tuple[str, ...],
    verified: bool | None,
) -> StoredResponse:
    return StoredResponse(
        record_id=rec_headers.get_header("WARC-Record-ID"),
        url=rec_headers.get_header("WARC-Target-URI"),
        status=int(http.get_statuscode()) if http else 0,
        headers=[(k, v) for k, v in (http.headers if http else []) if k.lower() != "content-encoding"],
        body=body,
        warc_date=rec_headers.get_header("WARC-Date"),
        digest_problems=digest_problems,
        verified=verified,
    )


# The header parsers ArchiveIterator's loader uses (verify_http=False), so headers parse the same.
_LOADER = ArcWarcRecordLoader(verify_http=False, arc2warc=False)
# A WARC digest as written by warcio: `sha1:` and 32 base32 characters.
_SHA1_DIGEST = re.compile(r"sha1:[A-Z2-7]{32}")
_RECORD_END = b"\r\n\r\n"


def _whole_response(member: bytes) -> StoredResponse | None:
    """The response in one gzip member, if it is whole, plain and both its sha1 digests match; else None.

    Same parse as warcio's (its header parsing, the same record and payload boundaries), but
    over the decompressed bytes at once. It returns None rather than judge anything unusual: a
    member cut short or followed by other bytes, another record type, a record whose length does
    not end exactly at its trailing CRLFs, digests other than sha1/base32, either digest missing or
    different, a body with a transfer-encoding or a content-encoding other than a clean gzip.
    """
    inflater = zlib.decompressobj(31)
    try:
        data = inflater.decompress(member)
    except zlib.error:
        return None
    if not inflater.eof or inflater.unused_data:
        return None
    parsed = _headers(data, _LOADER.warc_parser)
    if parsed is None:
        return None
    rec_headers, start = parsed
    warc = _first_values(rec_headers)
    uri = warc.get("warc-target-uri")
    block_digest = warc.get("warc-block-digest")
    payload_digest = warc.get("warc-payload-digest")
    if (
        not rec_headers.protocol.startswith("WARC/")
        or warc.get("warc-type") != "response"
        or "warc-segment-number" in warc
        or not uri
        or not uri.startswith(("http:", "https:"))
        or " " in uri
        or not (block_digest and _SHA1_DIGEST.fullmatch(block_digest))
        or not (payload_digest and _SHA1_DIGEST.fullmatch(payload_digest))
    ):
        return None
    content_length = warc.get("content-length")
    if content_length is None:
        return None
    try:
        block_length = int(content_length)  # as warcio reads it
    except ValueError:
        return None
    end = start + block_length
    if block_length <= 0 or data[end:] != _RECORD_END:
        return None
    block = data[start:end]
    if _sha1_digest(block) != block_digest:
        return None
    parsed = _headers(block, _LOADER.http_parser)
    if parsed is None:
        return None
    http, payload_start = parsed
    payload = block[payload_start:]
    if _sha1_digest(payload) != payload_digest or http.get_header("Transfer-Encoding") is not None:
        return None
    body = _decoded(payload, http.get_header("Content-Encoding")) if http else payload
    if body is None:
        return None
    try:
        return _response(rec_headers, http, body, digest_problems=(), verified=True)
    except ValueError:  # a status that is not a number: let warcio's path report it
        return None


def _first_values(headers: StatusAndHeaders) -> dict[str, str]:
    """Header values by lower-cased name, the first of each name winning (as `get_header`)."""
    values: dict[str, str] = {}
    for name, value in headers.headers:
        values.setdefault(name.lower(), value)
    return values


def _headers(data: bytes, parser: StatusAndHeadersParser) -> tuple[StatusAndHeaders, int] | None:
    """The status line and headers at the start of `data` as `parser` reads them, and the offset
    just past the blank line that ends them; None where warcio would raise."""
    simple = _simple_headers(data, parser)
    if simple is not None:
        return simple
    stream = io.BytesIO(data)
    try:
        return parser.parse(stream), stream.tell()
    except (StatusAndHeadersParserException, EOFError):
        return None


def _simple_headers(data: bytes, parser: StatusAndHeadersParser) -> tuple[StatusAndHeaders, int] | None:
    """`parser.parse` for the plain case, in a few string operations instead of a loop per line.

    Plain: ASCII, every line ended by CRLF (no other CR or LF), no blank line before the one that
    ends the block, no continuation line, and a status line `parser` accepts. Then warcio's parse
    (lines right-stripped, `name: value` split at the first colon, a line without one dropped)
    comes down to this. Anything else returns None, for warcio's parser to read.
    """
    end = data.find(_RECORD_END)
    if end < 0:
        return None
    block = data[:end]
    if not block.isascii():
        return None
    lines = block.decode("ascii").split("\r\n")
    if block.count(b"\n") != len(lines) - 1 or block.count(b"\r") != len(lines) - 1:
        return None
    statusline = lines[0].rstrip()
    if not statusline:
        return None
    if parser.verify:
        protocol_status = parser.split_prefix(statusline, parser.statuslist)
        if not protocol_status:
            return None
    else:
        protocol_status = statusline.split(" ", 1)
    headers = []
    for raw in lines[1:]:
        line = raw.rstrip()
        if not line or line.startswith((" ", "\t")):
            return None
        name, colon, value = line.partition(":")
        if colon:
            headers.append((name.rstrip(" \t"), value.lstrip()))
    rest = protocol_status[1].strip() if len(protocol_status) > 1 else ""
    consumed = end + len(_RECORD_END)
    return StatusAndHeaders(rest, headers, protocol=protocol_status[0], total_len=consumed), consumed


def _sha1_digest(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def _decoded(payload: bytes, encoding: str | None) -> bytes | None:
    """The payload with its content-encoding undone as warcio would, or None if not a clean case."""
    if not encoding:
        return payload
    if encoding.lower() != "gzip":
        return None
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        body = inflater.decompress(payload)
    except zlib.error:
        return None
    return body if inflater.eof and not inflater.unused_data else None
