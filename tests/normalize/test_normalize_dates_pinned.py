"""Pinned behaviour of `parse_date`, and the equivalences its speed relies on.

`cases/dates_pinned.jsonl` holds 500 strings assembled from real date pieces (labels, weekdays,
times, joins, numeric and long dates, lunar markers, counts, relative words, in varied case),
each with or without a capture time, and exactly what `parse_date` returned for them before it
was made fast (issue 6): making it faster must not change a single result. These are pins, not
an evaluation set: some strings are nonsense and their pinned answer is only what the code did.
When a change of behaviour is intended, review the differences, then re-record the pins:

    .venv/bin/python tests/normalize/test_normalize_dates_pinned.py --record
"""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import archiver.normalize.dates as dates_module
from archiver.normalize._vietnamese import vi
from archiver.normalize.dates import ParsedDate, parse_date

PINNED = Path(__file__).parent / "cases" / "dates_pinned.jsonl"
FIELDS = [field.name for field in dataclasses.fields(ParsedDate)]


def _load() -> list[dict[str, Any]]:
    with PINNED.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def _result(raw: str, reference: str | None) -> dict[str, Any] | None:
    parsed = parse_date(raw, reference=datetime.fromisoformat(reference) if reference else None)
    return None if parsed is None else {name: getattr(parsed, name) for name in FIELDS}


PINS = _load()


def test_the_pins_cover_dates_and_non_dates() -> None:
    assert len(PINS) == 500
    assert sum(pin["expected"] is None for pin in PINS) == 140
    assert sum(pin["reference"] is not None for pin in PINS) > 150


@pytest.mark.parametrize("pin", PINS, ids=range(len(PINS)))
def test_parse_date_gives_the_pinned_result(pin: dict[str, Any]) -> None:
    assert _result(pin["raw"], pin["reference"]) == pin["expected"]


def test_results_are_genuine_parsed_dates() -> None:
    """`parse_date` builds its results without the dataclass `__init__`: they must not differ."""
    for raw in ("17/09/2023 21:50", "21:50 | 17/09", "5 phút trước", "Tháng Chín 17, 2023", "hôm qua lúc 10:30"):
        parsed = parse_date(raw)
        assert parsed is not None
        assert type(parsed) is ParsedDate
        rebuilt = ParsedDate(**{name: getattr(parsed, name) for name in FIELDS})
        assert parsed == rebuilt and hash(parsed) == hash(rebuilt) and repr(parsed) == repr(rebuilt)
        assert vars(parsed) == vars(rebuilt) and list(vars(parsed)) == FIELDS
        assert pickle.loads(pickle.dumps(parsed)) == parsed
        assert copy.deepcopy(parsed) == parsed and copy.copy(parsed) == parsed
        assert dataclasses.asdict(parsed) == dataclasses.asdict(rebuilt)
        with pytest.raises(dataclasses.FrozenInstanceError):
            parsed.hour = 1  # type: ignore[misc]


# The join between a date and its time is written for speed (runs of punctuation taken whole,
# words tried only where one can start); it must match exactly what the plain form matches,
# whatever follows it (a date or a time starts with a digit, a time of day with a letter).
PLAIN_JOIN = (
    rf"(?:[\s,|;:\-\u2013\u2014/()\[\]_]|t(?=[0-9])|{vi('luc')}|{vi('vao')}|{vi('ngay')}"
    rf"|{dates_module._WEEKDAY})*"
)
AFTER_JOIN = r"(?P<after>[0-9]{1,2}(?:/[0-9]{1,2})?|" + dates_module._PERIOD + r"|\Z)"
JOIN_PIECES = [" ", "  ", ",", "|", " | ", "-", " - ", "–", "(", ")", "[", "/", "_", ":", "t", "T", "lúc", "luc",
               "vào", "ngày", "Ngày", "thứ 2", "thu 2", "Thứ Hai", "chủ nhật", "cn", "t2", "t7", "t8", "2", "17",
               "17/9", "sáng", "chiều", "x", "a", "đ"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(JOIN_PIECES), max_size=8).map("".join))
def test_the_fast_join_matches_what_the_plain_join_matches(text: str) -> None:
    text = text.lower()
    fast = re.compile(dates_module._JOIN + AFTER_JOIN)
    plain = re.compile(PLAIN_JOIN + AFTER_JOIN)
    for position in range(len(text) + 1):
        got, want = fast.match(text, position), plain.match(text, position)
        assert (got and (got.span(), got.group("after"))) == (want and (want.span(), want.group("after")))


def _record() -> None:
    """Re-record the pinned results with the current `parse_date` (after reviewing the changes)."""
    pins = _load()
    with PINNED.open("w", encoding="utf-8") as out:
        for pin in pins:
            pin["expected"] = _result(pin["raw"], pin["reference"])
            out.write(json.dumps(pin, ensure_ascii=False) + "\n")


if __name__ == "__main__" and sys.argv[1:] == ["--record"]:
    _record()
