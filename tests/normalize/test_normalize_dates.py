"""The contract of `parse_date` and `ParsedDate` (what the pipelines rely on)."""

from __future__ import annotations

import dataclasses
import doctest
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

import archiver.normalize.dates as dates_module
from archiver.normalize.dates import ParsedDate, parse_date

VN = timezone(timedelta(hours=7))
META_LINE = "Người đăng: Quản trị Ngày đăng: 21:50 | 17/09 Lượt xem: 639"


def test_doctests() -> None:
    assert doctest.testmod(dates_module).failed == 0


def test_parsed_date_is_a_frozen_dataclass_with_the_agreed_fields() -> None:
    parsed = parse_date("17/09/2023 21:50")
    assert parsed is not None
    assert dataclasses.is_dataclass(parsed)
    names = {field.name for field in dataclasses.fields(ParsedDate)}
    assert {"iso", "precision", "year_inferred", "relative", "year", "month", "day", "hour", "minute",
            "second", "tz_offset_minutes"} <= names
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.iso = "x"  # type: ignore[misc]
    expected = ParsedDate("2023-09-17T21:50:00+07:00", "minute", False, False, 2023, 9, 17, 21, 50, None, 420)
    assert parsed == expected
    assert hash(parsed) == hash(parse_date("17/09/2023 21:50"))
    assert dataclasses.replace(parsed, minute=51).minute == 51


def test_meta_line_yearless_without_reference() -> None:
    parsed = parse_date(META_LINE)
    assert parsed is not None
    assert parsed.iso == "--09-17T21:50:00+07:00"
    assert parsed.precision == "month_day"
    parts = (parsed.year, parsed.month, parsed.day, parsed.hour, parsed.minute, parsed.second)
    assert parts == (None, 9, 17, 21, 50, None)
    assert parsed.year_inferred is False and parsed.relative is False
    assert parsed.to_datetime() is None


def test_yearless_takes_the_latest_year_not_after_the_reference() -> None:
    parsed = parse_date("21:50 | 17/09", reference=datetime(2023, 9, 17, 23, 59, tzinfo=VN))
    assert parsed is not None
    assert parsed.iso == "2023-09-17T21:50:00+07:00"
    assert parsed.year_inferred is True and parsed.precision == "minute"
    assert parsed.to_datetime() == datetime(2023, 9, 17, 21, 50, tzinfo=VN)
    earlier = parse_date("21:50 | 17/09", reference=datetime(2023, 9, 17, 21, 49, tzinfo=VN))
    assert earlier is not None and earlier.iso == "2022-09-17T21:50:00+07:00"


def test_reference_in_another_zone_or_naive() -> None:
    utc = parse_date("21:50 | 17/09", reference=datetime(2023, 9, 17, 14, 55, tzinfo=UTC))
    naive = parse_date("21:50 | 17/09", reference=datetime(2023, 9, 17, 21, 55))
    assert utc is not None and naive is not None
    assert utc.iso == naive.iso == "2023-09-17T21:50:00+07:00"


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        (datetime(2023, 9, 17, tzinfo=VN), "2020-02-29"),
        (datetime(2024, 3, 1, tzinfo=VN), "2024-02-29"),
        (datetime(2024, 2, 28, tzinfo=VN), "2020-02-29"),
        (datetime(1901, 3, 1, tzinfo=VN), "1896-02-29"),
        (datetime(2100, 12, 31, tzinfo=VN), "2096-02-29"),
    ],
)
def test_february_29_without_year_picks_a_leap_year(reference: datetime, expected: str) -> None:
    parsed = parse_date("29/02", reference=reference)
    assert parsed is not None and parsed.iso == expected and parsed.year_inferred


@pytest.mark.parametrize("reference", [datetime.min, datetime.max, datetime(1, 1, 1, tzinfo=UTC),
                                       datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-12)))])
@pytest.mark.parametrize("raw", ["29/02", "21:50 | 17/09", "5 phút trước", "hôm qua lúc 10:30", "31/12", "01/01"])
def test_extreme_references_never_crash(reference: datetime, raw: str) -> None:
    parsed = parse_date(raw, reference=reference)
    assert parsed is None or isinstance(parsed.iso, str)


def test_full_dates_ignore_the_reference() -> None:
    reference = datetime(2020, 1, 1, tzinfo=VN)
    parsed = parse_date("17/09/2023", reference=reference)
    assert parsed is not None and parsed.iso == "2023-09-17" and not parsed.year_inferred


def test_relative_dates_resolve_against_the_reference_and_say_so() -> None:
    reference = datetime(2023, 9, 17, 23, 59, tzinfo=VN)
    minutes = parse_date("5 phút trước", reference=reference)
    assert minutes is not None and minutes.relative and minutes.iso == "2023-09-17T23:54:00+07:00"
    yesterday = parse_date("hôm qua", reference=reference)
    assert yesterday is not None and yesterday.iso == "2023-09-16" and yesterday.precision == "day"


def test_relative_dates_without_reference_are_durations() -> None:
    parsed = parse_date("2 giờ trước")
    assert parsed is not None
    assert parsed.relative and parsed.iso == "-PT2H" and parsed.precision == "hour"
    assert parsed.year is None and parsed.month is None and parsed.to_datetime() is None


def test_explicit_offsets_are_honoured() -> None:
    parsed = parse_date("17/09/2023 14:50 (UTC)")
    assert parsed is not None
    assert parsed.iso == "2023-09-17T14:50:00+00:00" and parsed.tz_offset_minutes == 0
    assert parsed.to_datetime() == datetime(2023, 9, 17, 21, 50, tzinfo=VN)
    iso = parse_date("2023-09-17T21:50:05+07:00")
    assert iso is not None and iso.to_datetime() == datetime.fromisoformat("2023-09-17T21:50:05+07:00")


@pytest.mark.parametrize(
    ("raw", "precision"),
    [("17/09/2023 21:50:05", "second"), ("17/09/2023 21:50", "minute"), ("22h 17/09/2023", "hour"),
     ("17/09/2023", "day"), ("17/09", "month_day")],
)
def test_precision(raw: str, precision: str) -> None:
    parsed = parse_date(raw)
    assert parsed is not None and parsed.precision == precision


def test_never_a_wrong_date_for_counts_decimals_phones_and_lunar_dates() -> None:
    for raw in ("812 từ", "Lượt xem: 639", "0905 123 456", "3.5", "15/8 âm lịch", "", "   "):
        assert parse_date(raw) is None


def test_result_does_not_depend_on_today() -> None:
    """Pure: the same raw value and reference give the same result whenever it runs."""
    reference = datetime(2023, 9, 17, 23, 59, tzinfo=VN)
    first = [parse_date(raw, reference=reference) for raw in (META_LINE, "CM 01.12.23", "05/03/19", "17/09")]
    second = [parse_date(raw, reference=reference) for raw in (META_LINE, "CM 01.12.23", "05/03/19", "17/09")]
    assert first == second
    no_reference = parse_date("05/03/19")
    assert no_reference is not None and no_reference.iso == "2019-03-05"


def test_to_datetime_of_a_date_is_midnight_in_vietnam() -> None:
    parsed = parse_date("ngày 17 tháng 9 năm 2023")
    assert parsed is not None
    moment = parsed.to_datetime()
    assert moment == datetime(2023, 9, 17, tzinfo=VN) and moment.date() == date(2023, 9, 17)


def test_video_title_and_slug() -> None:
    title = parse_date("CM 01.12.23")
    slug = parse_date("thoi-su-18h30-15082022")
    assert title is not None and title.iso == "2023-12-01"
    assert slug is not None and slug.iso == "2022-08-15T18:30:00+07:00"


def test_digits_of_other_scripts_are_not_read() -> None:
    assert parse_date("١٧/٠٩/٢٠٢٣") is None
    assert parse_date("１７/０９/２０２３ ２１:５０") is None


def test_non_string_input_is_none() -> None:
    assert parse_date(None) is None  # type: ignore[arg-type]
