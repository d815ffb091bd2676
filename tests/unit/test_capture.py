"""WARC capture files: digests, rotation, truncation by a crash, tampering."""

from __future__ import annotations

import gzip
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from archiver.capture import CaptureError, CaptureRef, Exchange, WarcCapture, iter_responses, read_capture

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
