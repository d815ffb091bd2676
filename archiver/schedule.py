"""Recurring crawls: a systemd service and timer, or a crontab line, that never let two runs overlap.

Both wrap `archiver crawl` in `flock -n` on a lock file per site: a run still going when
the next one is due makes the new one exit at once (status 75, "try later") instead of
crawling the same site twice. systemd stops a run with SIGINT, on which Scrapy finishes
in-flight requests and commits the last batch, and waits longer than one request with all
its retries can take before it kills.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

UNITS = {"m": 60, "h": 3600, "d": 86400}
_EVERY = re.compile(r"^\s*(\d+)\s*([mhd])\s*$")
# flock's exit status when the lock is taken: EX_TEMPFAIL, so a skipped run is not a failed one.
LOCKED_EXIT = 75
# Seconds added to the longest request (timeout × attempts) before systemd may SIGKILL a stopping crawl.
STOP_MARGIN = 60
# Longest random delay added to each start, so many sites scheduled alike do not start at once.
MAX_RANDOM_DELAY = 900


def parse_every(text: str) -> int:
    """`30m`, `6h`, `1d` → seconds; anything else is a clear error."""
    match = _EVERY.match(text)
    if not match:
        raise ValueError(f"cannot read interval {text!r}: use a whole number and m, h or d, like 30m, 6h or 1d")
    seconds = int(match.group(1)) * UNITS[match.group(2)]
    if seconds < 5 * 60:
        raise ValueError(f"interval {text!r} is shorter than 5 minutes: too often for a polite crawl")
    return seconds


def on_calendar(seconds: int) -> str | None:
    """A systemd calendar expression firing every `seconds` at fixed times of day, when there is one."""
    if seconds == 86400:
        return "*-*-* 00:00:00"
    if seconds % 3600 == 0 and 24 % (hours := seconds // 3600) == 0:
        return "*-*-* *:00:00" if hours == 1 else f"*-*-* 00/{hours}:00:00"
    if seconds < 3600 and seconds % 60 == 0 and 60 % (minutes := seconds // 60) == 0:
        return f"*-*-* *:00/{minutes}:00"
    return None


def cron_schedule(seconds: int) -> str:
    """The five cron fields for `seconds`; cron cannot repeat evenly on other intervals."""
    if seconds == 86400:
        return "0 0 * * *"
    if seconds % 3600 == 0 and 24 % (hours := seconds // 3600) == 0:
        return f"0 */{hours} * * *" if hours > 1 else "0 * * * *"
    if seconds < 3600 and seconds % 60 == 0 and 60 % (minutes := seconds // 60) == 0:
        return f"*/{minutes} * * * *"
    raise ValueError(
        "cron cannot run evenly at that interval: use a divisor of an hour (5m…30m), "
        "of a day (1h, 2h, 3h, 4h, 6h, 8h, 12h) or 1d — or the systemd timer, which can"
    )


def stop_timeout(settings: Mapping[str, Any]) -> int:
    """Seconds systemd waits for a stopping crawl: one request with every retry, plus a margin."""
    timeout = float(settings.get("DOWNLOAD_TIMEOUT", 180))
    attempts = int(settings.get("RETRY_TIMES", 2)) + 1
    return int(timeout * attempts) + STOP_MARGIN


@dataclass(frozen=True)
class Schedule:
    """Everything the generated files need; paths are absolute because systemd and cron have no cwd of ours."""

    site: str
    every: int  # seconds
    archiver: Path  # the venv's `archiver` executable
    workdir: Path
    db_path: Path
    flock: Path
    stop_timeout: int
    base_url: str | None = None

    @property
    def unit_name(self) -> str:
        return f"vn-archive-{self.site}"

    @property
    def lock_path(self) -> Path:
        return self.db_path.parent / f".{self.unit_name}.lock"

    @property
    def log_path(self) -> Path:
        return self.db_path.parent / f"{self.unit_name}.log"

    def command(self) -> list[str]:
        crawl = [str(self.archiver), "crawl", "--site", self.site, "--db", str(self.db_path)]
        if self.base_url:
            crawl += ["--base-url", self.base_url]
        return [str(self.flock), "-n", "-E", str(LOCKED_EXIT), str(self.lock_path), *crawl]


def _systemd_quote(word: str) -> str:
    """Quote one ExecStart word; `%` starts a systemd specifier, so it is doubled."""
    word = word.replace("%", "%%")
    if re.fullmatch(r"[\w@%+=:,./-]+", word):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def service_unit(schedule: Schedule) -> str:
    command = " ".join(_systemd_quote(word) for word in schedule.command())
    return f"""[Unit]
Description=vn-archive: crawl site {schedule.site}

[Service]
Type=oneshot
WorkingDirectory={_systemd_quote(str(schedule.workdir))}
# flock -n: if the previous run still holds the lock this one exits {LOCKED_EXIT} at once (not a failure).
ExecStart={command}
SuccessExitStatus={LOCKED_EXIT}
# Exit 3 means a field's coverage fell below ARCHIVER_MIN_COVERAGE (site redesign?): the unit fails visibly.
# SIGINT lets Scrapy finish in-flight requests and commit; SIGKILL only after one request with all retries.
KillSignal=SIGINT
TimeoutStopSec={schedule.stop_timeout}
Nice=10
"""


def timer_unit(schedule: Schedule) -> str:
    calendar = on_calendar(schedule.every)
    if calendar is not None:
        # Persistent: a run missed while the machine was off starts at the next boot.
        when = f"OnCalendar={calendar}\nPersistent=true"
    else:
        # No calendar expression repeats evenly at this interval: count from the last run instead.
        when = f"OnBootSec=5min\nOnUnitActiveSec={schedule.every}s"
    delay = min(schedule.every // 10, MAX_RANDOM_DELAY)
    return f"""[Unit]
Description=vn-archive: crawl site {schedule.site} every {schedule.every}s

[Timer]
{when}
RandomizedDelaySec={delay}s
Unit={schedule.unit_name}.service

[Install]
WantedBy=timers.target
"""


def cron_line(schedule: Schedule) -> str:
    """One crontab line; `%` means newline to cron, so it is escaped."""
    command = " ".join(shlex.quote(word) for word in schedule.command())
    line = (
        f"{cron_schedule(schedule.every)} cd {shlex.quote(str(schedule.workdir))} && {command} "
        f">> {shlex.quote(str(schedule.log_path))} 2>&1"
    )
    return line.replace("%", "\\%")


def write_units(schedule: Schedule, out: Path) -> list[Path]:
    """Write the service and timer into `out`; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, text in ((".service", service_unit(schedule)), (".timer", timer_unit(schedule))):
        path = out / f"{schedule.unit_name}{suffix}"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
