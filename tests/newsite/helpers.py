"""Shared by the new-site tests: run a generated site test, fill in a manifest as an archivist would."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_site_test(root: Path, name: str) -> subprocess.CompletedProcess[str]:
    """pytest on the generated tests/sites/test_NAME.py, in its own process, from `root`.

    PYTHONPATH puts this checkout first: `root` holds a bare `archiver/profiles/` folder that would
    otherwise shadow the installed package as a namespace package.
    """
    test = root / "tests" / "sites" / f"test_{name.replace('-', '_')}.py"
    env = os.environ | {"PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(root), str(test)]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=300)


def fill_manifest(manifest: Path, expected: Callable[[str], Mapping[str, str | bool]]) -> None:
    """Write `expected(url)` into each article page's `[page.expected]` block, in place."""
    text = manifest.read_text(encoding="utf-8")
    head, *blocks = text.split("[[page]]")
    filled = []
    for block in blocks:
        url = re.search(r'^url = "(.*)"$', block, flags=re.MULTILINE)
        if url and 'kind = "article"' in block:
            for field, value in expected(json.loads(f'"{url.group(1)}"')).items():
                shown = "false" if value is False else json.dumps(value, ensure_ascii=False)
                block = re.sub(rf'^{field} = ""$', f"{field} = {shown}", block, count=1, flags=re.MULTILINE)
        filled.append(block)
    manifest.write_text("[[page]]".join([head, *filled]), encoding="utf-8")
