"""Progress lines and the terminal line (pure formatting, and the extension on a fake terminal)."""

from __future__ import annotations

import io

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from archiver.progress import CLEAR_LINE, ProgressReporter, Snapshot, format_bar, format_line


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_line_gives_recent_and_overall_rates() -> None:
    before = Snapshot(elapsed=10.0, pages=100, items=80, queued=50, in_flight=2, errors=0)
    now = Snapshot(elapsed=20.0, pages=130, items=100, queued=40, in_flight=1, errors=3)
    line = format_line(now, before)
    assert line == (
        "progress: 130 pages (3.0/s now, 6.5/s overall), queued 40, in flight 1, items 100, errors 3"
    )


def test_line_at_time_zero_and_unknown_queue() -> None:
    zero = Snapshot(0.0, 0, 0, None, 0, 0)
    assert "0 pages (0.0/s now, 0.0/s overall), queued ?" in format_line(zero, zero)


def test_bar_spins_and_fits_the_terminal() -> None:
    now = Snapshot(elapsed=125.0, pages=250, items=200, queued=12, in_flight=0, errors=1)
    first, second = format_bar(now, 0, 200), format_bar(now, 1, 200)
    assert first.startswith("| 2:05  250 pages 2.0/s  queued 12  items 200  errors 1")
    assert second[0] != first[0]
    assert len(format_bar(now, 0, 20)) == 19
    assert format_bar(now, 0, 200, "videos").startswith("| videos 2:05  250 pages")


def test_bar_is_drawn_on_a_terminal_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = FakeTerminal()
    monkeypatch.setattr("sys.stderr", terminal)
    settings = {"ARCHIVER_PROGRESS_INTERVAL": 10, "ARCHIVER_PROGRESS_BAR": True}
    reporter = ProgressReporter.from_crawler(get_crawler(settings_dict=settings))
    assert reporter.bar_stream is terminal
    reporter.draw_bar()
    reporter.draw_bar()
    drawn = terminal.getvalue()
    assert drawn.count(CLEAR_LINE) == 2 and "\n" not in drawn
    assert "0 pages" in drawn and "queued ?" in drawn


def test_no_bar_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stderr", io.StringIO())
    settings = {"ARCHIVER_PROGRESS_INTERVAL": 10, "ARCHIVER_PROGRESS_BAR": True}
    reporter = ProgressReporter.from_crawler(get_crawler(settings_dict=settings))
    assert reporter.bar_stream is None


def test_bar_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stderr", FakeTerminal())
    settings = {"ARCHIVER_PROGRESS_INTERVAL": 10, "ARCHIVER_PROGRESS_BAR": False}
    assert ProgressReporter.from_crawler(get_crawler(settings_dict=settings)).bar_stream is None


def test_interval_zero_turns_the_extension_off() -> None:
    with pytest.raises(NotConfigured):
        ProgressReporter.from_crawler(get_crawler(settings_dict={"ARCHIVER_PROGRESS_INTERVAL": 0}))
