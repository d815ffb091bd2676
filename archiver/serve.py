"""Start Datasette on the archive with the project's metadata and public-serving settings."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

METADATA_TEMPLATE = Path(__file__).parent / "datasette" / "metadata.yaml"

# Suited to serving the archive publicly: bounded queries and pages; the database file
# is opened mutable (never --immutable), because crawls may be writing to it.
DATASETTE_SETTINGS = {
    "sql_time_limit_ms": 3000,
    "max_returned_rows": 1000,
    "facet_time_limit_ms": 500,
    "allow_download": "off",
}


def metadata_for(db_path: Path) -> dict[str, Any]:
    """The metadata template, keyed to the database name Datasette derives from the file name."""
    metadata = yaml.safe_load(METADATA_TEMPLATE.read_text(encoding="utf-8"))
    metadata["databases"] = {db_path.stem: metadata["databases"]["archive"]}
    return metadata


def datasette_command(db_path: Path, metadata_path: Path, host: str, port: int) -> list[str]:
    command = [sys.executable, "-m", "datasette", "serve", str(db_path), "--metadata", str(metadata_path)]
    command += ["--host", host, "--port", str(port)]
    for name, value in DATASETTE_SETTINGS.items():
        command += ["--setting", name, str(value)]
    return command


def serve(db_path: Path, port: int = 8001, host: str = "127.0.0.1") -> int:
    """Run Datasette in the foreground until it exits (Ctrl-C); returns its exit status."""
    with tempfile.TemporaryDirectory(prefix="vn-archive-") as tmp:
        metadata_path = Path(tmp) / "metadata.yaml"
        metadata_path.write_text(yaml.safe_dump(metadata_for(db_path), allow_unicode=True), encoding="utf-8")
        try:
            return subprocess.call(datasette_command(db_path, metadata_path, host, port))
        except KeyboardInterrupt:
            return 0
