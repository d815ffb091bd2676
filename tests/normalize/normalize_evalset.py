"""The normalisers' evaluation set: loading the case files and scoring a result against them.

The cases live in `cases/` as data (`dates.tsv`, `bylines.tsv`, `counts.tsv`, `text.jsonl`),
each with its expected value, written by hand from real Vietnamese portal strings. This
module is shared by the accuracy tests and by `bench/bench_normalize.py`; it only uses the
standard library so the benchmark can import it standalone.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

CASES_DIR = Path(__file__).parent / "cases"
VIETNAM_TZ = timezone(timedelta(hours=7))


@dataclass(frozen=True)
class DateCase:
    family: str
    raw: str
    reference: datetime | None
    iso: str | None
    precision: str | None
    inferred: bool
    relative: bool

    @property
    def negative(self) -> bool:
        return self.iso is None


@dataclass(frozen=True)
class BylineCase:
    family: str
    raw: str
    names: list[str]
    role: str | None
    outlet: str | None


@dataclass(frozen=True)
class CountCase:
    family: str
    raw: str
    expected: int | None

    @property
    def negative(self) -> bool:
        return self.expected is None


@dataclass(frozen=True)
class TextCase:
    op: str
    family: str
    input: str
    expected: str
    encoding: str | None

    @property
    def negative(self) -> bool:
        return self.family.endswith("negative")


def _rows(name: str) -> Iterator[dict[str, str]]:
    """Rows of a TSV case file; lines starting with `#` are comments."""
    with open(CASES_DIR / name, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        yield {key: (value or "") for key, value in row.items()}


def _none(value: str) -> str | None:
    return None if value in ("", "None") else value


def load_date_cases() -> list[DateCase]:
    cases = []
    for row in _rows("dates.tsv"):
        flags = {flag.strip() for flag in row["flags"].split(",") if flag.strip()}
        reference = datetime.fromisoformat(row["reference"]) if row["reference"] else None
        cases.append(DateCase(
            family=row["family"], raw=row["raw"], reference=reference, iso=_none(row["iso"]),
            precision=_none(row["precision"]), inferred="inferred" in flags, relative="relative" in flags,
        ))
    return cases


def load_byline_cases() -> list[BylineCase]:
    cases = []
    for row in _rows("bylines.tsv"):
        names = [name.strip() for name in row["names"].split("|") if name.strip()]
        cases.append(BylineCase(row["family"], row["raw"], names, _none(row["role"]), _none(row["outlet"])))
    return cases


def load_count_cases() -> list[CountCase]:
    return [
        CountCase(row["family"], row["raw"], None if row["expected"] == "None" else int(row["expected"]))
        for row in _rows("counts.tsv")
    ]


def load_text_cases() -> list[TextCase]:
    cases = []
    with open(CASES_DIR / "text.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                cases.append(TextCase(row["op"], row["family"], row["input"], row["expected"], row.get("encoding")))
    return cases


# ---------------------------------------------------------------- scoring

def date_ok(case: DateCase, parsed: Any) -> bool:
    """Whether a `ParsedDate` (or None) is the expected answer: iso, precision and flags."""
    if case.iso is None:
        return parsed is None
    return (
        parsed is not None
        and parsed.iso == case.iso
        and parsed.precision == case.precision
        and bool(parsed.year_inferred) == case.inferred
        and bool(parsed.relative) == case.relative
    )


def dateparser_ok(case: DateCase, value: datetime | None) -> bool:
    """Whether a datetime returned by dateparser means the expected date.

    Graded on the instant and the printed granularity only (dateparser has no notion of
    precision): a date-only answer must fall on the expected day; a timed answer must be
    the expected instant (a naive datetime is read as Vietnam time). A yearless expected
    value (`--09-17`) cannot be matched, since dateparser always invents a year. A relative
    expected value without a reference cannot be matched either.
    """
    if case.iso is None:
        return value is None
    if value is None or case.iso.startswith(("--", "-P", "P")):
        return False
    if len(case.iso) == 10:
        return value.date() == date.fromisoformat(case.iso)
    expected = datetime.fromisoformat(case.iso)
    actual = value if value.tzinfo is not None else value.replace(tzinfo=VIETNAM_TZ)
    if case.precision in ("minute", "hour"):
        actual = actual.replace(second=0, microsecond=0)
    return actual == expected


def dateparser_settings(case: DateCase) -> dict[str, Any]:
    """Settings that give dateparser the same capture time (naive, Vietnam time) as parse_date."""
    if case.reference is None:
        return {}
    reference = case.reference
    if reference.tzinfo is not None:
        reference = reference.astimezone(VIETNAM_TZ).replace(tzinfo=None)
    return {"RELATIVE_BASE": reference}


def byline_ok(case: BylineCase, byline: Any) -> bool:
    return list(byline.names) == case.names and byline.role == case.role and byline.outlet == case.outlet


def count_ok(case: CountCase, value: int | None) -> bool:
    return value == case.expected


def text_ok(case: TextCase, functions: dict[str, Callable[[str], Any]]) -> bool:
    result = functions[case.op](case.input)
    if case.op == "repair":
        return tuple(result) == (case.expected, case.encoding)
    return bool(result == case.expected)


@dataclass(frozen=True)
class Score:
    """Accuracy on one family of cases, with what went wrong."""

    total: int
    correct: int
    failures: tuple[str, ...]

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0
