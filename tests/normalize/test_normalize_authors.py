"""The contract of `parse_byline` and `Byline`."""

from __future__ import annotations

import dataclasses
import doctest

import pytest

import archiver.normalize.authors as authors_module
from archiver.normalize.authors import Byline, parse_byline


def test_doctests() -> None:
    assert doctest.testmod(authors_module).failed == 0


def test_byline_is_a_frozen_dataclass_with_a_list_of_names() -> None:
    byline = parse_byline("Tác giả: Minh Đức - Thu Hương")
    assert dataclasses.is_dataclass(byline)
    assert {field.name for field in dataclasses.fields(Byline)} == {"names", "role", "outlet"}
    assert isinstance(byline.names, list)
    assert byline == Byline(["Minh Đức", "Thu Hương"], "author", None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        byline.role = "poster"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("raw", "names", "role"),
    [
        ("Tác giả: NH", ["NH"], "author"),
        ("Tác giả: T.H", ["T.H"], "author"),
        ("Tác giả: Nguyễn Thị Hoa", ["Nguyễn Thị Hoa"], "author"),
        ("Tác giả: Minh Đức - Thu Hương", ["Minh Đức", "Thu Hương"], "author"),
        ("Tác giả: MINH ĐỨC - THU HƯƠNG", ["Minh Đức", "Thu Hương"], "author"),
        ("Tác giả: Hoàng Nam, Lê Vy", ["Hoàng Nam", "Lê Vy"], "author"),
        ("Người đăng: Quản trị", ["Quản trị"], "poster"),
        ("Người đăng: admin", ["admin"], "poster"),
        ("Người đăng: Quản trị Ngày đăng: 21:50 | 17/09 Lượt xem: 639", ["Quản trị"], "poster"),
    ],
)
def test_demo_portal_bylines(raw: str, names: list[str], role: str) -> None:
    byline = parse_byline(raw)
    assert byline.names == names and byline.role == role


def test_names_are_nfc() -> None:
    import unicodedata

    byline = parse_byline(unicodedata.normalize("NFD", "Tác giả: Nguyễn Thị Hoa"))
    assert byline.names == ["Nguyễn Thị Hoa"]


def test_empty_input() -> None:
    assert parse_byline("") == Byline([], None, None)
    assert parse_byline("   ") == Byline([], None, None)
    assert parse_byline(None) == Byline([], None, None)  # type: ignore[arg-type]
