"""The project deployed to a Scrapyd node on 127.0.0.1 and crawled through Scrapyd's HTTP API,
as a machine of a multi-node setup would run it (README: "Several machines")."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlite_utils import Database

from archiver.demo.generator import build_site
from archiver.demo.server import DemoServer
from tests.e2e.helpers import REPO, free_port, wait_for_http

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent
# What scrapyd-deploy packs: the two packages with their data, the project file, the metadata.
PROJECT_FILES = ("archiver", "spiders", "scrapy.cfg", "pyproject.toml")
PROJECT = "vn_archive"
JOB_TIMEOUT = 180.0


def scrapyd_conf(port: int, root: Path) -> str:
    return "\n".join(
        [
            "[scrapyd]",
            "bind_address = 127.0.0.1",
            f"http_port = {port}",
            f"eggs_dir = {root / 'eggs'}",
            f"logs_dir = {root / 'logs'}",
            f"dbs_dir = {root / 'dbs'}",
            "items_dir =",
            "jobs_to_keep = 5",
            "max_proc = 2",
            "poll_interval = 0.5",
            "",
        ]
    )


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Scrapyd node on 127.0.0.1; its folder holds its config, eggs, logs and job database."""
    root = tmp_path_factory.mktemp("scrapyd")
    port = free_port()
    (root / "scrapyd.conf").write_text(scrapyd_conf(port, root), encoding="utf-8")
    log = (root / "scrapyd.out").open("wb")
    process = subprocess.Popen([str(BIN / "scrapyd")], cwd=root, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(url + "daemonstatus.json", timeout=60)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def egg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The egg `scrapyd-deploy --build-egg` makes, built from a copy of the project: the command
    writes a setup.py stub, build/ and *.egg-info into the folder it runs in."""
    work = tmp_path_factory.mktemp("deploy")
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, work / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, work / name)
    path = work / "vn_archive.egg"
    built = subprocess.run(
        [str(BIN / "scrapyd-deploy"), "--build-egg", str(path)], cwd=work, capture_output=True, text=True, timeout=300
    )
    assert built.returncode == 0, built.stderr[-3000:]
    return path


def test_the_egg_carries_the_packages_their_data_and_the_settings_entry_point(egg: Path) -> None:
    with zipfile.ZipFile(egg) as packed:
        names = set(packed.namelist())
        entry_points = packed.read("EGG-INFO/entry_points.txt").decode()
    profiles = {p.relative_to(REPO).as_posix() for p in (REPO / "archiver/profiles").rglob("*.toml")}
    migrations = {f"archiver/migrations/{p.name}" for p in (REPO / "archiver/migrations").glob("m*.py")}
    assert profiles and profiles <= names
    assert migrations <= names
    assert {"archiver/datasette/metadata.yaml", "spiders/news.py", "spiders/videos.py", "archiver/settings.py"} <= names
    assert "[scrapy]" in entry_points and "settings = archiver.settings" in entry_points


def api(base: str, endpoint: str, data: Any = None, **kwargs: Any) -> dict[str, Any]:
    if data is None and not kwargs:
        response = requests.get(base + endpoint, timeout=30)
    else:
        response = requests.post(base + endpoint, data=data, timeout=60, **kwargs)
    response.raise_for_status()
    answer = response.json()
    assert answer["status"] == "ok", answer
    return answer


def wait_for_job(base: str, job: str) -> dict[str, Any]:
    deadline = time.monotonic() + JOB_TIMEOUT
    while time.monotonic() < deadline:
        jobs = api(base, f"listjobs.json?project={PROJECT}")
        for finished in jobs["finished"]:
            if finished["id"] == job:
                return finished
        time.sleep(0.5)
    raise AssertionError(f"job {job} did not finish in {JOB_TIMEOUT:.0f} s: {jobs}")


@pytest.fixture(scope="module")
def deployed(scrapyd: str, egg: Path) -> dict[str, Any]:
    with egg.open("rb") as packed:
        return api(scrapyd, "addversion.json", {"project": PROJECT, "version": "1"}, files={"egg": packed})


def test_the_deployed_project_lists_its_spiders(scrapyd: str, deployed: dict[str, Any]) -> None:
    assert deployed["project"] == PROJECT
    assert {"news", "videos"} <= set(api(scrapyd, f"listspiders.json?project={PROJECT}")["spiders"])


# Scrapyd runs the deployed egg as a zip file: this also checks that profiles and families are read
# through importlib.resources, not from a folder on disk.
def test_news_crawl_scheduled_through_scrapyd_fills_the_archive(
    scrapyd: str, deployed: dict[str, Any], tmp_path: Path
) -> None:
    site = build_site(articles=30, videos=4)
    db_path = tmp_path / "node" / "archive.db"
    with DemoServer(site, port=free_port()) as portal:
        scheduled = api(
            scrapyd,
            "schedule.json",
            [
                ("project", PROJECT),
                ("spider", "news"),
                ("site", "demo"),
                ("base_url", portal.base_url),
                ("setting", f"ARCHIVER_DB={db_path}"),
                ("setting", f"ARCHIVER_WARC_DIR={tmp_path / 'node' / 'warc'}"),
            ],
        )
        job = wait_for_job(scrapyd, scheduled["jobid"])
    log = requests.get(scrapyd + job["log_url"].lstrip("/"), timeout=30).text if job.get("log_url") else ""
    assert db_path.is_file(), log[-3000:]
    db = Database(db_path)
    urls = {row["url"] for row in db.query("SELECT url FROM articles")}
    assert urls == {portal.base_url + article.path for article in site.articles}, log[-3000:]
    run = next(db.query("SELECT spider, site, status FROM crawl_runs"))
    assert (run["spider"], run["site"], run["status"]) == ("news", "demo", "finished")
    warc_files = {row["warc_file"] for row in db.query("SELECT DISTINCT warc_file FROM captures")}
    assert warc_files and all((db_path.parent / name).is_file() for name in warc_files)
