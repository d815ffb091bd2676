"""`archiver schedule`: interval parsing, the generated systemd units and crontab line, and flock."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archiver.cli import main
from archiver.schedule import (
    LOCKED_EXIT,
    Schedule,
    cron_line,
    cron_schedule,
    on_calendar,
    parse_every,
    service_unit,
    stop_timeout,
    timer_unit,
)


@pytest.mark.parametrize(("text", "seconds"), [("30m", 1800), ("6h", 21600), ("1d", 86400), (" 7h ", 25200)])
def test_every_reads_minutes_hours_days(text: str, seconds: int) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize(
    ("text", "message"),
    [("6", "cannot read interval"), ("1.5h", "cannot read interval"), ("6 hours", "cannot read"), ("2m", "5 minutes")],
)
def test_bad_intervals_are_clear_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_every(text)


@pytest.mark.parametrize(
    ("seconds", "calendar", "cron"),
    [
        (1800, "*-*-* *:00/30:00", "*/30 * * * *"),
        (3600, "*-*-* *:00:00", "0 * * * *"),
        (21600, "*-*-* 00/6:00:00", "0 */6 * * *"),
        (86400, "*-*-* 00:00:00", "0 0 * * *"),
    ],
)
def test_even_intervals_have_calendar_and_cron_forms(seconds: int, calendar: str, cron: str) -> None:
    assert on_calendar(seconds) == calendar
    assert cron_schedule(seconds) == cron


@pytest.mark.parametrize("seconds", [7 * 3600, 2 * 86400, 45 * 60])
def test_uneven_intervals_fall_back_or_refuse(seconds: int) -> None:
    assert on_calendar(seconds) is None
    with pytest.raises(ValueError, match="cron cannot run evenly"):
        cron_schedule(seconds)


def test_stop_timeout_outlasts_a_request_with_all_its_retries() -> None:
    assert stop_timeout({"DOWNLOAD_TIMEOUT": 30, "RETRY_TIMES": 3}) > 30 * 4


def plan(tmp_path: Path, every: int = 21600, base_url: str | None = "http://127.0.0.1:8070") -> Schedule:
    return Schedule(
        site="demo",
        every=every,
        archiver=Path(sys.executable).parent / "archiver",
        workdir=tmp_path,
        db_path=tmp_path / "data" / "archive.db",
        flock=Path("/usr/bin/flock"),
        stop_timeout=180,
        base_url=base_url,
    )


def test_service_runs_the_crawl_under_flock_and_stops_gently(tmp_path: Path) -> None:
    text = service_unit(plan(tmp_path))
    lock = tmp_path / "data" / ".vn-archive-demo.lock"
    archiver = Path(sys.executable).parent / "archiver"
    assert f"ExecStart=/usr/bin/flock -n -E {LOCKED_EXIT} {lock} {archiver} crawl" in text
    assert f"--site demo --db {tmp_path / 'data' / 'archive.db'} --base-url http://127.0.0.1:8070\n" in text
    assert f"SuccessExitStatus={LOCKED_EXIT}\n" in text
    assert "KillSignal=SIGINT\n" in text and "TimeoutStopSec=180\n" in text
    assert f"WorkingDirectory={tmp_path}\n" in text and "Type=oneshot\n" in text


def test_percent_in_a_url_is_escaped_for_systemd_and_cron(tmp_path: Path) -> None:
    schedule = plan(tmp_path, base_url="http://127.0.0.1:8070/tin%20tuc")
    assert "--base-url http://127.0.0.1:8070/tin%%20tuc" in service_unit(schedule)
    assert "tin\\%20tuc" in cron_line(schedule)


def test_timer_uses_calendar_when_it_can(tmp_path: Path) -> None:
    text = timer_unit(plan(tmp_path))
    assert "OnCalendar=*-*-* 00/6:00:00\nPersistent=true\n" in text
    assert "RandomizedDelaySec=900s\n" in text and "Unit=vn-archive-demo.service\n" in text
    assert "WantedBy=timers.target" in text


def test_timer_counts_from_the_last_run_for_uneven_intervals(tmp_path: Path) -> None:
    text = timer_unit(plan(tmp_path, every=7 * 3600))
    assert "OnUnitActiveSec=25200s\n" in text and "OnCalendar" not in text
    assert "RandomizedDelaySec=900s" in text


def test_cron_line_changes_directory_locks_and_logs(tmp_path: Path) -> None:
    line = cron_line(plan(tmp_path, every=1800))
    assert line.startswith(f"*/30 * * * * cd {tmp_path} && /usr/bin/flock -n -E 75 ")
    assert line.endswith(f">> {tmp_path / 'data' / 'vn-archive-demo.log'} 2>&1")


def write_units(tmp_path: Path, out: Path) -> Result:
    """`archiver schedule` for the demo site every 6 hours, units written to `out`."""
    result = CliRunner().invoke(
        main, ["schedule", "--site", "demo", "--every", "6h", "--out", str(out), "--db", str(tmp_path / "a.db")]
    )
    assert result.exit_code == 0, result.output
    return result


def test_cli_writes_the_units(tmp_path: Path) -> None:
    out = tmp_path / "deploy"
    result = write_units(tmp_path, out)
    service = (out / "vn-archive-demo.service").read_text()
    assert "--site demo" in service and "--base-url" not in service
    assert "TimeoutStopSec=" in service and "systemctl --user enable --now vn-archive-demo.timer" in result.output
    assert (out / "vn-archive-demo.timer").exists()


def test_cli_cron_prints_a_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schedule", "--site", "demo", "--every", "1h", "--cron"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("0 * * * * cd ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--site", "demo", "--every", "6 hours"], "cannot read interval"),
        (["--site", "nosuchsite", "--every", "6h"], "no profile 'nosuchsite'"),
        (["--site", "demo", "--every", "7h", "--cron"], "cron cannot run evenly"),
    ],
)
def test_cli_rejects_bad_input_clearly(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["schedule", *args, "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert message in result.output
    assert not list(tmp_path.iterdir())


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    out = tmp_path / "units"
    write_units(tmp_path, out)
    check = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *(str(path) for path in sorted(out.iterdir()))],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.returncode == 0, check.stderr


@pytest.mark.skipif(shutil.which("flock") is None, reason="flock not installed")
def test_flock_n_refuses_a_second_run_while_the_first_holds_the_lock(tmp_path: Path) -> None:
    lock = tmp_path / ".lock"
    # Own session: the lock is held by `sleep` too (it inherits the descriptor), so both are stopped.
    first = subprocess.Popen(["flock", "-n", "-E", str(LOCKED_EXIT), str(lock), "sleep", "30"], start_new_session=True)
    try:
        deadline = time.monotonic() + 10
        while not lock.exists() and time.monotonic() < deadline:  # the first holds the lock once it exists
            time.sleep(0.05)
        time.sleep(0.2)
        second = subprocess.run(["flock", "-n", "-E", str(LOCKED_EXIT), str(lock), "true"], timeout=10)
        assert second.returncode == LOCKED_EXIT
    finally:
        os.killpg(first.pid, signal.SIGTERM)
        first.wait(timeout=10)
    # Freed once both are gone: a waiting flock (-w) gets it.
    after = subprocess.run(["flock", "-w", "10", "-E", str(LOCKED_EXIT), str(lock), "true"], timeout=20)
    assert after.returncode == 0
