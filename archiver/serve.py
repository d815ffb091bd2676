"""Start Datasette on the archive with the project's metadata, plugins and public-serving settings."""

from __future__ import annotations

import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

DATASETTE_DIR = Path(__file__).parent / "datasette"
METADATA_TEMPLATE = DATASETTE_DIR / "metadata.yaml"
PLUGINS_DIR = DATASETTE_DIR / "plugins"
TEMPLATES_DIR = DATASETTE_DIR / "templates"
# The database name metadata.yaml is written for; replaced by the served file's name.
TEMPLATE_DATABASE = "archive"

# Suited to serving the archive publicly. Datasette never writes to it (it opens the file
# read-only and has no write queries here); the file is opened mutable, never --immutable,
# because crawls may be writing to it.
DATASETTE_SETTINGS: dict[str, object] = {
    # every query, including a visitor's own SQL, is stopped after 3 s
    "sql_time_limit_ms": 3000,
    # rows per JSON/HTML page and per query result; table CSVs stream past it in pages
    "max_returned_rows": 1000,
    # a facet that cannot be counted in time is reported as timed out, the page still renders
    "facet_time_limit_ms": 400,
    # suggested facets try every column (555 ms on 100k articles): off; facets stay one click away
    "suggest_facets": "off",
    # HTML cells show the start of long texts (bodies, raw HTML); JSON and CSV keep them whole
    "truncate_cells_html": 400,
    # SQLite page cache per connection (KiB); the hot part of the indexes stays in memory
    "cache_size_kb": 65536,
    # a streamed CSV stops after this many MB and then fails visibly (csv_guard): bulk exports
    # belong to `archiver export`
    "max_csv_mb": 1024,
    # the archive file is not offered for download: it may be mid-write and is large
    "allow_download": "off",
}


def metadata_for(db_path: Path) -> dict[str, Any]:
    """The metadata template, keyed to the database name Datasette derives from the file name."""
    metadata = yaml.safe_load(METADATA_TEMPLATE.read_text(encoding="utf-8"))
    name = db_path.stem
    metadata["databases"] = {name: metadata["databases"][TEMPLATE_DATABASE]}
    for dashboard in metadata.get("plugins", {}).get("datasette-dashboards", {}).values():
        for part in (*dashboard.get("charts", {}).values(), *dashboard.get("filters", {}).values()):
            if part.get("db") == TEMPLATE_DATABASE:
                part["db"] = name
    return metadata


def datasette_command(
    db_path: Path, metadata_path: Path, host: str, port: int, settings: Mapping[str, object] | None = None
) -> list[str]:
    """The `datasette serve` command line; `settings` override DATASETTE_SETTINGS."""
    command = [sys.executable, "-m", "datasette", "serve", str(db_path), "--metadata", str(metadata_path)]
    command += ["--host", host, "--port", str(port), "--plugins-dir", str(PLUGINS_DIR)]
    if TEMPLATES_DIR.is_dir():
        command += ["--template-dir", str(TEMPLATES_DIR)]
    for name, value in {**DATASETTE_SETTINGS, **(settings or {})}.items():
        command += ["--setting", name, str(value)]
    return command


def write_metadata(db_path: Path, folder: Path) -> Path:
    """Write the metadata for `db_path` into `folder`; returns its path."""
    metadata_path = folder / "metadata.yaml"
    text = yaml.safe_dump(metadata_for(db_path), allow_unicode=True, sort_keys=False)
    metadata_path.write_text(text, encoding="utf-8")
    return metadata_path


def serve(
    db_path: Path, port: int = 8001, host: str = "127.0.0.1", settings: Mapping[str, object] | None = None
) -> int:
    """Run Datasette in the foreground until it exits (Ctrl-C); returns its exit status.

    SIGTERM sent to this process stops Datasette too, so a supervisor (or a test) that
    terminates `archiver serve` leaves no server behind.
    """
    with tempfile.TemporaryDirectory(prefix="vn-archive-") as tmp:
        metadata_path = write_metadata(db_path, Path(tmp))
        datasette = subprocess.Popen(datasette_command(db_path, metadata_path, host, port, settings))
        stopped: list[int] = []

        def stop(signum: int, _frame: object) -> None:
            stopped.append(signum)
            datasette.terminate()

        previous = signal.signal(signal.SIGTERM, stop)
        try:
            status = datasette.wait()
            return 0 if stopped else status  # stopped on request is a clean exit
        except KeyboardInterrupt:  # Ctrl-C reached Datasette too (same process group)
            datasette.wait()
            return 0
        finally:
            signal.signal(signal.SIGTERM, previous)
            if datasette.poll() is None:
                datasette.terminate()
                datasette.wait()
