"""The contract of `parse_count`."""

from __future__ import annotations

import doctest

import pytest

import archiver.normalize.counts as counts_module
from archiver.normalize.counts import parse_count


def test_doctests() -> None:
    assert doctest.testmod(counts_module).failed == 0


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Lượt xem: 639", 639),
        ("Đã xem: 1.208", 1208),
        ("2045 Lượt xem", 2045),
        ("Lượt đọc: 77", 77),
        ("1.234", 1234),
        ("1,2K", 1200),
        ("2,3 triệu", 2_300_000),
        ("hơn 15 nghìn", 15_000),
        ("Người đăng: Quản trị Ngày đăng: 21:50 | 17/09 Lượt xem: 639", 639),
    ],
)
def test_issue_examples(raw: str, expected: int) -> None:
    assert parse_count(raw) == expected


@pytest.mark.parametrize("raw", ["812 từ", "12 lượt thích", "Bình luận: 3", "", "Lượt xem:", "1.5", "21:50 | 17/09"])
def test_not_a_view_count(raw: str) -> None:
    assert parse_count(raw) is None


def test_non_string_input_is_none() -> None:
    assert parse_count(None) is None  # type: ignore[arg-type]
