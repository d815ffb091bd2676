"""The contract of `fold`, `clean` and `repair`."""

from __future__ import annotations

import doctest
import unicodedata

import pytest

import archiver.normalize.legacy_encodings as legacy_module
import archiver.normalize.text as text_module
from archiver.normalize.legacy_encodings import TCVN3_TABLE, VNI_TABLE
from archiver.normalize.text import clean, fold, repair


def test_doctests() -> None:
    assert doctest.testmod(text_module).failed == 0
    assert doctest.testmod(legacy_module).failed == 0


def test_fold_matches_search_both_ways() -> None:
    assert fold("Đại hội Đảng") == fold("dai hoi dang") == "dai hoi dang"
    assert fold(unicodedata.normalize("NFD", "Đại hội Đảng")) == "dai hoi dang"


def test_clean() -> None:
    assert clean(" Tác\u00a0giả:\u200b  NH \n") == "Tác giả: NH"
    assert clean("a\n\n\n b \n c", keep_newlines=True) == "a\n\nb\nc"


@pytest.mark.parametrize(
    ("raw", "expected", "encoding"),
    [
        ("ViÖt Nam", "Việt Nam", "tcvn3"),
        ("§¶ng Céng s¶n ViÖt Nam", "Đảng Cộng sản Việt Nam", "tcvn3"),
        ("Vieät Nam", "Việt Nam", "vni"),
        ("Xin chaøo caùc baïn", "Xin chào các bạn", "vni"),
        ("Viêòt Nam", "Việt Nam", "windows-1258"),
        ("Viá»‡t Nam", "Việt Nam", "utf-8"),
        ("Việt Nam", "Việt Nam", None),
    ],
)
def test_repair(raw: str, expected: str, encoding: str | None) -> None:
    assert repair(raw) == (expected, encoding)


def test_repair_of_decomposed_text() -> None:
    # A windows-1258 decoder yields base letters (â ê ô ă ơ ư precomposed) + combining tones.
    assert repair("Vi\u00ea\u0323t Nam") == ("Việt Nam", "windows-1258")
    # Unicode in NFD (every mark combining), as macOS file names and some editors produce.
    assert repair(unicodedata.normalize("NFD", "Việt Nam")) == ("Việt Nam", "unicode-nfd")


LOWER_LETTERS = set("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")


def test_tables_cover_every_vietnamese_letter() -> None:
    assert LOWER_LETTERS <= set(TCVN3_TABLE.values())
    # In VNI, ì and í are written as themselves.
    assert LOWER_LETTERS - {"ì", "í"} <= {value.lower() for value in VNI_TABLE.values()}
