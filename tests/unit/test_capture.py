"""WARC capture files: digests, rotation, truncation by a crash, tampering."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import random
import subprocess
import sys
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeadersParser, StatusAndHeadersParserException

import archiver.capture as warc_capture
from archiver.capture import (
    CaptureError,
    CaptureReader,
    CaptureRef,
    Exchange,
    StoredResponse,
    WarcCapture,
    iter_responses,
    read_capture,
)

WARCIO = str(Path(sys.executable).parent / "warcio")


def exchange(n: int, body: bytes | None = None) -> Exchange:
    return Exchange(
        url=f"http://127.0.0.1:8070/tin-tuc/a-{n}.html",
        method="GET",
        request_headers=[("User-Agent", "vn-archive test")],
        request_body=b"",
        status=200,
        reason="OK",
        protocol="HTTP/1.1",
        response_headers=[("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked")],
        body=body if body is not None else f"<h1>Bài {n}: Đại hội Đảng</h1>".encode() * 20,
        ip_address="127.0.0.1",
        fetched_at=datetime(2024, 1, 20, 3, 0, n, tzinfo=UTC),
    )


def write(tmp_path: Path, count: int, max_bytes: int = 10**9) -> tuple[WarcCapture, list[CaptureRef]]:
    capture = WarcCapture(tmp_path / "warc", tmp_path, "demo-news", max_bytes, "vn-archive test")
    refs = [capture.write(exchange(n)) for n in range(count)]
    capture.close()
    return capture, refs


def test_records_read_back_and_pass_warcio_check(tmp_path: Path) -> None:
    _, refs = write(tmp_path, 3)
    stored = read_capture(tmp_path / refs[1].warc_file, refs[1].offset, refs[1].length)
    assert stored.record_id == refs[1].id and stored.status == 200
    assert stored.body == exchange(1).body
    assert ("Transfer-Encoding", "chunked") not in stored.headers, "bodies are stored de-chunked"
    assert refs[1].fetched_at == "2024-01-20T10:00:01+07:00" and refs[1].payload_digest.startswith("sha1:")
    check = subprocess.run([WARCIO, "check", "-v", str(tmp_path / refs[0].warc_file)], capture_output=True, text=True)
    assert check.returncode == 0 and check.stdout.count("digest pass") == 7  # warcinfo, 3 responses, 3 requests


def test_each_record_is_its_own_gzip_member(tmp_path: Path) -> None:
    _, refs = write(tmp_path, 2)
    data = (tmp_path / refs[1].warc_file).read_bytes()
    member = data[refs[1].offset : refs[1].offset + refs[1].length]
    assert gzip.decompress(member).startswith(b"WARC/1.1\r\n")


def test_files_rotate_by_size_and_names_never_repeat(tmp_path: Path) -> None:
    _, refs = write(tmp_path, 6, max_bytes=1500)
    files = {ref.warc_file for ref in refs}
    assert len(files) >= 3
    _, again = write(tmp_path, 1)
    assert again[0].warc_file not in files


def test_a_file_cut_short_by_a_crash_stays_readable_up_to_its_last_whole_record(tmp_path: Path) -> None:
    _, refs = write(tmp_path, 3)
    path = tmp_path / refs[0].warc_file
    path.write_bytes(path.read_bytes()[: refs[2].offset + refs[2].length // 2])
    assert [response.url for _, response in iter_responses(path)] == [exchange(0).url, exchange(1).url]
    assert read_capture(path, refs[1].offset, refs[1].length).body == exchange(1).body
    with pytest.raises(CaptureError, match="unreadable"):
        read_capture(path, refs[2].offset, refs[2].length)
    # The next run writes a new file; the broken one is never appended to.
    _, later = write(tmp_path, 1)
    assert later[0].warc_file != refs[0].warc_file
    assert path.stat().st_size == refs[2].offset + refs[2].length // 2


def test_a_record_whose_digest_does_not_match_is_reported_not_trusted(tmp_path: Path) -> None:
    _, refs = write(tmp_path, 2)
    path = tmp_path / refs[1].warc_file
    data = path.read_bytes()
    member = gzip.decompress(data[refs[1].offset : refs[1].offset + refs[1].length])
    tampered = gzip.compress(member.replace("Bài 1".encode(), "Bài 9".encode(), 1))
    path.write_bytes(data[: refs[1].offset] + tampered + data[refs[1].offset + refs[1].length :])
    with pytest.raises(CaptureError, match="digest"):
        read_capture(path, refs[1].offset, len(tampered))
    unverified = read_capture(path, refs[1].offset, len(tampered), verify=False)
    assert unverified.digest_problems and "Bài 9".encode() in unverified.body
    assert read_capture(path, refs[0].offset, refs[0].length).body == exchange(0).body


def test_an_index_pointing_at_the_wrong_bytes_is_unreadable_not_misread(tmp_path: Path) -> None:
    _, refs = write(tmp_path, 2)
    with pytest.raises(CaptureError, match="unreadable"):
        read_capture(tmp_path / refs[1].warc_file, refs[1].offset, refs[1].length - 40)
    with pytest.raises(CaptureError):
        read_capture(tmp_path / refs[1].warc_file, refs[1].offset + refs[1].length, 500)  # the request record


# ---------------------------------------------------------------- the fast reader agrees with warcio


def _sha1(data: bytes) -> bytes:
    return b"sha1:" + base64.b32encode(hashlib.sha1(data).digest())


def _record(http_head: bytes, payload: bytes, *, warc_lines: list[bytes] | None = None, digests: bool = True) -> bytes:
    """A response record (uncompressed) with correct digests unless `digests` is False."""
    block = http_head + b"\r\n\r\n" + payload
    lines = warc_lines or [
        b"WARC/1.1",
        b"WARC-Type: response",
        b"WARC-Record-ID: <urn:uuid:0b6a8c2e-4d43-4b4e-9a39-2f0d9f3c1a11>",
        b"WARC-Target-URI: http://127.0.0.1:8070/tin-tuc/a-1.html",
        b"WARC-Date: 2024-01-20T03:00:00.000000Z",
    ]
    if digests:
        lines = [*lines, b"WARC-Payload-Digest: " + _sha1(payload), b"WARC-Block-Digest: " + _sha1(block)]
    lines = [*lines, b"Content-Type: application/http; msgtype=response", b"Content-Length: %d" % len(block)]
    return b"\r\n".join(lines) + b"\r\n\r\n" + block + b"\r\n\r\n"


BODY = "<h1>Bài 1: Đại hội Đảng</h1>".encode() * 30
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nServer: demo"
SHAPES = {
    "plain": _record(HEAD, BODY),
    "gzip body": _record(HEAD + b"\r\nContent-Encoding: gzip", gzip.compress(BODY)),
    "gzip body, upper case": _record(HEAD + b"\r\nContent-Encoding: GZIP", gzip.compress(BODY)),
    "gzip body, trailing bytes": _record(HEAD + b"\r\nContent-Encoding: gzip", gzip.compress(BODY) + b"x"),
    "gzip body, cut short": _record(HEAD + b"\r\nContent-Encoding: gzip", gzip.compress(BODY)[:-9]),
    "not gzip after all": _record(HEAD + b"\r\nContent-Encoding: gzip", BODY),
    "deflate body": _record(HEAD + b"\r\nContent-Encoding: deflate", zlib.compress(BODY)),
    "chunked": _record(HEAD + b"\r\nTransfer-Encoding: chunked", b"%x\r\n" % len(BODY) + BODY + b"\r\n0\r\n\r\n"),
    "continuation line": _record(HEAD + b"\r\nX-Long: a\r\n  b", BODY),
    "non-ASCII header values": _record(HEAD + b"\r\nX-Viet: Vi\xe1\xbb\x87t\r\nX-Latin: caf\xe9 ", BODY),
    "header without colon": _record(HEAD + b"\r\nX-Nothing", BODY),
    "bare LF": _record(HEAD.replace(b"\r\n", b"\n"), BODY),
    "status not a number": _record(b"HTTP/1.1 abc OK\r\nServer: demo", BODY),
    "no status code": _record(b"HTTP/1.1\r\nServer: demo", BODY),
    "empty payload": _record(HEAD, b""),
    "no digests": _record(HEAD, BODY, digests=False),
    "not a response": _record(HEAD, BODY).replace(b"WARC-Type: response", b"WARC-Type: resource"),
    "WARC/1.0": _record(HEAD, BODY).replace(b"WARC/1.1", b"WARC/1.0"),
    "unknown WARC version": _record(HEAD, BODY).replace(b"WARC/1.1", b"WARC/2.0"),
    "digest algorithm in capitals": _record(HEAD, BODY).replace(b"sha1:", b"SHA1:"),
    "URI in angle brackets": _record(HEAD, BODY).replace(
        b"URI: http://127.0.0.1:8070/tin-tuc/a-1.html", b"URI: <http://127.0.0.1:8070/tin-tuc/a-1.html>"
    ),
    "payload tampered": _record(HEAD, BODY).replace("Bài 1".encode(), "Bài 9".encode(), 1),
    "HTTP header tampered": _record(HEAD, BODY).replace(b"Server: demo", b"Server: dema"),
    "record longer than its length": _record(HEAD, BODY)[:-4] + b"extra\r\n\r\n",
}


def _outcome(read: Callable[..., StoredResponse], *args: object, verify: bool) -> object:
    """The record read, or the CaptureError message."""
    try:
        return read(*args, verify=verify)
    except CaptureError as exc:
        return str(exc)


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("verify", [True, False])
def test_the_fast_reader_agrees_with_warcio_on_every_shape(tmp_path: Path, shape: str, verify: bool) -> None:
    raw = SHAPES[shape]
    for member in (gzip.compress(raw), gzip.compress(raw)[:-6], gzip.compress(raw) + b"junk", raw):
        path = tmp_path / "x.warc.gz"
        path.write_bytes(b"\0" * 11 + member)
        expected = _outcome(warc_capture._read_with_warcio, member, path.name, 11, verify=verify)
        assert _outcome(read_capture, path, 11, len(member), verify=verify) == expected


def test_plain_and_gzip_records_take_the_fast_path() -> None:
    for shape in ("plain", "gzip body", "empty payload", "WARC/1.0"):
        assert warc_capture._whole_response(gzip.compress(SHAPES[shape])) is not None, shape
    assert warc_capture._whole_response(gzip.compress(SHAPES["payload tampered"])) is None


def test_simple_header_parse_is_warcios_parse() -> None:
    pieces = [
        b"WARC/1.1",
        b"warc/1.0",
        b"HTTP/1.1 200 OK",
        b"GET /x",
        b"Name",
        b": ",
        b":",
        b" ",
        b"\t",
        b"\r\n",
        b"\n",
        b"\r",
        b"v",
        b"\xc3\xa9",
        b"\xe9",
        b"\x1c",
        b"  ",
        b"\r\n\r\n",
        b"\r\n \r\n",
    ]
    rng = random.Random(20240120)

    def warcio_parse(data: bytes, parser: StatusAndHeadersParser) -> object:
        stream = io.BytesIO(data)
        try:
            headers = parser.parse(stream)
        except (StatusAndHeadersParserException, EOFError):
            return None
        return headers.protocol, headers.statusline, headers.headers, headers.total_len, stream.tell()

    for _ in range(20000):
        data = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) + rng.choice([b"\r\n\r\nX", b""])
        for parser in (warc_capture._LOADER.warc_parser, warc_capture._LOADER.http_parser):
            parsed = warc_capture._headers(data, parser)
            ours = (
                None
                if parsed is None
                else (parsed[0].protocol, parsed[0].statusline, parsed[0].headers, parsed[0].total_len, parsed[1])
            )
            assert ours == warcio_parse(data, parser), data


def test_one_reader_reads_records_across_rotated_files(tmp_path: Path) -> None:
    _, refs = write(tmp_path, 6, max_bytes=1500)
    with CaptureReader(tmp_path) as reader:
        for ref in [*refs, *reversed(refs)]:
            stored = reader.read(ref.warc_file, ref.offset, ref.length)
            assert stored == read_capture(tmp_path / ref.warc_file, ref.offset, ref.length)
            assert stored.body == exchange(int(ref.url.rsplit("-", 1)[1].split(".")[0])).body
