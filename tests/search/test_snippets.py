"""Extracts around the matches, cut from the stored text (diacritics intact), matches marked."""

from __future__ import annotations

import doctest
import unicodedata

import archiver.search as search_module
from archiver.datasette.cells import highlighted
from archiver.search import snippet

TEXT = (
    "Sáng 15/10, Ủy ban MTTQ Việt Nam huyện Đông Lâm tổ chức Đại hội Đảng bộ lần thứ IX.\n\n"
    "Nhiệm kỳ mới đặt mục tiêu xây dựng nông thôn mới nâng cao."
)


def test_doctests() -> None:
    assert doctest.testmod(search_module).failed == 0


def test_matches_are_marked_whatever_the_spelling_of_the_query() -> None:
    for query in ("dai hoi dang", "ĐẠI HỘI ĐẢNG", unicodedata.normalize("NFD", "Đại hội Đảng")):
        assert "【Đại】 【hội】 【Đảng】" in snippet(TEXT, query, words=8)


def test_decomposed_text_is_marked_word_by_word() -> None:
    nfd = unicodedata.normalize("NFD", TEXT)
    marked = snippet(nfd, "nong thon", words=6)
    assert marked == unicodedata.normalize("NFD", "…xây dựng 【nông】 【thôn】 mới nâng…")


def test_window_is_centred_on_the_densest_matches_and_trimmed() -> None:
    text = " ".join(["lời"] * 50 + ["Đại", "hội", "Đảng"] + ["khác"] * 50)
    cut = snippet(text, "dai hoi dang", words=7)
    assert cut == "…lời lời 【Đại】 【hội】 【Đảng】 khác khác…"


def test_no_match_gives_the_opening_words_and_none_stays_none() -> None:
    assert snippet(TEXT, "khong co", words=4) == "Sáng 15/10, Ủy…"  # 15/10 is two words
    assert snippet(None, "x") is None
    assert snippet("Ngắn.", "ngan") == "【Ngắn】."


def test_highlight_escapes_everything_else() -> None:
    html = str(highlighted("<script>x</script> 【Đảng】 <b>"))
    assert html == "&lt;script&gt;x&lt;/script&gt; <mark>Đảng</mark> &lt;b&gt;"
    assert highlighted("no markers <script>") is None
