"""Property tests: any string → no exception and a well-formed result; round trips hold."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from archiver.normalize.authors import Byline, parse_byline
from archiver.normalize.counts import parse_count
from archiver.normalize.dates import ParsedDate, parse_date
from archiver.normalize.text import REPAIR_ENCODINGS, clean, fold, repair

VN = timezone(timedelta(hours=7))
PRECISIONS = {"second", "minute", "hour", "day", "month_day"}
ROLES = {"author", "poster", "source", "photo", "compiler"}
ISO_RE = re.compile(r"(?:\d{4}|-)-(\d\d)-(\d\d)(?:T(\d\d):(\d\d):(\d\d)([+-]\d\d:\d\d))?")
DURATION_RE = re.compile(r"-?P(?:\d+D|T\d+[HMS])")

# Pieces of near-dates: real tokens in adversarial orders find more than random Unicode does.
TOKENS = [
    "17", "09", "2023", "23", "1", "29", "02", "31", "12", "00", "99", "0905", "639", "1.208", "2,5",
    "/", "-", ".", ":", "|", ",", " ", "  ", "(", ")", "[", "]", "+", "h", "g", "'",
    "ngày", "tháng", "năm", "Tháng Chín", "giờ", "phút", "giây", "trước", "hôm qua", "hôm nay", "lúc",
    "Thứ hai", "Thứ 2", "T7", "CN", "Chủ nhật", "sáng", "chiều", "tối", "đêm", "trưa", "PM", "AM", "SA", "CH",
    "GMT+7", "(GMT+07:00)", "UTC", "Z", "T", "âm lịch", "(AL)", "Giêng", "Chạp", "Quý Mão", "rằm",
    "Ngày đăng:", "Cập nhật:", "Lượt xem:", "Người đăng:", "Quản trị", "Tác giả:", "NH", "từ",
    "Sep", "September", "thg", "cách đây", "vừa xong", "ago", "days", "k", "K", "triệu", "nghìn", "hơn",
    "Theo", "Nguồn:", "Ảnh:", "T/h", "Báo Bình Định", "(", "MINH ĐỨC", "Thu Hương", "và", "–", "\u200b",
    "\u00a0", "\u0301", "ViÖt", "Vieät", "Ã", "Ä‘", "١٧", "٠٩", "１７", "２０２３",
]
near_text = st.lists(st.sampled_from(TOKENS), max_size=14).map("".join)
any_text = st.one_of(st.text(max_size=80), near_text)
references = st.one_of(
    st.none(),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
    st.datetimes(
        min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1),
        timezones=st.sampled_from([VN, UTC, timezone(timedelta(hours=-11)), timezone(timedelta(hours=14))]),
    ),
)
FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_well_formed(parsed: ParsedDate) -> None:
    assert isinstance(parsed, ParsedDate)
    assert parsed.precision in PRECISIONS
    if parsed.relative and parsed.year is None:
        assert DURATION_RE.fullmatch(parsed.iso), parsed
        return
    match = ISO_RE.fullmatch(parsed.iso)
    assert match, parsed
    assert parsed.month is not None and parsed.day is not None
    assert (int(match.group(1)), int(match.group(2))) == (parsed.month, parsed.day)
    assert (parsed.year is None) == parsed.iso.startswith("--") == (parsed.precision == "month_day")
    assert (match.group(3) is None) == (parsed.hour is None)
    if parsed.hour is not None:
        assert 0 <= parsed.hour <= 23
        assert parsed.minute is None or 0 <= parsed.minute <= 59
        assert parsed.second is None or 0 <= parsed.second <= 59
    if parsed.year is None:
        assert parsed.day <= (29 if parsed.month == 2 else 31)
        return
    moment = parsed.to_datetime()
    assert moment is not None and moment.tzinfo is not None
    assert moment.date() == date(parsed.year, parsed.month, parsed.day)
    if parsed.hour is None:
        assert parsed.precision == "day"
        assert date.fromisoformat(parsed.iso) == moment.date()
    else:
        assert datetime.fromisoformat(parsed.iso) == moment


@FAST
@given(any_text, references)
def test_parse_date_never_raises_and_is_well_formed(raw: str, reference: datetime | None) -> None:
    parsed = parse_date(raw, reference=reference)
    if parsed is not None:
        assert_well_formed(parsed)


@FAST
@given(near_text, st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)))
def test_inferred_years_are_never_after_the_reference(raw: str, reference: datetime) -> None:
    parsed = parse_date(raw, reference=reference)
    if parsed is None or not parsed.year_inferred:
        return
    moment = parsed.to_datetime()
    assert moment is not None
    local_reference = reference.replace(tzinfo=VN)
    if parsed.hour is None:
        assert moment.date() <= local_reference.astimezone(moment.tzinfo).date()
    else:
        assert moment <= local_reference


DATE_FORMATS = [
    "{d}/{m}/{Y}", "{d:02}/{m:02}/{Y}", "{d:02}-{m:02}-{Y}", "{d:02}.{m:02}.{Y}", "{Y}-{m:02}-{d:02}",
    "ngày {d} tháng {m} năm {Y}", "Thứ hai, {d}/{m}/{Y}", "Ngày đăng: {d:02}/{m:02}/{Y}",
    "Bản tin ngày {d}/{m}/{Y}", "CM {d:02}.{m:02}.{y:02}", "/video/thoi-su-{d:02}{m:02}{Y}.html",
]
TIMED_FORMATS = [
    "{d:02}/{m:02}/{Y} {H:02}:{M:02}", "{H:02}:{M:02} | {d:02}/{m:02}/{Y}", "{d}/{m}/{Y} - {H}h{M:02}",
    "Người đăng: Quản trị Ngày đăng: {H:02}:{M:02} | {d:02}/{m:02}/{Y} Lượt xem: 639",
    "{Y}-{m:02}-{d:02}T{H:02}:{M:02}:00+07:00", "lúc {H}:{M:02} ngày {d} tháng {m} năm {Y}",
    "Cập nhật: {d:02}/{m:02}/{Y} {H:02}:{M:02} (GMT+7)", "{H}g{M:02} ngày {d}/{m}/{Y}",
]


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2069, 12, 31)), st.sampled_from(DATE_FORMATS))
def test_printed_dates_parse_back(day: date, template: str) -> None:
    raw = template.format(d=day.day, m=day.month, Y=day.year, y=day.year % 100)
    parsed = parse_date(raw)
    assert parsed is not None, raw
    assert parsed.iso == day.isoformat(), raw


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2069, 12, 31)),
    st.sampled_from(TIMED_FORMATS),
)
def test_printed_times_parse_back(moment: datetime, template: str) -> None:
    raw = template.format(d=moment.day, m=moment.month, Y=moment.year, H=moment.hour, M=moment.minute)
    parsed = parse_date(raw)
    assert parsed is not None, raw
    assert parsed.to_datetime() == moment.replace(second=0, microsecond=0, tzinfo=VN), raw


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2099, 12, 31)),
    st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2099, 12, 31)),
)
def test_yearless_meta_line_takes_a_year_within_one_of_the_reference(moment: datetime, reference: datetime) -> None:
    assume(not (moment.month == 2 and moment.day == 29))
    raw = f"Ngày đăng: {moment.hour:02}:{moment.minute:02} | {moment.day:02}/{moment.month:02}"
    parsed = parse_date(raw, reference=reference)
    assert parsed is not None and parsed.year_inferred and parsed.year is not None
    assert parsed.year in (reference.year, reference.year - 1)
    printed = (moment.month, moment.day, moment.hour, moment.minute)
    assert (parsed.month, parsed.day, parsed.hour, parsed.minute) == printed


@FAST
@given(any_text)
def test_parse_byline_never_raises_and_is_well_formed(raw: str) -> None:
    byline = parse_byline(raw)
    assert isinstance(byline, Byline)
    assert isinstance(byline.names, list)
    assert byline.role is None or byline.role in ROLES
    assert byline.outlet is None or (byline.outlet and byline.outlet == byline.outlet.strip())
    for name in byline.names:
        assert name and name == name.strip() and "  " not in name
        assert unicodedata.is_normalized("NFC", name)
    if byline.names or byline.outlet:
        assert byline.role is not None


@FAST
@given(any_text)
def test_parse_count_never_raises(raw: str) -> None:
    value = parse_count(raw)
    assert value is None or (isinstance(value, int) and value >= 0)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["Lượt xem: {}", "{} lượt xem", "Đã xem: {}", "{}"]))
def test_printed_counts_parse_back(number: int, template: str) -> None:
    dotted = f"{number:,}".replace(",", ".")
    assert parse_count(template.format(dotted)) == number
    assert parse_count(template.format(number)) == number


@FAST
@given(any_text)
def test_fold_is_idempotent_lower_and_free_of_marks(raw: str) -> None:
    folded = fold(raw)
    assert fold(folded) == folded
    assert "đ" not in folded and "Đ" not in folded
    assert not any("\u0300" <= char <= "\u036f" for char in folded)


@FAST
@given(any_text)
def test_clean_is_idempotent_and_normalised(raw: str) -> None:
    cleaned = clean(raw)
    assert clean(cleaned) == cleaned
    assert cleaned == cleaned.strip() and "  " not in cleaned
    assert unicodedata.is_normalized("NFC", cleaned)
    assert "\u200b" not in cleaned and "\ufeff" not in cleaned


@FAST
@given(any_text)
def test_repair_never_raises_and_returns_nfc(raw: str) -> None:
    repaired, encoding = repair(raw)
    assert encoding is None or encoding in REPAIR_ENCODINGS
    assert unicodedata.is_normalized("NFC", repaired)
    if encoding is None:
        assert repaired == unicodedata.normalize("NFC", raw)


VIETNAMESE_WORDS = (
    "Việt Nam Đảng Cộng sản Người đăng Quản trị Ủy ban nhân dân tỉnh Bình Định Hội nghị sơ kết "
    "thực hiện Chương trình nông thôn mới Mặt trận Tổ quốc đoàn kết toàn dân tộc được tổ chức tại "
    "huyện xã phường Lượt xem ngày tháng năm Tác giả Nguyễn Thị Hoa Trường Sa Hoàng Sa kỷ niệm"
).split()


def _as_cp1252(raw: bytes) -> str:
    """What a browser shows for bytes it reads as windows-1252 (undefined bytes kept as C1)."""
    return "".join(bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in raw)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(VIETNAMESE_WORDS), min_size=2, max_size=12).map(" ".join))
def test_utf8_read_as_cp1252_is_repaired(sentence: str) -> None:
    assume(not sentence.isascii())
    assert repair(_as_cp1252(sentence.encode("utf-8"))) == (sentence, "utf-8")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(VIETNAMESE_WORDS), min_size=2, max_size=12).map(" ".join))
def test_windows_1258_read_as_cp1252_is_repaired(sentence: str) -> None:
    assume(not sentence.isascii())
    tones = "\u0300\u0301\u0303\u0309\u0323"
    pieces = []
    for char in sentence:
        decomposed = unicodedata.normalize("NFD", char)
        tone = "".join(mark for mark in decomposed if mark in tones)
        base = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in tones))
        pieces.append(base + tone)
    raw = "".join(pieces).encode("cp1258")
    shown = _as_cp1252(raw)
    if any(byte in raw for byte in b"\xcc\xec\xd2\xde\xf2\xd0\xf0"):
        # A combining tone or đ leaves a trace (`Viêòt`, `ðýõÌc`): it must be repaired.
        assert repair(shown) == (sentence, "windows-1258")
    else:
        # Only ă ơ ư (read as ã õ ý): `năm` → `nãm` is plausible text, not provably mojibake.
        assert repair(shown) in ((sentence, "windows-1258"), (unicodedata.normalize("NFC", shown), None))
    decoded = raw.decode("cp1258")  # decoded right, but left decomposed
    if any(mark in decoded for mark in tones):
        assert repair(decoded) == (sentence, "windows-1258")
