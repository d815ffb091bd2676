"""Schema migrations, one module each: `m0001_initial.py`, `m0002_….py`, …

Each module has `upgrade(db)` bringing the schema from version N-1 to N. Migrations are
append-only: a shipped one is never edited, and each spells out its own columns rather
than importing them, so what it creates never changes under an existing archive.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable

from sqlite_utils import Database

_NAME = re.compile(r"^m(\d{4})_\w+$")


def load_migrations() -> list[Callable[[Database], None]]:
    """The `upgrade` functions in version order; numbering must run 1, 2, 3… without gaps."""
    found = sorted(
        (int(match.group(1)), info.name)
        for info in pkgutil.iter_modules(__path__)
        if (match := _NAME.match(info.name))
    )
    numbers = [number for number, _ in found]
    if numbers != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..N without gaps, found {numbers}")
    return [importlib.import_module(f"{__name__}.{name}").upgrade for _, name in found]
