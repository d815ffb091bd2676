from __future__ import annotations

from pathlib import Path

import pytest

from archiver.store import Archive

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "archive.db"


@pytest.fixture
def archive(db_path: Path):
    archive = Archive(db_path)
    yield archive
    archive.close()
